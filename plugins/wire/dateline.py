"""The dateline grammar: where a story was filed, by whom, and when.

A dateline is a short chain of parts at the start of the lead, ended by a dash or a
colon, in any order the agencies use:

    ASTANA. KAZINFORM - On June 28, 2018, ...            PLACE. AGENCY -
    NEW YORK, June 28, 2018 /PRNewswire/ -- ...          PLACE, DATE /AGENCY/ --
    WASHINGTON (Reuters) - ...                           PLACE (AGENCY) -
    NEW YORK--(BUSINESS WIRE)--...                       PLACE--(AGENCY)--
    NEW YORK, Jan 21 (Reuters) - ...                     PLACE, DATE (AGENCY) -
    (ANSA) - Rome, October 11 - ...                      (AGENCY) - PLACE, DATE -
    København /ritzau/: ...                              PLACE /AGENCY/:
    BUENOS AIRES, Argentina (AP) _ ...                   PLACE, REGION (AGENCY) _
    SAITAMA, Japan, Dec. 9 Kyodo - ...                   PLACE, REGION, DATE AGENCY -
    NEW YORK, NY - (NewMediaWire) - August 22, 2024 - ... PLACE - (AGENCY) - DATE -

`parse` scans those parts left to right (a place first, or after a leading agency;
regions after commas; dates; agency markers in parentheses, slashes, brackets, or
as a capitalised word before the dash) and stops at the first part that is not one
of them. It accepts the chain only when it has a place and ends at a dash, or names
an agency, so that an ordinary first sentence is never mistaken for a dateline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import agencies, dates, vocabulary

# Separators that end a part of the dateline: --, -, –, —, _ (ANPA), ".-" (EFE), ":".
_DASH = re.compile(r"\s*(?:--+|-|–|—|_|\.-|:)\s*")
_PAREN = re.compile(r"\(\s*([^()\n]{1,60}?)\s*\)")
_SLASHED = re.compile(r"/\s*([^/\n]{1,40}?)\s*/")
_LINKED = re.compile(r"\[([^\]\n]{1,60})\]\([^)\n]{1,200}\)")
_WEEKDAY = re.compile(r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+", re.I)
# A place: capitalised words (any script), with the joiners place names use.
_PLACE_WORD_TAIL = r"(?:[\w'’.&]|-(?!-))*"  # word characters, and single hyphens (never "--")
_NOT_A_MONTH_DAY = r"(?!(?i:" + dates._MONTH_RE + r")\.?\s+\d)"   # "NJ May 2, 2024": May is the date
_PLACE = re.compile(
    r"(?P<place>(?:[^\W\d_a-zà-ÿ]|[A-ZÀ-Ý])" + _PLACE_WORD_TAIL +
    r"(?:\s+(?:(?:and|de|del|da|do|di|la|le|les|am|an|im|upon|on|en|sur|of|the|y|og|i|och)\s+)?"
    + _NOT_A_MONTH_DAY + r"(?:[^\W\d_a-z]|[A-ZÀ-Ý])" + _PLACE_WORD_TAIL + r"){0,2})")
# An agency named without brackets: "Dec. 9 Kyodo -", "2026 – PRISM MediaWire (Press Release Service) –"
_BARE_AGENCY = re.compile(r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})(?:\s*\([^()\n]{0,80}\))?(?=\s*(?:--+|-|–|—|_|:)\s)")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z][a-z]+(?:\s+[Tt]ime)?|\s+[A-Z]{2,4})?"
                    r"(?:[+-]\d{1,2}(?::?\d{2})?(?!\d))?")     # "10:00 GMT+5" (and "GMT+30", ignored later)


@dataclass(frozen=True)
class Dateline:
    place: str | None         # as written: "ASTANA", "BUENOS AIRES, Argentina", "Berlin"
    agency: str | None        # as written: "KAZINFORM", "PRNewswire", "ats afp"
    date: dates.DateFound | None
    end: int                  # where the lead proper begins in the scanned text

    @property
    def city(self) -> str | None:
        return self.place.split(",")[0].strip() if self.place else None


def parse(text: str) -> Dateline | None:
    """The dateline at the start of `text` (a lead paragraph or a line), or None."""
    head = text[:260]
    pos = len(head) - len(head.lstrip())
    place = agency = None
    date = None
    ended_by_dash = False
    agency_unknown_undashed = colon_only = False
    parts = 0
    while pos < len(head) and parts < 10:
        parts += 1
        rest = head[pos:]
        m = _match_agency(rest)
        if m:
            name, length = m
            if (place is not None and date is None and rest.startswith("/")
                    and head[pos + length:].lstrip().startswith(",") and not _known_agency(name)):
                # "ВЛАДИВОСТОК /Приморский край/, 28 июня. /ТАСС/.": a region in slashes,
                # then more of the dateline; the agency's slashes come last, before the dash
                place += ", " + name
                pos += length
                pos += re.match(r"\s*,\s*", head[pos:]).end()
                continue
            agency = agency or name
            pos += length
            pos, dashed = _skip_separator(head, pos)
            ended_by_dash = ended_by_dash or dashed
            if not dashed and not _known_agency(name) and not rest.startswith("/"):
                agency_unknown_undashed = True
            if dashed and place is None and date is None and not _next_is_part(head, pos):
                break  # "(NewsUSA) - In many communities ..." : an agency and no place
            continue
        found_date = _match_date(rest)
        if found_date:
            date = date or found_date[0]
            pos += found_date[1]
            pos, dashed = _skip_separator(head, pos)
            ended_by_dash = ended_by_dash or dashed
            if dashed and not _next_is_part(head, pos):
                break
            continue
        if place is None:
            m = _PLACE.match(rest)
            if not m or not _plausible_place(m.group("place")):
                break
            place = m.group("place").rstrip(".")
            pos += m.end()
            split = _place_then_agency(place)
            if split:  # "ASTANA. KAZINFORM": the agency after a full stop, then a dash
                place, agency = split
                pos, dashed = _skip_separator(head, pos)
                if not dashed or head[:pos].rstrip().endswith(":"):
                    return None
                ended_by_dash = True
                if dashed and not _next_is_part(head, pos):
                    break
                continue
            # regions after commas: ", Argentina", ", Alberta", ", NY", ", LONDON and BEIJING"
            while True:
                r = re.match(r",\s*", head[pos:])
                if not r:
                    break
                after = head[pos + r.end():]
                if _match_date(after) or _match_agency(after):
                    pos += r.end()
                    break
                region = _PLACE.match(after)
                if not region or not _plausible_place(region.group("place"), region=True):
                    break
                place += ", " + region.group("place")
                pos += r.end() + region.end()
            # "ASTANA. KAZINFORM -": an all-caps agency after a full stop
            k = re.match(r"\s*\.\s*([A-Z][A-Z-]{2,}(?:\s+[A-Z]{2,})?)(?=\s*(?:--+|-|–|—|_|:))", head[pos:])
            if k:
                agency = agency or k.group(1)
                pos += k.end()
            pos, dashed = _skip_separator(head, pos)
            ended_by_dash = ended_by_dash or dashed
            if dashed and head[:pos].rstrip().endswith(":") and agency is None:
                colon_only = True
            if dashed and not _next_is_part(head, pos):
                break
            continue
        # "Dec. 9 Kyodo -": a known agency's name just before the dash
        k = _BARE_AGENCY.match(rest)
        if k and (date is not None or place is not None) and agency is None and agencies.lookup(k.group(1)):
            agency = k.group(1)
            pos += k.end()
            pos, dashed = _skip_separator(head, pos)
            ended_by_dash = ended_by_dash or dashed
            continue
        break
    if place is None and agency is None:
        return None
    if agency_unknown_undashed and not ended_by_dash:
        return None  # "Brainstim TMS (MeRT) Therapy ...": a parenthesis in a headline
    if colon_only and agency is None:
        return None  # "OP-ED: ...", "RL:Ferguson ...": a kicker, not a place
    if place is not None and agency is None and date is None and not _known_city(place) and \
            not _reads_like_lead(head[pos:]):
        return None  # "ECONOMIC SPOTLIGHT - JAPAN EYEING FOREIGN STOCKS" is a headline
    if place is not None and not (ended_by_dash or agency):
        return None
    if place is not None and agency is None and date is None and not _is_caps(place):
        return None  # "Meanwhile - ..." is prose; "WASHINGTON -" is a dateline
    if place is None and not ended_by_dash:
        return None
    return Dateline(place, agency, date, pos)


def _skip_separator(text: str, pos: int) -> tuple[int, bool]:
    """Skip spaces, commas, full stops and one dash or colon; say whether a dash was there."""
    m = re.match(r"[\s,.]*", text[pos:])
    pos += m.end()
    d = _DASH.match(text, pos)
    if d and d.end() > pos:
        seg = text[pos:d.end()].strip()
        if seg:
            return d.end(), True
    return pos, False


def _next_is_part(text: str, pos: int) -> bool:
    """Does another dateline part follow (an agency marker, a date, "PLACE, DATE")?"""
    rest = text[pos:]
    if _match_agency(rest) or _match_date(rest):
        return True
    k = _BARE_AGENCY.match(rest)
    if k and agencies.lookup(k.group(1)):
        return True
    m = _PLACE.match(rest)
    if not m or not _plausible_place(m.group("place")):
        return False
    after = rest[m.end():]
    # "PLACE, DATE -", or, after a date or an agency, "... - NEW ORLEANS — According to ..."
    return bool(after.startswith(",") and _match_date(after[1:].lstrip())) or \
        bool(_is_caps(m.group("place")) and re.match(r"\s*(?:--+|—|–|-)\s", after))


def _known_agency(raw: str) -> bool:
    return bool(agencies.lookup(raw) or
                all(agencies.lookup(p) for p in re.split(r"[\s/+]+", raw.strip()) if p))


def _known_city(place: str) -> bool:
    from . import lexicon
    return lexicon.fold(place.split(",")[0]) in lexicon.get().cities


def _reads_like_lead(rest: str) -> bool:
    """The text after a bare "PLACE -": a sentence in mixed case, not more capitals."""
    words = rest.split()
    if not words:
        return True            # a dateline on its own line
    letters = [ch for ch in rest[:200] if ch.isalpha()]
    lower = sum(ch.islower() for ch in letters)
    return len(words) >= 5 and lower > 0.5 * len(letters)


def _place_then_agency(place: str) -> tuple[str, str] | None:
    """"ASTANA. KAZINFORM" -> ("ASTANA", "KAZINFORM"); "ST. LOUIS" and "J.P. INDUSTRIES" stay."""
    m = re.fullmatch(r"(.*?[^\W\d_]{3})\.\s*([A-Z][\w-]{2,}(?:\s+[A-Z][\w-]+)?)", place)
    if not m:
        return None
    if agencies.lookup(m.group(2)) or (m.group(2).isupper() and " " not in m.group(2)):
        return m.group(1), m.group(2)
    return None


def _match_agency(rest: str) -> tuple[str, int] | None:
    for pattern in (_PAREN, _SLASHED, _LINKED):
        m = pattern.match(rest)
        if m and _plausible_agency(m.group(1)):
            return m.group(1).strip(), m.end()
    m = re.match(r"--+\s*\(?([^()\-\n]{2,40}?)\)?\s*--+", rest)  # --(BUSINESS WIRE)-- / --News Direct--
    if m and _plausible_agency(m.group(1)):
        return m.group(1).strip(), m.end() - 2
    return None


def _match_date(rest: str) -> tuple[dates.DateFound, int] | None:
    """A date (with weekday, time and zone) starting right here."""
    w = _WEEKDAY.match(rest)
    skip = w.end() if w else 0
    found = dates.find_date(rest[skip: skip + 60], with_time=False, anchored=True)
    if found is None:
        # "WASHINGTON, Feb 30, 2026 (Reuters) -": a part of the dateline that no calendar has;
        # stepped over (no date), so the place and agency still count
        end = dates.impossible_date_at(rest[skip:])
        return (None, skip + end) if end else None
    end = skip + found.end
    impossible_end = dates.impossible_date_at(rest[skip:])     # "March 3, 99999": the year is stepped over
    if impossible_end and skip + impossible_end > end:
        end = skip + impossible_end
    tail = rest[end:]
    c = re.match(r"\s*[.,]?\s*(?:@|at)?\s*", tail)
    clock = _CLOCK.match(tail, c.end()) if c else None
    if clock:
        full = dates.find_date(rest[skip: skip + found.end + clock.end()])
        end += clock.end()
        found = full or found
    return found, end


def _plausible_agency(raw: str) -> bool:
    raw = raw.strip()
    if not raw or len(raw) > 45 or raw.isdigit() or dates.find_date(raw, with_time=False):
        return False
    words = raw.split()
    if len(words) > 5 or not any(ch.isalpha() for ch in raw):
        return False
    # "(OTC: NUGS)" tickers and "(the Company)" notes are not agencies
    if ":" in raw or raw.lower().startswith(("the ", "a ", "an ", "see ")):
        return False
    if agencies.lookup(raw):
        return True
    return all(w[:1].isupper() or w[:1].isdigit() or (w.islower() and len(words) <= 2) or "." in w
               for w in words)


# a clause, not a place: "Today -", "According to ..." (data/stop_words, data/not_place_words)
_STOP = vocabulary.word_set("stop_words") | vocabulary.word_set("not_place_words")


def _plausible_place(raw: str, region: bool = False) -> bool:
    words = raw.split()
    if not words or len(raw) > 45:
        return False
    if words[0].lower() in _STOP and not raw.isupper():
        return False
    if dates.find_date(raw, with_time=False):
        return False
    if region and len(words) > 4:
        return False
    return True


def _is_caps(place: str) -> bool:
    letters = [ch for ch in place.split(",")[0] if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)
