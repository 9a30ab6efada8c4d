"""The parsers' word lists, read from data files: one file per concept and language
(`data/<concept>/<lang>.txt`, or `.json` for a table), as dateparser keeps one file per
language, so that adding a language's month names or an agency's words is an edit to data,
not to a regular expression.

A `.txt` file holds one entry a line, in the order the file gives (an alternation built
from it tries them in that order); blank lines and lines starting with "#" are comments.
A `.json` file holds one object (its "_about" key, if any, says what it is and is dropped).
Each file is read once per process (lru_cache); the modules compile their patterns from
what these functions return.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


def languages(concept: str) -> tuple[str, ...]:
    """The languages a concept has a file for, English first, then by code."""
    found = {p.stem for p in (DATA / concept).iterdir() if p.suffix in (".txt", ".json")}
    return tuple(sorted(found, key=lambda lang: (lang != "en", lang)))


@lru_cache(maxsize=None)
def words(concept: str, lang: str = "en") -> tuple[str, ...]:
    """The entries of data/<concept>/<lang>.txt, in file order."""
    text = (DATA / concept / f"{lang}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def word_set(concept: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """Every entry of a concept, in the languages given (all its files by default)."""
    return frozenset(w for lang in (langs or languages(concept)) for w in words(concept, lang))


@lru_cache(maxsize=None)
def table(concept: str, lang: str = "en") -> dict:
    """The object in data/<concept>/<lang>.json (without its "_about")."""
    data = json.loads((DATA / concept / f"{lang}.json").read_text(encoding="utf-8"))
    data.pop("_about", None)
    return data


@lru_cache(maxsize=None)
def data(name: str) -> dict:
    """data/<name>.json, for tables that are one file for every language (agencies.json)."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def used_for(concept: str, use: str, lang: str = "en") -> tuple[str, ...]:
    """The entries of data/<concept>/<lang>.json, a table of entry -> its uses (one list of
    a concept that several parsers use each in part: company_suffixes), that name `use`, in
    file order."""
    return tuple(entry for entry, uses in table(concept, lang).items() if use in uses)


def alternation(entries) -> str:
    """A regex alternation of literal entries, in their order: "on|in|as of"."""
    return "|".join(re.escape(e) for e in entries)
