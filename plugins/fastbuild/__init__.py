"""fastbuild: Pelican builds of a large newsroom, faster, with the same output.

- Nothing changed (every input file, the settings, the output tree as the last build left
  it): the build is skipped, output/ is left exactly as it is.
- A page or feed whose bytes did not change is not rewritten (rsync and the dev server see
  only what changed).
- Releases are converted (readpool.py) and pages rendered (parallel.py) on two cores on
  large sites; URLs are computed once per page while writing (memo.py).

List it last in PLUGINS: the no-change check must run after the wire ingest.
Settings: FASTBUILD_SKIP_UNCHANGED (True), FASTBUILD_WORKERS (2; 1 = one process),
FASTBUILD_PARALLEL_MIN (200 articles before forking is worth it).
"""
from __future__ import annotations

import logging
import os
import time

from pelican import signals

import pelicancompat
import settingscheck

from . import inputs, memo, parallel, quadratic, readpool, shards, writer

log = logging.getLogger(__name__)
IGNORED_OUTPUT = ("_build/",)   # the dev build report, written by the runner after Pelican
_state: dict = {}               # id(settings) -> this build's state
SETTINGS = {
    "FASTBUILD_SKIP_UNCHANGED": True,   # skip a build when no input changed
    "FASTBUILD_WORKERS": 2,             # processes that render pages (1: this one only)
    "FASTBUILD_PARALLEL_MIN": 200,      # articles before forking a second reader/writer is worth it
    # shards.py: pages rendered in shards (0: one per local core or Dask worker thread; 1: none)
    "FASTBUILD_SHARDS": 0,
    "FASTBUILD_SHARDS_MIN": 50_000,     # releases before a local build renders in shards
    "FASTBUILD_SCHEDULER": None,        # a Dask scheduler's address (invoke build --scheduler)
}


def _state_file(settings) -> str:
    import hashlib

    key = hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=8).hexdigest()
    return os.path.join(settings.get("CACHE_PATH") or "cache", f"fastbuild-{key}.json")


def _output_snapshot(output: str) -> dict:
    return {rel: v for rel, v in inputs.snapshot_output(output).items()
            if not rel.startswith(IGNORED_OUTPUT)}


def _skip_run(pelican, started: float):
    def run():
        log.info("fastbuild: nothing changed since the last build; %s left as it is (%.2f s)",
                 pelican.output_path, time.perf_counter() - started)
    return run


def _why_build(s, recorded, key, output) -> str | None:
    """Why this build cannot be skipped, or None when nothing changed."""
    if not s.get("FASTBUILD_SKIP_UNCHANGED", SETTINGS["FASTBUILD_SKIP_UNCHANGED"]):
        return "FASTBUILD_SKIP_UNCHANGED is off"
    if not recorded:
        return "no record of a previous build"
    if recorded.get("settings") != key:
        return "settings, Pelican or Python changed"
    if time.time() >= (recorded.get("valid_until") or float("inf")):
        return "an embargo lifted (or the news sitemap follows the clock)"
    changed = inputs.changed_input(s, recorded["inputs"])
    if changed:
        return f"input changed: {changed}"
    if _output_snapshot(output) != recorded["output"]:
        return "the output folder was changed since the last build"
    return None


def _initialized(pelican):
    s = pelican.settings
    settingscheck.check(s, "fastbuild", ("FASTBUILD_",), SETTINGS)
    started = time.perf_counter()
    memo.thaw()                  # a build that failed while writing left URLs frozen
    writer.STATS.update(written=0, unchanged=0)
    path = _state_file(s)
    recorded = inputs.load(path)
    key = inputs.settings_key(s)
    why = _why_build(s, recorded, key, pelican.output_path)
    if why is None:
        pelican.run = _skip_run(pelican, started)     # Pelican calls run() next
        return
    log.info("fastbuild: full build (%s)", why)
    try:
        os.remove(path)          # a build that fails half-way must not look complete
    except OSError:
        pass
    snapshot = inputs.snapshot_inputs(s, recorded.get("inputs") if recorded else None)
    _state[id(s)] = {"settings": key, "inputs": snapshot, "valid_until": None, "generators": None}


def _workers(s) -> int:
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return 1
    return int(s.get("FASTBUILD_WORKERS", SETTINGS["FASTBUILD_WORKERS"]))


def _article_generator_init(generator):
    if id(generator.settings) in _state:
        readpool.preread(generator, _workers(generator.settings),
                         generator.settings.get("FASTBUILD_PARALLEL_MIN", SETTINGS["FASTBUILD_PARALLEL_MIN"]))


def _articles_read(generator):
    """The first build after an embargo lifts must be a real one: until then, skipping is safe."""
    st = _state.get(id(generator.settings))
    if st is None:
        return
    now = time.time()
    pending = [a.date.timestamp() for a in
               (generator.articles + generator.translations + generator.drafts
                + generator.drafts_translations)
               if getattr(a, "date", None) is not None and a.date.timestamp() > now]
    st["valid_until"] = min(pending) if pending else None
    quadratic.fast_membership(generator)
    st["articles"] = len(generator.articles)
    if generator.settings.get("NEWS_SITEMAP_ANCHOR") == "now":
        st["valid_until"] = now          # the Google News sitemap depends on the clock


def _all_generators(generators):
    if generators:
        st = _state.get(id(generators[0].settings))
        if st is not None:
            st["generators"] = generators


def _get_writer(pelican):
    s = pelican.settings
    st = _state.get(id(s))
    if st:
        memo.freeze()            # from here on no URL changes: remember them
    # Sharing pages between processes needs the writer's hook (pelicancompat): without it
    # both processes would write every page.
    # --- shards.py: a large cold build (or `invoke build --scheduler`) renders its pages in
    # shards on every local core or a Dask cluster; None: the usual writer below.
    if st and st.get("generators") and pelicancompat.counting_writer_supported():
        sharded = shards.main_writer(pelican, st["generators"], st.get("articles", 0), writer.FastWriter)
        if sharded is not None:
            return sharded
    # ---
    if (st and st.get("generators") and _workers(s) > 1 and pelicancompat.counting_writer_supported()
            and st.get("articles", 0) >= s.get("FASTBUILD_PARALLEL_MIN", SETTINGS["FASTBUILD_PARALLEL_MIN"])):
        return parallel.fork_writers(pelican, st["generators"], writer.FastWriter)
    return writer.FastWriter


def _finalized(pelican):
    s = pelican.settings
    st = _state.pop(id(s), None)
    memo.thaw()
    if st is None:
        return
    inputs.save(_state_file(s), {"settings": st["settings"], "inputs": st["inputs"],
                                 "valid_until": st["valid_until"],
                                 "output": _output_snapshot(pelican.output_path)})
    log.info("fastbuild: %d files written, %d unchanged", writer.STATS["written"],
             writer.STATS["unchanged"])


def _skip_identical_plugin_writes():
    """The feeds and sitemaps plugins write their files themselves: route them through the
    same compare-then-write (their bytes and semantics unchanged)."""
    import sys

    feeds_write = sys.modules.get("feeds.write")
    if feeds_write is not None and getattr(feeds_write._write, "__module__", "") != __name__:
        feeds_write._write = _write_bytes


def _write_bytes(path: str, data: bytes) -> None:
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        writer.write_if_changed(path, data)
    except OSError as exc:      # one feed the file system refuses is that feed's error, not the build's
        log.error("file %s not written: %s", path, exc.strerror or exc)


def register():
    signals.initialized.connect(_initialized)
    signals.article_generator_init.connect(_article_generator_init)
    signals.article_generator_finalized.connect(_articles_read)
    signals.all_generators_finalized.connect(_all_generators)
    signals.get_writer.connect(_get_writer)
    signals.finalized.connect(_finalized)
    _skip_identical_plugin_writes()
    quadratic.install()
