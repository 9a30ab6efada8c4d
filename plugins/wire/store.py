"""content/: where releases are written, and the manifest that keeps editors' work safe.

The manifest (content/.wire-manifest.json) records, for each wire file, the hash of
its bytes, the Markdown file written for it and the hash of that Markdown as we
wrote it. A Markdown file whose bytes no longer match what we wrote was edited by a
person: it is theirs, and is never overwritten. Every write goes to a temporary file
in the same folder and is renamed into place, so a crash leaves the old file or the
new one, never half of one.

Crash safety: each release is recorded in an append-only journal beside the manifest
(content/.wire-manifest.journal, one JSON line) *before* its file is renamed into
place, and the journal is folded into the manifest when the ingest ends. After a crash
(`kill -9`, power cut of the process) the next run replays the journal and keeps each
line only if the release file on disk has exactly the bytes the line names: a line whose
rename never happened is dropped, so that wire file is simply converted again, under the
same slug a clean run gives it. No release is ever unknown to the manifest, so no rerun
writes a `-2` copy of one. (One line per release instead of rewriting a 3,000-entry
manifest per release: see README, Ingest alone.)
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".wire-manifest.json"
JOURNAL = ".wire-manifest.journal"
RELEASES = "releases"


def sha(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


TEMP_SUFFIX = ".wire.tmp"


def temp_path(folder: Path, key: str) -> Path:
    """A hidden temporary file beside the releases, one per wire file and process."""
    return folder / f".{hashlib.sha256(os.fsencode(key)).hexdigest()[:16]}.{os.getpid()}{TEMP_SUFFIX}"


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


def write_beside(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path` (the first half of an atomic write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path.parent, path.name)
    try:
        write_new(tmp, data)
    except BaseException:
        remove_quietly(tmp)
        raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    move_into_place(write_beside(path, data), path)


@dataclass
class Entry:
    wire_hash: str
    markdown: str          # path relative to the content folder, "releases/<slug>.md"
    markdown_hash: str     # sha256 of the Markdown bytes as the converter wrote them
    converter: int         # converter version that wrote it
    withdrawn: str = ""    # "" | "noticed" (its wire file left seeds/) | "hidden" (and Status: hidden)


@dataclass
class Store:
    content: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False
    _journal_fd: int | None = None
    _header_cache: dict | None = None

    @classmethod
    def open(cls, content: Path) -> "Store":
        store = cls(content)
        try:
            raw = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
            store.entries = {name: Entry(**e) for name, e in raw.get("files", {}).items()}
        except (OSError, ValueError, TypeError):
            store.entries = {}
        store._replay()
        return store

    def _replay(self) -> None:
        """Fold in what a run that did not finish recorded (see the module's docstring)."""
        try:
            lines = (self.content / JOURNAL).read_bytes().splitlines()
        except OSError:
            return
        self.dirty = True        # the next save folds the journal into the manifest
        for line in lines:
            try:
                rec = json.loads(line)
                name, entry = rec["name"], Entry(**rec["entry"])
            except (ValueError, TypeError, KeyError):
                continue         # the torn last line of a killed run
            try:
                on_disk = sha((self.content / entry.markdown).read_bytes())
            except OSError:
                on_disk = None
            if on_disk == entry.markdown_hash:
                self.entries[name] = entry

    def _log(self, name: str, entry: Entry) -> None:
        """Append one record to the journal: one write() on an O_APPEND descriptor."""
        if self._journal_fd is None:
            self.content.mkdir(parents=True, exist_ok=True)
            self._journal_fd = os.open(self.content / JOURNAL,
                                       os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                                       0o644)
        line = json.dumps({"name": name, "entry": vars(entry)}, sort_keys=True) + "\n"
        os.write(self._journal_fd, line.encode())

    def close(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    def save(self) -> None:
        """Write the whole manifest (atomically), then drop the journal it now contains."""
        if not self.dirty:
            self.close()
            return
        data = {"files": {name: vars(e) for name, e in sorted(self.entries.items())}}
        atomic_write(self.content / MANIFEST, json.dumps(data, indent=1, sort_keys=True).encode())
        self.close()
        remove_quietly(self.content / JOURNAL)
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

    def write(self, wire_name: str, wire_hash: str, relpath: str, text: str, converter: int,
              withdrawn: str = "") -> None:
        data = text.encode("utf-8")
        tmp = write_beside(self.content / relpath, data)
        self.commit(wire_name, wire_hash, relpath, tmp, sha(data), converter, withdrawn)

    def commit(self, wire_name: str, wire_hash: str, relpath: str, tmp: Path, markdown_hash: str,
               converter: int, withdrawn: str = "") -> None:
        """Move a release already written to a temporary file into place: journal first,
        rename second (a line without its rename is dropped on replay)."""
        entry = Entry(wire_hash, relpath, markdown_hash, converter, withdrawn)
        try:
            self._log(wire_name, entry)
        except BaseException:
            remove_quietly(tmp)
            raise
        move_into_place(tmp, self.content / relpath)
        self.entries[wire_name] = entry
        self.dirty = True

    def update(self, wire_name: str, entry: Entry) -> None:
        """Change what the manifest says about a release whose file is already in place."""
        self._log(wire_name, entry)
        self.entries[wire_name] = entry
        self.dirty = True

    def find_moved(self, wire_name: str, entry: Entry) -> str | None:
        """Where a release went that an editor renamed or moved inside content/: the one
        Markdown file that names this wire file (Wire-Source) and the bytes the release was
        made from (Wire-Hash). None when there is none, or more than one."""
        same_bytes = [rel for rel, meta in self._headers().items()
                      if meta.get(WIRE_HASH_KEY) == entry.wire_hash and rel != entry.markdown]
        named = [rel for rel in same_bytes
                 if self._headers()[rel].get(WIRE_SOURCE_KEY) == _meta_name(wire_name)]
        for found in (named, same_bytes):     # two wire files may carry the same bytes
            if len(found) == 1:
                return found[0]
        return None

    def _headers(self) -> dict[str, dict[str, str]]:
        """The metadata lines of every Markdown file in content/ (read once, when needed)."""
        if self._header_cache is not None:
            return self._header_cache
        out = {}
        for path in sorted(self.content.rglob("*.md")):
            rel = path.relative_to(self.content).as_posix()
            if any(part.startswith(".") for part in path.relative_to(self.content).parts):
                continue
            out[rel] = read_header(path)
        self._header_cache = out
        return out

    def remove_stale_temporaries(self) -> None:
        """Temporary files a crashed run left behind (never a release): in releases/ (the
        workers' and the renames') and in content/ (the manifest's)."""
        for folder in (self.content / RELEASES, self.content):
            if folder.is_dir():
                for name in os.listdir(folder):
                    if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                        remove_quietly(folder / name)


WIRE_SOURCE_KEY, WIRE_HASH_KEY, SLUG_KEY, STATUS_KEY = "Wire-Source", "Wire-Hash", "Slug", "Status"


def _meta_name(name: str) -> str:
    """A wire file name as mdwriter writes it on its Wire-Source line (one line, trimmed)."""
    return " ".join(os.fsencode(name).decode("utf-8", "replace").split())


def read_header(path: Path, limit: int = 16384) -> dict[str, str]:
    """The `Key: value` lines at the top of a Markdown file (Pelican's metadata block)."""
    meta: dict[str, str] = {}
    try:
        with open(path, "rb") as fh:
            head = fh.read(limit).decode("utf-8", "replace")
    except OSError:
        return meta
    for line in head.split("\n"):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep:
            meta.setdefault(key.strip(), value.strip())
    return meta


def with_status(text: str, status: str) -> str:
    """The Markdown with its metadata's Status line set to `status` (added when absent)."""
    head, sep, body = text.partition("\n\n")
    lines = [ln for ln in head.split("\n") if not ln.lower().startswith(STATUS_KEY.lower() + ":")]
    lines.append(f"{STATUS_KEY}: {status}")
    return "\n".join(lines) + (sep or "\n\n") + body
