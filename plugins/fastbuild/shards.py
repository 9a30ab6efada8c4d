"""Pages rendered in shards, on every local core or on a Dask cluster: for the cold rebuild of
a very large archive (a theme change at 1,000,000 releases renders every page again), which
the forked writer of parallel.py (one machine, two processes) cannot spread any wider.

One worker function, `render_shard(settings_file, overrides, index, count)`, runs the same
Pelican build as the main process (reading content/ through Pelican's content cache, which
the main process has just written) in a fresh Python process, with a writer whose share is
(index, count) (writer.py: the pages with k % count == index, counted in the same order in
every process), and returns the pages it wrote (paths relative to OUTPUT_PATH) and the pages
it could not write. A fresh process per shard, because Pelican's signals and the plugins'
module state are process-wide: a Dask worker runs many tasks, and a shard that crashes (a
template error, the OOM killer) is reported as that shard's failure instead of taking the
worker with it.

The main process reads the site as always, starts the shards, then runs the writing phase
with a writer that renders nothing (each page is counted, sends `content_written` for the
sitemap and the build report, and goes to no file), waits for the shards, checks that every
page was written by exactly one of them, and only then runs the once-per-site steps (feeds,
sitemaps, Pagefind, fastbuild's record, the /_build/ report: Pelican's `finalized`). A shard
that failed fails the build, naming the shard and why; every file is written atomically
(atomicfile), so none is ever half-written, and the temporary files of a killed shard are
removed.

Two schedulers (settings in pelicanconf.py):
- local: one shard per core (FASTBUILD_SHARDS = 0, or that many), when the build reads at
  least FASTBUILD_SHARDS_MIN releases on a machine with more than two cores (on two cores the
  forked writer already uses both, and reads the site once instead of once per shard);
- Dask: `invoke build --scheduler tcp://HOST:8786` (FASTBUILD_SCHEDULER): one shard per worker
  thread of the cluster. dask[distributed] is an optional extra, imported only then. Every
  worker must see the project at the same path (a shared file system: NFS, a cluster volume)
  and have the project's requirements installed; they write output/ directly.

The main process sends its own settings (every one that pickles) as the overrides, so a shard
builds with exactly the settings of the main build, whichever file they came from (Pelican's
settings do not record it); the shard checks that (a fingerprint of the settings) before it
writes anything.
"""
from __future__ import annotations

import collections
import concurrent.futures
import logging
import os
import pickle
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback

log = logging.getLogger("fastbuild")

DASK_REQUIREMENT = "dask[distributed]==2026.8.0"     # the version requirements-dev.txt pins
PLUGINS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What a shard sets for itself, whatever the main build's settings say (and why):
SHARD_SETTINGS = {
    # The main process cleaned the output folder before reading; a shard that cleaned it
    # again would delete the pages the other shards have written.
    "DELETE_OUTPUT_DIRECTORY": False,
    # The main process ran the wire ingest; shards read content/ as it left it (two ingests
    # at once would race on content/ and its manifest). WIRE_SEEDS_PATH stays: the releases
    # offer the wire files in it for download.
    "WIRE_INGEST": False,
    # Read the content cache the main process has just written, never write it: N processes
    # writing one pickle at once could leave it torn.
    "CACHE_CONTENT": False,
    # Once-per-site steps: the main process runs them (they are never reached in a shard,
    # which stops after writing its pages; set anyway for a reader of the settings).
    "PAGEFIND": False,
    "FASTBUILD_SCHEDULER": None,
}
# Settings of the main build a shard does not get: the runner's progress callback (a
# terminal meter), and the plugin that shards (a shard writes its pages itself, below).
NOT_SENT = {"WIRE_PROGRESS"}
NOT_COMPARED = set(SHARD_SETTINGS) | NOT_SENT | {"PLUGINS", "LOAD_CONTENT_CACHE", "FASTBUILD_SHARD"}
TEMP_FILE = re.compile(r"\A\..+\.[A-Za-z0-9_]{6,}\.tmp\Z")      # atomicfile's mkstemp names


class ShardFailed(RuntimeError):
    """A shard did not write its pages (or wrote others' pages): the build fails."""


# --- The worker function (runs where the scheduler puts it: a local thread, a Dask worker) --

def render_shard(settings_file, overrides: dict | bytes, index: int, count: int, *,
                 fingerprint: str | None = None, plugins_dir: str = PLUGINS_DIR,
                 python: str | None = None) -> dict:
    """Render shard `index` of `count` of the site that `settings_file` (or None: Pelican's
    defaults) and `overrides` describe, in a fresh Python process. Returns {"index", "count",
    "written": [relative paths], "failed": [[page, reason]], "stats", "seconds", "host"};
    raises ShardFailed (with the shard's error) when the shard could not do its share.
    `overrides` may come pickled (bytes): settings can hold the plugins' own objects, which
    only the shard's process (plugins/ on its path) can unpickle, not a Dask scheduler."""
    started = time.monotonic()
    if not isinstance(overrides, bytes):
        overrides = pickle.dumps(overrides)
    with tempfile.TemporaryDirectory(prefix=f"wirepress-shard{index}-") as tmp:
        job, result, errors = (os.path.join(tmp, n) for n in ("job.pickle", "result.pickle", "stderr.txt"))
        with open(job, "wb") as fh:
            pickle.dump({"settings_file": settings_file, "overrides": overrides, "index": index,
                         "count": count, "fingerprint": fingerprint}, fh)   # overrides: bytes
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (plugins_dir, env.get("PYTHONPATH")) if p)
        with open(errors, "wb") as err:
            proc = subprocess.run([python or sys.executable, "-c", ENTRY, job, result],
                                  stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env,
                                  cwd=plugins_dir)
        with open(errors, "rb") as fh:
            tail = fh.read()[-6000:].decode("utf-8", "replace").strip()
        out = None
        if os.path.exists(result):
            with open(result, "rb") as fh:
                out = pickle.load(fh)
    where = f"shard {index + 1} of {count} (on {os.uname().nodename})"
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        raise ShardFailed(f"{where} was killed ({name}) before it finished its pages"
                          + (f"; its last output:\n{tail}" if tail else ""))
    if out is None or out.get("error"):
        reason = (out or {}).get("error") or tail or f"exit status {proc.returncode}"
        raise ShardFailed(f"{where} failed: {reason}")
    out.update(seconds=time.monotonic() - started, host=os.uname().nodename)
    return out


ENTRY = "import sys; from fastbuild.shards import _main; sys.exit(_main(sys.argv[1:]))"


class _ShardDone(BaseException):
    """Raised from the writer hook once the shard has written its pages: Pelican's run()
    stops there, before the static files (the main process copies them) and `finalized`."""

    def __init__(self, result):
        super().__init__("shard done")
        self.result = result


def fingerprint(settings: dict) -> str:
    """The settings a page's bytes depend on, hashed the way fastbuild's no-change check does."""
    from buildinputs import settings_key

    return settings_key({k: v for k, v in settings.items() if k not in NOT_COMPARED})


class _Recording:
    """Mixed into the writer: the relative path of every page file this process writes
    (`mine`) and of every page another process writes (`others`)."""

    def open_output(self, filename, encoding):
        rendered = not self.skip_next
        handle = super().open_output(filename, encoding)
        rel = os.path.relpath(filename, self.output_path)
        (self.mine if rendered else self.others).append(rel)
        return handle


def _shard_writer_class(index: int, count: int, tally):
    from fastbuild.writer import FastWriter

    class ShardWriter(_Recording, FastWriter.for_build(tally)):
        share = (index, count)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.mine, self.others = [], []

    return ShardWriter


def _run_job(job: dict) -> dict:
    """In the shard's own process: the Pelican build, up to its writing phase."""
    import resource

    from pelican import Pelican, signals
    from pelican.generators import StaticGenerator
    from pelican.settings import read_settings

    import atomicfile
    from fastbuild import frozen_urls, membership

    sent = pickle.loads(job["overrides"])
    overrides = dict(sent)
    overrides.update(SHARD_SETTINGS)
    overrides["FASTBUILD_SHARD"] = [job["index"], job["count"]]
    # Read the main build's fresh content cache when it wrote one.
    overrides["LOAD_CONTENT_CACHE"] = bool(sent.get("CACHE_CONTENT"))
    settings = read_settings(job["settings_file"], override=overrides)
    # Without the fastbuild plugin: its no-change check, record and forked writer belong to
    # the main build. Its two speedups that change no byte are wired here instead.
    settings["PLUGINS"] = [p for p in settings.get("PLUGINS") or [] if p != "fastbuild"]
    membership.install()
    generators = []

    def remember(gens):
        generators[:] = gens

    def write_share(pelican):
        if job["fingerprint"] and fingerprint(pelican.settings) != job["fingerprint"]:
            raise ShardFailed("its settings differ from the main build's (a setting that cannot be "
                              "sent to another process, such as a function defined in the settings "
                              "file, changed after it was read)")
        frozen_urls.freeze()                  # no URL changes from here on (as in the main build)
        cpu_context = time.process_time()     # start-up, reading, the context (CPU s)
        tally = atomicfile.tally_of(pelican)     # this shard's pages (no feed is written here)
        w = _shard_writer_class(job["index"], job["count"], tally)(pelican.output_path, settings=pelican.settings)
        for gen in generators:
            if hasattr(gen, "generate_output") and not isinstance(gen, StaticGenerator):
                gen.generate_output(w)
        raise _ShardDone({"index": job["index"], "count": job["count"], "written": w.mine,
                          "failed": [list(f) for f in w.failed], "pages": len(w.mine) + len(w.others),
                          "stats": {"written": tally.written, "unchanged": tally.unchanged},
                          "cpu": {"context": round(cpu_context, 2),
                                  "pages": round(time.process_time() - cpu_context, 2)},
                          "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})

    signals.article_generator_finalized.connect(membership.fast_membership)
    signals.all_generators_finalized.connect(remember)
    signals.get_writer.connect(write_share)
    try:
        Pelican(settings).run()
    except _ShardDone as done:
        return done.result
    raise ShardFailed("Pelican never reached its writing phase")


def _main(argv: list[str]) -> int:
    """The shard's process: `python -c ENTRY JOB RESULT` (what render_shard runs)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    job_path, result_path = argv
    with open(job_path, "rb") as fh:
        job = pickle.load(fh)
    try:
        result = _run_job(job)
        code = 0
    except BaseException as exc:  # noqa: BLE001 - handed to the main build, which fails with it
        lines = traceback.format_exc().strip().splitlines()
        result = {"error": f"{exc.__class__.__name__}: {exc}\n" + "\n".join(lines[-12:])}
        code = 1
    tmp = result_path + ".part"
    with open(tmp, "wb") as fh:
        pickle.dump(result, fh)
    os.replace(tmp, result_path)
    return code


# --- The main process ----------------------------------------------------------------------

def plan(settings: dict, articles: int) -> tuple[str, int] | None:
    """("dask", shards) / ("local", shards) / None (the usual writer, parallel.py)."""
    if settings.get("FASTBUILD_SCHEDULER"):
        return "dask", int(settings.get("FASTBUILD_SHARDS") or 0)
    wanted = int(settings.get("FASTBUILD_SHARDS") or 0) or (os.cpu_count() or 1)
    if articles < int(settings.get("FASTBUILD_SHARDS_MIN", 50_000)) or wanted < 2:
        return None
    if not settings.get("FASTBUILD_SHARDS") and wanted <= 2:
        return None        # two cores: the forked writer uses both and reads the site once
    return "local", wanted


def sent_settings(settings: dict) -> dict:
    """The main build's settings that can travel to another process (every one that pickles)."""
    out = {}
    for key, value in settings.items():
        if not key.isupper() or key in NOT_SENT:
            continue
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - not sent; the shard's fingerprint check tells if it mattered
            log.debug("fastbuild: setting %s cannot be sent to a shard", key)
            continue
        out[key] = value
    return out


class _Local:
    """One shard per core, each in its own process (render_shard), started from threads."""

    def __init__(self, count: int):
        self.count = count
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=count, thread_name_prefix="shard")

    def submit(self, *args, **kwargs):
        return self.pool.submit(render_shard, *args, **kwargs)

    def collect(self, futures):
        out = []
        for fut in futures:
            try:
                out.append((fut.result(), None))
            except Exception as exc:  # noqa: BLE001 - every shard's outcome, then one verdict
                out.append((None, exc))
        self.pool.shutdown()
        return out

    def describe(self):
        return f"{self.count} local processes"


class _Dask:
    """One shard per worker thread of a Dask cluster (dask.distributed, imported only here)."""

    def __init__(self, address: str, count: int):
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise ShardFailed(f"fastbuild: --scheduler {address} needs dask.distributed, which is not "
                              f"installed ({exc}); install it with: pip install \"{DASK_REQUIREMENT}\"") from None
        import importlib

        import cloudpickle

        # The worker function travels by value: a worker needs the project's requirements and
        # the project folder at the same path, not plugins/ on its own sys.path.
        cloudpickle.register_pickle_by_value(importlib.import_module(__name__))
        self.address = address
        try:
            self.client = Client(address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ShardFailed(f"fastbuild: cannot reach the Dask scheduler at {address}: {exc}") from None
        self.count = count or sum(self.client.nthreads().values())
        if self.count < 1:
            self.client.close()
            raise ShardFailed(f"fastbuild: the Dask scheduler at {address} has no workers")

    def submit(self, *args, **kwargs):
        def shard(*args, **kwargs):
            # A local function, which only cloudpickle serialises, and it by value (with
            # render_shard: module registered above), where plain pickle would name
            # fastbuild.shards for the scheduler and workers to import.
            return render_shard(*args, **kwargs)
        return self.client.submit(shard, *args, pure=False, **kwargs)

    def collect(self, futures):
        out = []
        for fut in futures:
            try:
                out.append((fut.result(), None))
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection, ShardFailed
                out.append((None, exc))
        self.client.close()
        return out

    def describe(self):
        return f"{self.count} shards on the Dask cluster at {self.address}"


def check_shares(pages: list[str], results: list[dict]) -> None:
    """Every page of the main build written by exactly one shard, and no other file; else
    ShardFailed naming what is missing or doubled (shards that counted pages differently)."""
    seen = collections.Counter()
    for res in results:
        seen.update(res["written"])
        seen.update(name for name, _ in res["failed"])
    expected = set(pages)
    missing = sorted(expected - set(seen))
    twice = sorted(p for p, n in seen.items() if n > 1)
    extra = sorted(set(seen) - expected)
    problems = []
    for what, names in (("written by no shard", missing), ("written by more than one shard", twice),
                        ("written by a shard but not a page of this build", extra)):
        if names:
            problems.append(f"{len(names)} page(s) {what}, e.g. {', '.join(names[:5])}")
    if problems:
        raise ShardFailed("fastbuild: the shards did not share the pages out exactly: "
                          + "; ".join(problems))


def remove_temp_files(output: str) -> int:
    """The temporary files a killed shard left (atomicfile writes into `.name.XXXX.tmp`)."""
    removed = 0
    for dirpath, _, filenames in os.walk(output):
        for name in filenames:
            if TEMP_FILE.match(name):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except OSError:
                    pass
    return removed


def main_writer(pelican, generators, articles: int, writer_class):
    """The writer class for the main process when this build renders in shards, else None.
    Starts the shards; the last generator's output step waits for them (before `finalized`)."""
    s = pelican.settings
    how = plan(s, articles)
    if how is None:
        return None
    kind, count = how
    scheduler = _Dask(s["FASTBUILD_SCHEDULER"], count) if kind == "dask" else _Local(count)
    count = scheduler.count
    overrides, key = pickle.dumps(sent_settings(s)), fingerprint(s)
    started = time.monotonic()
    futures = [scheduler.submit(None, overrides, i, count, fingerprint=key) for i in range(count)]
    log.info("fastbuild: rendering %d releases' pages in %s", articles, scheduler.describe())

    class MainWriter(_Recording, writer_class):
        share = (-1, 2)         # index -1 is no process's: every page is counted, none rendered

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.mine, self.others = [], []

    last = generators[-1]
    original = last.generate_output

    def generate_then_join(writer):
        original(writer)
        join(scheduler, futures, writer, pelican.output_path, started)

    last.generate_output = generate_then_join            # before any `finalized` receiver
    return MainWriter


def join(scheduler, futures, writer, output: str, started: float) -> None:
    outcomes = scheduler.collect(futures)       # every shard has stopped writing after this
    errors = [str(exc) for _, exc in outcomes if exc is not None]
    if errors:
        removed = remove_temp_files(output)
        raise ShardFailed(f"fastbuild: {len(errors)} of {len(outcomes)} shards failed, the build with "
                          f"them ({removed} temporary files removed; no page is half-written):\n"
                          + "\n".join(errors))
    results = [res for res, _ in outcomes]
    check_shares(writer.others, results)
    for res in results:
        for name, reason in res["failed"]:
            writer.failed.append((name, reason))
            log.error("page %s not written: %s", name, reason)
        if writer.tally is not None:             # the shard's files, on the build's tally
            writer.tally.written += res["stats"].get("written", 0)
            writer.tally.unchanged += res["stats"].get("unchanged", 0)
    log.info("fastbuild: %d pages in %d shards (%s) in %.1f s; slowest shard %.1f s; CPU s per "
             "shard (start-up, reading and context + its pages, peak memory): %s", len(writer.others), len(results),
             ", ".join(sorted({r["host"] for r in results})), time.monotonic() - started,
             max(r["seconds"] for r in results),
             ", ".join(f'{r["cpu"]["context"]:.1f} + {r["cpu"]["pages"]:.1f} ({r["maxrss_mib"]} MiB)'
                       for r in results))

