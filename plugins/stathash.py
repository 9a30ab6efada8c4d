"""A file's bytes known by its stat: the one rule for every record of "this file, with this
stat, has this hash" (the wire ingest's hashes of seeds and releases, sha256; fastbuild's
snapshot of every build input, blake2b). Each caller hashes the bytes its own way; this module
decides when a recorded hash still stands for the file.

The rule. A file's stat key is (size, mtime, ctime, inode): ctime cannot be set by any tool,
and a file renamed into place (every atomic write) has a new inode. A hash stands for the file
while its stat key is the one recorded, *if* it was recorded "settled": the stat did not move
while the bytes were read, and the file was last changed SETTLED_SECONDS before. A write in the
same clock tick as the read could leave size and times as they were (git's "racily clean"
entries); such an entry is kept, marked racy, and is compared by its bytes next time, never
trusted by its stat.

Folders are walked with `files_under` (os.scandir, one stat per file), the walk both records
share.
"""
from __future__ import annotations

import json
import os
import stat as stat_mod
import time
from pathlib import Path

SETTLED_SECONDS = 2.0
SKIP_DIRS = {"__pycache__", ".git", ".pytest_cache"}
RACY = "?"           # an entry's key starts with it when it was recorded unsettled
RECORD_VERSION = 1


def stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def settled(before: os.stat_result, after: os.stat_result, now: float | None = None) -> bool:
    """Did the file hold still while it was read (`before`, `after`: its stats around the
    read), and was it last changed SETTLED_SECONDS before `now`?"""
    if stat_key(before) != stat_key(after):
        return False
    now = time.time() if now is None else now
    return after.st_ctime_ns < (now - SETTLED_SECONDS) * 1e9


def folder_entries(folder: str):
    """One folder's entries as every walk here reads them: (name, None) for a folder to go
    into, (name, os.stat_result) for a file (a link: its target's stat; a dangling link: the
    link's). Folders in SKIP_DIRS and links to folders are left out (as os.walk does); an
    unreadable folder has none."""
    try:
        it = os.scandir(folder)
    except OSError:
        return
    with it:
        for entry in it:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name not in SKIP_DIRS and not entry.is_symlink():
                    yield entry.name, None
                continue
            try:
                st = entry.stat()
            except OSError:      # a dangling link is an input too (the ingest reports it)
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
            yield entry.name, st


def files_under(root: str):
    """(relative path, os.stat_result) of every file under root, in no particular order:
    os.scandir, one stat per file (folder_entries' rules)."""
    if not root or not os.path.isdir(root):
        return
    stack = [("", os.path.normpath(root))]
    while stack:
        prefix, folder = stack.pop()
        for name, st in folder_entries(folder):
            if st is None:
                stack.append((prefix + name + "/", os.path.join(folder, name)))
            else:
                yield prefix + name, st


def walk(root: str):
    """`files_under(root)`, sorted by relative path."""
    return sorted(files_under(root), key=lambda item: item[0])


def read_digest(path: str, new_hash) -> tuple[str, os.stat_result | None, os.stat_result | None]:
    """(digest, stat before, stat after the read) of a regular file's bytes, hashed in chunks
    with `new_hash()` (hashlib's interface). Anything else (a FIFO, a link to /dev/zero, a
    socket) is named by its type and never opened for reading: a FIFO would block for ever,
    /dev/zero would never end. An unreadable file is named by its error. The stats are None
    when there is no open file to take them of."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"unreadable:{exc.errno}", None, None
    if not stat_mod.S_ISREG(st.st_mode):
        return f"special:{stat_mod.S_IFMT(st.st_mode):o}", st, st
    try:    # O_NONBLOCK: if a FIFO was swapped in since the stat, open does not wait
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"unreadable:{exc.errno}", st, st
    h = new_hash()
    try:
        before = os.fstat(fd)
        if not stat_mod.S_ISREG(before.st_mode):
            return "special", before, before
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            h.update(chunk)
        after = os.fstat(fd)
    except OSError as exc:
        return f"unreadable:{exc.errno}", None, None
    finally:
        os.close(fd)
    return h.hexdigest(), before, after


class StatRecord:
    """{space: {relative path: "stat key|hash"}} for the folders `roots` ({space: absolute
    path}); a racy entry's key starts with RACY. `known` and `learn` during a run; `seen` is
    what this run found (entries of files not seen again are dropped); `data()` is the record
    to keep (JSON), `save` writes it to `path` when it differs from what was loaded."""

    def __init__(self, roots: dict[str, str], path: Path | None = None):
        self.path = path
        self.roots = {space: os.path.abspath(root) for space, root in roots.items()}
        self.loaded: dict[str, dict[str, str]] = {space: {} for space in self.roots}
        self.seen: dict[str, dict[str, str]] = {space: {} for space in self.roots}
        self.matches = False      # the data given was a record of these roots (and this version)

    @classmethod
    def from_data(cls, data, roots: dict[str, str], path: Path | None = None) -> "StatRecord":
        """The record in `data` (what `data()` gave), if it is one of the same roots and
        version; else an empty one (every file hashed)."""
        rec = cls(roots, path)
        try:
            if data.get("version") == RECORD_VERSION and data.get("roots") == rec.roots:
                rec.loaded = {space: dict(data["files"].get(space, {})) for space in rec.roots}
                rec.matches = True
        except (TypeError, AttributeError, KeyError):
            pass
        return rec

    @classmethod
    def open(cls, path: Path | None, roots: dict[str, str]) -> "StatRecord":
        """The record kept in the file `path` (None: no record, nothing is kept)."""
        data = None
        if path is not None:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass     # no record, or one that cannot be read: every file is hashed
        return cls.from_data(data, roots, path)

    def entry(self, space: str, rel: str) -> tuple[str, str, bool] | None:
        """(stat key, hash, settled) as recorded for this file, or None."""
        rec = self.loaded.get(space, {}).get(rel)
        if rec is None:
            return None
        key, _, digest = rec.partition("|")
        return key.removeprefix(RACY), digest, not key.startswith(RACY)

    def known(self, space: str, rel: str, st: os.stat_result | None) -> str | None:
        """The hash recorded for this file with exactly this stat, and settled; else None
        (hash it)."""
        got = self.entry(space, rel) if st is not None else None
        if got is None:
            return None
        key, digest, trusted = got
        if not trusted or key != stat_key(st) or not digest:
            return None
        self.seen[space][rel] = self.loaded[space][rel]
        return digest

    def learn(self, space: str, rel: str, before: os.stat_result | None, after: os.stat_result | None,
              digest: str, now: float | None = None) -> None:
        """Record `digest` for the file read between the stats `before` and `after`: settled
        (trusted by its stat next time) or racy (kept, compared by its bytes next time)."""
        if after is None:
            return
        key = stat_key(after)
        if before is None or not settled(before, after, now):
            key = RACY + key
        self.seen[space][rel] = f"{key}|{digest}"

    def unchanged(self, space: str, rel: str, st: os.stat_result, digest_now) -> bool:
        """Is the file (stat `st`) the one recorded? By its stat when the entry is settled and
        the stat is the same; else by its bytes (`digest_now()`) when the size is the same."""
        rec = self.loaded.get(space, {}).get(rel)
        if rec is not None and rec.startswith(stat_key(st) + "|"):
            return True          # settled (a racy entry's key starts with RACY) and the same stat
        got = self.entry(space, rel)
        if got is None:
            return False
        key, digest, _trusted = got
        return key.split(":", 1)[0] == str(st.st_size) and digest_now() == digest

    def data(self) -> dict:
        return {"version": RECORD_VERSION, "roots": self.roots, "files": self.seen}

    def of_space(self, space: str) -> "StatRecord":
        """What this run found of one space, as a record to look up in (`known`) by a later
        step of the same build; the rest of this record (its other spaces, what was loaded)
        is not kept alive by it."""
        rec = StatRecord({space: self.roots[space]})
        rec.loaded[space] = self.seen[space]
        rec.matches = True
        return rec

    def save(self, write) -> None:
        """Write the record with `write(path, bytes)` (an atomic write) when this run's differs
        from the one loaded; an OSError only means no record (the next run hashes again)."""
        if self.path is None or self.seen == self.loaded:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write(self.path, json.dumps(self.data(), sort_keys=True, separators=(",", ":")).encode())
        except OSError:
            return
        self.loaded = {space: dict(files) for space, files in self.seen.items()}
