"""Plain wire text: agency copy and press releases as plain lines.

What comes before the story proper is read here: distributor preambles ("Source:
Acme", "MEDIA RELEASE PR67255", "FOR IMMEDIATE RELEASE"), routing headers of framed
formats whose control characters were lost (formats/framing.py), a timestamp line, bylines,
and the headline line, when there is one. A first line is a headline only if it is
short, is not itself a dateline, and reads like a title rather than a lead sentence.
"""
from __future__ import annotations

import re

from .. import dateline, dates
from . import framing
from ._lines import is_byline
from .draft import Draft

NAME = "plain"
_PREAMBLE = re.compile(
    r"^\s*(?:media release|press release|news release|for immediate release|immediate release|"
    r"for release\b.*|release date\b.*|news advisory|media advisory|advisory|communiqu[ée] de presse|"
    r"pressemitteilung|(?:media|press|news) release\s*(?:PR)?\s*[\w-]*|"
    r"(?:embargo(?:ed)?|hold for release|not for (?:release|publication|dissemination|distribution))\b.*|"
    r"\*\*.*\*\*|!\[[^\]]*\]\([^)]*\)|"
    r"[-–—=*_#]{3,}|\d{1,2}:\d{2}(?:\s*[ap]m)?)\s*$", re.I)
PREAMBLE_CHARS = 300
_SOURCE = re.compile(r"^\s*(?:source|from|issued by|company)\s*:\s*(.+?)\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[*•·▪●‣◦-]|\d+[.)])\s+")
_BLANK_LINES = re.compile(r"\n\n\n+")


def sniff(text: str) -> bool:
    return True


def parse(text: str) -> Draft:
    draft = Draft(format=NAME, body="")
    # One blank line parts what many do (nothing here counts them): a file of a million
    # blank lines is not walked line by line in Python
    lines = (_BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text).split("\n")
    i = _skip_blank(lines, 0)
    # Preamble lines: distributor codes, embargo lines, a timestamp, "Source: ..."
    while i < len(lines):
        line = lines[i].strip()
        # Preamble lines are short: longer lines are not matched at all, so that no pattern
        # here sees a giant line (runs of spaces between optional parts backtrack).
        src = _SOURCE.match(line) if len(line) < 120 else None
        framed = framing.header(line)
        if framed:       # a framed format's header that lost its control characters
            draft.agency = draft.agency or framed.agency
        elif src:
            draft.organisation = src.group(1)
        elif _is_timestamp(line):
            draft.stamp = draft.stamp or dates.to_datetime(dates.find_date(line))
        elif len(line) > PREAMBLE_CHARS or not _PREAMBLE.match(line):
            d = dateline.parse(line)
            if d and d.place is None and not line[d.end:].strip():
                draft.agency = draft.agency or d.agency   # "--News Direct--" on its own line
            else:
                break
        i = _skip_blank(lines, i + 1)
    preamble = lines[:i]
    # The headline: the first block's lines before any dateline or indented lead.
    headline_lines, j = [], i
    while j < len(lines) and lines[j].strip() and len(headline_lines) < 3:
        line = lines[j]
        if line.startswith(("    ", "\t")) or dateline.parse(line) or _BULLET.match(line) or is_byline(line):
            break
        headline_lines.append(line.strip())
        j += 1
    candidate = " ".join(headline_lines)
    block_ends = j >= len(lines) or not lines[j].strip() or lines[j].startswith(("    ", "\t")) \
        or dateline.parse(lines[j]) is not None or is_byline(lines[j])
    if headline_lines and block_ends and _reads_like_headline(candidate):
        draft.headline = candidate
        i = j
    body = lines[i:]
    # Bylines right under the headline
    k = _skip_blank(body, 0)
    if k < len(body) and is_byline(body[k]):
        draft.byline = re.sub(r"^\s*\w+\s+", "", body[k].strip())
        body = body[:k] + body[k + 1:]
    draft.body = "\n".join(body)
    draft.preamble = [ln.strip() for ln in preamble if ln.strip()]
    return draft


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _is_timestamp(line: str) -> bool:
    """"11:17, 30 Qańtar 2026 | GMT +5", "Tue 13 October 2015": a date and little else."""
    if len(line) > 60:
        return False
    found = dates.find_date(line)
    if not found:
        return False
    rest = (line[: found.start] + line[found.end:]).strip()
    rest = re.sub(r"\d{1,2}[:.]\d{2}|GMT|UTC|[+|,@-]|\d+|\b[A-Z][a-z]{2}\b", " ", rest)
    return len(rest.split()) <= 1


def _reads_like_headline(s: str) -> bool:
    words = s.split()
    # one word ("Migration", "politics") is a keyword line, not a headline
    if not 2 <= len(words) <= 40 or len(s) > 300 or s.endswith(":"):
        return False
    # "Recently, Acme launched ...", "Today, ...": a lead sentence that lost its full stop
    if re.match(r"(?:recently|today|yesterday|meanwhile|however|earlier|now|currently|last week|"
                r"this week|on \w+day),\s", s, re.I):
        return False
    sentences = re.findall(r"[.!?](?:\s|$)", s)
    if s.endswith(".") and (len(s) > 120 or len(sentences) > 1):
        return False
    if len(sentences) > 2:
        return False
    return True
