"""Text hygiene for feeds: only XML-legal characters, absolute links, plain-text summaries."""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin

# Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
# plus C1 controls (legal but "discouraged", and only ever wire noise). lxml raises on the
# former and json.dumps(ensure_ascii=False) cannot encode lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def xml_safe(text) -> str:
    """`text` without the characters no feed can carry; None -> ""."""
    return _ILLEGAL.sub("", str(text)) if text is not None else ""


def absolute_links(fragment: str, base_url: str) -> str:
    """Make every relative href/src in an HTML fragment absolute against `base_url`."""
    def fix(m):
        value = m.group(3)
        if _HAS_SCHEME.match(value):
            return m.group(0)
        # The value is HTML-escaped text; "&amp;" survives urljoin untouched.
        return f"{m.group(1)}{m.group(2)}{urljoin(base_url, value)}{m.group(2)}"
    return _URL_ATTR.sub(fix, fragment)


def plain_text(fragment: str) -> str:
    """An HTML fragment as one line of plain text (JSON Feed's `summary` is plain text)."""
    return xml_safe(_SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip())
