"""IPTC 7901 (dpa, ATS): SOH, a routing header ("eca062 4 i 211 ccccb   dpa 061"),
keyword lines ("Germany-politics/"), STX, heading lines ended by " =", the body, ETX.
Copy that lost its control characters is still this format when it opens with the
routing header (formats/framing.py)."""
from __future__ import annotations

import re

from . import framing
from ._lines import clean_line, is_byline
from .draft import Draft

NAME = "iptc-7901"
_PRIORITY = re.compile(r"^(?:REFILE|EXTRA|URGENT|EILT|BULLETIN|CORRECTION|KORREKTUR|\d+(?:ST|ND|RD|TH) LEAD|"
                       r"\d+\.\s*Zusammenfassung|Zusammenfassung|Situation|Vorschau|Advisory|Eds:.*)$", re.I)


def sniff(text: str) -> bool:
    head = text[:600]
    if "\x01" in head[:20] and "\x02" in head and "\x16" not in head[:4]:
        return True
    first = _first_line(head)
    return first is not None and _is_header(first)


def _first_line(text: str) -> str | None:
    return next((ln for ln in text.replace("\r", "\n").split("\n") if ln.strip(" \x7f\x01")), None)


def _is_header(line: str) -> bool:
    found = framing.header(line.strip(" \x7f\x01"))
    return found is not None and found.format == NAME


def _split(text: str) -> tuple[str, str]:
    """The header (routing line, keyword lines) and the rest. Without its control
    characters (lost on the way), the header is the routing line and the keyword lines
    ("Germany-politics/") that follow it."""
    if "\x02" in text[:600]:
        header, _, rest = text.partition("\x02")
        return header, rest
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.strip(" \x7f\x01"))
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or lines[j].rstrip().endswith("/")):
        j += 1
    return "\n".join(lines[:j]), "\n".join(lines[j:])


def parse(text: str) -> Draft:
    header, rest = _split(text)
    story = rest.split("\x03")[0]
    draft = Draft(format=NAME, body="")
    header = header.replace("\r", "").replace("\x7f", "")
    hlines = [ln.strip("\x01 ") for ln in header.split("\n") if ln.strip("\x01 ")]
    if hlines:
        framed = framing.header(hlines[0])
        if framed:
            draft.agency = framed.agency
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
