"""Wire bytes -> Story: the whole conversion, as pure functions.

    decode (encoding) -> formats (framing) -> dateline -> date -> headline -> body,
    sections, summary -> tags -> Story

Nothing here touches the file system or Pelican: `convert` takes the bytes, the file
name and a reference moment (the file's modification time) and returns a Story, or
raises Rejected with a reason for the build log.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re

from . import agencies, dateline, dates, entities, formats, headline, language, lexicon, paragraphs
from . import furniture, photos
from .decode import DecodeError, decode, strip_controls
from .seeds import DEFAULT_MAX_BYTES, too_large    # longer files are not stories: rejected, not parsed
from .story import Story

SUMMARY_LENGTH = 320
TAG_TEXT_LENGTH = 2500    # about the first 400 words: where a story names its subjects


class Rejected(ValueError):
    """A wire file that cannot become a release; the message says why."""


def wire_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def convert(data: bytes, name: str, reference: dt.datetime, default_zone: str = "UTC",
            default_lang: str = "en", default_year: int | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    """`max_bytes`: the size limit (WIRE_MAX_BYTES); longer data is Rejected before any parsing."""
    if len(data) > max_bytes:
        raise Rejected(too_large(len(data), max_bytes))
    if not data.strip():
        raise Rejected("empty file" if not data else "only whitespace")
    # Structured formats are sniffed and parsed on the bytes: the XML parser reads the
    # encoding the file declares, which charset guessing would get wrong.
    try:
        module = formats.sniff_bytes(data)
        draft = module.parse(data) if module else None
    except formats.StructuredError as exc:
        raise Rejected(str(exc)) from None
    if draft is not None:
        return _structured(draft, data, name, reference, default_zone, default_lang)
    try:
        raw, encoding = decode(data)
    except DecodeError as exc:
        raise Rejected(str(exc)) from None
    draft = formats.parse(raw)
    draft.body = _text(draft.body)
    # "Photo - http://.../a.jpg" lines: the release's pictures (figures, og:image), not text
    draft.body, images = photos.extract(draft.body)
    draft.body = furniture.body(draft.body)        # desk notes, "# " marks, disclaimers
    if draft.headline:
        # as the wire wrote it, entities and a translation marker included ("Q&amp;A",
        # "...*** TRANSLATED ***"): Title is the wire's headline line; the site shows the text
        # it means, entities decoded and the marker dropped (wire.__init__, wire.furniture)
        draft.headline = strip_controls(draft.headline).strip()
    warnings: list[str] = []

    try:
        paras, tables = paragraphs.split(draft.body)
    except paragraphs.TooManyParagraphs as exc:
        raise Rejected(str(exc)) from None
    paras = paragraphs.strip_signoff(paras, tables)
    tables = {i for i in tables if i < len(paras)}
    paras, tables = furniture.paragraphs(paras, tables)   # "[text](url)" as text, desk codes

    found_dl, lead_index = _find_dateline(paras, tables)
    if lead_index is None:
        lead_index = next((i for i, p in enumerate(paras) if i not in tables and _is_prose(p)),
                          next((i for i in range(len(paras)) if i not in tables), None))
    if not paras and draft.headline:
        paras = [draft.headline]   # a one-line alert: the line is headline and text at once
    if not paras:
        raise Rejected("no story text")
    if lead_index is None:
        lead_index = 0          # a story that is all table (agate, prices): the table leads
    lead = paras[lead_index]
    agency = _agency(found_dl.agency if found_dl else None, draft.agency, raw)
    place = found_dl.place if found_dl else None

    # When
    zone = _zone_for(place, agency)
    # A typo in a date ("Feb 30", "GMT+30", "2026-13-01") is not a reason to lose the story:
    # the value is ignored, said in the log, and the story dated as if it were absent.
    warnings.extend(dates.impossible(strip_controls(raw[:dates.IMPOSSIBLE_CHARS])))
    date, note, when = _date(found_dl, lead, paras, draft, raw, reference, zone, default_zone, default_year)
    if note:
        warnings.append(note)
    embargo_text = "\n".join(draft.preamble)[:2000] + "\n" + raw[:600]    # embargo lines head the copy
    embargo = dates.parse_embargo(strip_controls(embargo_text), zone, default_zone)
    if embargo and embargo > date:
        date, when = embargo, None          # an embargo states its time

    # What
    body_paras, sections = paragraphs.sections(paras)
    # Tags come from the headline and the top of the story, where its subjects are named.
    stated = headline.tidy(draft.headline, " ".join(paras[:6])) if draft.headline else None
    tag_headline = draft.headline or ""
    if tag_headline.isupper():     # in capitals only a company's legal suffix marks a name
        tag_headline = ". ".join(entities.names_in_caps(tag_headline))
    text_for_tags = "\n".join([tag_headline] + [p for i, p in enumerate(paras) if i not in tables])
    if len(text_for_tags) > TAG_TEXT_LENGTH:     # cut between words: no "Hashimot"
        text_for_tags = text_for_tags[:TAG_TEXT_LENGTH].rsplit(None, 1)[0]
    ents = entities.extract(text_for_tags, place)
    people = [e.name for e in ents if e.kind == "person"]
    if stated is not None:
        title, generated = stated, False
    else:
        subjects = [e.name for e in ents if e.kind in ("org", "person")]
        source_text = lead
        # releases that open with highlights (bullets before the lead): the first is the news
        opening = next((p for p in paras[:lead_index] if _BULLET.match(p)), None)
        if opening is None and found_dl is None and paras and _BULLET.match(paras[0]):
            opening = paras[0]
        if opening:
            source_text = re.split(r"\s[*•·▪●‣◦]\s", " " + opening.strip()[1:].strip() + " ")[0].strip()
        title, generated = headline.generate(source_text, people, subjects=subjects, story=paras[:12]), True
    if not title:
        title, generated = (place or name).strip(), True
    summary = _summary(lead)
    lang = language.detect(" ".join(paras[:3]))
    table_texts = {paras[i] for i in tables}
    tables = {j for j, p in enumerate(body_paras) if p in table_texts}

    story = Story(
        headline=title, headline_generated=generated, date=date, date_note=note,
        date_only=when == DATE_ONLY, undated=when == ARRIVAL,
        dateline=place, source=agency.name if agency else None,
        category=agency.kind if agency else agencies.AGENCY,
        tags=[e.name for e in ents], summary=summary, paragraphs=body_paras, tables=tables,
        sections=sections, lang=lang if lang != default_lang else None, byline=draft.byline,
        organisation=draft.organisation, embargo=embargo, wire_source=name, wire_hash=wire_hash(data),
        wire_format=draft.format, wire_encoding=encoding, warnings=warnings, images=_distinct_images(images),
        slugline=draft.slugline, advisories=list(draft.advisories),
    )
    # what a structured format states about the story's life (formats/*: guid, version, ...)
    for key in LIFE_FIELDS:
        value = getattr(draft, key, None)
        if value is not None and getattr(story, key, None) is None:
            setattr(story, key, value)
    return story


LIFE_FIELDS = ("guid", "version", "version_created", "pub_status", "replaces", "correction_note", "slugline")


# pubStatus -> the release's Pelican Status: a canceled item is kept (its URL answers) but
# listed nowhere; a withheld one is not published yet.
_STATUS_FOR = {"canceled": "hidden", "cancelled": "hidden", "withheld": "draft"}


def _structured(draft: formats.Draft, data: bytes, name: str, reference: dt.datetime,
                default_zone: str, default_lang: str) -> Story:
    """A Story from a structured item: what the item states is taken as stated (headline,
    times, language, agency, dateline); the text path's inference fills only the gaps."""
    paras, kinds, tables = [], {}, set()
    for block in draft.blocks or []:
        if block.kind == "table":
            tables.add(len(paras))
            paras.append(_table_text(block.rows))
        elif block.kind == "pre":
            tables.add(len(paras))
            paras.append(strip_controls(block.text))
        elif block.kind in ("ul", "ol"):
            items = [strip_controls(i).replace("\n", " ").strip() for i in block.items]
            items = [i for i in items if i]
            if items:
                kinds[len(paras)] = block.kind
                paras.append("\n".join(items))
        else:
            value = strip_controls(block.text).strip()
            if value:
                if block.kind == "h":
                    kinds[len(paras)] = "h"
                paras.append(value)
    headline_stated = strip_controls(draft.headline or "").strip() or None
    if len(paras) > paragraphs.MAX_PARAGRAPHS:
        raise Rejected(f"{len(paras):,} paragraphs: more than a wire story has (limit {paragraphs.MAX_PARAGRAPHS:,})")
    if any(furniture.is_disclaimer(p) for p in paras):      # a machine translation's notice
        keep = [i for i, p in enumerate(paras) if not furniture.is_disclaimer(p)]
        kinds = {keep.index(i): k for i, k in kinds.items() if i in keep}
        tables = {keep.index(i) for i in tables if i in keep}
        paras = [paras[i] for i in keep]
    if not paras and headline_stated:
        paras = [headline_stated]          # a one-line alert: the headline is the text
    if not paras:
        raise Rejected(f"{draft.format} item with no story text (no headline, no body)")
    warnings = [f"{draft.format}: {note}" for note in draft.notes]

    # Where: the dateline element, else the located place when the story opens with it,
    # else a dateline the text itself opens with (taken out of the lead, as for text).
    place = _place_of(draft.dateline)
    agency_in_text = None
    lead_index = next((i for i, p in enumerate(paras) if i not in tables and i not in kinds), 0)
    found_dl = dateline.parse(paras[lead_index]) if lead_index not in tables else None
    # only a dateline the lead OPENS with ("Jan 30 (Gracenote) - Results and ..." names no place)
    if found_dl and found_dl.place and _opens_with(paras[lead_index], found_dl.place) and \
            paras[lead_index][found_dl.end:].strip() and found_dl.end < 120:
        place = place or found_dl.place
        agency_in_text = found_dl.agency
        paras[lead_index] = paras[lead_index][found_dl.end:].strip()
    if place is None and draft.located:
        city = _place_of(draft.located)
        if city and _opens_with(paras[lead_index], city):
            place = city
    spelled = draft.agencies + ([agency_in_text] if agency_in_text else [])
    agency = agencies.from_stated(spelled, draft.credit)
    if agency is None:
        agency = _agency(None, None, "\n".join(paras))

    # When: firstCreated (else versionCreated); an embargo later than that is the date.
    zone = _zone_for(place, agency)
    note = None
    date = draft.first_created or draft.version_created or draft.stamp
    tz = dates.tzinfo(zone) or dates.tzinfo(default_zone) or dt.timezone.utc
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=tz)
    if date is None:
        date = reference.astimezone(tz).replace(microsecond=0)
        note = "the item states no date: using the file's modification time"
        warnings.append(note)
    embargo = draft.embargo
    if embargo is not None and embargo.tzinfo is None:
        embargo = embargo.replace(tzinfo=tz)
    if embargo and embargo > date:
        date = embargo
    version_created = draft.version_created
    if version_created is not None and version_created.tzinfo is None:
        version_created = version_created.replace(tzinfo=tz)

    # What
    prose = [p for i, p in enumerate(paras) if i not in tables]
    text_for_tags = "\n".join([headline_stated or ""] + prose)[:TAG_TEXT_LENGTH]
    ents = entities.extract(text_for_tags, place)
    if headline_stated:
        title, generated = headline.tidy(headline_stated, " ".join(prose[:6])), False
    else:
        people = [e.name for e in ents if e.kind == "person"]
        subjects = [e.name for e in ents if e.kind in ("org", "person")]
        title = headline.generate(paras[lead_index], people, subjects=subjects, story=paras[:12])
        generated = True
    if not title:
        title, generated = (place or name).strip(), True
    # The item's own subjects first (its agency classified it), then the names the text
    # gives, up to the usual number of tags.
    tags: list[str] = []
    for tag in [strip_controls(s).strip() for s in draft.subjects] + [e.name for e in ents]:
        # a one-letter "name" or a number is a code in disguise (AP category "e", "04000000")
        if len(tag) >= 2 and len(tag) <= 80 and not tag.isdigit() and \
                tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    tags = tags[:entities.MAX_TAGS]
    lang = _lang_tag(draft.lang) or language.detect(" ".join(prose[:3]))
    status = _STATUS_FOR.get((draft.pub_status or "").lower())
    if status:
        warnings.append(f"the agency marks this item {draft.pub_status}: written with Status {status}")
    return Story(
        headline=title, headline_generated=generated, date=date, date_note=note,
        dateline=place, source=agency.name if agency else None,
        category=agency.kind if agency else agencies.AGENCY,
        tags=tags, summary=_summary(paras[lead_index]), paragraphs=paras, tables=tables, kinds=kinds,
        lang=lang if lang and lang != default_lang else None, byline=draft.byline,
        organisation=draft.organisation, embargo=embargo, wire_source=name, wire_hash=wire_hash(data),
        wire_format=draft.format, wire_encoding=draft.encoding, warnings=warnings,
        images=_distinct_images(draft.images), status=status, guid=draft.guid, version=draft.version,
        version_created=version_created, pub_status=draft.pub_status, urgency=draft.urgency,
        slugline=draft.slugline, replaces=draft.replaces, correction=draft.correction,
    )


def _distinct_images(images):
    """One Image per picture: a body's <img> often repeats a rendition the item lists."""
    seen, out = set(), []
    for img in images:
        key = img.href or ("caption", img.caption)
        if key not in seen:
            seen.add(key)
            out.append(img)
    return out


def _table_text(rows: list[list[str]]) -> str:
    """Table rows as aligned columns of plain text (shown preformatted, like agate)."""
    rows = [[strip_controls(c).replace("\n", " ").strip() for c in row] for row in rows]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    sizes = [min(40, max(len(r[i]) for r in rows)) for i in range(width)]
    return "\n".join("  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip() for r in rows)


_DATE_LIKE = re.compile(r"^[\d\s:./+TZ-]*(?:GMT|UTC)?[\d\s:+-]*$")


def _place_of(stated: str | None) -> str | None:
    """The place a dateline element states: a dateline the grammar reads, else the text
    before the first comma, " (", "/" or " - "; None when that is a date or time."""
    stated = strip_controls(stated or "").strip()
    if not stated:
        return None
    d = dateline.parse(stated)
    if d and d.place:
        return d.place
    place = re.split(r",|\s\(|/|\s[-–—]\s?|\s[-–—]$", stated, maxsplit=1)[0].strip(" -–—")
    if not place or _DATE_LIKE.match(place) or dates.find_date(place) and not re.search(r"[^\W\d]{3,}", re.sub(
            r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", "", place)):
        return None
    return place if len(place) <= 60 else None


def _opens_with(para: str, city: str) -> bool:
    head = re.sub(r"[\W_]+", " ", para[: len(city) + 20]).casefold().strip()
    return head.startswith(re.sub(r"[\W_]+", " ", city).casefold().strip())


def _lang_tag(tag: str | None) -> str | None:
    """The primary language subtag, lower case ("fi-FI" -> "fi"); ISO 639-2 read as 639-1."""
    primary = re.split(r"[-_]", (tag or "").strip())[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return None
    return _ISO639_2.get(primary, primary)


_ISO639_2 = {"eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it",
             "nld": "nl", "dut": "nl", "swe": "sv", "fin": "fi", "nor": "no", "nob": "nb", "nno": "nn",
             "dan": "da", "rus": "ru", "zho": "zh", "chi": "zh", "por": "pt", "jpn": "ja", "kaz": "kk"}


def _find_dateline(paras: list[str], tables: set[int]):
    """The dateline, in the first paragraphs (a line of its own, the lead's start, or a
    table's first line), and the index of the lead. Edits `paras` and `tables` in place:
    the dateline is taken out of the text it opened."""
    for i, para in enumerate(paras[:8]):
        if i >= 3 and len(paras[i - 1]) > 80:
            break  # past the lead: only keyword lines ("Migration", "Athen") may come first
        if i in tables:      # a table may open with the dateline line: "WASHINGTON, Feb 26 - The ..."
            first, _, rest_of_table = para.partition("\n")
            d = dateline.parse(first)
            if d and first[d.end:].strip() and not first[d.end:].strip()[:1].isdigit():
                paras[i] = first[d.end:].strip() + "\n" + rest_of_table
                return d, None
            continue
        d = dateline.parse(para)
        if not d:
            continue
        rest = para[d.end:].strip()
        if rest:
            paras[i] = rest
            return d, i
        del paras[i]                                   # a dateline line of its own
        shifted = {j - 1 if j > i else j for j in tables if j != i}
        tables.clear()
        tables.update(shifted)
        if i >= len(paras):
            return d, None
        again = dateline.parse(paras[i]) if i not in tables else None
        if again and paras[i][again.end:].strip():     # ... and a lead that repeats it
            paras[i] = paras[i][again.end:].strip()
        return d, i
    return None, None


def _agency(named_by_dateline: str | None, named_by_framing: str | None, raw: str):
    """The agency or distributor: the dateline's, else the framing's; a wire service the
    text credits (a sign-off, "appeared first on ...") beats a name we do not know, which
    is often the issuer rather than the wire."""
    spelled = named_by_dateline or named_by_framing
    agency = agencies.canonical(spelled) if spelled else None
    if agency is None or agencies.lookup(spelled) is None:
        credited = agencies.credited(raw)
        if credited and (agency is None or credited.kind == agencies.DISTRIBUTOR):
            agency = credited
    return agency


_WARM_UP = ("Acme buys Beta plant\n\nNEW YORK, June 28, 2018 /PRNewswire/ -- Acme Corp, a maker of "
            "panels, said on Tuesday it bought a plant from Beta Inc in Kazakhstan, Michael Pompeo said.\n\n"
            "About Acme\nAcme makes panels.\n\nMedia Contact:\nAnna Berg\n").encode()


def warm_up() -> None:
    """Convert a small story once: loads the word lists, builds the lookup tables and
    compiles every pattern, so that worker processes forked afterwards start ready."""
    from . import mdwriter

    mdwriter.render(convert(_WARM_UP, "warm-up.txt", dt.datetime(2018, 6, 28, tzinfo=dt.timezone.utc)), "w")


def _text(raw: str) -> str:
    """Plain text: no control characters; HTML entities that feeds and CMS exports leave
    in wire copy ("Q&amp;A", "&#8217;") decoded, since the writer escapes what it must."""
    text = strip_controls(raw)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    return text


_BULLET = re.compile(r"\s*[*•·▪●‣◦-]\s")
_LINK_ONLY = re.compile(r"(?:!?\[[^\]]*\]\([^)]*\)\s*)+|https?://\S+")   # an image or a bare link


def _is_prose(para: str) -> bool:
    """A paragraph of running text: not a bullet, not an editor's note in parentheses."""
    para = para.strip()
    return len(para) > 60 and len(para.split()) >= 10 and not _BULLET.match(para) and \
        not (para.startswith("(") and para.endswith(")")) and not _LINK_ONLY.fullmatch(para)


def _zone_for(place: str | None, agency: agencies.Agency | None) -> str | None:
    """The time zone of the dateline city, else of the agency's home."""
    if place:
        lex = lexicon.get()
        parts = [p.strip() for p in place.split(",")]
        region = parts[1].rstrip(".") if len(parts) > 1 else None
        for candidate in (parts[0], place):
            hit = lex.city(candidate, region)
            if hit:
                return hit[0]
    return agency.timezone if agency else None


# How much of a story's Date the wire stated (the third value `_date` returns): None when
# date and time; DATE_ONLY when a day without a time (the time of day is then the file's
# arrival, when it arrived that day, for ordering only: never shown); ARRIVAL when the
# wire gives no date at all and the story is dated when it arrived.
DATE_ONLY, ARRIVAL = "date-only", "arrival"


def within_day(moment: dt.datetime, reference: dt.datetime) -> dt.datetime:
    """A date-only moment (00:00 of its day) at the time of day the file arrived, when it
    arrived that day (in the story's zone): copy that came in later that day sorts later.
    A file that arrived on another day keeps the start of its day."""
    arrived = reference.astimezone(moment.tzinfo)
    if arrived.date() == moment.date():
        return arrived.replace(microsecond=0)
    return moment


def _date(found_dl, lead, paras, draft, raw, reference, zone, default_zone, default_year):
    """The story's date, a note for the log when any part of it was inferred, and how
    much of it the wire stated (None, DATE_ONLY, ARRIVAL)."""
    moment, note, found = _found_date(found_dl, lead, paras, draft, reference, zone, default_zone,
                                      default_year)
    if found is None:        # the framing's transmission time, or no date at all
        return moment, note, (None if draft.stamp is not None else ARRIVAL)
    if found.hour is not None:
        return moment, note, None
    # the wire's own transmission time, else the file's, orders it within its day
    arrived = draft.stamp.replace(tzinfo=draft.stamp.tzinfo or moment.tzinfo) if draft.stamp else reference
    return within_day(moment, arrived), note, DATE_ONLY


def _found_date(found_dl, lead, paras, draft, reference, zone, default_zone, default_year):
    """(moment, note, the DateFound it came from or None)."""
    candidates = []
    if found_dl and found_dl.date and dates.possible(found_dl.date):
        candidates.append(("dateline", found_dl.date))
    in_lead = dates.find_date(lead[:400])
    if in_lead and not dates.possible(in_lead):
        in_lead = None
    if in_lead:
        candidates.append(("lead", in_lead))
    # The dateline is the filing date; the lead's date only stands in when there is none.
    stamp = draft.stamp
    if stamp is not None and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dates.tzinfo(zone) or dates.tzinfo(default_zone) or dt.timezone.utc)
    if candidates:
        where, found = candidates[0]
        # A missing year: the day-month nearest when the wire sent it (its own timestamp),
        # else when the file arrived (a drop folder's arrival is right), then the settings.
        # The years a story mentions ("1986 results") are not the year it was filed: they
        # only stand in where neither time nor setting is known.
        if found.year is None and stamp is not None:
            moment, _ = dates.resolve(found, stamp, zone, default_zone)
            return moment, f"year {moment.year} taken from the wire's own timestamp ({where} gives {found.month}/{found.day})", found
        if found.year is None and where == "dateline" and in_lead and in_lead.year and \
                (in_lead.month, in_lead.day) == (found.month, found.day):
            # the lead restates the dateline's day with its year ("on Feb 26, 2026"): stated
            with_year = dates.DateFound(in_lead.year, found.month, found.day, found.hour, found.minute, found.zone)
            found = with_year if dates.possible(with_year) else found     # Feb 29 and a year that has none
        if found.year is None and arrival_known(reference):
            named = _years_named(lead + " " + " ".join(paras[:3]))
            latest = max(named) if named else None
            if latest and reference.year - latest > ARCHIVE_GAP_YEARS:
                # The file arrived years after the latest year the story names: an archive
                # copied into the drop folder (the files' times are the copy's), not live copy,
                # which names its own year or the last ("1986 results" in copy of 1987 keeps
                # its arrival). Live copy that names only years long past would be misdated
                # here: the log line says so for each file.
                moment, _ = dates.resolve(found, dt.datetime(latest, 12, 31, tzinfo=dt.timezone.utc),
                                          zone, default_zone)
                return moment, (f"year {moment.year} inferred from the years the story names: the file arrived "
                                f"in {reference.year}, years later (an archive copy; {where} gives no year)"), found
            moment, _ = dates.resolve(found, reference, zone, default_zone)
            return moment, f"year {moment.year} inferred from the file's arrival time ({where} gives no year)", found
        if found.year is None and default_year:
            ref = dt.datetime(default_year, 12, 31, tzinfo=dt.timezone.utc)
            moment, _ = dates.resolve(found, ref, zone, default_zone)
            return moment, f"year {moment.year} taken from the WIRE_DEFAULT_YEAR setting", found
        moment, inferred = dates.resolve(found, reference, zone, default_zone)
        if inferred:
            years = _years_mentioned(lead + " " + " ".join(paras[:3]))
            if years:
                # no arrival time, no setting: a story that names 1986 and 1987 was filed then
                moment, _ = dates.resolve(found, dt.datetime(max(years), 12, 31, tzinfo=dt.timezone.utc),
                                          zone, default_zone)
                return moment, f"year {moment.year} inferred from the years the story mentions ({where} gives no year)", found
            return moment, f"year {moment.year} inferred from the file's modification time ({where} gives no year)", found
        return moment, None, found
    if stamp is not None:
        return stamp, None, None
    if draft.month_day and dates.possible(dates.DateFound(None, *draft.month_day)):
        month, day = draft.month_day
        found = dates.DateFound(None, month, day)
        moment, _ = dates.resolve(found, reference, zone, default_zone)
        return moment, f"date {moment.date()} from the routing header, year from the file's modification time", found
    tz = dates.tzinfo(zone) or dates.tzinfo(default_zone) or dt.timezone.utc
    moment = reference.astimezone(tz).replace(microsecond=0)
    return moment, "no date in the text: using the file's modification time", None


def arrival_known(reference: dt.datetime) -> bool:
    """Whether the file's time says when it arrived: a file unpacked without its times
    carries the epoch (1970-01-01), which says nothing."""
    return reference.year > 1970


ARCHIVE_GAP_YEARS = 1     # a story's latest named year more than this before its file's arrival


def _years_named(text: str) -> dict[int, int]:
    """{year: times named} for the years the text names (19xx, 20xx)."""
    from collections import Counter
    return Counter(int(y) for y in re.findall(r"(?<![\d.,$])((?:19|20)\d{2})(?![\d%])", text[:1500]))


def _years_mentioned(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<![\d.,$])((?:19|20)\d{2})(?![\d%])", text[:1500])}


_SUMMARY_HEAD = 2000      # characters of a collapsed lead the summary is cut from: > 2 x 640 + 330


def _summary(lead: str) -> str:
    """The lead's whole sentences, up to about SUMMARY_LENGTH characters."""
    # What the loop below reads is the first few hundred characters: the pattern and the
    # sentence search see a head of the lead that is 2,000 characters once collapsed, or
    # all of it (a 5 MB lead took 1.2 s whole)
    head = 4 * _SUMMARY_HEAD
    while True:
        text = re.sub(r"\s+", " ", lead[:head]).strip()
        if len(text) >= _SUMMARY_HEAD or head >= len(lead):
            break
        head *= 4
    out = ""
    rest = text
    while rest:
        sentence = headline.first_sentence(rest)
        if out and len(out) + len(sentence) > SUMMARY_LENGTH:
            break
        out = f"{out} {sentence}".strip()
        rest = rest[len(sentence):].strip()
        if len(out) >= SUMMARY_LENGTH * 0.6:
            break
    if len(out) > SUMMARY_LENGTH * 2:    # one endless sentence: cut at a word, mark it
        out = out[: SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"
    return out
