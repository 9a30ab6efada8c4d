"""The watch-and-rebuild engine: `invoke watch` (production drop folder) and `invoke livereload`.

A wire feed delivers into seeds/ by FTP or rsync all day; the site must show each new story
seconds after it arrives, unattended. The engine:

- watches the sources (seeds/, content/, theme/, the settings file) with watchfiles (inotify);
- ignores uploads in progress: temporary names (wire.seeds.is_upload_temporary: rsync's
  ".name.XXXXXX", "*.part", "*.filepart", "*.tmp", ...; the ingest skips them too), and waits
  while a file is still growing (written under its final name: its mtime moves; see `settle`);
- makes one build of a burst (an rsync of 200 files is one build, or two if the second half
  arrives while the first builds, never 200): changes are grouped until the folder is quiet,
  and everything that arrives during a build makes the next build;
- takes the build's own writes into content/ (the ingest's Markdown) as its own, not as news;
- never stops on a failed build: one clear log line, and the next change builds again;
- stops between builds on SIGTERM (the caller's `stop` event): a build under way finishes.

What builds is the caller's: `WarmBuild` (invoke watch) builds in this process and keeps warm
what can be (imports, plugins, the settings, the Jinja and Markdown machinery); the dev
server passes a build in a subprocess (edits to plugins/ must take effect there).
"""
from __future__ import annotations

import copy
import logging
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import watchfiles

log = logging.getLogger("wirepress.watch")

STEP_MS = 150          # the folder quiet this long ends a group of changes
DEBOUNCE_MS = 2000     # ...and a group never waits longer than this
SETTLE = 0.5           # seconds a file written in place must stay untouched before it is read
MAX_SETTLE = 60.0      # a file growing for longer than this is built as it stands (and again)
IGNORED_DIRS = ("__pycache__", ".git", ".hg", ".svn", ".pytest_cache", ".cache", "node_modules")


def _is_upload_temporary(name: str) -> bool:
    from wire.seeds import is_upload_temporary   # one definition, shared with the ingest

    return is_upload_temporary(name)


class DropFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (editor droppings, VCS folders, caches) plus uploads in
    progress. Changes under `ignore_paths` (output/, the cache) are never sources."""

    ignore_dirs = tuple(watchfiles.DefaultFilter.ignore_dirs) + IGNORED_DIRS

    def __call__(self, change, path: str) -> bool:
        return super().__call__(change, path) and not _is_upload_temporary(os.path.basename(path))


@dataclass
class Batch:
    """The changes one build answers: path -> the set of watchfiles Change kinds seen."""
    changes: dict[str, set] = field(default_factory=dict)
    seen: float = 0.0            # wall time the first of them was seen

    def add(self, seen: float, changes) -> None:
        self.seen = min(self.seen, seen) if self.changes else seen
        for kind, path in changes:
            self.changes.setdefault(path, set()).add(kind)

    def paths(self) -> list[str]:
        return sorted(self.changes)

    def arrival(self) -> float:
        """When the first file got where it is: its ctime (a rename or a write sets it; rsync
        -t cannot keep an old one as it does the mtime), or when the watcher saw it."""
        times = [self.seen]
        for path in self.changes:
            try:
                times.append(os.stat(path).st_ctime)
            except OSError:
                pass
        return min(times)


def growing(batch: Batch, now: float, settle: float = SETTLE) -> list[str]:
    """The files of `batch` that may still be being written: touched less than `settle`
    seconds ago and not renamed since their last write. A rename (FTP clients' and rsync's
    last step) sets a file's ctime and not its mtime, so ctime > mtime says "complete"; a file
    written in place has ctime == mtime after every write. (watchfiles reports a create-and-write
    as `added` alone, like a rename, so its change kinds cannot tell them apart.)"""
    out = []
    for path in batch.changes:
        try:
            st = os.stat(path)
        except OSError:
            continue
        renamed_since_written = st.st_ctime_ns > st.st_mtime_ns and st.st_size > 0
        if not renamed_since_written and now - st.st_mtime < settle:
            out.append(path)
    return out


def snapshot(folder: str) -> dict[str, tuple[int, int]]:
    """rel path -> (mtime_ns, size) of every file under `folder` (what a build wrote)."""
    snap = {}
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            snap[os.path.relpath(full, folder)] = (st.st_mtime_ns, st.st_size)
    return snap


def _names(paths, root: str, limit: int = 3) -> str:
    shown = [os.path.relpath(p, root) for p in paths[:limit]]
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    return ", ".join(shown) + more if shown else "nothing"


def _stat_key(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Engine:
    """Watch `paths`; call `build(batch)` once per group of changes, in the calling thread.

    `build` returns True (built) or False (failed); it must not raise (a raise is logged
    and taken as a failed build). `written_by_build`: folders the build itself writes
    (content/): a change there whose file was last written during the build is its own.
    `on_event(kind, **info)` hears "changed" (before a build) and "built" (after)."""

    def __init__(self, paths, build: Callable[[Batch], bool], *, root, written_by_build=(),
                 settle: float = SETTLE, max_settle: float = MAX_SETTLE, step_ms: int = STEP_MS,
                 debounce_ms: int = DEBOUNCE_MS, on_event=None, force_polling: bool | None = None):
        self.paths = [os.path.abspath(p) for p in paths if os.path.exists(p)]
        self.build = build
        self.root = os.path.abspath(root)
        self.written_by_build = [os.path.abspath(p) + os.sep for p in written_by_build]
        self.settle, self.max_settle = settle, max_settle
        self.step_ms, self.debounce_ms = step_ms, debounce_ms
        self.on_event = on_event or (lambda kind, **info: None)
        self.force_polling = force_polling
        self.changes: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.window: tuple[float, float] | None = None     # wall time of the last build
        self.own: dict[str, tuple | None] = {}     # its own writes: path -> stat key (None: removed)
        self.carried: Batch | None = None          # changes queued while it ran, not its own
        self._thread: threading.Thread | None = None
        self.builds = 0

    # --- the watcher thread: never builds, only queues what changed ------------------------
    def start(self) -> "Engine":
        """Start watching (before a first build, so nothing arriving during it is missed)."""
        self._thread = threading.Thread(target=self._watch, name="wirepress-watch", daemon=True)
        self._thread.start()
        self.ready.wait(10)
        return self

    def _watch(self) -> None:
        # A thread of its own, always inside watchfiles' wait: inotify events that come while a
        # build runs are queued, not lost, and make the next build.
        try:
            gen = watchfiles.watch(*self.paths, watch_filter=DropFilter(), debounce=self.debounce_ms,
                                   step=self.step_ms, stop_event=self.stop, rust_timeout=500,
                                   yield_on_timeout=True, raise_interrupt=False,
                                   force_polling=self.force_polling)
            self.ready.set()
            for changes in gen:
                if changes:
                    self.changes.put((time.time(), changes))
        except Exception as exc:  # noqa: BLE001 - a watcher that dies must say so and stop the service
            log.error("watch: the file watcher stopped: %s", exc)
            self.changes.put(exc)
        finally:
            self.ready.set()

    # --- the builder loop (the caller's thread) -------------------------------------------
    def _drain(self, batch: Batch, timeout: float | None) -> None:
        try:
            item = self.changes.get(timeout=timeout) if timeout else self.changes.get_nowait()
        except queue.Empty:
            return
        while True:
            if isinstance(item, Exception):
                raise item
            batch.add(*item)
            try:
                item = self.changes.get_nowait()
            except queue.Empty:
                return

    def _own_write(self, path: str) -> bool:
        """A change the last build made itself: seen while it ran, under a folder it writes,
        and the file still as the build left it (or still gone). A file saved by someone just
        after the build, even within the clock tick of its end, is new or has another stat:
        news (a window on mtimes alone took such a save for the build's own)."""
        if path not in self.own:
            return False
        return _stat_key(path) == self.own[path]

    def _record_own(self, start: float, end: float) -> None:
        """After a build: the changes queued while it ran, kept for the next batch, and those
        under `written_by_build` written (or removed) within its window, with their stat. Own
        writes whose events come after this (the watcher's debounce) make one more build,
        which finds nothing changed."""
        queued = Batch()
        self._drain(queued, None)
        self.carried = queued if queued.changes else None
        self.own = {}
        for path in queued.changes:
            if not any(path.startswith(w) for w in self.written_by_build):
                continue
            try:
                mtime = os.stat(path).st_mtime
            except OSError:
                self.own[path] = None         # removed while the build ran: by the build
                continue
            if start - 0.01 <= mtime <= end + 0.01:
                self.own[path] = _stat_key(path)

    def run(self) -> None:
        """Build on every group of changes until `stop` is set (then return between builds)."""
        if self._thread is None:
            self.start()
        while not self.stop.is_set():
            batch, self.carried = self.carried or Batch(), None
            self._drain(batch, timeout=None if batch.changes else 0.2)
            for path in [p for p in batch.changes if self._own_write(p)]:
                del batch.changes[path]
            if not batch.changes or self.stop.is_set():
                continue
            waited = time.monotonic()
            while not self.stop.is_set():       # a file still growing: wait until it stops
                still = growing(batch, time.time(), self.settle)
                if not still:
                    break
                if time.monotonic() - waited > self.max_settle:
                    log.warning("watch: %s still growing after %.0f s; building it as it stands",
                                _names(still, self.root), self.max_settle)
                    break
                time.sleep(min(self.settle, 0.1))
                self._drain(batch, timeout=None)
            self.run_build(batch)

    def _tell(self, kind: str, **info) -> None:
        try:
            self.on_event(kind, **info)
        except Exception as exc:  # noqa: BLE001 - a listener's bug must not stop the watching
            log.error("watch: %s listener failed: %s: %s", kind, exc.__class__.__name__, exc)

    def run_build(self, batch: Batch) -> bool:
        self._tell("changed", batch=batch)
        start = time.time()
        try:
            ok = bool(self.build(batch))
        except Exception as exc:  # noqa: BLE001 - the service outlives any one build
            log.error("watch: build FAILED: %s: %s", exc.__class__.__name__, exc)
            ok = False
        self.window = (start, time.time())
        self._record_own(*self.window)
        self.builds += 1
        self._tell("built", batch=batch, ok=ok, started=start, done=self.window[1])
        return ok

    def close(self) -> None:
        self.stop.set()
        if self._thread is not None:
            self._thread.join(5)


class WarmBuild:
    """`invoke build` (wire ingest + Pelican + search + report), in this process, again and again.

    Kept warm: every import (Pelican, Markdown, lxml, Babel, the plugins and their data),
    the settings (read again only when the settings file changes, as Pelican's --autoreload
    does). Made fresh per build, because Pelican's design wants it: a new Pelican object (its
    constructor sends `initialized`, on which the ingest runs and every plugin resets its
    per-build state; Pelican's --autoreload calls run() again on one object, which would skip
    the ingest) on a deep copy of the settings (Pelican and plugins write into them); Pelican's
    log de-duplication is cleared (pelicancompat.reset_log_limits), or a bad file named in one
    build would go unnamed in the next. Pelican's content cache is its file in CACHE_PATH,
    loaded by each build: only changed Markdown is read again.

    A change to a settings file ends the service between builds with RESTART, and `invoke
    watch` starts itself again (os.execv, the same pid): publishconf.py imports pelicanconf.py,
    which Python would not read again in this process. Plugins' code is not reloaded either:
    after an upgrade, restart the service (systemctl restart)."""

    def __init__(self, config: Path, overrides: dict | None = None, *, root: Path):
        self.config, self.overrides, self.root = Path(config), overrides or None, Path(root)
        self._settings = None
        self._stamp = None
        self.last = None            # the last BuildReport
        self.output: str | None = None
        self._outsnap: dict | None = None
        self.written: list[str] = []

    def settings(self) -> dict:
        from pelican.settings import read_settings

        if self._settings is None:
            self._settings = read_settings(os.fspath(self.config), override=self.overrides)
        return copy.deepcopy(self._settings)

    def __call__(self, batch: Batch | None = None) -> bool:
        import pelicancompat

        from .runner import run_build

        lines: list[str] = []
        try:
            settings = self.settings()
        except Exception as exc:  # noqa: BLE001 - a broken settings file is a failed build
            settings = None
            lines.append(f"{exc.__class__.__name__}: {exc}")
        if settings is not None:
            self.output = settings["OUTPUT_PATH"]
            if self._outsnap is None:
                self._outsnap = snapshot(self.output)
            pelicancompat.reset_log_limits()
            self.last = run_build(self.config, settings=settings, echo=lines.append,
                                  progress_bars=False)
            ok = self.last.ok
        else:
            self.last, ok = None, False
            self.error = lines[-1]
        if self.output:
            after = snapshot(self.output)
            before = self._outsnap or {}
            # the releases first: what an editor looks for in the log line
            self.written = sorted((r for r, v in after.items() if before.get(r) != v),
                                  key=lambda r: (not r.startswith("releases/"), r))
            self._outsnap = after
        return ok

    def error_line(self) -> str:
        """The failed build's error in one line (the exception, not its traceback)."""
        text = (self.last.error if self.last is not None else getattr(self, "error", "")) or ""
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        return lines[-1] if lines else "unknown error"


RESTART = 3     # serve_forever's answer when a settings file changed: start again


def settings_files(root: Path, config: Path) -> list[Path]:
    """The settings file and the pelicanconf.py it may import (publishconf.py does)."""
    return sorted({config.resolve(), (root / "pelicanconf.py").resolve()})


def watch_paths(root: Path, config: Path, settings: dict | None = None) -> list[Path]:
    """What `invoke watch` watches: seeds/, content/, theme/ and the settings files."""
    paths = [root / "seeds", root / "content", root / "theme"]
    if settings:
        paths = [Path(settings.get("WIRE_SEEDS_PATH") or paths[0]), Path(settings["PATH"]),
                 Path(settings["THEME"])]
    return paths + [p for p in settings_files(root, config) if p.exists()]


def serve_forever(root: Path, config: Path, *, overrides: dict | None = None, stop=None,
                  echo=None, settle: float = SETTLE) -> int:
    """`invoke watch`: a first build (catching up on what arrived while stopped), then a build
    per group of changes, one log line each, until `stop` (a threading.Event) is set."""
    echo = echo or (lambda s: print(s, flush=True))
    try:      # Pelican's own "Done: Processed N articles" line: the service logs its own line
        from pelican.log import console
        console.quiet = True
    except Exception:  # noqa: BLE001 - a chattier log is no reason not to start
        pass
    builder = WarmBuild(config, overrides, root=root)
    try:
        paths = watch_paths(root, config, builder.settings())
    except Exception as exc:  # noqa: BLE001 - the service still starts; the first build says why
        echo(f"[watch] cannot read {config.name}: {exc.__class__.__name__}: {exc}")
        paths = watch_paths(root, config)
    for p in paths:
        if not p.exists() and p.suffix == "":
            p.mkdir(parents=True, exist_ok=True)
    content = [p for p in paths[1:2]]

    def told(kind, batch=None, ok=None, started=None, done=None):
        if kind != "built":
            return
        rep = builder.last
        what = _names(batch.paths(), os.fspath(root)) if batch and batch.changes else "start-up"
        latency = f", {done - batch.arrival():.2f} s from arrival to done" if batch and batch.changes else ""
        wrote = (f"wrote {len(builder.written)} files ({_names(builder.written, '.', 3)})"
                 if builder.written else "wrote nothing (unchanged)")
        ingest = ""
        if rep is not None and rep.ingest_ran:
            ingest = f"{rep.converted} converted, {len(rep.rejected)} rejected; "
            ingest += "".join(f"rejected {n}: {r}; " for n, r in rep.rejected[:3])
        if ok:
            echo(f"[watch] built in {done - started:.2f} s{latency}: arrived {what}; {ingest}{wrote}")
        else:
            echo(f"[watch] build FAILED in {done - started:.2f} s: arrived {what}; {ingest}"
                 f"error: {builder.error_line()}; still watching")

    conf_files = {os.fspath(p) for p in settings_files(root, config)}
    restart = threading.Event()

    def build(batch: Batch) -> bool:
        changed = conf_files & set(batch.changes)
        if changed:     # between builds: this one is not run; the new process builds at once
            echo(f"[watch] settings changed ({_names(sorted(changed), os.fspath(root))}): restarting")
            restart.set()
            engine.stop.set()
            return True
        return builder(batch)

    engine = Engine(paths, build, root=root, written_by_build=content, settle=settle,
                    on_event=lambda kind, **info: None if restart.is_set() else told(kind, **info))
    if stop is not None:
        engine.stop = stop
    engine.start()
    echo(f"[watch] watching {', '.join(os.path.relpath(p, root) for p in engine.paths)}; first build")
    engine.run_build(Batch())
    try:
        engine.run()
    finally:
        engine.close()
    if restart.is_set():
        return RESTART
    echo(f"[watch] stopped after {engine.builds} builds")
    return 0
