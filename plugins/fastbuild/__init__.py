"""fastbuild: Pelican builds of a large newsroom, faster, with the same output.

- Nothing changed (every input file, the settings, the output tree as the last build left
  it): the build is skipped, output/ is left exactly as it is.
- A page or feed whose bytes did not change is not rewritten (rsync and the dev server see
  only what changed).
- Releases are converted (parallel_read.py) and pages rendered (parallel.py) on two cores on
  large sites; URLs are computed once per page while writing (frozen_urls.py).

List it last in PLUGINS: the no-change check must run after the wire ingest.
- A page or feed whose inputs (fingerprint.py) are the ones its file was written for last
  build is not rendered at all (the catalog: catalog.py).

Settings: FASTBUILD_SKIP_UNCHANGED (True), FASTBUILD_WORKERS (2; 1 = one process),
FASTBUILD_PARALLEL_MIN (200 articles before forking is worth it), FASTBUILD_SKIP_RENDER (True),
FASTBUILD_GC_PAUSE (True: Python's cyclic GC paused while the context is made: gcpause.py).
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

from pelican import signals

import atomicfile
import buildinputs as inputs     # the record and its check (no Pelican: nochange.py asks it too)
import contentlists
import pelicancompat
import settingscheck
from buildstate import InProgress

from . import (catalog, fingerprint, frozen_urls, gcpause, membership, parallel, parallel_read,
               shards, writer)

log = logging.getLogger(__name__)
SETTINGS = {
    "FASTBUILD_SKIP_UNCHANGED": True,   # skip a build when no input changed
    "FASTBUILD_WORKERS": 2,             # processes that render pages (1: this one only)
    "FASTBUILD_PARALLEL_MIN": 200,      # articles before forking a second reader/writer is worth it
    "FASTBUILD_SKIP_RENDER": True,      # a page or feed whose inputs did not change is not rendered
    # shards.py: pages rendered in shards (0: one per local core or Dask worker thread; 1: none)
    "FASTBUILD_SHARDS": 0,
    "FASTBUILD_SHARDS_MIN": 50_000,     # releases before a local build renders in shards
    "FASTBUILD_SCHEDULER": None,        # a Dask scheduler's address (invoke build --scheduler)
    "FASTBUILD_GC_PAUSE": True,         # the cyclic GC off while the context is made, then frozen (gcpause.py)
}


@dataclass
class FastBuild:
    """What fastbuild keeps during one build that is not skipped; after it, `pelican.fastbuild_build`
    (a fresh one each build: buildstate.py). Its files written / unchanged are counted on the
    build's `WriteTally` (`tally`, atomicfile.tally_of), with every other file of the build."""
    settings: dict                  # the build's settings (the receivers' generators carry the same)
    settings_key: str               # inputs.settings_key: what the record compares next build
    inputs: dict                    # the input snapshot (inputs.snapshot_inputs)
    tally: atomicfile.WriteTally
    catalog: object = None          # this build's catalog.Catalog, or None (FASTBUILD_SKIP_RENDER off)
    valid_until: float | None = None    # a later build may be skipped until then (an embargo)
    generators: list = field(default_factory=list)
    articles: int = 0


_build: InProgress[FastBuild | None] = InProgress("fastbuild_build")


def _of(generator) -> FastBuild | None:
    """The state of the build this generator belongs to (None: a skipped build, or one
    whose `initialized` fastbuild did not see)."""
    st = _build.state
    return st if st is not None and st.settings is generator.settings else None


def _skip_run(pelican, started: float):
    def run():
        log.info("fastbuild: nothing changed since the last build; %s left as it is (%.2f s)",
                 pelican.output_path, time.perf_counter() - started)
    return run


def _why_build(s, recorded, key, output, snapshot) -> str | None:
    """Why this build cannot be skipped, or None when nothing changed (`snapshot`: the inputs
    as found now, compared with the record's: the one walk of the inputs this build makes)."""
    if not s.get("FASTBUILD_SKIP_UNCHANGED", SETTINGS["FASTBUILD_SKIP_UNCHANGED"]):
        return "FASTBUILD_SKIP_UNCHANGED is off"
    return inputs.why_build(recorded, key, inputs.input_roots(s), output, snapshot=snapshot)


def _initialized(pelican):
    s = pelican.settings
    settingscheck.check(s, "fastbuild", ("FASTBUILD_",), SETTINGS)
    started = time.perf_counter()
    frozen_urls.thaw()                  # a build that failed while writing left URLs frozen
    gcpause.PROCESS.resume()            # the last build's context, collectable again
    _build.start(pelican, None)         # nothing of an earlier build, whatever happens next
    path = inputs.state_file(s)
    recorded = inputs.load(path)
    key = inputs.settings_key(s)
    # the snapshot the new record needs, made first: the check compares it with the record
    snapshot = inputs.snapshot_inputs(s, recorded.get("inputs") if isinstance(recorded, dict) else None)
    why = _why_build(s, recorded, key, pelican.output_path, snapshot)
    if why is None:
        pelican.run = _skip_run(pelican, started)     # Pelican calls run() next
        return
    log.info("fastbuild: full build (%s)", why)
    if s.get("FASTBUILD_GC_PAUSE", SETTINGS["FASTBUILD_GC_PAUSE"]):
        gcpause.PROCESS.pause()         # until every generator's context is made (_all_generators)
    try:
        os.remove(path)          # a build that fails half-way must not look complete
    except OSError:
        pass
    st = _build.start(pelican, FastBuild(settings=s, settings_key=key, inputs=snapshot,
                                         tally=atomicfile.tally_of(pelican),
                                         catalog=_open_catalog(s, key, snapshot)))
    pelican.fastbuild_catalog = st.catalog      # the feeds plugin's skip (feeds/write.py)


def _open_catalog(s, key: str, snapshot: dict):
    """This build's catalog (catalog.py), with what a fingerprint needs: the settings key and
    the theme's and plugins' files (templates, translations, filters: any change renders every
    page again), and the source files' hashes by path. None when FASTBUILD_SKIP_RENDER is off."""
    if not s.get("FASTBUILD_SKIP_RENDER", SETTINGS["FASTBUILD_SKIP_RENDER"]):
        return None
    code = {root: inputs.digests(snapshot, root) for root in snapshot["files"]
            if root != "content" and root != "seeds"}
    global_key = fingerprint.digest_text(key + inputs.stable(code))
    cat = catalog.Catalog(catalog.catalog_path(s), key).load()
    cat.global_key = global_key
    cat.file_hashes = inputs.digests(snapshot, "content")
    cat.names = fingerprint.TemplateNames()
    cat.digester = fingerprint.Digester(cat.file_hashes)
    if cat.why_not:
        log.info("fastbuild: every page rendered (%s)", cat.why_not)
    return cat


def _workers(s) -> int:
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return 1
    return int(s.get("FASTBUILD_WORKERS", SETTINGS["FASTBUILD_WORKERS"]))


def _article_generator_init(generator):
    if _of(generator) is not None:
        parallel_read.preread(generator, _workers(generator.settings),
                         generator.settings.get("FASTBUILD_PARALLEL_MIN", SETTINGS["FASTBUILD_PARALLEL_MIN"]))


def _articles_read(generator):
    """The first build after an embargo lifts must be a real one: until then, skipping is safe."""
    st = _of(generator)
    if st is None:
        return
    # Pelican has saved its reader cache (generate_context, before this signal) and reads it no
    # more this build: its in-memory copy need not live until the end (pelicancompat)
    pelicancompat.release_reader_cache(getattr(generator, "readers", None))
    now = time.time()
    pending = [a.date.timestamp() for a in contentlists.contents(generator, ("published", "draft"))
               if getattr(a, "date", None) is not None and a.date.timestamp() > now]
    st.valid_until = min(pending) if pending else None
    membership.fast_membership(generator)
    st.articles = len(generator.articles)
    if generator.settings.get("NEWS_SITEMAP_ANCHOR") == "now":
        st.valid_until = now          # the Google News sitemap depends on the clock


def _all_generators(generators):
    # every context made: what is alive now lives until the build ends (gcpause.py)
    gcpause.PROCESS.freeze()
    st = _of(generators[0]) if generators else None
    if st is not None:
        st.generators = generators


def _get_writer(pelican):
    s = pelican.settings
    st = _build.of(pelican)
    if st is None:               # a build fastbuild did not start: its pages still counted
        return writer.FastWriter.for_build(atomicfile.tally_of(pelican))
    frozen_urls.freeze()         # from here on no URL changes: remember them
    # Sharing pages between processes needs the writer's hook (pelicancompat): without it
    # both processes would write every page.
    # --- shards.py: a large cold build (or `invoke build --scheduler`) renders its pages in
    # shards on every local core or a Dask cluster; None: the usual writer below.
    if st.generators and pelicancompat.counting_writer_supported():
        sharded = shards.main_writer(pelican, st.generators, st.articles, writer.FastWriter.for_build(st.tally))
        if sharded is not None:
            # the shards render every page without the render skip: this build records no
            # fingerprints, so no catalog may claim (or prune) its pages; the next build
            # renders every page once and writes a new one
            _drop_catalog(pelican, st)
            return sharded
    # ---
    cat = st.catalog
    cls = writer.FastWriter.for_build(st.tally, cat)
    if (st.generators and _workers(s) > 1 and pelicancompat.counting_writer_supported()
            and st.articles >= s.get("FASTBUILD_PARALLEL_MIN", SETTINGS["FASTBUILD_PARALLEL_MIN"])):
        # the child's files written / unchanged reach st.tally at the join (parallel.py)
        if cat is None:
            return parallel.fork_writers(pelican, st.generators, cls, tally=st.tally)
        records = f"{cat.path}.child-{os.getpid()}.json"
        # every release's digests made once, here, before the fork: the forked writer inherits
        # them (each process fingerprints half the pages, and both show nearly every release)
        cat.digester.prime(contentlists.contents(st.generators))
        cat.digested_at_fork = cat.digester.digested
        # the child's fingerprints reach the catalog: it leaves them in a file, read at the join
        return parallel.fork_writers(pelican, st.generators, cls, tally=st.tally,
                                     child_done=lambda: cat.dump_file(records),
                                     joined=lambda: cat.merge_file(records))
    return cls


def _drop_catalog(pelican, st: FastBuild) -> None:
    cat = st.catalog
    st.catalog = pelican.fastbuild_catalog = None
    if cat is not None:
        try:
            os.remove(cat.path)
        except OSError:
            pass


def _finalized(pelican):
    s = pelican.settings
    st = _build.of(pelican)
    frozen_urls.thaw()
    if st is None:
        return
    cat = st.catalog
    if cat is not None:
        _remove_stale(cat)
        try:
            arts = st.generators[0].context.get("articles", []) if st.generators else []
            cat.save(catalog.release_rows(arts, cat.file_hashes))
        except Exception as exc:  # noqa: BLE001 - no catalog costs the next build a full render, no more
            log.warning("fastbuild: catalog %s not written: %s", cat.path, exc)
        log.info("fastbuild: %d pages and feeds rendered, %d skipped (inputs unchanged)",
                 cat.rendered, cat.skipped)
        # each content object is walked once per build, in whichever process (fingerprint.py)
        log.info("fastbuild: %d content objects digested for %d pages", cat.digester.digested
                 + cat.digested_elsewhere, cat.rendered + cat.skipped)
    inputs.save(inputs.state_file(s), {"version": inputs.RECORD_VERSION, "settings": st.settings_key,
                                 "inputs": st.inputs,
                                 "valid_until": st.valid_until,
                                 # walked by forked children, as the early check does
                                 "output": inputs.OutputDigestBeside(pelican.output_path).result()})
    # every file of the build: pages (writer.py, here and in a forked writer or the shards),
    # feeds, sitemaps, robots.txt (atomicfile.write_if_changed)
    log.info("fastbuild: %d files written, %d unchanged", st.tally.written, st.tally.unchanged)


def _remove_stale(cat) -> None:
    """A page or feed the last build wrote and this one did not (a deleted release, a tag
    that lost its last release) goes, so output/ is what a build from scratch writes; only a
    file still exactly as written then (never a file someone else put there)."""
    if not cat.complete:
        return
    for path, old in cat.previous.items():
        if path in cat.records:
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        if st.st_size == old[1] and catalog.file_hash(path) == old[3]:
            try:
                os.remove(path)
                log.info("fastbuild: %s removed (no longer part of the site)", path)
            except OSError as exc:
                log.warning("fastbuild: stale %s not removed: %s", path, exc)


def register():
    signals.initialized.connect(_initialized)
    signals.article_generator_init.connect(_article_generator_init)
    signals.article_generator_finalized.connect(_articles_read)
    signals.all_generators_finalized.connect(_all_generators)
    signals.get_writer.connect(_get_writer)
    signals.finalized.connect(_finalized)
    membership.install()
    frozen_urls.install()
