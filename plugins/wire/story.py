"""Story: the one definition of what a converted wire story holds, and of the
Pelican metadata keys it is written with. Other modules import these names."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Metadata keys (mdwriter writes them in this order). Pelican lowercases them on reading.
TITLE, DATE, DATELINE, SOURCE, CATEGORY, TAGS, SUMMARY, SLUG, LANG = (
    "Title", "Date", "Dateline", "Source", "Category", "Tags", "Summary", "Slug", "Lang")
BYLINE, ORGANISATION, EMBARGO = "Byline", "Organisation", "Embargo"
WIRE_SOURCE, WIRE_HASH, WIRE_FORMAT, WIRE_ENCODING = "Wire-Source", "Wire-Hash", "Wire-Format", "Wire-Encoding"


@dataclass
class Section:
    """A part of the body set apart: "About Acme Corp", "Media contact"."""
    heading: str
    paragraphs: list[str]
    kind: str = "about"          # "about" | "contact"


@dataclass
class Story:
    headline: str
    headline_generated: bool
    date: dt.datetime                      # aware
    date_note: str | None                  # how the date was found, when it was inferred
    dateline: str | None                   # the place as written
    source: str | None                     # canonical agency or distributor
    category: str
    tags: list[str]
    summary: str
    paragraphs: list[str]                  # the story, plain text, one string a paragraph
    tables: set[int] = field(default_factory=set)   # indices of paragraphs that are agate/tables
    sections: list[Section] = field(default_factory=list)
    lang: str | None = None                # ISO 639-1, None when the site's default
    byline: str | None = None
    organisation: str | None = None
    embargo: dt.datetime | None = None
    wire_source: str = ""
    wire_hash: str = ""
    wire_format: str = ""
    wire_encoding: str = ""
    warnings: list[str] = field(default_factory=list)   # non-fatal notes for the build log
