"""A story's identity and version, from a converted Story: pure functions.

Agencies send one story many times. The structured formats say which story an item is
(guid / uri) and which version (version, versionCreated, pubStatus); text copy says it with
conventions: an ANPA slugline ("BC-AF--Mirabay-Bridge, 1st Ld-Writethru"), a Reuters story
number, a headline prefix ("UPDATE 1-", "CORRECTED-", "CORRECTING and REPLACING"), an editors'
note ("Eds: CORRECTS ...") or a note paragraph ("(Corrects ...)", "/C O R R E C T I O N --/").
The vocabularies are data (data/versions.json), as dateparser keeps its language data; this
module only applies them.

`identify(story)` returns an Identity: the keys the story is known by (strongest first), its
version key (compared as a tuple: number, revision, time), its kind (original, update,
correction, repeat, kill), the agency's note, and a digest of its text without the version
notes (two copies of one version have the same digest).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .story import Story

DATA = Path(__file__).with_name("data") / "versions.json"
ORIGINAL, UPDATE, CORRECTION, REPEAT, KILL = "original", "update", "correction", "repeat", "kill"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    kind: str
    revision: int = 0
    note_follows: bool = False
    bare: bool = False          # a prefix that needs no separator ("CORRECTING and REPLACING Acme ...")


@dataclass(frozen=True)
class Vocabulary:
    prefixes: tuple[Rule, ...]
    separator: re.Pattern
    slugline: tuple[Rule, ...]
    slug_words: re.Pattern
    advisories: tuple[Rule, ...]
    notes: tuple[Rule, ...]
    numbers: tuple[tuple[re.Pattern, int], ...]
    kill_status: frozenset[str]


def _rules(items, anchor: str = "") -> tuple[Rule, ...]:
    out = []
    for item in items:
        flags = re.I if item.get("ignore_case") else 0
        out.append(Rule(re.compile(anchor + item["match"], flags), item["kind"], int(item.get("revision", 0)),
                        bool(item.get("note_follows")), bool(item.get("bare"))))
    return tuple(out)


@lru_cache(maxsize=None)
def vocabulary(path: str = str(DATA)) -> Vocabulary:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    separator = raw["prefix_separator"]
    return Vocabulary(
        prefixes=_rules(raw["headline_prefixes"], anchor=r"\s*"),
        separator=re.compile(separator),
        slugline=_rules(raw["slugline_versions"]),
        slug_words=re.compile(raw["slugline_version_words"], re.I),
        advisories=_rules(raw["advisories"]),
        notes=_rules(raw["note_paragraphs"]),
        numbers=tuple((re.compile(n["match"]), int(n.get("min_length", 0))) for n in raw["story_numbers"]),
        kill_status=frozenset(raw["pub_status_kill"]),
    )


@dataclass(frozen=True)
class Identity:
    story_id: str                       # the strongest key
    keys: tuple[str, ...]               # every key the story can be found by, strongest first
    version: tuple                      # (number, revision, time ISO or "") : compare as a tuple
    kind: str                           # original | update | correction | repeat | kill
    note: str | None                    # the agency's note ("Corrects number of job cuts ...")
    agency: str                         # canonical source, casefolded ("" when unknown)
    place: str                          # the dateline's first part, normalised ("" when none)
    day: str                            # the story's date, YYYY-MM-DD
    headline: str                       # the headline without its version prefixes
    text_digest: str                    # sha256 of the story's words, version notes left out
    words: frozenset = field(default_factory=frozenset, compare=False)   # for matching a rewrite
    structured: bool = False            # the item stated its own guid
    note_paragraphs: tuple[int, ...] = ()   # indices of the version-note paragraphs in the body


def names_an_item(guid: str | None) -> bool:
    """Is this guid an item's own, not only its provider's? Some NewsML 1.2 providers send
    their base URN ("urn:newsml:www.belga.be") as every item's PublicIdentifier: taken as an
    identity, it would make every item of theirs a version of one story. A NewsML URN needs a
    part after its provider (urn:newsml:afp.com:20260302:TX-PAR-ABC12:2)."""
    guid = (guid or "").strip()
    if not guid:
        return False
    if guid.lower().startswith("urn:newsml:"):
        return guid.count(":") >= 3
    return True


def normalise(text: str) -> str:
    """Casefolded letters and digits, one space between words, accents kept apart."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text.casefold()))


def strip_prefixes(headline: str, vocab: Vocabulary | None = None):
    """'CORRECTED-UPDATE 1-Kestrel ...' -> ('Kestrel ...', [(kind, number, revision), ...]).
    A prefix counts only with its separator after it ("UPDATE 1-"), or as the whole line
    ("KILL"): "Update on ..." or "Kill switch ..." are headlines, not versions."""
    vocab = vocab or vocabulary()
    found = []
    text = (headline or "").strip()
    while text:
        for rule in vocab.prefixes:
            m = rule.pattern.match(text)
            if not m:
                continue
            rest = text[m.end():]
            sep = vocab.separator.match(rest)
            if sep and sep.end() > 0:
                nxt = rest[sep.end():]
            elif not rest.strip():
                nxt = ""
            elif rule.bare and rest[:1].isspace():
                nxt = rest
            else:
                continue
            n = m.groupdict().get("n")
            found.append((rule.kind, int(n) if n else None, rule.revision))
            text = nxt.strip()
            break
        else:
            break
    return text, found


def slug_of(slugline: str | None, vocab: Vocabulary | None = None) -> str:
    """'BC-AF--Mirabay-Bridge, 1st Ld-Writethru' -> 'BC-AF--Mirabay-Bridge'."""
    vocab = vocab or vocabulary()
    s = vocab.slug_words.sub("", (slugline or "").strip())
    return re.sub(r"[\s,]+$", "", s)


def _kind_rank(kinds: list[str]) -> str:
    for k in (KILL, CORRECTION, UPDATE, REPEAT):
        if k in kinds:
            return k
    return ORIGINAL


def identify(story: Story, vocab: Vocabulary | None = None) -> Identity:
    vocab = vocab or vocabulary()
    agency = normalise(story.source or "")
    place = normalise((story.dateline or "").split(",")[0])
    day = story.date.date().isoformat() if story.date else ""
    kinds: list[str] = []
    number, revision, note = None, 0, None

    head, marks = strip_prefixes(story.headline, vocab)
    for kind, n, rev in marks:
        kinds.append(kind)
        number = n if n is not None and number is None else number
        revision = max(revision, rev)

    slug = slug_of(story.slugline, vocab) if story.slugline else ""
    for rule in vocab.slugline:
        m = rule.pattern.search(story.slugline or "")
        if m:
            kinds.append(rule.kind)
            n = m.groupdict().get("n")
            number = int(n) if n and number is None else number
            revision = max(revision, rule.revision)
            break
    for line in story.advisories:
        for rule in vocab.advisories:
            m = rule.pattern.match(line)
            if m:
                kinds.append(rule.kind)
                revision = max(revision, rule.revision)
                note = note or (m.groupdict().get("note") or None)
                break

    note_paras: set[int] = set()
    follows = False
    for i, para in enumerate(story.paragraphs[:6]):
        p = para.strip()
        if follows:                       # PR Newswire: the notice's text is the next paragraph
            note = note or p
            note_paras.add(i)
            follows = False
            continue
        for rule in vocab.notes:
            m = rule.pattern.match(p)
            if m:
                kinds.append(rule.kind)
                revision = max(revision, rule.revision)
                got = m.groupdict().get("note")
                if got and rule.kind in (CORRECTION, UPDATE):
                    note = note or got.strip()
                follows = rule.note_follows
                note_paras.add(i)
                break

    pub = (story.pub_status or "").strip().casefold()
    if pub in vocab.kill_status:
        kinds.append(KILL)
    kind = _kind_rank(kinds)
    stated = story.correction_note or getattr(story, "correction", None)   # NITF <correction>, ...
    if stated:
        note = stated
        kind = CORRECTION if kind in (ORIGINAL, UPDATE, REPEAT) else kind
    if kind not in (CORRECTION, UPDATE):
        note = None if kind != KILL else note

    # Keys, strongest first. A guid names one story across every version; a slugline names it
    # within an agency (AP reuses a slug for a day's story); a story number likewise.
    keys: list[str] = []
    guid = story.guid if names_an_item(story.guid) else None
    if guid:
        keys.append(f"guid:{guid.strip()}")
    if story.replaces and names_an_item(story.replaces):
        keys.append(f"guid:{story.replaces.strip()}")
    if slug:
        keys.append(f"slug:{agency}:{normalise(slug)}")
    for para in [story.headline] + story.paragraphs[:2] + story.paragraphs[-2:] + list(story.advisories):
        for pattern, min_length in vocab.numbers:
            for m in pattern.finditer(para or ""):
                if len(m.group("id")) >= min_length:
                    keys.append(f"number:{agency}:{m.group('id')}")
    if kind == KILL:                      # "Editors: KILL BC-AS--Norhaven-Mayor, moved at ..."
        for line in story.advisories + story.paragraphs[:3]:
            for m in re.finditer(r"\bBC-[\w-]+(?:[ -][\w-]+)*", line):
                keys.append(f"slug:{agency}:{normalise(slug_of(m.group(0), vocab))}")
    headline_key = normalise(head)
    if headline_key:
        keys.append(f"head:{agency}:{headline_key}:{place}")
    if not keys:
        keys.append(f"text:{agency}:{_digest(story, note_paras)[:24]}")

    stated_version = _int(story.version)       # the formats give it as text ("4")
    if stated_version is not None:
        number = stated_version
    when = story.version_created or (story.date if story.wire_format != "plain" or stated_version is not None
                                     else None)
    version = (number or 0, revision, _utc(when) if when else "")
    words = frozenset(w for w in normalise(" ".join(p for i, p in enumerate(story.paragraphs)
                                                     if i not in note_paras)).split() if len(w) > 2)
    return Identity(
        story_id=_dedupe(keys)[0], keys=tuple(_dedupe(keys)), version=version, kind=kind, note=note,
        agency=agency, place=place, day=day, headline=head, text_digest=_digest(story, note_paras),
        words=words, structured=bool(guid), note_paragraphs=tuple(sorted(note_paras)),
    )


def _int(value) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat()


def _dedupe(items):
    return list(dict.fromkeys(items))


def _digest(story: Story, skip: set[int]) -> str:
    # the text as written, spacing aside ("<b>x</b>" and "*x*" are two texts, not one), with
    # everything the page shows of it: byline and the About/contact sections too
    parts = [p for i, p in enumerate(story.paragraphs) if i not in skip] + [
        story.byline or "", story.organisation or "", story.dateline or ""]
    for section in story.sections:
        parts += [section.heading] + list(section.paragraphs)
    text = " ".join(" ".join(parts).split())
    return hashlib.sha256(text.encode()).hexdigest()


def similarity(a: frozenset, b: frozenset) -> float:
    """How much of the shorter text's vocabulary the other shares (0..1): a rewrite of a story
    keeps its names and places even when its headline and lead change."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def overlap(a: frozenset, b: frozenset) -> float:
    """Jaccard: the share of both texts' vocabulary they have in common (0..1)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def move_correction_note(story: Story, ident: Identity) -> None:
    """A correction's notice ("(Corrects ...)", "/C O R R E C T I O N --/" and its text) leaves
    the body for the story's correction_note, which the page shows as "Correction: ..."."""
    story.correction_note = story.correction_note or ident.note
    drop = set(ident.note_paragraphs)
    if not drop or len(drop) >= len(story.paragraphs):
        return
    keep = [i for i in range(len(story.paragraphs)) if i not in drop]
    story.tables = {keep.index(i) for i in story.tables if i in keep}
    story.paragraphs = [story.paragraphs[i] for i in keep]
