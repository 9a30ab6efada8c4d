"""Dates and times as wire copy writes them, and the time zone they are in.

Pure functions: text in, values out. `find_date` finds the first date expression in a
piece of text ("June 28, 2018", "Feb 26", "December 26.", "17:36, 30 Qańtar 2026",
"21 ene", "29.08.2020", "2018-06-28"); `resolve` turns it into an aware datetime,
inferring a missing year from a reference moment and a missing zone from the place.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import vocabulary


def _month_names() -> dict[str, int]:
    """Month name -> number, from data/months/<lang>.txt: one file per language, each line a
    month's number and its names ("3 märz maerz"); add a language as a file."""
    names: dict[str, int] = {}
    for lang in vocabulary.languages("months"):
        for line in vocabulary.words("months", lang):
            number, *spellings = line.split()
            for name in spellings:
                names.setdefault(name, int(number))
    return names


MONTHS: dict[str, int] = _month_names()
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY = (r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+")
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
_ZONE_WORDS: dict[str, int] = vocabulary.data("time_zones")["abbreviations"]     # "cet" -> +60 minutes
_NAMED_ZONES: dict[str, str] = vocabulary.data("time_zones")["named"]           # "eastern" -> America/New_York
_ZONE = (r"(?P<zone>(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|" +
         "|".join(sorted(_ZONE_WORDS, key=len, reverse=True)) + "|" + "|".join(_NAMED_ZONES) +
         r")(?:\s+(?:time|daylight|standard))?\b")

DATE_PATTERNS = [
    # June 28, 2018 / Feb. 26 / December 5th, 2024 / Dec 14, 2023
    re.compile(r"(?<![\w])(?P<month>" + _MONTH_RE + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
               r"(?:,?\s+(?P<year>(?:19|20)\d{2})(?!\d))?", re.I),
    # 28 June 2018 / 30 Qańtar 2026 / 21 ene / 26-FEB-1987
    re.compile(r"(?<![\w.])(?P<day>\d{1,2})(?:st|nd|rd|th|\.|-)?\s*(?P<month>" + _MONTH_RE +
               r")(?![^\W\d_])\.?(?:[,\s-]\s*(?P<year>(?:19|20)\d{2})(?!\d))?", re.I),
    # 2018-06-28
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)"),
    # 29.08.2020 (European numeric)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>(?:19|20)\d{2})(?!\d)"),
]
_TIME_RE = re.compile(r"(?<![\d:])" + _TIME + r"(?:\s*(?:hrs|h))?(?:\s*\(?\s*" + _ZONE + r")?", re.I)
_ZONE_RE = re.compile(r"(?<!\w)" + _ZONE, re.I)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateFound:
    """A date expression as found: fields it states, and where it was in the text."""
    year: int | None
    month: int
    day: int
    hour: int | None = None
    minute: int = 0
    zone: str | None = None     # offset "+05:00" or IANA name, when the text gives one
    start: int = 0
    end: int = 0


def find_date(text: str, with_time: bool = True, anchored: bool = False) -> DateFound | None:
    """The first plausible date expression in `text` (at its very start when `anchored`),
    with a time near it when `with_time`."""
    if not _DIGIT.search(text):
        return None          # every date form has a day number: most calls end here
    best = None
    for pattern in DATE_PATTERNS:
        for m in ((pattern.match(text),) if anchored else pattern.finditer(text)):
            found = _from_match(m) if m else None
            if found is not None:
                if best is None or found.start < best.start:
                    best = found
                break
    if best is None or not with_time:
        return best
    # a time of day just before ("17:36, 30 Qańtar") or after ("Dec 14, 2023 @ 7:00 PM Eastern")
    window_after = text[best.end: best.end + 40]
    window_before = text[max(0, best.start - 20): best.start]
    for window, anchored_end in ((window_after, False), (window_before, True)):
        t = _TIME_RE.search(window)
        if t and (not anchored_end or not window[t.end():].strip(" ,|-")):
            hour, minute = _clock(t.group("time"))
            if hour is not None:
                zone = _zone(t.group("zone")) or _zone_near(text[best.end: best.end + 80])
                return DateFound(best.year, best.month, best.day, hour, minute, zone, best.start, best.end)
    zone = _zone_near(text[best.end: best.end + 30])
    return DateFound(best.year, best.month, best.day, None, 0, zone, best.start, best.end)


def _from_match(m: re.Match) -> DateFound | None:
    g = m.groupdict()
    month = MONTHS.get(g["month"].lower().rstrip(".")) if g.get("month") else int(g["mnum"])
    day = int(g["day"])
    year = int(g["year"]) if g.get("year") else None
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if g.get("month") and g["month"].lower() in ("may", "mar", "jun", "jul", "dec", "sat", "mai", "mei") and \
            not g["month"][0].isupper():
        return None  # "may 5" in running lowercase text is a verb, not May 5
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays possible
    except ValueError:
        return None
    return DateFound(year, month, day, start=m.start(), end=m.end())


def _clock(raw: str) -> tuple[int | None, int]:
    m = re.match(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*([ap])?", raw.strip(), re.I)
    if not m:
        return None, 0
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None, 0
    return hour, minute


def _zone(raw: str | None) -> str | None:
    if not raw:
        return None
    low = re.sub(r"\s+(time|daylight|standard)$", "", raw.strip().lower())
    if low in _NAMED_ZONES:
        return _NAMED_ZONES[low]
    m = re.match(r"(?:gmt|utc)\s*([+-])\s*(\d{1,2}):?(\d{2})?$", low)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return _offset(minutes if m.group(1) == "+" else -minutes)
    if low in _ZONE_WORDS:
        return _offset(_ZONE_WORDS[low])
    return None


def _zone_near(text: str) -> str | None:
    m = _ZONE_RE.search(text)
    if m and (m.group("zone").isupper() or m.group("zone").lower() in _NAMED_ZONES):
        return _zone(m.group("zone"))
    return None


def _offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=512)
def tzinfo(name: str | None) -> dt.tzinfo | None:
    """An IANA name or a "+05:00" offset as a tzinfo; None when unknown."""
    if not name:
        return None
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", name)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3))
        minutes = minutes if m.group(1) == "+" else -minutes
        if not possible_offset(minutes):
            return None          # "GMT+30": no zone is that far; the caller dates as if no zone was given
        return dt.timezone(dt.timedelta(minutes=minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def possible_offset(minutes: int) -> bool:
    """UTC offsets zones use: from -12:00 to +14:00, whole minutes under 60."""
    return -12 * 60 <= minutes <= 14 * 60


def possible(found: DateFound) -> bool:
    """A date the calendar has (Feb 29 only in leap years; with no year, in some year)."""
    try:
        dt.date(found.year or 2000, found.month, found.day)     # 2000: a leap year
    except (ValueError, TypeError):
        return False
    return found.hour is None or (0 <= found.hour <= 23 and 0 <= found.minute <= 59)


FUTURE_GRACE_DAYS = 2


def resolve(found: DateFound, reference: dt.datetime, zone: str | None,
            default_zone: str = "UTC") -> tuple[dt.datetime, bool]:
    """An aware datetime for a found date. Returns (moment, year_was_inferred).

    A missing year is the one that puts the day-month nearest `reference` (when the wire
    sent it, or when the file arrived), before or after it: "Dec 30" that arrived on
    Jan 2 is last year's, "Jan 1" that arrived on Dec 31 next year's. After it only by
    the skew of clocks and time zones (FUTURE_GRACE_DAYS): copy is not filed months after
    it arrived, and a date in the future would keep the story a draft until then. A
    missing zone is `zone` (from the place or the agency), then `default_zone`.
    """
    tz = tzinfo(found.zone) or tzinfo(zone) or tzinfo(default_zone) or dt.timezone.utc
    year, inferred = found.year, found.year is None
    if inferred:
        ref = reference.date()
        leap_day = (found.month, found.day) == (2, 29)       # the nearest leap year's, then
        span = 4 if leap_day else 1
        years = [y for y in range(ref.year - span, ref.year + span + 1)
                 if 1 <= y <= 9999 and (not leap_day or _leap(y))]
        options = [y for y in years if (dt.date(y, found.month, found.day) - ref).days <= FUTURE_GRACE_DAYS]
        year = min(options or years, key=lambda y: (abs((dt.date(y, found.month, found.day) - ref).days), y))
    moment = dt.datetime(year, found.month, found.day, found.hour or 0, found.minute, tzinfo=tz)
    return moment, inferred


def to_datetime(found: DateFound | None) -> dt.datetime | None:
    """A found date that states its year as a datetime (naive when no zone is stated)."""
    if found is None or found.year is None:
        return None
    return dt.datetime(found.year, found.month, found.day, found.hour or 0, found.minute,
                       tzinfo=tzinfo(found.zone))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def iso(moment: dt.datetime) -> str:
    """ISO 8601 with the offset always written, e.g. 2018-06-28T00:00:00+06:00.

    Historical local mean time has offsets in seconds (Paris in 1900: +00:09:21), which
    Pelican cannot read (it drops the release with "Could not process"): the offset is
    rounded to whole minutes, the clock time the story states kept."""
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        minutes = round(offset.total_seconds() / 60)
        moment = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    return moment.isoformat(timespec="seconds")


# Impossible values, found only to say in the log what was ignored (the patterns above
# never match them, so the story is dated as if they were absent).
_IMPOSSIBLE_PATTERNS = [
    ("date", re.compile(r"(?<![\w])(?P<month>" + _MONTH_RE + r")\.?\s+(?P<day>\d{1,3})(?:st|nd|rd|th)?(?!\d)"
                        r"(?:,?\s+(?P<year>\d{1,5})(?![\d:.]))?", re.I)),
    ("date", re.compile(r"(?<![\w.])(?P<day>\d{1,3})(?:st|nd|rd|th|\.|-)?\s*(?P<month>" + _MONTH_RE +
                        r")(?![^\W\d_])\.?(?:[,\s-]\s*(?P<year>\d{1,5})(?![\d:.]))?", re.I)),
    ("date", re.compile(r"(?<![\d.-])(?P<year>\d{4,5})-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)")),
    ("date", re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4,5})(?!\d)")),
    ("offset", re.compile(r"(?<!\w)(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,3})(?::?(?P<m>\d{2}))?(?!\d)", re.I)),
    ("offset", re.compile(r"(?<=\d:\d\d)(?::\d\d)?(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})(?::\d{2})?(?!\d)")),
]
IMPOSSIBLE_CHARS = 3000      # the top of a story, where its dates are


def impossible(text: str) -> list[str]:
    """What in `text` looks like a date or an offset but cannot be one ("Feb 30", "GMT+30",
    "2026-13-01", "March 3, 99999"): notes for the log, each naming the value ignored."""
    text = text[:IMPOSSIBLE_CHARS]
    if not _DIGIT.search(text):
        return []
    notes: list[str] = []
    for kind, pattern in _IMPOSSIBLE_PATTERNS:
        for m in pattern.finditer(text):
            if _impossible(kind, m):
                what = "UTC offset" if kind == "offset" else "date"
                notes.append(f"impossible {what} {m.group(0).strip()!r} ignored")
    return list(dict.fromkeys(notes))


def impossible_date_at(text: str) -> int | None:
    """Where an impossible date ("Feb 30, 2026") that opens `text` ends; None if none does.
    The dateline grammar steps over it, as if the date were absent."""
    for kind, pattern in _IMPOSSIBLE_PATTERNS:
        m = pattern.match(text[:60]) if kind == "date" else None
        if m and _impossible(kind, m):
            return m.end()
    return None


def _impossible(kind: str, m: re.Match) -> bool:
    g = m.groupdict()
    if kind == "offset":
        minutes = int(g["h"]) * 60 + int(g["m"] or 0)
        return int(g["m"] or 0) >= 60 or not possible_offset(minutes if g["sign"] == "+" else -minutes)
    month = MONTHS.get(g["month"].lower().rstrip(".")) if g.get("month") else int(g["mnum"])
    if g.get("month") and g["month"].lower() in ("may", "mar", "jun", "jul", "dec", "sat", "mai", "mei") \
            and not g["month"][0].isupper():
        return False             # "may 40": a verb
    year = int(g["year"]) if g.get("year") else None
    if year is not None and g.get("month") and len(g["year"]) < 4 and year != 0:
        year = None              # "Feb 3, 15 people": a count, not a year
    try:
        dt.date(year if year is not None else 2000, month, int(g["day"]))
    except (ValueError, TypeError):
        return True
    return False


EMBARGO_CHARS = 200
# Embargo lines: "EMBARGOED UNTIL 10:00 CET, 12 March 2026", "HOLD FOR RELEASE UNTIL 6 a.m. EDT March 3, 2026"
EMBARGO_RE = re.compile(
    r"^[^\S\n]*(?:\*+[^\S\n]*)?(?:embargo(?:ed)?|hold\s+for\s+release|not\s+for\s+(?:release|publication))"
    r"\b(?:\s+(?:until|till|to|before|:|-|–|—))*\s*(?P<when>.*)$", re.I | re.M)


def parse_embargo(text: str, zone: str | None, default_zone: str) -> dt.datetime | None:
    """The moment an embargo line lifts, when the line states a date."""
    m = EMBARGO_RE.search(text)
    if not m:
        return None
    when = m.group("when")[:EMBARGO_CHARS]      # the date follows the keyword: a giant line is not read whole
    found = find_date(when)
    if found is None:
        return None
    if found.hour is None:
        t = _TIME_RE.search(when)
        if t:
            hour, minute = _clock(t.group("time"))
            if hour is not None:
                found = DateFound(found.year, found.month, found.day, hour, minute,
                                  _zone(t.group("zone")) or found.zone or _zone_near(when))
    if found.year is None:
        return None
    moment, _ = resolve(found, dt.datetime.now(dt.timezone.utc), zone, default_zone)
    return moment
