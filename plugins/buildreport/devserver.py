"""The live-reloading dev server behind `invoke livereload` / `make serve`.

livereload (the package) serves output/, injects its reload script into every HTML page and
talks to the browser. Change detection is livereload's own polling Watcher with three changes
a newsroom needs (see RebuildWatcher): one rebuild per batch of changes, builds off the server's
thread, and the build's own writes into content/ do not trigger another build.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from .report import REPORT_DIR, BuildReport, now, write_report

# Editor droppings and Python's own caches never trigger a build; every other file does
# (wire files often have no extension, or odd ones like .ANPA or .001).
IGNORED_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".swo", "~", ".tmp", ".part")
BUILD_TIMEOUT = 900   # seconds; a plugin stuck in a loop must not block rebuilds for ever
IGNORED_DIRS = {"__pycache__", ".git", ".hg", ".svn", ".pytest_cache"}


def build_command(root: Path, config: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "buildreport.runner", str(config), "--report-dir", str(output)]


def build_env(root: Path) -> dict:
    env = dict(os.environ)
    plugins = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (plugins, str(root), env.get("PYTHONPATH")) if p)
    return env


class RebuildWatcher(Watcher):
    """Polls the watched paths (livereload calls examine() every 0.8 s) and rebuilds on change.

    - All changes seen in one poll make ONE build (livereload's stock watcher rebuilds once per
      changed file, and would rebuild 1,000 times for 1,000 new wire files).
    - The build runs in a subprocess on a worker thread, so the server keeps serving the last
      good site meanwhile; the browsers are told to reload when it ends.
    - The ingest writes content/releases/*.md: changes under `written_by_build` made while a
      build runs are taken as the build's own and absorbed. Other changes made meanwhile
      (a wire file saved mid-build) start one more build.
    """

    def __init__(self, paths, command, cwd, env, output, written_by_build=()):
        super().__init__()
        self.output = os.fspath(output)
        self.paths = [os.path.abspath(p) for p in paths]
        for p in self.paths:   # registered so livereload does not add the cwd; examine() is ours
            self.watch(p)
        self.command, self.cwd, self.env = command, cwd, env
        self.written_by_build = [os.path.abspath(p) + os.sep for p in written_by_build]
        self.baseline = self.snapshot()
        self.building = False
        self.loop: IOLoop | None = None
        self.last_build: dict = {}

    def ignore(self, filename):
        name = os.path.basename(filename)
        return name.endswith(IGNORED_SUFFIXES) or name.startswith(".#")

    def snapshot(self) -> dict[str, tuple[int, int]]:
        snap = {}
        for path in self.paths:
            if os.path.isfile(path):
                self._stat(path, snap)
                continue
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d not in IGNORED_DIRS]
                for f in files:
                    self._stat(os.path.join(folder, f), snap)
        return snap

    def _stat(self, path, snap):
        if self.ignore(path):
            return
        try:
            st = os.stat(path)
        except OSError:   # deleted between listing and stat
            return
        snap[path] = (st.st_mtime_ns, st.st_size)

    @staticmethod
    def diff(old, new) -> list[str]:
        return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))

    def examine(self):
        if self._changes:   # livereload's own start-up message
            return self._changes.pop()
        if self.building:
            return None, None
        snap = self.snapshot()
        changed = self.diff(self.baseline, snap)
        if changed:
            self.baseline = snap
            self.start_build(changed)
        return None, None   # the reload is sent when the build has finished

    def start_build(self, changed):
        self.building = True
        self.loop = self.loop or IOLoop.current()
        shown = ", ".join(os.path.relpath(p, self.cwd) for p in changed[:5])
        more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        print(f"[wirepress] changed: {shown}{more} -> rebuilding", file=sys.stderr, flush=True)
        threading.Thread(target=self._build, args=(changed,), daemon=True).start()

    def _build(self, changed):
        t0, started = time.monotonic(), time.time()
        problem = None
        try:
            rc = subprocess.run(self.command, cwd=self.cwd, env=self.env,
                                timeout=BUILD_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            rc, problem = -1, f"the build ran over {BUILD_TIMEOUT} s and was stopped"
        except OSError as exc:   # cannot even start Python
            rc, problem = -1, f"cannot run the build: {exc}"
        if rc != 0:
            self._report_crash(started, problem or f"the build process exited with status {rc}")
        self.loop.add_callback(self._built, changed, rc, time.monotonic() - t0)

    def _report_crash(self, started: float, problem: str) -> None:
        """The runner writes /_build/ itself; if it died before that, say so there instead."""
        page = os.path.join(self.output, REPORT_DIR, "index.html")
        try:
            if os.path.getmtime(page) >= started:
                return
        except OSError:
            pass
        print(f"[wirepress] {problem}", file=sys.stderr, flush=True)
        rep = BuildReport(started=now(), ok=False, error=problem)
        try:
            write_report(self.output, rep)
        except OSError:
            pass

    def _built(self, changed, rc, seconds):
        before, after = self.baseline, self.snapshot()
        again = [p for p in self.diff(before, after)
                 if not any(p.startswith(w) for w in self.written_by_build)]
        self.baseline = after
        self.building = False
        self.last_build = {"rc": rc, "seconds": seconds, "finished": time.time()}
        state = "ok" if rc == 0 else f"FAILED (exit {rc}; see /_build/)"
        print(f"[wirepress] rebuild {state} in {seconds:.2f}s; reloading browsers",
              file=sys.stderr, flush=True)
        self.filepath = _reload_path(changed)   # livereload logs it
        LiveReloadHandler.reload_waiters(self.filepath)
        if again:
            self.start_build(again)


def _reload_path(changed) -> str:
    """livereload.js swaps stylesheets in place when told a .css changed; anything else reloads."""
    css = [p for p in changed if p.endswith(".css")]
    return css[0] if len(css) == len(changed) else next(p for p in changed if not p.endswith(".css"))


def _check_port(host: str, port: int) -> None:
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise SystemExit(f"livereload: cannot listen on {host}:{port}: {exc.strerror or exc}. "
                         "Is another server running? Try --port.") from None


def serve(root: Path, config: Path, output: Path, watch: list[Path], *, host: str = "127.0.0.1",
          port: int = 8000, written_by_build: list[Path] = ()) -> None:
    """Build once, then serve `output` with live reload until interrupted."""
    _check_port(host, port)   # before the first build: a busy port should fail fast
    command = build_command(root, config, output)
    env = build_env(root)
    print(f"[wirepress] first build ({config.name})", file=sys.stderr, flush=True)
    subprocess.run(command, cwd=root, env=env)   # a failed first build still serves /_build/
    output.mkdir(parents=True, exist_ok=True)
    watcher = RebuildWatcher(watch, command, root, env, output,
                             written_by_build=written_by_build)
    server = Server(watcher=watcher)
    print(f"[wirepress] serving {output} on http://{host}:{port}/ (build report: /_build/)",
          file=sys.stderr, flush=True)
    server.serve(host=host, port=port, root=str(output), restart_delay=0)
