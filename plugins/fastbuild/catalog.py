"""The catalog: what the last successful build rendered, in one sqlite3 file under CACHE_PATH.

- `meta`: the catalog's schema, the Wirepress/Pelican/Python key and the settings key it
  was written with: any mismatch and the catalog is not used (a full render, then a new one);
- `outputs`: per output file (a page, a feed) the fingerprint of its inputs and the file as
  written (size, mtime_ns, hash of its bytes): a page whose fingerprint is unchanged and
  whose file is still that file needs no rendering;
- `releases`: what each release is (source path, hash, slug, url, date, tags, category,
  source, lang, status), for tools and the next steps of issue 9 (content/ stays the truth:
  nothing here is needed to build, a missing or corrupt catalog only costs a full render).

Written at the end of a successful build only (into a temporary file, then renamed), so
a failed build leaves the previous catalog, or none.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3

log = logging.getLogger("fastbuild")
SCHEMA = "wirepress-catalog-1"


def catalog_path(settings) -> str:
    key = hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=8).hexdigest()
    return os.path.join(settings.get("CACHE_PATH") or "cache", f"catalog-{key}.sqlite")


def file_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
    except OSError:
        return None


class Catalog:
    """The previous build's records (read once at the start) and this build's (kept in memory
    and written at the end)."""

    def __init__(self, path: str, settings_key: str):
        self.path, self.key = path, settings_key
        self.previous: dict[str, tuple] = {}       # output path -> (fingerprint, size, mtime_ns, hash)
        self.records: dict[str, tuple] = {}        # this build's, same shape
        self.why_not: str | None = None            # why the previous catalog is not used
        self.complete = True                       # records hold every page of this build
        self.rendered = 0
        self.skipped = 0
        self.digester = None                       # this build's fingerprint.Digester (fastbuild sets it)
        self.digested_at_fork = 0                  # its records when the page writer forked
        self.digested_elsewhere = 0                # records the forked writer made (merge_file)

    def load(self) -> "Catalog":
        if not os.path.exists(self.path):
            self.why_not = "no catalog"
            return self
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                meta = dict(con.execute("SELECT key, value FROM meta"))
                if meta.get("schema") != SCHEMA or meta.get("settings") != self.key:
                    self.why_not = "the catalog is from another version or other settings"
                    return self
                self.previous = {row[0]: tuple(row[1:]) for row in
                                 con.execute("SELECT path, fingerprint, size, mtime_ns, hash FROM outputs")}
            finally:
                con.close()
        except sqlite3.Error as exc:       # corrupt, truncated, not a database: a full render
            log.warning("fastbuild: catalog %s not used (%s): every page is rendered", self.path, exc)
            self.why_not = f"unreadable catalog ({exc})"
            self.previous = {}
        return self

    def unchanged(self, path: str, fp: str | None) -> bool:
        """Is `path` the file last written for fingerprint `fp`? Its stat, else its bytes."""
        if fp is None:
            return False
        old = self.previous.get(path)
        if old is None or old[0] is None or old[0] != fp:
            return False
        try:
            st = os.stat(path)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns) == (old[1], old[2]):
            return True
        return st.st_size == old[1] and file_hash(path) == old[3]

    def keep(self, path: str) -> None:
        """A skipped file: its record carries over (its stat, as it is now)."""
        old = self.previous[path]
        try:
            st = os.stat(path)
            self.records[path] = (old[0], st.st_size, st.st_mtime_ns, old[3])
        except OSError:
            pass

    def note(self, path: str, fp: str | None, data: bytes) -> None:
        """A file rendered (and written, or left alone as identical) for fingerprint `fp`."""
        try:
            st = os.stat(path)
        except OSError:
            return
        self.records[path] = (fp, st.st_size, st.st_mtime_ns, hashlib.blake2b(data, digest_size=16).hexdigest())

    def merge_file(self, path: str) -> None:
        """Records another process (the forked writer) left in `path` (JSON), then the file goes."""
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            self.records.update({k: tuple(v) for k, v in data["records"].items()})
            self.rendered += data.get("rendered", 0)
            self.skipped += data.get("skipped", 0)
            self.digested_elsewhere += data.get("digested", 0)
        except (OSError, ValueError, KeyError) as exc:
            self.complete = False      # its pages are not stale: nothing is removed this build
            log.warning("fastbuild: the forked writer's records were not read (%s): its pages "
                        "render again next build", exc)
        finally:
            try:
                os.remove(path)
            except OSError:
                pass

    def dump_file(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            made = (self.digester.digested - self.digested_at_fork) if self.digester is not None else 0
            json.dump({"records": self.records, "rendered": self.rendered, "skipped": self.skipped,
                       "digested": made}, fh)

    def save(self, releases=()) -> None:
        """Write the catalog: a new file beside the old one, then renamed over it."""
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.remove(tmp)
        except OSError:
            pass
        con = sqlite3.connect(tmp)
        try:
            con.executescript("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE outputs (path TEXT PRIMARY KEY, fingerprint TEXT, size INTEGER,
                                      mtime_ns INTEGER, hash TEXT);
                CREATE TABLE releases (source_path TEXT PRIMARY KEY, hash TEXT, slug TEXT, url TEXT,
                                       date TEXT, tags TEXT, category TEXT, source TEXT, lang TEXT,
                                       status TEXT);
            """)
            con.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA), ("settings", self.key)])
            con.executemany("INSERT INTO outputs VALUES (?, ?, ?, ?, ?)",
                            [(p, *r) for p, r in sorted(self.records.items())])
            con.executemany("INSERT OR REPLACE INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", releases)
            con.commit()
        finally:
            con.close()
        os.replace(tmp, self.path)


def release_rows(articles, file_hashes: dict) -> list[tuple]:
    rows = []
    for a in articles:
        rel = getattr(a, "relative_source_path", "") or ""
        date = getattr(a, "date", None)
        rows.append((rel, file_hashes.get(rel), getattr(a, "slug", None), getattr(a, "url", None),
                     date.isoformat() if date else None,
                     json.dumps([str(t) for t in getattr(a, "tags", None) or []], ensure_ascii=False),
                     str(getattr(a, "category", "") or ""), str(a.metadata.get("source", "") or ""),
                     getattr(a, "lang", None), getattr(a, "status", None)))
    return rows
