"""A story's life at ingest: new versions replace their release in place, kills withdraw
it, re-sends stay one release, and an editor's file is never overwritten by a new version.

Ingest calls `Lifecycle.place` for every converted wire file before it gives it a release of
its own; `place` returns True when the file belonged to a story the site already has (and
has dealt with it), False when it is a new story, which ingest then places as before and
announces with `Lifecycle.published`.

State: `content/.wire-stories.sqlite` (wire.records), one record per story (its release, its
version key, the hash of the Markdown we last wrote, its wire files, its earlier versions),
with the indexes that find a story by key, wire hash, release and (agency, place, day). It
sits next to the manifest, is committed with it, and is rebuilt from the releases'
`Story-Id` lines when it is lost. The release Markdown stays the truth about what is published.

Decisions (see README, "Updates, corrections and withdrawals"):
- the release keeps its file, slug, URL, `Date` and feed id (`First-Hash`); `Modified` is the
  new version's time; `Version` counts the versions the site has shown;
- the version it replaces is kept as a hidden article in `content/versions/<slug>--v<N>.md`
  (Pelican renders it at its own URL and lists it nowhere; the release links to it), so a
  reader can see what was first published, and nothing else on the site changes;
- a kill sets `Status: hidden` and replaces the body with one sentence; earlier versions go;
- an edited release is the editor's: the new version goes to
  `content/incoming/<slug>.incoming.md` (outside ARTICLE_PATHS) and the conflict is reported.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import identity as ident_mod
from . import records
from . import store as store_mod
from .story import (CORRECTION, DATE, FIRST_HASH, MODIFIED, RECEIVED_FOR, SLUG, SOURCE, STATUS, STORY_ID,
                    SUMMARY, TITLE, VERSION, VERSION_OF, WIRE_HASH, WIRE_SOURCE, WITHDRAWN)

log = logging.getLogger("wire")

INDEX = ".wire-stories.sqlite"
LEGACY_INDEX = ".wire-stories.json"    # the index before it was a table: read once, then removed
VERSIONS = "versions"          # earlier versions: hidden articles (ARTICLE_PATHS includes it)
INCOMING = "incoming"          # new versions of edited releases: Pelican does not read it
RECEIVED = "received"          # duplicates and late older versions, as converted: not read either
MATCH_DAYS = 3                 # a rewrite of a story comes within days, not weeks
REWRITE_SIMILARITY = 0.5       # a marked version (UPDATE 1-, CORRECTED-) with a new headline
LATE_ORIGINAL_SIMILARITY = 0.6  # an unmarked story arriving after an update of it ...
LATE_ORIGINAL_OVERLAP = 0.3     # ... shares most words and a third of all (Jaccard) with it
WITHDRAWN_TITLE = "This story has been withdrawn"


@dataclass
class LifecycleReport:
    """What happened to stories in one ingest (the build log and /_build/ show it)."""
    updated: list[tuple[str, str]] = field(default_factory=list)      # (wire file, release)
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (wire file, release)
    superseded: list[tuple[str, str]] = field(default_factory=list)   # older versions arriving late
    withdrawn: list[tuple[str, str]] = field(default_factory=list)    # (wire file, release or story)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)   # (wire file, release, incoming)

    def summary(self) -> str:
        return (f"wire lifecycle: {len(self.updated)} updated in place, {len(self.duplicates)} duplicates, "
                f"{len(self.superseded)} older versions ignored, {len(self.withdrawn)} withdrawn, "
                f"{len(self.conflicts)} conflicts with edited releases")

    def __bool__(self) -> bool:
        return bool(self.updated or self.duplicates or self.superseded or self.withdrawn or self.conflicts)


# --- the Markdown metadata block ---------------------------------------------------------

def split(text: str) -> tuple[list[str], str]:
    head, sep, body = text.partition("\n\n")
    return head.split("\n"), body if sep else ""


def get_meta(text: str, key: str) -> str | None:
    for line in split(text)[0]:
        k, sep, v = line.partition(":")
        if sep and k.strip().lower() == key.lower():
            return v.strip()
    return None


def set_meta(text: str, updates: dict[str, str | None], after: str = DATE) -> str:
    """Replace, add (after `after`) or remove (None) metadata lines; the body is kept."""
    lines, body = split(text)
    out, done = [], set()
    for line in lines:
        k = line.partition(":")[0].strip()
        match = next((u for u in updates if u.lower() == k.lower()), None)
        if match is None:
            out.append(line)
        elif updates[match] is not None and match not in done:
            out.append(f"{match}: {_one_line(updates[match])}")
            done.add(match)
        else:
            done.add(match)
    missing = [f"{k}: {_one_line(v)}" for k, v in updates.items() if v is not None and k not in done]
    if missing:
        at = next((i + 1 for i, ln in enumerate(out) if ln.partition(":")[0].strip().lower() == after.lower()),
                  len(out))
        out[at:at] = missing
    return "\n".join(out) + "\n\n" + body


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


def _words(text: str) -> frozenset:
    return frozenset(w for w in ident_mod.normalise(split(text)[1]).split() if len(w) > 2)


# --- the story index ---------------------------------------------------------------------

def _day_of(day) -> dt.date | None:
    """The date of a story's day, or None where it gives none (then it is near every day)."""
    try:
        return dt.date.fromisoformat(str(day or "")[:10])
    except ValueError:
        return None


STORIES_VERSION = 1
STORIES_SCHEMA = """
CREATE TABLE stories (seq INTEGER PRIMARY KEY, sid BLOB UNIQUE NOT NULL, release BLOB NOT NULL,
                      incoming BLOB, rec TEXT NOT NULL);
CREATE INDEX stories_release ON stories (release);
CREATE INDEX stories_incoming ON stories (incoming) WHERE incoming IS NOT NULL;
CREATE TABLE story_keys (key BLOB NOT NULL, sid BLOB NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, sid));
CREATE INDEX story_keys_sid ON story_keys (sid);
CREATE TABLE story_hashes (hash TEXT PRIMARY KEY, sid BLOB NOT NULL);
CREATE INDEX story_hashes_sid ON story_hashes (sid);
CREATE TABLE story_days (agency BLOB NOT NULL, place BLOB NOT NULL, day TEXT NOT NULL, seq INTEGER NOT NULL,
                         sid BLOB NOT NULL, marked INTEGER NOT NULL);
CREATE INDEX story_days_at ON story_days (agency, place, day);
CREATE INDEX story_days_of_agency ON story_days (agency, day);
CREATE INDEX story_days_sid ON story_days (sid);
"""


class Stories:
    """The story records (wire.records: a table in content/.wire-stories.sqlite) and the
    indexes that find them, read by the row.

    A record looked up may be changed in place, as a dict (the lifecycle's code does so
    after `self.stories[sid]`). `flush` writes back the records that changed and derives
    their index rows from them (keys, wire hashes, agency, place, day, whether a version
    is marked), so a look-up always sees what this run did; `changes` also hands what
    changed since its last call to the store's journal, and forgets the records read (a
    bulk ingest holds none). `peek` reads a record that is not to be changed: it is not
    compared at the next flush (finding a story reads dozens of candidates, and comparing
    each one's JSON at every look-up made the bulk ingest 1.7x slower).

    Order: stories are numbered as they are first stored (`seq`); where several match,
    they come oldest first, and "the latest" is the last."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.cache: dict[str, dict | None] = {}     # records read this run (None: none)
        self.stored: dict[str, str | None] = {}     # ... as their JSON is in the table
        self.touched: dict[str, None] = {}          # looked up since the last flush, in order
        self.unjournaled: dict[str, dict | None] = {}

    def _load(self, sid: str, touch: bool = True) -> dict | None:
        if touch:
            self.touched[sid] = None
        if sid not in self.cache:
            row = self.db.execute("SELECT rec FROM stories WHERE sid = ?", (records.key(sid),)).fetchone()
            self.stored[sid] = row[0] if row else None
            self.cache[sid] = json.loads(row[0]) if row else None
        return self.cache[sid]

    def __contains__(self, sid: str) -> bool:
        return self._load(sid, touch=False) is not None

    def peek(self, sid: str) -> dict | None:
        """The record, to read only (a change made to it may be lost); None: no such story."""
        return self._load(sid, touch=False)

    def __getitem__(self, sid: str) -> dict:
        rec = self._load(sid)
        if rec is None:
            raise KeyError(sid)
        return rec

    def get(self, sid: str, default=None):
        rec = self._load(sid)
        return default if rec is None else rec

    def __setitem__(self, sid: str, rec: dict) -> None:
        self._load(sid)
        self.cache[sid] = rec

    def setdefault(self, sid: str, rec: dict) -> dict:
        found = self._load(sid)
        if found is None:
            self.cache[sid] = found = rec
        return found

    def pop(self, sid: str, *default):
        rec = self._load(sid)
        if rec is None:
            if default:
                return default[0]
            raise KeyError(sid)
        self.cache[sid] = None
        return rec

    def __len__(self) -> int:
        self.flush()
        return self.db.execute("SELECT count(*) FROM stories").fetchone()[0]

    def items(self):
        """Every story, oldest first (for tests and tools: the ingest looks up by the row)."""
        self.flush()
        return [(records.text(sid), json.loads(rec))
                for sid, rec in self.db.execute("SELECT sid, rec FROM stories ORDER BY seq")]

    def flush(self) -> None:
        for sid in self.touched:       # in the order looked up: a new story is numbered so
            rec = self.cache.get(sid)
            encoded = None if rec is None else json.dumps(rec, sort_keys=True)
            if encoded == self.stored.get(sid):
                continue
            self._write(sid, rec, encoded)
            self.stored[sid] = encoded
            self.unjournaled[sid] = None if rec is None else json.loads(encoded)
        self.touched.clear()

    def _write(self, sid: str, rec: dict | None, encoded: str | None) -> None:
        k = records.key(sid)
        for table in ("story_keys", "story_hashes", "story_days"):
            self.db.execute(f"DELETE FROM {table} WHERE sid = ?", (k,))
        if rec is None:
            self.db.execute("DELETE FROM stories WHERE sid = ?", (k,))
            return
        incoming = rec.get("incoming")
        self.db.execute(
            "INSERT INTO stories (sid, release, incoming, rec) VALUES (?, ?, ?, ?) ON CONFLICT (sid) DO "
            "UPDATE SET release = excluded.release, incoming = excluded.incoming, rec = excluded.rec",
            (k, records.key(rec.get("release") or ""), records.key(incoming) if incoming else None, encoded))
        seq = self.db.execute("SELECT seq FROM stories WHERE sid = ?", (k,)).fetchone()[0]
        self.db.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?, ?)",
                            [(records.key(key), k, seq) for key in rec.get("keys", [sid])])
        self.db.executemany("INSERT OR REPLACE INTO story_hashes VALUES (?, ?)",
                            [(h, k) for h in rec.get("hashes", [])])
        day = _day_of(rec.get("day"))
        self.db.execute("INSERT INTO story_days VALUES (?, ?, ?, ?, ?, ?)",
                        (records.key(rec.get("agency", "")), records.key(rec.get("place", "")),
                         day.isoformat() if day else "", seq, k, int(_marked(rec))))

    def changes(self) -> dict:
        self.flush()
        out, self.unjournaled = self.unjournaled, {}
        self.cache.clear()
        self.stored.clear()
        return out

    # --- the indexes ---------------------------------------------------------------------

    def _sids(self, sql: str, args: tuple) -> list[str]:
        self.flush()
        return [records.text(r[0]) for r in self.db.execute(sql, args)]

    def with_key(self, key: str) -> list[str]:
        return self._sids("SELECT sid FROM story_keys WHERE key = ? ORDER BY seq", (records.key(key),))

    def with_hash(self, digest: str) -> str | None:
        found = self._sids("SELECT sid FROM story_hashes WHERE hash = ?", (digest,))
        return found[0] if found else None

    def with_release(self, release: str) -> str | None:
        found = self._sids("SELECT sid FROM stories WHERE release = ? ORDER BY seq LIMIT 1",
                           (records.key(release),))
        return found[0] if found else None

    def with_incoming(self) -> list[tuple[str, str, str]]:
        """(story, release, incoming file) of every story with a new version waiting beside it."""
        self.flush()
        rows = self.db.execute("SELECT seq, sid, release, incoming FROM stories WHERE incoming IS NOT NULL")
        return [(records.text(s), records.text(r), records.text(i)) for _, s, r, i in sorted(rows)]

    def near(self, agency: str, place: str | None, day, marked: bool = False) -> list[str]:
        """The stories of (agency, place), or of every place of the agency when `place` is
        None, whose day is within MATCH_DAYS of `day` or is no date (what `_near` says of
        their days), only those with a marked version when `marked`: the days of the window
        looked up in the (agency, place, day) index, never a scan of the agency's stories
        (an agency files most of its copy from one city, and a story with no dateline is
        compared with all of its agency's stories of those days)."""
        where, args = ["agency = ?"], [records.key(agency)]
        if place is not None:
            where.append("place = ?")
            args.append(records.key(place))
        when = _day_of(day)
        if when is not None:
            days = [""]
            for k in range(-MATCH_DAYS, MATCH_DAYS + 1):
                try:
                    days.append((when + dt.timedelta(days=k)).isoformat())
                except OverflowError:          # beside date.min or date.max
                    continue
            where.append(f"day IN ({', '.join('?' * len(days))})")
            args.extend(days)
        if marked:
            where.append("marked = 1")
        return self._sids(f"SELECT sid FROM story_days WHERE {' AND '.join(where)} ORDER BY seq", tuple(args))


@dataclass
class Lifecycle:
    content: Path
    stories: Stories | None = None
    report: LifecycleReport = field(default_factory=LifecycleReport)
    db: sqlite3.Connection | None = None
    _legacy: bool = False      # read from LEGACY_INDEX (removed once saved)

    @classmethod
    def open(cls, content: Path, replayed: dict | None = None) -> "Lifecycle":
        """`replayed`: story records a killed run journaled with its releases (wire.store)."""
        life = cls(content)
        life.db, fresh = records.connect(content / INDEX, STORIES_SCHEMA, STORIES_VERSION)
        life.stories = Stories(life.db)
        if fresh:
            for sid, rec in life._first_records(bool(replayed)).items():
                life.stories[sid] = rec
        for sid, story in (replayed or {}).items():
            if story is None:
                life.stories.pop(sid, None)
            else:
                life.stories[sid] = story
        for sid, _release, incoming in life.stories.with_incoming():
            if not (content / incoming).exists():       # an editor's merge is done when the file is gone
                life.stories[sid].pop("incoming", None)
        life.stories.changes()      # (these are not this run's to journal: they are already on disk)
        return life

    def _first_records(self, replayed: bool) -> dict[str, dict]:
        """The records of a new index: the JSON index of an earlier version when there is
        one; else, unless a killed first run left everything in the journal (`replayed`),
        the releases' own metadata."""
        try:
            raw = json.loads((self.content / LEGACY_INDEX).read_text(encoding="utf-8"))
            self._legacy = True
            return {k: v for k, v in raw.get("stories", {}).items() if isinstance(v, dict)}
        except FileNotFoundError:
            return {} if replayed else self._scan()
        except (OSError, ValueError, TypeError, AttributeError):
            log.warning("wire lifecycle: %s is unreadable; rebuilding it from the releases",
                        self.content / LEGACY_INDEX)
            self._legacy = True
            return self._scan()

    def _scan(self) -> dict[str, dict]:
        """The index from the releases' own metadata (when .wire-stories.json is lost)."""
        found: dict[str, dict] = {}
        folder = self.content / store_mod.RELEASES
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return found
        for name in names:
            if not name.endswith(".md"):
                continue
            try:
                text = (folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            sid = get_meta(text, STORY_ID)
            if not sid:
                continue
            status = (get_meta(text, STATUS) or "").lower()
            found[sid] = {
                "release": f"{store_mod.RELEASES}/{name}", "keys": [sid], "version": [0, 0, ""],
                "hash": store_mod.sha(text.encode("utf-8")), "status": "withdrawn" if get_meta(text, WITHDRAWN)
                else "published", "agency": ident_mod.normalise(get_meta(text, SOURCE) or ""), "place": "",
                "day": (get_meta(text, DATE) or "")[:10], "wire": [get_meta(text, WIRE_SOURCE) or ""],
                "hashes": [get_meta(text, WIRE_HASH) or ""], "first_hash": get_meta(text, FIRST_HASH)
                or get_meta(text, WIRE_HASH) or "", "digest": "", "versions": [],
                "count": int(get_meta(text, VERSION) or 1) if (get_meta(text, VERSION) or "1").isdigit() else 1,
                "current": get_meta(text, WIRE_SOURCE) or "",
            }
            if status == "hidden" and not get_meta(text, WITHDRAWN):
                found[sid]["status"] = "hidden"
        return found

    def changes(self) -> dict:
        """The story records changed since the last call (None: removed), for the store to
        journal in the same line as the wire file's releases: one transaction (wire.store)."""
        return self.stories.changes()

    def save(self) -> None:
        """Commit the run's records (then the JSON index of an earlier version goes)."""
        self.stories.flush()
        if self.db.in_transaction:
            self.db.commit()
        if self._legacy:
            store_mod.remove_quietly(self.content / LEGACY_INDEX)
            self._legacy = False

    def pending_conflicts(self) -> list[tuple[str, str]]:
        """(release, incoming file) for every edited release with a version waiting beside it."""
        return sorted((release, incoming) for _sid, release, incoming in self.stories.with_incoming())

    # --- finding the story a wire file belongs to ----------------------------------------

    def find(self, ident: ident_mod.Identity, digest: str) -> str | None:
        found = self.stories.with_hash(digest)
        if found is not None:
            return found
        for key in ident.keys:
            sids = self.stories.with_key(key)
            if not sids:
                continue
            if key.startswith("guid:"):
                return sids[-1]
            if key.startswith(("slug:", "number:")):
                # agencies reuse a slug for another day's story ("BC-Tarnwick Dam" next week)
                near = [s for s in sids if _near(self.stories.peek(s).get("day", ""), ident.day)]
                if near:
                    return near[-1]
                continue
            # the same headline: the same story only when it reads as one (or says it is one)
            best = self._closest(ident, sids)
            if best:
                return best
        if ident.structured:
            return None
        # a marked version under a new headline: the agency's story of that place and day; or
        # an unmarked first version arriving after its own update (which renamed the story)
        # (no dateline: a kill advisory, a bare alert: any of the agency's stories)
        # (an unmarked story is an earlier version only of a story whose version is marked)
        candidates = self.stories.near(ident.agency, ident.place or None, ident.day,
                                       marked=ident.kind == ident_mod.ORIGINAL)
        if ident.kind == ident_mod.KILL:
            return self._kill_target(ident, candidates)
        if ident.kind == ident_mod.ORIGINAL:
            # only when it plainly is that story: taking a new story for an old version would
            # keep it off the site, so the whole texts must overlap, not just the shorter one
            best = self._closest(ident, candidates, LATE_ORIGINAL_SIMILARITY)
            if best and ident_mod.overlap(ident.words, self._words_of(self.stories.peek(best))) >= LATE_ORIGINAL_OVERLAP:
                return best
            return None
        return self._closest(ident, candidates, REWRITE_SIMILARITY) if candidates else None

    def _kill_target(self, ident, sids) -> str | None:
        """A kill that names its story only in words ("KILL: story headed 'Mayor resigns' ..."):
        the candidate whose headline it quotes (most of the headline's words), else none."""
        said = set(ident.words) | set(ident_mod.normalise(ident.headline).split())
        best, score = None, 0.0
        for sid in sids:
            try:
                title = get_meta((self.content / self.stories.peek(sid)["release"]).read_text(encoding="utf-8"), TITLE)
            except (OSError, UnicodeDecodeError, KeyError):
                continue
            words = [w for w in ident_mod.normalise(ident_mod.strip_prefixes(title or "")[0]).split() if len(w) > 2]
            share = sum(w in said for w in words) / len(words) if words else 0.0
            if share >= 0.6 and share > score:
                best, score = sid, share
        return best

    def _closest(self, ident, sids, threshold=None) -> str | None:
        if threshold is None:
            # an unmarked copy under the same headline is the same story only when it has the
            # same text: a changed text without a version mark may be another story (two
            # companies' "Quarterly Cash Dividend"), and a story must never be lost
            threshold = REWRITE_SIMILARITY if ident.kind != ident_mod.ORIGINAL else 1.01
        best, score = None, 0.0
        for sid in sids:
            rec = self.stories.peek(sid)
            if rec.get("digest") and rec["digest"] == ident.text_digest:
                return sid
            if not _near(rec.get("day", ""), ident.day):
                continue
            if ident.kind == ident_mod.KILL:
                return sid
            s = ident_mod.similarity(ident.words, self._words_of(rec))
            if s >= threshold and s > score:
                best, score = sid, s
        return best

    def _words_of(self, rec: dict) -> frozenset:
        try:
            return _words((self.content / rec["release"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, KeyError):
            return frozenset()

    # --- placing ---------------------------------------------------------------------------

    def place(self, name: str, digest: str, prepared, store, taken: set[str]) -> bool:
        """Deal with a converted wire file that belongs to a known story; False: a new story."""
        ident = getattr(prepared, "identity", None)
        if ident is None:
            return False
        sid = self.find(ident, digest)
        entry = store.entries.get(name)
        if sid is None and entry is not None and (self.content / entry.markdown).exists() \
                and store.edited(entry) and ident.kind != ident_mod.KILL:
            # the wire file of an edited release changed (the feed overwrote it in the drop
            # folder): whatever the text says, it is that release's new version
            sid = self.stories.with_release(entry.markdown)
            if sid is None:
                sid = ident.story_id
                self.stories[sid] = {"release": entry.markdown, "keys": [], "version": [0, 0, ""],
                                     "hash": entry.markdown_hash, "status": "published", "agency": ident.agency,
                                     "place": ident.place, "day": ident.day, "wire": [], "hashes": [],
                                     "first_hash": entry.wire_hash, "digest": "", "versions": [], "count": 1,
                                     "current": name}
        if sid is None:
            if ident.kind == ident_mod.KILL:
                try:
                    hidden = (get_meta(prepared.tmp.read_text(encoding="utf-8"), STATUS) or "").lower() == "hidden"
                except OSError:
                    hidden = False
                if hidden:       # a structured canceled item: its own hidden page, as the converter wrote it
                    return False
                self._tombstone(name, digest, ident)
                store_mod.remove_quietly(prepared.tmp)
                return True
            return False
        rec = self.stories[sid]
        if rec.get("release") and name == rec.get("current") and rec.get("status") != "withdrawn" \
                and not (self.content / rec["release"]).exists():
            return False      # its own wire file, asked back (ingest --restore): placed as it was
        new_text = _read_and_drop(prepared.tmp)
        release = rec["release"]
        path = self.content / release
        if rec.get("status") == "withdrawn":
            log.info("wire lifecycle: %s belongs to a story withdrawn by the agency (%s): not published",
                     name, release or sid)
            self._remember(rec, sid, name, digest, ident)
            self._point(store, name, digest, release, rec.get("hash", ""))
            self.report.superseded.append((name, release or sid))
            return True
        if not path.exists():
            log.info("wire lifecycle: %s is a version of %s, which was removed by hand: not re-created",
                     name, release)
            self._remember(rec, sid, name, digest, ident)
            return True
        current = path.read_text(encoding="utf-8")
        edited = store_mod.sha(current.encode("utf-8")) != rec.get("hash")
        if ident.kind == ident_mod.KILL:
            self._withdraw(name, digest, ident, sid, rec, current, edited, store, prepared.arrived)
            return True
        if name == rec.get("current") and digest == (rec.get("hashes") or [""])[-1]:
            # the current version converted again (--force, a new converter): a release that
            # never had another version is placed as any release is; one that did keeps its history
            if int(rec.get("count", 1)) <= 1:
                store_mod.atomic_write(prepared.tmp, new_text.encode("utf-8"))   # _place_new moves it
                return False
            if not edited:
                self._refresh(name, digest, sid, rec, current, new_text, store)
            return True
        order = _compare(tuple(ident.version), tuple(rec.get("version", (0, 0, ""))))
        same_text = rec.get("digest") == ident.text_digest or digest in rec.get("hashes", [])
        if order < 0 or order == 0 and (same_text or ident.structured):
            older = order < 0
            if older:
                log.info("wire lifecycle: %s is an older version of %s than the one published: kept the newer",
                         name, release)
                self.report.superseded.append((name, release))
            else:
                log.info("wire lifecycle: %s is a copy of %s (same story, same version): one release",
                         name, release)
                self.report.duplicates.append((name, release))
            self._remember(rec, sid, name, digest, ident)
            self._drop_orphan(store, name, release)
            self._keep_received(store, name, digest, release, new_text)
            return True
        if edited:
            self._conflict(name, digest, ident, sid, rec, new_text, store)
            return True
        self._update(name, digest, ident, sid, rec, current, new_text, store, prepared.arrived)
        return True

    def published(self, name: str, digest: str, prepared, relpath: str, markdown_hash: str) -> None:
        """A new story got its own release: remember it."""
        ident = getattr(prepared, "identity", None)
        if ident is None:
            return
        sid = ident.story_id
        if sid in self.stories and self.stories.peek(sid).get("release") != relpath:
            # a second story under the same key (two "Quarterly Cash Dividend" releases)
            sid = f"{sid}#{digest[-12:]}"
        rec = {"release": relpath, "keys": [], "version": list(ident.version), "hash": markdown_hash,
               "status": "withdrawn" if ident.kind == ident_mod.KILL else "published", "agency": ident.agency, "place": ident.place, "day": ident.day,
               "wire": [], "hashes": [], "first_hash": digest, "digest": ident.text_digest,
               "versions": [], "count": 1, "current": name}
        self.stories[sid] = rec
        self._remember(rec, sid, name, digest, ident)

    # --- what each outcome does --------------------------------------------------------------

    def _remember(self, rec: dict, sid: str, name: str, digest: str, ident) -> None:
        for key in ident.keys:
            if key not in rec.setdefault("keys", []):
                rec["keys"].append(key)
        if name not in rec.setdefault("wire", []):
            rec["wire"].append(name)
        if digest not in rec.setdefault("hashes", []):
            rec["hashes"].append(digest)

    def _point(self, store, name: str, digest: str, release: str, markdown_hash: str) -> None:
        """The manifest says this wire file is settled: it lives in `release`."""
        if release:
            store.record(name, digest, release, markdown_hash, _converter())

    def _keep_received(self, store, name: str, digest: str, release: str, new_text: str) -> None:
        """A wire file that changes nothing on the site still leaves its Markdown, outside what
        Pelican reads, so that an editor can see what came and where it went: every wire file
        is accounted for by a file of its own in content/."""
        path = f"{RECEIVED}/{Path(release).stem}--{store_mod.sha(name.encode('utf-8', 'surrogateescape'))[:10]}.md"
        text = set_meta(new_text, {STATUS: "hidden", RECEIVED_FOR: release})
        store.record(name, digest, path, store.put(path, text.encode("utf-8")), _converter())

    def _rehash(self, store, release: str, markdown_hash: str) -> None:
        """Every wire file of this release now maps to the Markdown we just wrote (else the next
        run would take our own rewrite for a person's edit)."""
        for wire_name in store.names_for(release):
            entry = store.entries[wire_name]
            store.record(wire_name, entry.wire_hash, release, markdown_hash, entry.converter)

    def _drop_orphan(self, store, name: str, release: str) -> None:
        """A wire file that had a release of its own (before the site knew it was a copy or a
        version) gives it up, unless a person edited it."""
        entry = store.entries.get(name)
        old = getattr(entry, "markdown", None)
        if not old or old == release:
            return
        path = self.content / old
        if path.exists() and not store.edited(entry):
            store.remove(old)
            log.info("wire lifecycle: %s removed: %s is part of %s", old, name, release)

    def _update(self, name, digest, ident, sid, rec, current, new_text, store, arrived: str) -> None:
        release = rec["release"]
        slug = Path(release).stem
        n = int(rec.get("count", 1))
        # the version being replaced stays readable at its own URL, listed nowhere
        kept = f"{VERSIONS}/{slug}--v{n}.md"
        old = set_meta(current, {STATUS: "hidden", SLUG: f"{slug}--v{n}", VERSION_OF: slug, VERSION: str(n)})
        store.put(kept, old.encode("utf-8"))
        first_date = get_meta(current, DATE)
        when = _version_time(ident, current, get_meta(new_text, DATE), arrived)
        text = set_meta(new_text, {
            SLUG: slug, DATE: first_date, MODIFIED: when, VERSION: str(n + 1),
            FIRST_HASH: rec.get("first_hash") or get_meta(current, WIRE_HASH),
            STORY_ID: sid.split("#")[0],
            CORRECTION: ident.note if ident.kind == ident_mod.CORRECTION and ident.note else None,
        })
        markdown_hash = store.put(release, text.encode("utf-8"))
        self._drop_orphan(store, name, release)
        store.record(name, digest, release, markdown_hash, _converter())
        self._rehash(store, release, markdown_hash)
        rec.setdefault("versions", []).append({"wire": rec.get("current"), "path": kept,
                                               "version": rec.get("version")})
        rec.update(version=list(ident.version), hash=markdown_hash, digest=ident.text_digest,
                   count=n + 1, current=name, day=rec.get("day") or ident.day)
        self._remember(rec, sid, name, digest, ident)
        kind = "correction" if ident.kind == ident_mod.CORRECTION else "update"
        log.info("wire lifecycle: %s is a new version (%s) of %s: updated in place, version %d kept in %s",
                 name, kind, release, n, kept)
        self.report.updated.append((name, release))

    def _refresh(self, name, digest, sid, rec, current, new_text, store) -> None:
        """The current version re-rendered by the converter, with the release's history kept."""
        release = rec["release"]
        keep = {key: get_meta(current, key) for key in (DATE, MODIFIED, VERSION, FIRST_HASH, CORRECTION)}
        text = set_meta(new_text, {SLUG: Path(release).stem, STORY_ID: sid.split("#")[0], **keep})
        markdown_hash = store.put(release, text.encode("utf-8"))
        store.record(name, digest, release, markdown_hash, _converter())
        self._rehash(store, release, markdown_hash)
        rec["hash"] = markdown_hash

    def _conflict(self, name, digest, ident, sid, rec, new_text, store) -> None:
        release = rec["release"]
        slug = Path(release).stem
        incoming = f"{INCOMING}/{slug}.incoming.md"
        text = set_meta(new_text, {SLUG: slug, STORY_ID: sid.split("#")[0]})
        store.put(incoming, text.encode("utf-8"))
        # the wire file is settled (kept, as the manifest says of edited releases); the story's
        # version moves on so that an older copy arriving later does not raise the conflict again
        store.record(name, digest, release, rec.get("hash", ""), _converter())
        rec.update(version=list(ident.version), incoming=incoming)
        self._remember(rec, sid, name, digest, ident)
        log.warning("wire lifecycle: CONFLICT: %s is a new version of %s, which was edited by hand: "
                    "the edit is kept, the new version is in %s for an editor to merge",
                    name, release, incoming)
        self.report.conflicts.append((name, release, incoming))

    def _withdraw(self, name, digest, ident, sid, rec, current, edited, store, arrived: str) -> None:
        release = rec["release"]
        slug = Path(release).stem
        if edited:     # the kill wins (it is the agency's legal word), the editor's text is kept aside
            aside = f"{INCOMING}/{slug}.edited.md"
            store.put(aside, current.encode("utf-8"))
            log.warning("wire lifecycle: %s was edited by hand and is withdrawn by the agency: "
                        "the edited text is kept in %s", release, aside)
        agency = get_meta(current, SOURCE) or "the agency"
        when = _kill_time(ident, arrived)
        text = set_meta(current, {
            TITLE: WITHDRAWN_TITLE, STATUS: "hidden", WITHDRAWN: when, MODIFIED: when,
            WIRE_SOURCE: name, WIRE_HASH: digest, SUMMARY: None, CORRECTION: None,
            FIRST_HASH: rec.get("first_hash") or get_meta(current, WIRE_HASH), STORY_ID: sid.split("#")[0],
        })
        stamp = dt.datetime.fromisoformat(when).astimezone(dt.timezone.utc)
        # Markdown made by us from metadata an editor may have changed: escaped, never markup
        from . import mdwriter      # the converter's, imported only when a story is withdrawn
        sentence = mdwriter.escape(
            f"This story has been withdrawn by {agency} at {stamp.strftime('%H:%M UTC on %B %-d, %Y')}.")
        text = split(text)[0]
        data = ("\n".join(text) + "\n\n" + sentence + "\n").encode("utf-8")
        markdown_hash = store.put(release, data)
        for version in rec.get("versions", []):      # withdrawn means every version of it
            if version.get("path"):
                store.remove(version["path"])
        store.record(name, digest, release, markdown_hash, _converter())
        self._rehash(store, release, markdown_hash)
        rec.update(status="withdrawn", hash=markdown_hash, versions=[], current=name, withdrawn=when)
        self._remember(rec, sid, name, digest, ident)
        log.warning("wire lifecycle: %s: %s WITHDRAWN by %s at %s (no longer listed; its URL says so)",
                    name, release, agency, when)
        self.report.withdrawn.append((name, release))

    def _tombstone(self, name, digest, ident) -> None:
        """A kill for a story the site never published: remember it, so that the story is not
        published if it arrives later."""
        sid = ident.story_id
        rec = self.stories.setdefault(sid, {
            "release": "", "keys": [], "version": list(ident.version), "hash": "", "status": "withdrawn",
            "agency": ident.agency, "place": ident.place, "day": ident.day, "wire": [], "hashes": [],
            "first_hash": digest, "digest": "", "versions": [], "count": 0, "current": name})
        if name in rec.get("wire", []):
            return
        rec["status"] = "withdrawn"
        self._remember(rec, sid, name, digest, ident)
        log.warning("wire lifecycle: %s withdraws a story this site never published (%s): nothing listed",
                    name, sid)
        self.report.withdrawn.append((name, sid))

    def settled(self, name: str, digest: str) -> bool:
        """A kill of a story never published has no release: the lifecycle index settles it."""
        sid = self.stories.with_hash(digest)
        rec = self.stories.peek(sid) if sid else None
        return bool(rec) and not rec.get("release") and name in rec.get("wire", [])


def saved_stories(content: Path) -> dict[str, dict]:
    """The story index as last committed (nothing replayed or written): for tests and tools."""
    return {records.text(sid): json.loads(rec) for sid, rec in
            records.committed_rows(Path(content) / INDEX, "SELECT sid, rec FROM stories ORDER BY seq")}


def _read_and_drop(tmp: Path) -> str:
    try:
        return tmp.read_text(encoding="utf-8")
    finally:
        store_mod.remove_quietly(tmp)


def _converter() -> int:
    from .ingest import CONVERTER_VERSION
    return CONVERTER_VERSION


def _compare(a: tuple, b: tuple) -> int:
    """Version keys (number, revision, time): number first, then revision, then time (a
    missing time never wins over a stated one)."""
    a, b = (list(a) + [0, 0, ""])[:3], (list(b) + [0, 0, ""])[:3]
    if (a[0], a[1]) != (b[0], b[1]):
        return -1 if (a[0], a[1]) < (b[0], b[1]) else 1
    if a[2] and b[2] and a[2] != b[2]:
        return -1 if a[2] < b[2] else 1
    return 0


def _marked(rec: dict) -> bool:
    """Does the story's version say it is one (a number or a revision: UPDATE 1, CORRECTED)?"""
    try:
        return tuple(rec.get("version") or (0, 0))[:2] > (0, 0)
    except TypeError:
        return False


def _near(day_a: str, day_b: str) -> bool:
    """Within MATCH_DAYS of each other, or either is no date (Stories.near finds by the same rule)."""
    a, b = _day_of(day_a), _day_of(day_b)
    return a is None or b is None or abs((a - b).days) <= MATCH_DAYS


def _version_time(ident, current: str, new_date: str | None, arrived: str) -> str:
    """The new version's time: the item's own (versionCreated, the transmission stamp), else
    its date, else when its wire file arrived, whichever is first later than what the page
    shows; else what the page shows. Never the clock of the build: a rerun, or a run after
    a crash, must write the same release."""
    shown = get_meta(current, MODIFIED) or get_meta(current, DATE) or ""
    for candidate in (ident.version[2] if len(ident.version) > 2 else "", new_date or "", arrived):
        if candidate and _later(candidate, shown):
            return candidate
    return shown or arrived or _now()


def _kill_time(ident, arrived: str) -> str:
    stamp = ident.version[2] if len(ident.version) > 2 else ""
    return stamp or arrived or _now()


def _now() -> str:
    """Only for a wire file whose arrival is unknown (one placed by hand, not from seeds/)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _later(a: str, b: str) -> bool:
    try:
        return not b or dt.datetime.fromisoformat(a) > dt.datetime.fromisoformat(b)
    except ValueError:
        return False
