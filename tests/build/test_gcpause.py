"""plugins/fastbuild/gcpause.py: Python's cyclic collector paused while a build makes its
context, the context frozen after it, and everything given back at the next build."""
from __future__ import annotations

import gc

from pelican import signals

from support import build_site, copy_seeds


def test_pause_freeze_resume_and_a_failed_build():
    from fastbuild import gcpause
    from fastbuild.gcpause import GcPause

    gcpause.PROCESS.resume()             # what an earlier build in this process froze
    assert gc.isenabled() and gc.get_freeze_count() == 0
    p = GcPause()
    try:
        keep = [[i] for i in range(1000)]
        p.pause()
        assert not gc.isenabled()
        p.freeze()
        assert gc.isenabled() and gc.get_freeze_count() >= len(keep)
        p.resume()                       # the next build
        assert gc.isenabled() and gc.get_freeze_count() == 0
        p.pause()                        # a build that fails before its context is made ...
        p.pause()                        # ... and the next one
        assert not gc.isenabled()
        p.resume()
        assert gc.isenabled() and gc.get_freeze_count() == 0
        gc.disable()                     # a collector someone else turned off stays off
        p.pause()
        p.freeze()
        assert not gc.isenabled()
        p.resume()
        assert not gc.isenabled()
    finally:
        p.resume()
        gc.enable()


def test_a_real_build_makes_its_context_with_the_collector_paused(tmp_path):
    """While Pelican reads the releases the collector is off; once every context is made it
    is on again with that context frozen; FASTBUILD_GC_PAUSE = False leaves it alone."""
    from fastbuild import gcpause

    seen = {}

    def reading(generator):
        seen["reading"] = gc.isenabled()

    def done(pelican):
        seen["after"] = (gc.isenabled(), gc.get_freeze_count())

    signals.article_generator_finalized.connect(reading)
    signals.finalized.connect(done)
    try:
        seeds = copy_seeds(tmp_path / "seeds")
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        build_site(tmp_path / "a", seeds, {"FASTBUILD_SKIP_UNCHANGED": False})
        assert seen["reading"] is False
        assert seen["after"][0] is True and seen["after"][1] > 10_000
        gcpause.PROCESS.resume()
        build_site(tmp_path / "b", seeds, {"FASTBUILD_SKIP_UNCHANGED": False, "FASTBUILD_GC_PAUSE": False})
        assert seen["reading"] is True and seen["after"] == (True, 0)
    finally:
        signals.article_generator_finalized.disconnect(reading)
        signals.finalized.disconnect(done)
        gcpause.PROCESS.resume()
