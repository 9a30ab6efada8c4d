"""content/: where releases are written, and the manifest that keeps editors' work safe.

The manifest (content/.wire-manifest.json) records, for each wire file, the hash of
its bytes, the Markdown file written for it and the hash of that Markdown as we
wrote it. A Markdown file whose bytes no longer match what we wrote was edited by a
person: it is theirs, and is never overwritten. Every write goes to a temporary file
in the same folder and is renamed into place, so a crash leaves the old file or the
new one, never half of one.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".wire-manifest.json"
RELEASES = "releases"


def sha(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


TEMP_SUFFIX = ".wire.tmp"


def temp_path(folder: Path, key: str) -> Path:
    """A hidden temporary file beside the releases, one per wire file and process."""
    return folder / f".{hashlib.sha256(key.encode()).hexdigest()[:16]}.{os.getpid()}{TEMP_SUFFIX}"


def write_new(path: Path, data: bytes) -> None:
    """Create or truncate `path` with `data` (the first half of an atomic write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def move_into_place(tmp: Path, path: Path) -> None:
    """The second half: rename over the target; on failure the temporary file goes."""
    try:
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise


def remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path.parent, path.name)
    try:
        write_new(tmp, data)
    except BaseException:
        remove_quietly(tmp)
        raise
    move_into_place(tmp, path)


@dataclass
class Entry:
    wire_hash: str
    markdown: str          # path relative to the content folder, "releases/<slug>.md"
    markdown_hash: str     # sha256 of the Markdown bytes as the converter wrote them
    converter: int         # converter version that wrote it


@dataclass
class Store:
    content: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, content: Path) -> "Store":
        store = cls(content)
        try:
            raw = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
            store.entries = {name: Entry(**e) for name, e in raw.get("files", {}).items()}
        except (OSError, ValueError, TypeError):
            store.entries = {}
        return store

    def save(self) -> None:
        if not self.dirty:
            return
        data = {"files": {name: vars(e) for name, e in sorted(self.entries.items())}}
        atomic_write(self.content / MANIFEST, json.dumps(data, indent=1, sort_keys=True).encode())
        self.dirty = False

    def taken_slugs(self) -> set[str]:
        """Slugs in use: every Markdown file in releases/ (written by us or by people)."""
        folder = self.content / RELEASES
        try:
            return {p[:-3] for p in os.listdir(folder) if p.endswith(".md")}
        except OSError:
            return set()

    def edited(self, entry: Entry) -> bool:
        """Has a person changed the Markdown we wrote (or removed it)?"""
        try:
            current = (self.content / entry.markdown).read_bytes()
        except OSError:
            return False
        return sha(current) != entry.markdown_hash

    def write(self, wire_name: str, wire_hash: str, relpath: str, text: str, converter: int) -> None:
        data = text.encode("utf-8")
        atomic_write(self.content / relpath, data)
        self.record(wire_name, wire_hash, relpath, sha(data), converter)

    def commit(self, wire_name: str, wire_hash: str, relpath: str, tmp: Path, markdown_hash: str,
               converter: int) -> None:
        """Move a release a worker already wrote to a temporary file into place."""
        move_into_place(tmp, self.content / relpath)
        self.record(wire_name, wire_hash, relpath, markdown_hash, converter)

    def record(self, wire_name: str, wire_hash: str, relpath: str, markdown_hash: str, converter: int) -> None:
        self.entries[wire_name] = Entry(wire_hash, relpath, markdown_hash, converter)
        self.dirty = True

    def remove_stale_temporaries(self) -> None:
        """Temporary files a crashed run left behind (never a release)."""
        folder = self.content / RELEASES
        if folder.is_dir():
            for name in os.listdir(folder):
                if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                    remove_quietly(folder / name)
