"""One build at a time per project: an flock on a file in the cache folder.

Two builds at once (an editor's `make html` while `invoke livereload` rebuilds) would both
write content/, the wire manifest, Pelican's content cache and output/, and read each
other's half-written files. A newsroom wants the second build to happen, not to fail:
it waits for the first (saying so, with the holder's pid) and then builds the latest
state. A build that waits longer than `timeout` seconds fails with a clear message
instead of hanging for ever. flock locks die with their process, so a killed build
never leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager

LOCK_NAME = "build.lock"
DEFAULT_TIMEOUT = 600.0    # seconds; below the dev server's 900 s build timeout


class BuildLocked(RuntimeError):
    """Another build held the lock for longer than we were willing to wait."""


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def build_lock(cache_dir: str | os.PathLike, echo=print, timeout: float | None = DEFAULT_TIMEOUT,
               what: str = "build"):
    """Hold the project's build lock for the `with` block; wait (and say so) while another
    process holds it."""
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(os.fspath(cache_dir), LOCK_NAME)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            echo(f"{what}: another build is running (pid {holder}), waiting for it to finish...")
            started = time.monotonic()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if timeout is not None and time.monotonic() - started > timeout:
                        raise BuildLocked(f"{what}: another build (pid {_holder(fd)}) is still running "
                                          f"after {timeout:.0f} s; not building. Lock file: {path}") from None
                    time.sleep(0.1)
            echo(f"{what}: the other build finished after {time.monotonic() - started:.1f} s; building")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)          # releases the lock
