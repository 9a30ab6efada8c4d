"""ANPA-1312 (AP, Kyodo): SYN SYN SOH, a selector line with the slug and filing date,
STX, heading lines ("^Headline<", "^By NAME="), the body, ETX and a trailer with the
transmission time ("AP-WF-06-29-17 2350GMT")."""
from __future__ import annotations

import datetime as dt
import re

from ._lines import clean_line, is_byline
from .draft import Draft

NAME = "anpa-1312"
_SELECTOR = re.compile(r"\bBC-[^\n]*?\s(\d{2})-(\d{2})\s+\d{4}\b")
_TRAILER = re.compile(r"\b([A-Z]{2,4})-[A-Z]{2}-(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s*(GMT|UTC|Z)?")
_NOT_HEADLINE = re.compile(
    r"^\(?(?:AP Photos?|Eds?:|Editors?:|With AP|Associated Press|AP [A-Z][a-z]+ Writer|"
    r"AP Exclusive\b(?!:)|Photo|Graphic|Audio|Video|BC-|URGENT|BULLETIN|APNewsAlert)", re.I)


def sniff(text: str) -> bool:
    head = text[:400]
    return "\x02" in head and ("\x16" in head[:4] or bool(re.search(r"(?m)^\x02?BC-|\x14\x12 BC-|\x13\x11 BC-|\sBC-", head)))


def parse(text: str) -> Draft:
    header, _, rest = text.partition("\x02")
    story, _, trailer = rest.partition("\x03")
    draft = Draft(format=NAME, body="")
    m = _SELECTOR.search(header)
    if m:
        draft.month_day = (int(m.group(1)), int(m.group(2)))
    if re.search(r"KYODO", header):
        draft.agency = "Kyodo"
    t = _TRAILER.search(trailer) or _TRAILER.search(story[-200:])
    if t:
        draft.agency = draft.agency or t.group(1)
        month, day, yy, hh, mm = (int(t.group(i)) for i in range(2, 7))
        try:
            draft.stamp = dt.datetime(2000 + yy if yy < 70 else 1900 + yy, month, day, hh, mm,
                                      tzinfo=dt.timezone.utc)
        except ValueError:
            pass
        story = story[: t.start()] if t.start() < len(story) and t.group(0) in story else story
    lines = story.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].lstrip("\x02").startswith("BC-"):
        # "BC-AF--Mirabay-Bridge, 1st Ld-Writethru,270<": the story's slug and its version
        draft.slugline = re.sub(r"[,\s]*\d*\s*<?\s*$", "", clean_line(lines[0].lstrip("\x02"))) or None
        lines = lines[1:]
    elif m:
        draft.slugline = re.sub(r"\s+\d{2}-\d{2}\s+\d{4}$", "", m.group(0)).strip() or None
    # Heading lines come before the first indented body line.
    heading, body_start = [], 0
    for i, line in enumerate(lines):
        if line.startswith(("\t", "  ")) or not line.strip():
            body_start = i
            break
        heading.append(line)
    else:
        body_start = len(lines)
    for raw in heading:
        line = clean_line(raw)
        if not line:
            continue
        if is_byline(line):
            draft.byline = draft.byline or re.sub(r"^by\s+", "", line, flags=re.I)
        elif draft.headline is None and not _NOT_HEADLINE.match(line) and raw.startswith("^") \
                or draft.headline is None and not raw.startswith("^") and not _NOT_HEADLINE.match(line):
            draft.headline = line
        else:
            draft.advisories.append(line)     # "Eds: CORRECTS ...", "KILL", "Editors: KILL BC-..."
    body_lines = []
    for line in lines[body_start:]:
        s = line.rstrip()
        if s.startswith("^H") or ";" in s and s.count(";") >= 3:
            s = s.lstrip("^H")       # agate table rows keep their line
        body_lines.append(re.sub(r"<\s*$", "", s.replace("\x10", " ").lstrip("^")))
    draft.body = "\n".join(body_lines)
    return draft
