"""Wire formats: one module per format, one small interface.

Each module has `NAME`, `sniff(...) -> bool` and `parse(...) -> Draft`. A parser
removes its format's framing (control characters, routing headers, trailers) and
says what the framing itself states (headline, agency, transmission time); the
dateline, date, tags and headline generation that all formats share happen after,
in `wire.convert`, on the Draft's plain body text.

The text formats take decoded text. The structured formats (NewsML-G2, NITF, ninjs,
NewsML 1.2) take the BYTES: an XML declaration names its own encoding, which the
XML parser must see before any charset guessing turns the bytes into text. Their
Drafts also carry `blocks` (the body's structure) and what the item states about
itself (guid, version, times, status, subjects, images).
"""
from __future__ import annotations

from . import anpa, iptc7901, newsml12, newsmlg2, ninjs, nitf, plain, zczc
from ._xml import StructuredError, is_xml, root_name
from .draft import Block, Draft

__all__ = ["Block", "Draft", "FORMATS", "STRUCTURED", "StructuredError", "sniff", "parse",
           "sniff_bytes", "parse_bytes"]


# Most specific first; plain text takes whatever the others do not.
FORMATS = (anpa, iptc7901, zczc, plain)
STRUCTURED = (newsmlg2, nitf, newsml12, ninjs)


def sniff(text: str):
    """The format module for this text."""
    for module in FORMATS:
        if module.sniff(text):
            return module
    return plain


def parse(text: str) -> Draft:
    return sniff(text).parse(text)


def sniff_bytes(data: bytes):
    """The structured format module for these bytes, or None for wire text.

    A file that announces XML (a declaration or a DOCTYPE first) is XML whatever its
    root: an XML vocabulary we do not read is refused (StructuredError), not shown as text."""
    for module in STRUCTURED:
        if module.sniff(data):
            return module
    if is_xml(data):
        raise StructuredError(f"XML of a kind this site does not read (root <{root_name(data) or '?'}>); "
                              "NewsML-G2, NITF and NewsML 1.2 are read")
    return None


def parse_bytes(data: bytes) -> Draft | None:
    """A Draft for structured bytes, None for wire text (parse it with `parse`)."""
    module = sniff_bytes(data)
    return module.parse(data) if module else None
