"""Hashes of files the ingest read before, by their stat: a wire file or a release whose stat
is the one it had when it was hashed is not read again (one new wire file among 10,000 hashed
every seed and every release before).

The record is a cache, never the truth: it lives under CACHE_PATH, not in content/ (a rewrite
there is a build input: fastbuild would build instead of skipping), is replaced atomically, and
losing it, or finding one of another folder or version, only costs hashing again. An entry is
used only when the file's whole stat key (size, mtime, ctime, inode) is the one recorded, and
recorded only for a file whose stat did not move while it was read and that was last changed
SETTLED_SECONDS before (a write in the same clock tick as the hash could leave size and
times as they were: git's "racy" case). ctime cannot be set by any tool, and a file renamed
into place (every atomic write) has a new inode.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from .store import CONTENT_SPACE, atomic_write

VERSION = 1
SETTLED_SECONDS = 2.0
SEEDS, CONTENT = "seeds", CONTENT_SPACE     # the two folders whose files are recorded


def stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def cache_file(cache_path: str | os.PathLike, seeds: Path, content: Path) -> Path:
    """The record of one seeds/content pair under CACHE_PATH."""
    key = hashlib.blake2b(f"{os.path.abspath(seeds)}\0{os.path.abspath(content)}".encode(
        "utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return Path(cache_path) / f"wire-hashes-{key}.json"


class StatHashes:
    """{folder: {relative path: "stat key|hash"}}; `hash_of` and `learn` during a run, `save`
    writes what this run found true (entries of files not seen again are dropped) when it
    differs from what was loaded: a run that finds everything as recorded writes nothing."""

    def __init__(self, path: Path | None, roots: dict[str, str]):
        self.path = path
        self.roots = roots
        self.loaded: dict[str, dict[str, str]] = {}
        self.seen: dict[str, dict[str, str]] = {space: {} for space in roots}

    @classmethod
    def open(cls, path: Path | None, seeds: Path, content: Path) -> "StatHashes":
        hashes = cls(path, {SEEDS: os.path.abspath(seeds), CONTENT: os.path.abspath(content)})
        if path is None:
            return hashes
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            if raw.get("version") == VERSION and raw.get("roots") == hashes.roots:
                hashes.loaded = {space: dict(raw["files"].get(space, {})) for space in hashes.roots}
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            pass         # no record, or one that cannot be read: every file is hashed
        return hashes

    def hash_of(self, space: str, rel: str, st: os.stat_result | None) -> str | None:
        """The hash recorded for this file with exactly this stat, else None (hash it)."""
        if st is None or self.path is None:
            return None
        rec = self.loaded.get(space, {}).get(rel)
        if rec is None:
            return None
        key, _, digest = rec.partition("|")
        if key != stat_key(st) or not digest:
            return None
        self.seen[space][rel] = rec
        return digest

    def learn(self, space: str, rel: str, before: os.stat_result, after: os.stat_result,
              digest: str, now: float | None = None) -> None:
        """Record `digest` for the file read between the stats `before` and `after`, when
        the file held still and had settled."""
        if self.path is None:
            return
        key = stat_key(after)
        if stat_key(before) != key:
            return
        now = time.time() if now is None else now
        if after.st_ctime_ns >= (now - SETTLED_SECONDS) * 1e9:
            return
        self.seen[space][rel] = f"{key}|{digest}"

    def save(self) -> None:
        """Write the record (atomically) when this run's differs from the one loaded."""
        if self.path is None or self.seen == {space: self.loaded.get(space, {}) for space in self.roots}:
            return
        data = {"version": VERSION, "roots": self.roots, "files": self.seen}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
        except OSError:
            return       # no record: the next run hashes again
        self.loaded = {space: dict(files) for space, files in self.seen.items()}
