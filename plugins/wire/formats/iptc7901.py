"""IPTC 7901 (dpa, ATS): SOH, a routing header ("eca062 4 i 211 ccccb   dpa 061"),
keyword lines ("Germany-politics/"), STX, heading lines ended by " =", the body, ETX."""
from __future__ import annotations

import re

from ._lines import clean_line, is_byline
from .draft import Draft

NAME = "iptc-7901"
_PRIORITY = re.compile(r"^(?:REFILE|EXTRA|URGENT|EILT|BULLETIN|CORRECTION|KORREKTUR|\d+(?:ST|ND|RD|TH) LEAD|"
                       r"\d+\.\s*Zusammenfassung|Zusammenfassung|Situation|Vorschau|Advisory|Eds:.*)$", re.I)
_HEADER = re.compile(r"^\s*\w+\s+\d\s+\w+\s+\d+\s+(?:\w+\s+)?(?P<agency>[a-z][\w-]*)\s+\d+\s*$", re.I)


def sniff(text: str) -> bool:
    head = text[:600]
    return "\x01" in head[:20] and "\x02" in head and "\x16" not in head[:4]


def parse(text: str) -> Draft:
    header, _, rest = text.partition("\x02")
    story = rest.split("\x03")[0]
    draft = Draft(format=NAME, body="")
    header = header.replace("\r", "").replace("\x7f", "")
    hlines = [ln.strip("\x01 ") for ln in header.split("\n") if ln.strip("\x01 ")]
    if hlines:
        m = _HEADER.match(hlines[0])
        if m:
            agency = m.group("agency").split("-")[0]
            draft.agency = {"etf": None, "sda": "ATS"}.get(agency.lower(), agency)
        draft.keywords = [k for ln in hlines[1:] for k in ln.strip("/").split("/") if k]
    lines = story.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # The heading block ends at the first line ending with "=" (within the first lines).
    end = next((i for i, ln in enumerate(lines[:12]) if ln.rstrip().endswith("=")), None)
    if end is None:
        end = next((i for i, ln in enumerate(lines) if not ln.strip()), 0) - 1
    heading = [clean_line(ln) for ln in lines[: end + 1]]
    candidates = []
    for line in heading:
        if not line:
            continue
        if is_byline(line):
            draft.byline = re.sub(r"^\w+\s+", "", line)
        elif not _PRIORITY.match(line) and not (line.endswith(":") and len(line.split()) <= 3):
            candidates.append(line)
    if candidates:
        draft.headline = candidates[-1]
    draft.body = "\n".join(lines[end + 1:])
    return draft
