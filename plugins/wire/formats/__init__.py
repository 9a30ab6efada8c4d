"""Wire formats: one module per format, one small interface.

Each module has `NAME`, `sniff(text) -> bool` and `parse(text) -> Draft`. A parser
removes its format's framing (control characters, routing headers, trailers) and
says what the framing itself states (headline, agency, transmission time); the
dateline, date, tags and headline generation that all formats share happen after,
in `wire.convert`, on the Draft's plain body text.
"""
from __future__ import annotations

from . import anpa, iptc7901, plain, zczc
from .draft import Draft

__all__ = ["Draft", "FORMATS", "sniff", "parse"]


# Most specific first; plain text takes whatever the others do not.
FORMATS = (anpa, iptc7901, zczc, plain)


def sniff(text: str):
    """The format module for this text."""
    for module in FORMATS:
        if module.sniff(text):
            return module
    return plain


def parse(text: str) -> Draft:
    return sniff(text).parse(text)
