"""What a format parser hands on: the story text without its framing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..story import Image


@dataclass
class Block:
    """One block of a structured body, as text: the agency's markup is read, never kept.

    kind: "p" (paragraph), "h" (sub-head), "ul"/"ol" (list: `items`), "table" (`rows` of
    cell texts), "pre" (preformatted lines, agate)."""
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Draft:
    format: str
    body: str                              # the story text, framing removed, "\n" line ends
    headline: str | None = None            # stated by the framing (None: find it in the body)
    agency: str | None = None              # named by the framing (routing header, KN# field)
    stamp: dt.datetime | None = None       # transmission time stated by the framing (naive: zone unknown)
    month_day: tuple[int, int] | None = None   # filing date without a year (ANPA header)
    byline: str | None = None
    organisation: str | None = None        # the issuer of a release (AsiaNet "Source:", ZCZC ":Org")
    keywords: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)   # lines before the headline (embargo, codes)

    # Stated by the structured formats (NewsML-G2, NITF, ninjs, NewsML 1.2); the text
    # formats leave them empty. They are what story identity, versions and kills need.
    blocks: list[Block] | None = None      # the body's structure (None: a text format)
    credit: str | None = None              # the credit line: who the agency asks to be credited as
    agencies: list[str] = field(default_factory=list)  # who else the item names as sender, most telling first
    lang: str | None = None                # as stated (xml:lang, language tag)
    dateline: str | None = None            # the dateline element's text ("Paris, 21 jan 2019 (AFP) -")
    located: str | None = None             # the located place (often the desk, not the dateline)
    first_created: dt.datetime | None = None
    version_created: dt.datetime | None = None
    embargo: dt.datetime | None = None
    guid: str | None = None                # guid / uri / PublicIdentifier / doc-id
    version: str | None = None
    pub_status: str | None = None          # "usable" | "canceled" | "withheld" | "embargoed" (lower case)
    urgency: int | None = None
    slugline: str | None = None
    subjects: list[str] = field(default_factory=list)   # subject / media topic NAMES (never bare codes)
    images: list[Image] = field(default_factory=list)
    correction: str | None = None          # the agency's correction note, when the item says it is one
    replaces: str | None = None            # the id of the item this one replaces (management-doc-idref, previous version)
    notes: list[str] = field(default_factory=list)      # for the build log (items of a message left out, ...)
    encoding: str = ""                     # the encoding the XML parser read (declared, or UTF-8)
    advisories: list[str] = field(default_factory=list)   # heading notes: "Eds: CORRECTS ...", "KILL"
