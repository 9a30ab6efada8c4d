"""Replace an output file atomically: write a temporary file in the same folder, then
os.replace() it over the target, so a web server (or the dev server) reading output/ during a
build sees the old bytes or the new ones, never half a page.

One helper for every plugin that writes output files (fastbuild's page writer, the feeds,
the sitemaps, robots.txt), so they all follow the same rules:

- the temporary file's name is unique (tempfile.mkstemp: several processes, such as the forked
  page writer, or threads may write at once) and hidden (".name.XXXX.tmp"), in the target's
  folder (a rename is atomic only within one file system);
- it gets the mode a plain open() would give (mkstemp's is 0600, which a web server running as
  another user could not read);
- no fsync: the guarantee is for readers during the build, not against a power cut (an fsync
  per file would cost seconds at 28,000 files; the next build rewrites a lost file anyway).

Not a PyPI dependency: `atomicwrites` is archived and unmaintained, and this is a dozen lines.
"""
from __future__ import annotations

import os
import tempfile


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()     # read once at import: os.umask() is process-wide, not thread-safe


def same_bytes(path: str, data: bytes) -> bool:
    """True when `path` already holds exactly `data`."""
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False


def write_bytes(path: str | os.PathLike, data: bytes, *, if_changed: bool = False) -> bool:
    """Write `data` to `path` atomically (creating its folder). With if_changed, a file that
    already holds these bytes is left alone (its mtime too). True if the file was written."""
    path = os.fspath(path)
    if if_changed and same_bytes(path, data):
        return False
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8", *,
               if_changed: bool = False) -> bool:
    return write_bytes(path, text.encode(encoding), if_changed=if_changed)
