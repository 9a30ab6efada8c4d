"""Bytes as the wire delivered them -> text, with the encoding named.

Wires arrive in UTF-8 (with or without BOM), UTF-16 (with or without BOM) and the
legacy 8-bit code pages (Latin-1, cp1252, cp1251 for Cyrillic). We try the strict
decodings first, because they fail loudly when wrong, and only then ask
charset-normalizer to choose among the 8-bit pages, which never fail to decode.
"""
from __future__ import annotations

import codecs
import re

from .sanitise import clean_text

# Wire framing characters that the format parsers need to see (SOH, STX, ETX, EOT,
# SYN, US, ...) are kept here; `strip_controls` removes them once a parser is done.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")   # private-use code points


class DecodeError(ValueError):
    """The bytes are not text in any encoding a wire uses (binary data)."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"), "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), utf16)
    if b"\x00" in data:
        raise DecodeError("binary data (NUL bytes), not wire text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding, text = _eight_bit(data)
    return _checked(data.decode(encoding, errors="replace") if text is None else text, encoding)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _eight_bit(data: bytes) -> tuple[str, str | None]:
    """The code page, and the text decoded in it when the choice decoded it already (a 5 MB
    file was decoded three times)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:20000], cp_isolation=["cp1252", "cp1251", "latin_1", "koi8_r", "cp1250"]).best()
    if best is None:
        return "cp1252", None
    # Western text often decodes the same in several code pages; name the usual one then.
    try:
        western = data.decode("cp1252")
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return best.encoding, None
    return ("cp1252", western) if text == western else (best.encoding, text)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    sample = text[:5000]
    if sample:
        # Wire framing uses a handful of control characters; binary data is full of them,
        # or of replacement characters and unassigned code points once decoded.
        bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd") + len(_PRIVATE_USE.findall(sample))
        if bad > 0.1 * len(sample) + 4:
            raise DecodeError(f"binary data, not wire text (decoded as {encoding})")
    return text, encoding


def strip_controls(text: str) -> str:
    """Normalize line ends and drop characters no page or feed can carry (terminal
    escape sequences whole, bidi controls too): the one rule, in sanitise.clean_text."""
    return clean_text(text)
