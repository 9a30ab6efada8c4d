"""content/: where releases are written, and the manifest that keeps editors' work safe.

The manifest (content/.wire-manifest.sqlite, a table: wire.records) records, for each wire file, the hash of
its bytes, the Markdown file written for it and the hash of that Markdown as we
wrote it. A Markdown file whose bytes no longer match what we wrote was edited by a
person: it is theirs, and is never overwritten. Every write goes to a temporary file
in the same folder and is renamed into place, so a crash leaves the old file or the
new one, never half of one.

Crash safety: everything one wire file changes in content/ (its release, an earlier
version kept beside it, a file removed, the manifest entries, the story records of
wire.lifecycle) is one transaction: the new files are written to temporary files first,
then one JSON line naming all of it is appended to a journal beside the manifest
(content/.wire-manifest.journal, a single write()), and only then are the files renamed
into place. The manifest's table is written when the ingest ends, in one sqlite
transaction (the rows this run changed); then the journal goes. After a crash
(`kill -9`, power cut of the process) the next run replays the journal: a complete line is
redone (its renames whose temporary file is still there, its removals, its entries and
story records), a torn or missing line is as if that wire file had never been seen, so it
is simply converted again, under the same slug a clean run gives it (the next run's first line
starts after the fragment, on a line of its own). So no release is ever
unknown to the manifest (no rerun writes a `-2` copy of one), and the manifest and the
story index never disagree. (A line per wire file instead of rewriting a 3,000-entry
manifest per release: see README, Ingest alone; and a table instead of a JSON file rewritten
whole per run: wire.records.)
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import records

log = logging.getLogger("wire")

MANIFEST = ".wire-manifest.sqlite"
LEGACY_MANIFEST = ".wire-manifest.json"    # the manifest before it was a table: read once, then removed
MANIFEST_VERSION = 1
MANIFEST_SCHEMA = """
CREATE TABLE files (name BLOB PRIMARY KEY, wire_hash TEXT NOT NULL, markdown BLOB NOT NULL,
                    markdown_hash TEXT NOT NULL, converter INTEGER NOT NULL, withdrawn TEXT NOT NULL);
CREATE INDEX files_markdown ON files (markdown);
"""
JOURNAL = ".wire-manifest.journal"
RELEASES = "releases"
CONTENT_SPACE = "content"      # the stat record's name for this folder (plugins/stathash.py)


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
class _Transaction:
    """What one wire file changes, staged until `Store.end` journals it in one line."""
    ops: list = field(default_factory=list)        # ["mv", tmp, path] | ["rm", path], relative
    entries: dict = field(default_factory=dict)    # wire name -> Entry
    before: dict = field(default_factory=dict)     # wire name -> its Entry before (None: none)


@dataclass
class Store:
    content: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False
    replayed_stories: dict = field(default_factory=dict)   # wire.lifecycle's records of a killed run
    hashes: object = None      # stathash.StatRecord: releases not read again (None: read each)
    db: sqlite3.Connection | None = None     # the manifest's table; `entries` is read from it whole
    _changed: dict = field(default_factory=dict)   # names whose rows `save` writes (in order; values None)
    _pointing: dict = field(default_factory=dict)  # markdown -> changed names whose entries name it
    _legacy: bool = False      # the entries came from LEGACY_MANIFEST (removed once saved)
    _journal_fd: int | None = None
    _header_cache: dict | None = None
    _txn: _Transaction | None = None

    @classmethod
    def open(cls, content: Path) -> "Store":
        store = cls(content)
        store.db, fresh = records.connect(content / MANIFEST, MANIFEST_SCHEMA, MANIFEST_VERSION)
        # every entry, in one query: each run looks at every wire file in seeds/ (0.3 s at 100,000)
        store.entries = {records.text(name): Entry(wire_hash, records.text(md), md_hash, converter, withdrawn)
                         for name, wire_hash, md, md_hash, converter, withdrawn
                         in store.db.execute("SELECT * FROM files")}
        if fresh:
            store._import_legacy()
        store._replay()
        return store

    def _import_legacy(self) -> None:
        """The JSON manifest of an earlier Wirepress, taken into the table (removed at save)."""
        try:
            raw = json.loads((self.content / LEGACY_MANIFEST).read_text(encoding="utf-8"))
            found = {name: Entry(**e) for name, e in raw.get("files", {}).items()}
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("wire ingest: the manifest %s is unreadable (%s): every wire file is looked at again",
                        self.content / LEGACY_MANIFEST, exc)
            found = {}
        self._legacy = True
        for name, entry in found.items():
            self._set(name, entry)
        self.dirty = True

    def _set(self, name: str, entry: Entry | None) -> None:
        """An entry in memory (None: removed); the table is written at `save`, so a run holds
        no lock on it (a killed one leaves it as it was, and its journal redoes the run)."""
        old = self.entries.pop(name, None)
        if old is not None:           # (a name not changed before is found by the table's query)
            self._pointing.get(old.markdown, set()).discard(name)
        self._changed[name] = None
        if entry is not None:
            self.entries[name] = entry
            self._pointing.setdefault(entry.markdown, set()).add(name)

    def names_for(self, markdown: str) -> list[str]:
        """The wire files whose entries name the release `markdown`: the table's, by its index,
        as this run has changed them."""
        stored = {records.text(r[0]) for r in
                  self.db.execute("SELECT name FROM files WHERE markdown = ?", (records.key(markdown),))}
        return sorted({n for n in stored if n not in self._changed} | self._pointing.get(markdown, set()))

    def _write_changed(self) -> None:
        for name in self._changed:
            entry = self.entries.get(name)
            if entry is None:
                self.db.execute("DELETE FROM files WHERE name = ?", (records.key(name),))
            else:
                self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                                (records.key(name), entry.wire_hash, records.key(entry.markdown),
                                 entry.markdown_hash, int(entry.converter), entry.withdrawn or ""))
        self.db.commit()
        self._changed, self._pointing = {}, {}

    def _replay(self) -> None:
        """Redo what a run that did not finish journaled (see the module's docstring)."""
        try:
            lines = (self.content / JOURNAL).read_bytes().splitlines()
        except OSError:
            return
        self.dirty = True        # the next save folds the journal into the manifest
        last_op: dict[str, list] = {}     # the last thing done to each path decides it
        for line in lines:
            try:
                rec = json.loads(line)
                if "name" in rec:      # a line of the journal before transactions: one release
                    rec = self._before_transactions(rec["name"], Entry(**rec["entry"]))
                entries = {name: Entry(**e) for name, e in rec["entries"].items()}
                ops, stories = rec["ops"], rec["stories"]
            except (ValueError, TypeError, KeyError, AttributeError):
                continue         # the torn last line of a killed run
            for op in ops:
                last_op[op[-1]] = op
            for name, entry in entries.items():
                self._set(name, entry)
            self.replayed_stories.update(stories)
        for path, op in last_op.items():
            if op[0] == "mv":
                tmp = self.content / op[1]
                if tmp.exists():              # else it was renamed before the kill
                    os.replace(tmp, self.content / path)
            else:
                remove_quietly(self.content / path)

    def _before_transactions(self, name: str, entry: Entry) -> dict:
        """Such a line was written before its rename: it holds only if the file did move."""
        try:
            on_disk = sha((self.content / entry.markdown).read_bytes())
        except OSError:
            on_disk = None
        entries = {name: vars(entry)} if on_disk == entry.markdown_hash else {}
        return {"ops": [], "entries": entries, "stories": {}}

    # --- transactions: one per wire file ----------------------------------------------------

    def begin(self) -> None:
        if self._txn is None:
            self._txn = _Transaction()

    def end(self, stories: dict | None = None) -> None:
        """Journal the open transaction in one append, then carry it out."""
        txn, self._txn = self._txn, None
        if txn is None or not (txn.ops or txn.entries or stories):
            return
        self._journal(txn, stories or {})
        try:
            self._carry_out(txn)
        except BaseException:
            self._undo_entries(txn)
            raise

    def _journal(self, txn: _Transaction, stories: dict) -> None:
        line = json.dumps({"ops": txn.ops, "entries": {n: vars(e) for n, e in txn.entries.items()},
                           "stories": stories}, sort_keys=True) + "\n"
        try:
            self._append(line)
        except BaseException:
            self._drop_temporaries(txn.ops)
            raise

    def _carry_out(self, txn: _Transaction) -> None:
        for i, op in enumerate(txn.ops):
            if op[0] == "mv":
                try:
                    move_into_place(self.content / op[1], self.content / op[2])
                except BaseException:
                    self._drop_temporaries(txn.ops[i + 1:])
                    raise
            else:
                remove_quietly(self.content / op[1])

    def _undo_entries(self, txn: _Transaction) -> None:
        """A rename failed (disk full): the manifest keeps saying what is on disk, in memory
        and, by a second line that outweighs the first on replay, in the journal."""
        for name, entry in txn.before.items():
            self._set(name, entry)
        undo = _Transaction(entries={n: e for n, e in txn.before.items() if e is not None})
        try:
            self._journal(undo, {})
        except OSError:
            pass

    def _drop_temporaries(self, ops: list) -> None:
        for op in ops:
            if op[0] == "mv":
                remove_quietly(self.content / op[1])

    def _staged(self) -> tuple[_Transaction, bool]:
        """The open transaction, or a new one of a single change (True: end it after)."""
        if self._txn is not None:
            return self._txn, False
        self.begin()
        return self._txn, True

    def put(self, relpath: str, data: bytes) -> str:
        """Write `relpath` in content/ when the transaction ends; the hash of `data`."""
        txn, single = self._staged()
        tmp = write_beside(self.content / relpath, data)
        txn.ops.append(["mv", tmp.relative_to(self.content).as_posix(), relpath])
        if single:
            self.end()
        return sha(data)

    def remove(self, relpath: str) -> None:
        """Remove `relpath` from content/ when the transaction ends."""
        txn, single = self._staged()
        txn.ops.append(["rm", relpath])
        if single:
            self.end()

    def _append(self, line: str) -> None:
        """One write() on an O_APPEND descriptor: a line is whole or torn, never interleaved."""
        if self._journal_fd is None:
            self.content.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.content / JOURNAL,
                         os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            # kill -9 can tear a line (a write() of more than a page stops between pages when
            # a fatal signal is pending): end the fragment first, or this run's first line is
            # glued to it, unreadable, and a later replay loses that whole transaction
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                os.write(fd, b"\n")
            self._journal_fd = fd
        os.write(self._journal_fd, line.encode())

    def close(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    def save(self) -> None:
        """Commit the run's changes to the manifest's table, then drop the journal (and the
        JSON manifest of an earlier version) it now contains."""
        if not self.dirty:
            self.close()
            return
        self._write_changed()
        self.close()
        remove_quietly(self.content / JOURNAL)
        if self._legacy:
            remove_quietly(self.content / LEGACY_MANIFEST)
            self._legacy = False
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
        current = self.markdown_hash(entry.markdown)
        return current is not None and current != entry.markdown_hash

    def markdown_hash(self, relpath: str) -> str | None:
        """The hash of a file in content/ as it is now (None: none there); not read again
        when `hashes` has it for the file's present stat."""
        path = os.path.join(self.content, relpath)
        if self.hashes is None:
            try:
                with open(path, "rb") as fh:
                    return sha(fh.read())
            except OSError:
                return None
        try:
            known = self.hashes.known(CONTENT_SPACE, relpath, os.stat(path))
            if known is not None:
                return known
            with open(path, "rb") as fh:
                before = os.fstat(fh.fileno())
                digest = sha(fh.read())
                after = os.fstat(fh.fileno())
        except OSError:
            return None
        self.hashes.learn(CONTENT_SPACE, relpath, before, after, digest)
        return digest

    def write(self, wire_name: str, wire_hash: str, relpath: str, text: str, converter: int,
              withdrawn: str = "") -> None:
        txn, single = self._staged()
        markdown_hash = self.put(relpath, text.encode("utf-8"))
        self.update(wire_name, Entry(wire_hash, relpath, markdown_hash, converter, withdrawn))
        if single:
            self.end()

    def commit(self, wire_name: str, wire_hash: str, relpath: str, tmp: Path, markdown_hash: str,
               converter: int, withdrawn: str = "") -> None:
        """Move a release a worker already wrote to a temporary file into place."""
        txn, single = self._staged()
        txn.ops.append(["mv", tmp.relative_to(self.content).as_posix(), relpath])
        self.update(wire_name, Entry(wire_hash, relpath, markdown_hash, converter, withdrawn))
        if single:
            self.end()

    def update(self, wire_name: str, entry: Entry) -> None:
        """Change what the manifest says about a wire file (journaled with its transaction)."""
        txn, single = self._staged()
        txn.before.setdefault(wire_name, self.entries.get(wire_name))
        txn.entries[wire_name] = entry
        self._set(wire_name, entry)
        self.dirty = True
        if single:
            self.end()

    def record(self, wire_name: str, wire_hash: str, relpath: str, markdown_hash: str, converter: int,
               withdrawn: str = "") -> None:
        """A release another part placed through `put` (wire.lifecycle: a new version, a kill)."""
        self.update(wire_name, Entry(wire_hash, relpath, markdown_hash, converter, withdrawn))

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
        """Temporary files a crashed run left behind (never a release): in content/ and the
        folders beside releases/ that a transaction writes to (versions/, incoming/)."""
        try:
            folders = [self.content] + [self.content / n for n in os.listdir(self.content)
                                        if not n.startswith(".") and (self.content / n).is_dir()]
        except OSError:
            return
        for folder in folders:
            for name in os.listdir(folder):
                if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                    remove_quietly(folder / name)


def saved_entries(content: Path) -> dict[str, Entry]:
    """The manifest as last committed (no journal replayed, nothing written): for tests and tools."""
    return {records.text(n): Entry(w, records.text(m), h, c, wd) for n, w, m, h, c, wd
            in records.committed_rows(Path(content) / MANIFEST, "SELECT * FROM files")}


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
