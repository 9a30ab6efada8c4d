"""plugins/pelicancompat.py: every private Pelican/feedgen name we use works on the installed
versions, an unknown version turns each use off with one warning, and a site built that way
(public APIs only) is byte for byte the site the speedups build."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from feedgen.feed import FeedGenerator
from lxml import etree

import pelicancompat

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_versions_are_known():
    assert pelicancompat.known("pelican") and pelicancompat.known("feedgen")
    assert pelicancompat.counting_writer_supported()


def test_an_unknown_version_is_named_once_and_each_use_is_off(monkeypatch, caplog):
    pelicancompat.reset_log_limits()     # Pelican drops a warning this process logged before
    monkeypatch.setattr(pelicancompat, "KNOWN", {"pelican": ("3.7",), "feedgen": ("0.9",)})
    monkeypatch.setattr(pelicancompat, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="pelicancompat"):
        assert not pelicancompat.known("pelican")
        assert not pelicancompat.known("pelican")
        assert not pelicancompat.counting_writer_supported()
        assert not pelicancompat.content_cache_on(object())
        assert not pelicancompat.wrap_period_archives(lambda original: original)
        assert not pelicancompat.wrap_translations(lambda original: original)

        class Generator:
            _build_period_archives = staticmethod(lambda *a: pytest.fail("a private name was called"))
            dates, articles, settings = [], [], {}

        assert pelicancompat.period_archives(Generator()) is None
        assert not pelicancompat.reset_log_limits()
    warnings = [r.getMessage() for r in caplog.records]
    assert len([w for w in warnings if w.startswith("pelican ")]) == 1, warnings
    assert "3.7" in warnings[0] and pelicancompat.version("pelican") in warnings[0]


def test_log_limits_reset_lets_a_long_lived_process_name_a_bad_file_again(caplog):
    """Pelican's logger drops a warning it has logged before in this process: in `invoke watch`
    the next build would not name a bad file again."""
    log = logging.getLogger("pelican.test_watch_dedup")
    message = "wire ingest: rejected seeds/garbled.bin: binary data"
    with caplog.at_level(logging.WARNING, logger=log.name):
        log.warning(message)
        log.warning(message)
        assert [r.getMessage() for r in caplog.records].count(message) == 1    # Pelican's de-dup
        assert pelicancompat.reset_log_limits()
        log.warning(message)
    assert [r.getMessage() for r in caplog.records].count(message) == 2


def test_static_copies_replace_the_file_never_write_it_in_place(tmp_path, monkeypatch):
    """Every copy Pelican makes of a static file (pelican.utils.copy, StaticGenerator) goes
    through pelican.utils.copy_file: atomic, so the target is a new inode, and a target with
    the same bytes is left alone."""
    from pelican import utils

    src, dst = tmp_path / "site.css", tmp_path / "out" / "theme" / "site.css"
    dst.parent.mkdir(parents=True)
    src.write_text("body { color: red }\n")
    dst.write_text("body { color: blue }\n")
    inode = dst.stat().st_ino
    assert pelicancompat.atomic_static_copies()
    assert pelicancompat.atomic_static_copies()          # once: not wrapped twice
    assert getattr(utils.copy_file.wraps_pelican, "wraps_pelican", None) is None
    utils.copy(str(src), str(dst))
    assert dst.read_text() == src.read_text() and dst.stat().st_ino != inode
    inode = dst.stat().st_ino
    utils.copy(str(src), str(dst))
    assert dst.stat().st_ino == inode                    # the same bytes: left alone
    theme = tmp_path / "static"
    (theme / "css").mkdir(parents=True)
    (theme / "css" / "site.css").write_text("a {}\n")
    utils.copy(str(theme), str(tmp_path / "out" / "theme"))   # a folder copy (the theme's static/)
    assert (tmp_path / "out" / "theme" / "css" / "site.css").read_text() == "a {}\n"
    inode = (tmp_path / "out" / "theme" / "css" / "site.css").stat().st_ino
    (theme / "css" / "site.css").write_text("b {}\n")
    utils.copy(str(theme), str(tmp_path / "out" / "theme"))
    assert (tmp_path / "out" / "theme" / "css" / "site.css").stat().st_ino != inode
    monkeypatch.setattr(pelicancompat, "KNOWN", {"pelican": ("3.7",), "feedgen": ("1.0",)})
    monkeypatch.setattr(pelicancompat, "_warned", {"pelican"})
    assert not pelicancompat.atomic_static_copies()


def _feed():
    fg = FeedGenerator()
    fg.id("https://news.example/feeds/all.atom.xml")
    fg.title("Wire & co <news>")
    fg.author(name="Newsroom")
    fg.subtitle("Releases")
    fg.description("Releases")
    fg.language("en")
    fg.updated("2026-03-02T09:00:00+00:00")
    fg.link(href="https://news.example/feeds/all.atom.xml", rel="self")
    fg.link(href="https://news.example/", rel="alternate")
    return fg


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_feed_element_is_the_same_by_the_public_path(fmt, monkeypatch):
    _, fast_doc = pelicancompat.feed_document(_feed(), fmt)
    monkeypatch.setenv(pelicancompat.PUBLIC_ONLY_ENV, "1")
    _, slow_doc = pelicancompat.feed_document(_feed(), fmt)
    # feedgen stamps lastBuildDate with the clock: compare what it does not
    strip = (lambda b: re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", b))
    assert strip(etree.tostring(slow_doc)) == strip(etree.tostring(fast_doc))


ARRIVED = 1_764_000_000       # 2025-11-24: a fixed arrival time for the seeds of both builds


def test_a_site_built_with_public_apis_only_is_the_same_site(tmp_path):
    """The seeds-like synthetic site built twice in fresh processes, as `invoke build` does:
    with every speedup (forked page writer, parallel pre-read, linear archives,
    compare-then-write), and with WIREPRESS_PUBLIC_API_ONLY (Pelican's own paths)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthwire import write_wire_files
    from test_incremental import assert_same_tree

    sites = {}
    for kind, env in (("fast", {}), ("public", {pelicancompat.PUBLIC_ONLY_ENV: "1"})):
        site = tmp_path / kind
        write_wire_files(site / "seeds", 60, seed=11)
        for wire in (site / "seeds").iterdir():     # the same arrival time in both sites: a story
            os.utime(wire, (ARRIVED, ARRIVED))      # without a date of its own is dated by it
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site), "--verbose",
             "--set", "FASTBUILD_PARALLEL_MIN=10", "--set", "DEFAULT_PAGINATION=5"],
            cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **env})
        assert done.returncode == 0, done.stderr[-3000:]
        sites[kind] = (site, done.stderr)
    assert "is not a version Wirepress knows" in sites["public"][1]
    assert "is not a version Wirepress knows" not in sites["fast"][1]
    assert_same_tree(sites["fast"][0] / "output", sites["public"][0] / "output")


class _Release:
    """What process_translations reads of a release; `==` counted (Pelican's `in` calls it
    for every element it passes: identity, as for Pelican's Content, which has no __eq__)."""
    compared = 0

    def __init__(self, i, key, lang, translation="false"):
        self.i, self.translation_key, self.lang = i, key, lang
        self.in_default_lang = lang == "en"
        self.metadata = {"translation": translation}
        self.source_path = f"r{i}.md"

    def __eq__(self, other):
        _Release.compared += 1
        return self is other

    __hash__ = object.__hash__


def _releases(n):
    import random

    rnd, out = random.Random(5), []
    for i in range(n):          # mostly alone; some with a Russian or Kazakh version, some marked
        key = f"k{rnd.randrange(n * 2 // 3):05d}"
        out.append(_Release(i, key, rnd.choice(["en", "en", "en", "ru", "kk"]),
                            rnd.choice(["false"] * 9 + ["true"])))
    return out


def test_translations_are_grouped_in_linear_time_with_pelicans_own_lists():
    """fastbuild's process_translations (one call of Pelican's per translation group) gives
    Pelican's two lists in Pelican's order and the same `translations` of every release, with
    a number of comparisons that grows with the releases, not with their square."""
    from pelican import generators, utils

    import fastbuild   # noqa: F401 - the package, so its modules import as in a build
    from fastbuild import membership

    membership.install()
    ours, pelicans = generators.process_translations, utils.process_translations
    assert getattr(ours, "wraps_pelican", None) is pelicans, "Pelican's generators call the original"
    a, b = _releases(3000), _releases(3000)
    _Release.compared = 0
    index, translations = ours(a, "translation_key")
    ours_compared = _Release.compared
    _Release.compared = 0
    index2, translations2 = pelicans(b, "translation_key")
    assert _Release.compared > 1_000_000           # Pelican's: quadratic
    assert ours_compared < 20 * len(a), ours_compared
    assert [x.i for x in index] == [x.i for x in index2]
    assert [x.i for x in translations] == [x.i for x in translations2]
    assert [x.i for x in a] == [x.i for x in b]      # the list sorted in place, as Pelican does
    assert [[t.i for t in x.translations] for x in a] == [[t.i for t in x.translations] for x in b]
    assert len(translations) > 100 and len(index) + len(translations) == len(a)
    assert ours([], None) == pelicans([], None) and ours(a[:5], "") == (a[:5], [])


READER_CACHE_PROBE = """
import pickle, sys
from pathlib import Path
sys.path.insert(0, {bench!r}); sys.path.insert(0, {plugins!r})
import build_once
from buildreport.runner import run_build
from pelican import signals
seen = []
# after every article_generator_finalized receiver (fastbuild's among them): what is left in memory
def probe(gens):
    seen.extend(len(g.readers._cache) for g in gens if type(g).__name__ == "ArticlesGenerator")
signals.all_generators_finalized.connect(probe)
site = Path({site!r})
settings = dict(build_once.ours_settings(site, False), FASTBUILD_SKIP_UNCHANGED=False)
(site / "content").mkdir(parents=True, exist_ok=True)
rep = run_build(Path({root!r}) / "pelicanconf.py", settings, echo=lambda s: None)
assert rep.ok, rep.error
on_disk = pickle.load(open(site / "cache" / "ArticlesGenerator-Readers", "rb"))
print("in memory", seen, "on disk", len(on_disk))
"""


def test_the_reader_cache_leaves_memory_once_saved_and_stays_whole_on_disk(tmp_path):
    """fastbuild empties the in-memory copy of Pelican's reader cache once Pelican has saved it
    (pelicancompat.release_reader_cache): the next build still reads every release from it."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthwire import write_wire_files

    site = tmp_path / "site"
    write_wire_files(site / "seeds", 12, seed=3)
    script = READER_CACHE_PROBE.format(bench=str(ROOT / "bench"), plugins=str(ROOT / "plugins"),
                                       site=str(site), root=str(ROOT))
    for _ in range(2):                 # the second build finds the cache the first one saved
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "in memory [0] on disk 12" in done.stdout, done.stdout


def test_an_unknown_pelican_keeps_its_reader_cache(monkeypatch):
    monkeypatch.setattr(pelicancompat, "KNOWN", {"pelican": ("3.7",), "feedgen": ("0.9",)})
    monkeypatch.setattr(pelicancompat, "_warned", {"pelican"})

    class Readers:
        _cache = {"a.md": ("html", {})}

    readers = Readers()
    assert not pelicancompat.release_reader_cache(readers)
    assert readers._cache == {"a.md": ("html", {})}
