"""Slugs: ASCII, stable, safe as one path segment (Cyrillic and Kazakh transliterated)."""
from __future__ import annotations

from slugify import slugify

MAX_WORDS_LENGTH = 80


def slug_for(text: str, fallback: str = "release") -> str:
    """"Qyrǵyzstanda jer silkindi" -> "qyrgyzstanda-jer-silkindi"; "../../etc" -> "etc"."""
    slug = slugify(text or "", max_length=MAX_WORDS_LENGTH, word_boundary=True, save_order=True)
    return slug or fallback


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever is not taken yet."""
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
