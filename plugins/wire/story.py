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
# What the structured formats state about the item itself (story identity, versions, status).
STATUS = "Status"
WIRE_GUID, WIRE_VERSION, WIRE_VERSION_CREATED, WIRE_STATUS = (
    "Wire-Guid", "Wire-Version", "Wire-Version-Created", "Wire-Status")
WIRE_URGENCY, WIRE_SLUGLINE, WIRE_REPLACES, WIRE_CORRECTION = (
    "Wire-Urgency", "Wire-Slugline", "Wire-Replaces", "Wire-Correction")
IMAGE, IMAGE_CAPTION, IMAGE_CREDIT = "Image", "Image-Caption", "Image-Credit"
# The wire stated a day but no time ("yes"): the page shows the date alone, JSON-LD a
# date; Date's time of day is the arrival within that day, for ordering only.
DATE_ONLY = "Date-Only"
# The wire stated no date at all ("yes"): Date is when the file arrived.
WIRE_UNDATED = "Wire-Undated"


@dataclass
class Image:
    """A picture the item references. `href` is kept only when it is an absolute http(s)
    URL on a public host; caption and credit are plain text."""
    href: str | None
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
# A story's life (plugins/wire/lifecycle): its identity across versions, the site's version
# count, the first version's Wire-Hash (feed entry ids stay put), the agency's correction note,
# when it was withdrawn, which release an earlier version belongs to, and which release a
# wire file that changed nothing (a duplicate, a late older version) belongs to. MODIFIED
# and STATUS are Pelican's own keys.
STORY_ID, VERSION, FIRST_HASH, CORRECTION, WITHDRAWN, VERSION_OF, RECEIVED_FOR = (
    "Story-Id", "Version", "First-Hash", "Correction", "Withdrawn", "Version-Of", "Received-For")
MODIFIED = "Modified"


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
    # Structured formats: paragraph kinds ("h" sub-head, "ul"/"ol" list with one item a
    # line) by index into `paragraphs`; what the item states about itself.
    kinds: dict[int, str] = field(default_factory=dict)
    images: list[Image] = field(default_factory=list)
    status: str | None = None              # Pelican Status ("hidden" for a canceled item)
    guid: str | None = None
    version: str | None = None
    version_created: dt.datetime | None = None
    pub_status: str | None = None
    urgency: int | None = None
    slugline: str | None = None
    replaces: str | None = None
    correction: str | None = None
    date_only: bool = False                # the wire gave a day, no time (DATE_ONLY)
    undated: bool = False                  # the wire gave no date: dated at arrival
    # the lifecycle's (plugins/wire/identity, lifecycle): text conventions read into an Identity
    correction_note: str | None = None     # the correction note the page shows ("Correction: ...")
    advisories: list[str] = field(default_factory=list)   # editors' notes ("Eds: CORRECTS ...")
    story_id: str | None = None            # set by ingest from the Identity; written as Story-Id
