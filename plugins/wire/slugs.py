"""Slugs: ASCII, stable, safe as one path segment (Cyrillic and Kazakh transliterated)."""
from __future__ import annotations

import datetime as dt
import re

from slugify import slugify

MAX_WORDS_LENGTH = 80
# Pelican reads a file name that opens with a date as the article's date (FILENAME_METADATA,
# "(?P<date>\d{4}-\d{2}-\d{2}).*"), and drops the file ("Could not process") when that date
# does not exist: a headline "2026-02-30 Acme ..." must not name its release so.
_DATE_FIRST = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def slug_for(text: str, fallback: str = "release") -> str:
    """"Qyrǵyzstanda jer silkindi" -> "qyrgyzstanda-jer-silkindi"; "../../etc" -> "etc";
    "2026-02-30 Acme" -> "20260230-acme" (no impossible date where Pelican looks for one)."""
    slug = slugify(text or "", max_length=MAX_WORDS_LENGTH, word_boundary=True, save_order=True)
    opening = _DATE_FIRST.match(slug)
    if opening and not _real_date(*map(int, opening.groups())):
        slug = "".join(opening.groups()) + slug[opening.end():]
    return slug or fallback


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever is not taken yet."""
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
