"""Replace an output file atomically: write a temporary file in the same folder, then
os.replace() it over the target, so a web server (or the dev server) reading output/ during a
build sees the old bytes or the new ones, never half a page.

One module for every plugin that writes output files (fastbuild's page writer, the feeds,
the sitemaps, robots.txt, the static files Pelican copies, Pagefind's index), so they all follow the same rules:

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
from contextlib import contextmanager
from dataclasses import dataclass


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


@contextmanager
def _replacing(path: str):
    """A temporary file beside `path`, open for writing: when the block ends cleanly it gets
    the mode a plain open() would give and replaces `path`; on any error it is removed and
    `path` is as it was. The one mechanism behind write_bytes and copy_file."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes(path: str | os.PathLike, data: bytes, *, if_changed: bool = False) -> bool:
    """Write `data` to `path` atomically (creating its folder). With if_changed, a file that
    already holds these bytes is left alone (its mtime too). True if the file was written."""
    path = os.fspath(path)
    if if_changed and same_bytes(path, data):
        return False
    with _replacing(path) as fh:
        fh.write(data)
    return True


@dataclass
class WriteTally:
    """How many files a build wrote, and how many it left alone because they already held the
    bytes it would have written (fastbuild's closing line: "N files written, M unchanged")."""
    written: int = 0
    unchanged: int = 0


def tally_of(build) -> WriteTally:
    """The tally of one build, kept on its Pelican object (`build.output_tally`): every plugin
    that writes into that build's output counts into this one; a new build (a new Pelican
    object) starts at zero."""
    tally = getattr(build, "output_tally", None)
    if tally is None:
        tally = build.output_tally = WriteTally()
    return tally


def write_if_changed(path: str | os.PathLike, data: bytes, tally: WriteTally | None = None) -> bool:
    """The compare-then-write of every file of a build: the feeds, sitemaps, robots.txt and
    fastbuild's pages (fastbuild/writer.py), all counted on the build's tally: a file that already holds exactly `data` is left alone, its mtime too, so an
    rsync publish and the dev server see only what changed; any other is replaced atomically
    (write_bytes). Counted on `tally` when one is given. True if the file was written."""
    wrote = write_bytes(path, data, if_changed=True)
    if tally is not None:
        if wrote:
            tally.written += 1
        else:
            tally.unchanged += 1
    return wrote


def copy_file(source: str | os.PathLike, path: str | os.PathLike, *, if_changed: bool = True) -> bool:
    """Copy `source` to `path` atomically (streamed, so a large video is never held in memory);
    with if_changed, a target that already holds the same bytes is left alone. True if copied."""
    import filecmp
    import shutil

    source, path = os.fspath(source), os.fspath(path)
    if if_changed and os.path.isfile(path) and filecmp.cmp(source, path, shallow=False):
        return False
    with _replacing(path) as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
    return True


def publish_tree(staged: str | os.PathLike, target: str | os.PathLike, *, first=(),
                 keep_seconds: float = 600.0) -> int:
    """Move every file of the folder `staged` into `target` by rename: each file is replaced
    atomically (both folders on one file system: `staged` should sit beside `target`). The
    relative paths in `first` go LAST: they name the others (a search index's entry file), so a
    reader never meets an entry that points at a file not there yet. Files of an older
    generation left in `target` are removed once older than `keep_seconds`, so a reader that
    loaded the previous entry a moment ago still finds the files it names. `staged` is removed
    afterwards. A file already there with the same bytes is left alone (its mtime too, for
    rsync). Returns the number of files moved."""
    import shutil
    import time

    staged, target = os.fspath(staged), os.fspath(target)
    moved, names = 0, []
    for folder, _dirs, files in os.walk(staged):
        for name in files:
            names.append(os.path.relpath(os.path.join(folder, name), staged))
    last = set(first)
    fresh = set(names)
    for rel in sorted(names, key=lambda r: (r in last, r)):
        dest, src = os.path.join(target, rel), os.path.join(staged, rel)
        with open(src, "rb") as fh:
            data = fh.read()
        if same_bytes(dest, data):   # Pagefind's names are content hashes: most files stay
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.chmod(src, _MODE)
        os.replace(src, dest)
        moved += 1
    shutil.rmtree(staged, ignore_errors=True)
    old = time.time() - keep_seconds
    for folder, _dirs, files in os.walk(target):
        for name in files:
            full = os.path.join(folder, name)
            if os.path.relpath(full, target) in fresh:
                continue
            try:
                if os.path.getmtime(full) < old:
                    os.unlink(full)
            except OSError:
                pass
    return moved


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8", *,
               if_changed: bool = False) -> bool:
    return write_bytes(path, text.encode(encoding), if_changed=if_changed)
