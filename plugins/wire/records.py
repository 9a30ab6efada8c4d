"""The ingest's records as sqlite tables, one file each in content/: the manifest
(wire.store) and the story index (wire.lifecycle).

Why tables, not JSON: a JSON record is read and written whole. At 100,000 releases the
two took 3.4 s to read and 6.3 s to write for one new wire file, 60% of its ingest; a
table is read and written by the row, so that cost follows the change, not the archive.

One transaction per run: every write of an ingest goes into one sqlite transaction,
committed when the ingest saves. A run killed before that leaves the file as it was when
the run began (sqlite's own rollback journal), and wire.store's journal, which holds each
wire file's entries and story records, redoes what the run did. So the old rule stands:
the journal is the truth for a run that did not finish, the tables for one that did.

Text goes in as UTF-8 bytes with surrogates passed through (`key`): a wire file's name
that is not UTF-8 reaches us with surrogate escapes, which sqlite's text type refuses.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger("wire")


def key(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def text(raw) -> str:
    return raw.decode("utf-8", "surrogatepass") if isinstance(raw, bytes) else raw


def committed_rows(path: Path, query: str) -> list[tuple]:
    """The rows of `query` in the table file `path` as last committed: opened read-only, no
    journal replayed, nothing written ([] when there is no file). For tests and tools."""
    if not path.exists():
        return []
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def connect(path: Path, schema: str, version: int) -> tuple[sqlite3.Connection, bool]:
    """The records in `path`, created with `schema` when new; (connection, fresh). Fresh
    is True when the tables were just made: the file was missing, of another `version`,
    or unreadable (it is then moved aside to `<name>.unreadable`, with a warning, and
    the caller rebuilds what it can)."""
    try:
        return _open(path, schema, version)
    except sqlite3.DatabaseError as exc:
        aside = path.with_name(path.name + ".unreadable")
        log.warning("wire records: %s is unreadable (%s): moved to %s and rebuilt", path, exc, aside.name)
        for suffix in ("", "-journal"):
            try:
                os.replace(f"{path}{suffix}", f"{aside}{suffix}")
            except OSError:
                pass
        return _open(path, schema, version)


def _open(path: Path, schema: str, version: int) -> tuple[sqlite3.Connection, bool]:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=60)
    try:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found == version:
            return db, False
        # new (0), or written by another version of these records: made again from what is
        # left (content/ and the legacy JSON); the journal of a killed run still applies
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in tables:
            db.execute(f'DROP TABLE "{name}"')
        db.executescript(schema)
        db.execute(f"PRAGMA user_version = {int(version)}")
        db.commit()
        return db, True
    except BaseException:
        db.close()
        raise
