"""Lines of a framed format's header, recognised on their own.

A routing header is metadata, never a title. Copy often arrives with its control
characters lost on the way (an FTP client in text mode, a desk tool that strips them),
so the framed parsers' own sniffing fails and the plain parser sees the header as the
story's first lines: "bsf025 3 ec 121   etf 967" (IPTC 7901), "b a BC-US--APNewsAlert
06-29 0358" and "^BC-US--APNewsAlert,17<" (ANPA-1312). Each is matched here by the
shape the standards give it, so that every parser reads them the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# IPTC 7901 message header: service code and number, priority (1-6), category (1-3
# letters), word count, optional selector codes, the agency, the transmission number.
_IPTC7901 = re.compile(
    r"[A-Za-z]{1,5}\d{2,5}\s+(?P<priority>[1-6])\s+(?P<category>[A-Za-z]{1,3})\s+(?P<words>\d{1,5})"
    r"(?:\s+[a-z]{1,8})?\s+(?P<agency>[A-Za-z][\w-]{1,15})\s+\d{1,5}")
# ANPA-1312: the service line ("W1645asian"), the selector line with the keyword and
# the filing date and word count, and the "^" keyword line ending in a word count.
_ANPA_SERVICE = re.compile(r"[A-Za-z]\d{4}\s*[a-z]{0,8}")
_ANPA_SELECTOR = re.compile(r"(?:[a-z]\s+){0,3}\^?BC-[^\s,]{1,60}\s+\d{2}-\d{2}\s+\d{4}\s*<?")
_ANPA_KEYWORD = re.compile(r"\^?(?:BC-)?[^\s,<]{2,60},\d{1,5}\s*<?")

_NO_AGENCY = {"etf", "ccccb"}               # selector codes that sit where an agency may
_AGENCY_CODES = {"sda": "ATS"}


@dataclass(frozen=True)
class Header:
    format: str                 # "iptc-7901" or "anpa-1312"
    agency: str | None = None   # as the header names it


def header(line: str) -> Header | None:
    """The framing header this line is, or None for a line of the story."""
    line = line.strip()
    if not line or len(line) > 120:
        return None
    m = _IPTC7901.fullmatch(line)
    if m:
        code = m.group("agency").split("-")[0]
        if code.lower() in _NO_AGENCY:
            return Header("iptc-7901")
        return Header("iptc-7901", _AGENCY_CODES.get(code.lower(), code))
    if _ANPA_SELECTOR.fullmatch(line) or _ANPA_SERVICE.fullmatch(line) or \
            (_ANPA_KEYWORD.fullmatch(line) and ("^" in line or "BC-" in line or line.endswith("<"))):
        return Header("anpa-1312")
    return None
