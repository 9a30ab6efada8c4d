"""Run one build (wire ingest + Pelican) and report on it, whatever happens.

Used by `invoke build` (run_build_and_leave: in a forked child) and, in a fresh subprocess per
rebuild, by the dev server:

    python -m buildreport.runner pelicanconf.py [--report-dir output]

A subprocess per rebuild means edits to plugins/ take effect, and no plugin crash, sys.exit or
leak can take the dev server down with it. Exit status: 0 built, 1 failed.

When nothing changed since the last build with the same settings file and overrides
(plugins/nochange.py: fastbuild's check, on its record, with a settings key made without
Pelican), the build is over before Pelican is imported: no ingest, output/ left as it is.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
import traceback

from blinker import signal

import nochange      # plugins/: nothing changed? asked before Pelican is imported

from .lock import DEFAULT_TIMEOUT, BuildLocked, build_lock
from .report import BuildReport, now, write_report

log = logging.getLogger("wirepress.build")
# The wire plugin's signal, by name (blinker): the runner needs no import of the plugin, and a
# site without it simply reports no ingest.
WIRE_INGEST_FINISHED = signal("wire_ingest_finished")
MAX_WARNINGS = 50


class _Collect(logging.Handler):
    """Keeps Pelican's (and the ingest's) warnings for the report page."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if len(self.lines) < MAX_WARNINGS:
            try:
                self.lines.append(f"{record.levelname}: {record.name}: {record.getMessage()}")
            except Exception:  # a bad log call must not break the build
                pass


def run_build(config: str | os.PathLike, overrides: dict | None = None, *,
              report_dir: str | os.PathLike | None = None, echo=print,
              settings: dict | None = None, progress_bars: bool = True) -> BuildReport:
    """Build once. Never raises for build errors: they end up in the returned report.

    The /_build/ page is written when the settings say WIREPRESS_BUILD_REPORT (dev only);
    `report_dir` is where to write it if the settings file itself cannot be read.
    `settings`: Pelican settings already read from `config` (a long-lived `invoke watch` reads
    them once); a fresh Pelican is made from them, because Pelican sends `initialized`, on which
    the wire ingest and every plugin's per-build reset run, only when it is constructed.
    `progress_bars`: False for a service (`invoke watch`), whose log wants one line per build:
    no meters for Pelican's phases (the ingest's shows only for batches of 300+ files).
    """
    rep = BuildReport(started=now())
    t0 = time.monotonic()
    ingests = []                   # the wire plugin's IngestReport, sent when its ingest ends

    def ingest_finished(report):
        ingests.append(report)

    WIRE_INGEST_FINISHED.connect(ingest_finished)
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    held = contextlib.ExitStack()     # the build lock, held until the report is written
    early = early_target = None
    phases = None
    try:
        # Nothing changed since the last build with these settings (nochange.py): output/ is
        # left as it is without importing Pelican. (A long-lived watch has it imported already.)
        early = nochange.NoChange.of(config, overrides) if settings is None else None
        last = early.recorded() if early is not None else None
        if last is not None:
            held.enter_context(build_lock(last["cache"], echo=echo,
                                          timeout=last.get("lock_timeout") or DEFAULT_TIMEOUT))
            t0, rep.started = time.monotonic(), now()
            if early.why_build(last) is None:
                rep.skipped = True
                early_target = last["report"]
                return _finish(rep, t0, ingests, collect, held, None, early_target, report_dir, echo)
            held.close()              # the usual build below takes the lock again
        if early is not None:
            early.forget()            # recorded again only after this build succeeds
        from pelican import Pelican
        from pelican.settings import read_settings

        from . import phases

        if settings is None:
            settings = read_settings(os.fspath(config), override=overrides or None)
        # One build at a time on this project (ingest, Pelican and its cache, output/, the
        # report): a second one waits here. The wait does not count as build time.
        held.enter_context(build_lock(settings.get("CACHE_PATH") or "cache", echo=echo,
                                      timeout=settings.get("BUILD_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
        t0, rep.started = time.monotonic(), now()
        if not settings.get("WIRE_PROGRESS"):   # the wire ingest's progress hook (wire.ingest)
            from .progress import progress   # (set in watch too: it is part of the settings
            settings["WIRE_PROGRESS"] = progress   # fastbuild compares to skip a no-change build)
        if progress_bars:
            phases.connect()
        Pelican(settings).run()
        if early is not None:
            early.remember(settings)
    except KeyboardInterrupt:
        held.close()
        raise
    except BuildLocked as exc:        # said in one line; no traceback to read
        rep.ok = False
        rep.error = str(exc)
    except BaseException:  # noqa: BLE001 - SystemExit from a strict plugin is a failed build too
        rep.ok = False
        rep.error = traceback.format_exc()
    finally:
        if phases is not None:
            phases.close()
        logging.getLogger().removeHandler(collect)
        WIRE_INGEST_FINISHED.disconnect(ingest_finished)
    return _finish(rep, t0, ingests, collect, held, settings, None, report_dir, echo)


def _finish(rep: BuildReport, t0: float, ingests: list, collect: _Collect, held: contextlib.ExitStack,
            settings: dict | None, early_target, report_dir, echo) -> BuildReport:
    """The report of a build (or of one skipped before Pelican: `early_target`, where its
    /_build/ page goes), written and said; the lock released."""
    rep.seconds = time.monotonic() - t0
    if ingests:
        rep.add_ingest(ingests[-1])
    rep.warnings = collect.lines

    target = early_target
    if settings is not None:
        if settings.get("WIREPRESS_BUILD_REPORT"):
            target = settings["OUTPUT_PATH"]
    elif report_dir is not None and not rep.skipped:
        target = report_dir
    try:
        # The terminal first, then the page: whoever sees the page (the dev server's reader,
        # a test) can count on the terminal having said it already.
        _echo(rep, echo)
        if target is not None:
            try:
                write_report(target, rep)
            except OSError as exc:
                echo(f"build report: cannot write {target}/_build/: {exc}")
    finally:
        held.close()
    return rep


def _echo(rep: BuildReport, echo) -> None:
    echo(rep.summary())
    for name, reason in rep.rejected:
        echo(f"  rejected {name}: {reason}")
    if rep.error:
        echo(rep.error.rstrip())


def run_build_and_leave(config: str | os.PathLike, overrides: dict | None = None, *, echo=print) -> int:
    """run_build in a forked child that leaves by os._exit once its report is said: 0 built
    (or nothing changed), 1 failed. The interpreter would otherwise free the build's objects
    one by one on its way out (every release, page and feed item: 0.4-0.5 s at 10,000
    releases, 3.3 s at 100,000; 0.4 s left), and the caller, which holds none of them, goes on at once (`invoke
    build publish` runs publish next in the same process). Without fork: run_build here."""
    if not hasattr(os, "fork"):
        return 0 if run_build(config, overrides, echo=echo).ok else 1
    for stream in (sys.stdout, sys.stderr):
        stream.flush()                 # nothing the parent buffered is left for both to write
    pid = os.fork()
    if pid == 0:                       # the child: the build, then out without clean-up
        code = 1
        try:
            code = 0 if run_build(config, overrides, echo=echo).ok else 1
        except KeyboardInterrupt:
            code = 130
        except BaseException:  # noqa: BLE001 - run_build reports build errors; this is anything else
            traceback.print_exc()
        finally:
            _leave(code)
    interrupted = False
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except KeyboardInterrupt:      # Ctrl-C reached the child too: it stops, and says so
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 1    # killed by a signal: a failed build


def _leave(code: int) -> None:
    """End this process now, without freeing its objects one by one: every log handler and
    stream flushed first (a log file's last lines)."""
    try:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    finally:
        os._exit(code)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m buildreport.runner", description=__doc__.split("\n")[0])
    ap.add_argument("config", help="settings file, e.g. pelicanconf.py")
    ap.add_argument("--report-dir", help="output folder for /_build/ if the settings cannot be read")
    args = ap.parse_args(argv)
    try:
        from pelican.log import init_logging
        init_logging(logging.WARNING)
    except Exception:  # an older Pelican: plain logging is fine
        logging.basicConfig(level=logging.WARNING)
    rep = run_build(args.config, report_dir=args.report_dir,
                    echo=lambda s: print(s, file=sys.stderr, flush=True))
    return 0 if rep.ok else 1


if __name__ == "__main__":
    _leave(main())         # out without freeing the build's objects one by one (run_build_and_leave)
