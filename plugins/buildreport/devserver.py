"""The live-reloading dev server behind `invoke livereload` / `make serve`.

livereload (the package) serves output/, injects its reload script into every HTML page and
talks to the browser. Change detection and rebuilding are the engine `invoke watch` runs (watch.Engine: one build
per burst, builds off the server's thread, the build's own writes into content/ never trigger
another); RebuildWatcher adapts it to livereload's Watcher interface.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.web import HTTPError

from .report import REPORT_DIR, BuildReport, now, write_report
from .watch import Engine

# What never triggers a build (editor droppings, Python's caches, uploads in progress) is
# the engine's (watch.DropFilter); every other file does (wire files often have no
# extension, or odd ones like .ANPA or .001).
BUILD_TIMEOUT = 900   # seconds; a plugin stuck in a loop must not block rebuilds for ever
DEV_SETTLE = 0.3      # an editor's save is quick; the drop folder waits a little longer


def build_command(root: Path, config: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "buildreport.runner", str(config), "--report-dir", str(output)]


def build_env(root: Path) -> dict:
    env = dict(os.environ)
    plugins = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (plugins, str(root), env.get("PYTHONPATH")) if p)
    return env


class SnapshotFileHandler(StaticFileHandler):
    """livereload's file handler, but each response comes from one read of the file.

    tornado's StaticFileHandler stats the path for Content-Length, then opens the path again
    to send it. The build replaces pages atomically (a rename), so a page replaced between
    the two went out cut short or overlong: the browser (or a test) got an IncompleteRead
    of /_build/ whenever a rebuild ended just as it was fetched. Reading the file once, the
    length and the body are of the same file: the old page or the new one, never half.
    The dev server's pages are small; holding one in memory per request costs nothing."""

    body = b""

    def validate_absolute_path(self, root, absolute_path):
        path = super().validate_absolute_path(root, absolute_path)
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    self.body = fh.read()
            except FileNotFoundError:   # removed since the stat just above: as if never there
                raise HTTPError(404) from None
        return path

    def get_content_size(self) -> int:
        return len(self.body)

    def get_content(self, abspath, start=None, end=None):   # noqa: ARG002 (the read is done)
        return self.body[start:end]

    def compute_etag(self):
        return '"%s"' % hashlib.md5(self.body, usedforsecurity=False).hexdigest()


class RebuildWatcher(Watcher):
    """livereload's Watcher interface over the watch engine (watch.Engine, shared with
    `invoke watch`): the engine watches (inotify), groups a burst into one build, ignores
    uploads in progress and the build's own writes into content/, and runs each build on
    its own thread, so the server keeps serving the last good site meanwhile; the browsers
    are told to reload when it ends. Builds run in a subprocess here (`command`): edits to
    plugins/ must take effect, and no plugin crash can take the dev server down.
    livereload still calls examine() every 0.8 s; it only hands over livereload's own
    start-up message."""

    def __init__(self, paths, command, cwd, env, output, written_by_build=()):
        super().__init__()
        self.output = os.fspath(output)
        self.paths = [os.path.abspath(p) for p in paths]
        for p in self.paths:   # registered so livereload does not add the cwd; examine() is ours
            self.watch(p)
        self.command, self.cwd, self.env = command, cwd, env
        self.ioloop: IOLoop | None = None
        self.last_build: dict = {}
        self.engine = Engine(self.paths, self._build, root=cwd, written_by_build=written_by_build,
                             settle=DEV_SETTLE, on_event=self._event)

    def begin(self, loop: IOLoop) -> None:
        self.ioloop = loop
        self.engine.start()
        threading.Thread(target=self.engine.run, name="wirepress-rebuild", daemon=True).start()

    def examine(self):
        if self._changes:   # livereload's own start-up message
            return self._changes.pop()
        return None, None   # the reload is sent when a build has finished

    def _event(self, kind, batch=None, ok=None, started=None, done=None):
        changed = batch.paths() if batch else []
        if kind == "changed":
            shown = ", ".join(os.path.relpath(p, self.cwd) for p in changed[:5])
            more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
            print(f"[wirepress] changed: {shown}{more} -> rebuilding", file=sys.stderr, flush=True)
        elif kind == "built" and self.ioloop is not None:
            self.ioloop.add_callback(self._built, changed, 0 if ok else 1, done - started)

    def _build(self, batch) -> bool:
        started = time.time()
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
        return rc == 0

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
        self.last_build = {"rc": rc, "seconds": seconds, "finished": time.time()}
        state = "ok" if rc == 0 else "FAILED (see /_build/)"
        print(f"[wirepress] rebuild {state} in {seconds:.2f}s; reloading browsers",
              file=sys.stderr, flush=True)
        self.filepath = _reload_path(changed)   # livereload logs it
        LiveReloadHandler.reload_waiters(self.filepath)


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
    server.SFH = SnapshotFileHandler   # livereload's handler class for files under root
    watcher.begin(IOLoop.current())
    print(f"[wirepress] serving {output} on http://{host}:{port}/ (build report: /_build/)",
          file=sys.stderr, flush=True)
    server.serve(host=host, port=port, root=str(output), restart_delay=0)
