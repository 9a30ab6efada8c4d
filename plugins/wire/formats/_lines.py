"""Small helpers the format parsers share."""
from __future__ import annotations

import re

BYLINE = re.compile(r"^\s*(?:by|par|von|por|di|av|af)\s+[^\W\d_]", re.I)


def clean_line(line: str) -> str:
    """Strip ANPA/IPTC line markers: leading "^", trailing "<", "=", "+" and spaces.

    String methods, not a pattern: `\\s*[<=+]*\\s*$` tried every start in a run of spaces
    against every end (cubic: 3 KB of spaces took 85 s)."""
    return line.lstrip("^").rstrip().rstrip("<=+").rstrip()


def is_byline(line: str) -> bool:
    s = clean_line(line)
    return bool(BYLINE.match(s)) and len(s) < 90 and not s.endswith(".")
