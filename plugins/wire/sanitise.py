"""What wire text may carry onto a page: the two walls between a wire file and live markup.

1. `clean_text`: the characters. Wire copy arrives with terminal colour codes, C0/C1
   control characters and Unicode bidirectional controls (U+202E turns "exe.txt" into
   "txt.exe" on screen). None of them is text a reader should get, several are illegal in
   XML (feeds, sitemaps), and the bidi controls reorder whatever follows them. mdwriter
   passes every field of a Story through here, so Pelican's metadata, pages, feeds and
   sitemaps only ever see clean text. Letters of any script (Cyrillic, Kazakh, CJK, Arabic,
   Hebrew) are untouched: the bidi algorithm orders right-to-left text by itself, the
   controls only override it.

2. `sanitise_html`: the markup. mdwriter escapes wire text so that Markdown can only make
   the structure it chose; the HTML Python-Markdown then produces for a wire release goes
   through nh3 (the ammonia sanitiser) with an allow-list of exactly what that Markdown
   yields with Pelican's MARKDOWN settings (extra + codehilite): paragraphs, the `##`
   section headings, the contacts' line breaks, and tables as preformatted code
   (codehilite's `<div class="highlight"><pre><code>` with Pygments' token classes).
   Anything else (an element, an attribute, a URL) that ever slipped through the
   escaping is removed. wire/__init__.py runs it on every wire release's content and
   summary as Pelican creates the release.
"""
from __future__ import annotations

import re
import unicodedata

import nh3
from pygments.token import STANDARD_TYPES

# ANSI/ECMA-48 escape sequences, removed whole (removing only ESC leaves "[31m" in a
# byline): CSI "ESC [ params intermediates final", OSC "ESC ] ... BEL|ST" (bounded, and
# never past a line end, so an unterminated one cannot swallow the story), character-set
# designations "ESC ( B" and the cursor save/restore and keypad ones "ESC 7", "ESC =".
# A lone ESC before a letter ("\x1bnews") loses the ESC only: a word's first letter is
# worth more than a rare two-character terminal command. Each alternative scans
# disjoint character classes once: linear in the input.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]+[0-~]"
    r"|\x1b[78=>\\]")
# Line ends: CRLF, CR and the Unicode line and paragraph separators become "\n".
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
# What is dropped, everywhere:
#  - C0 controls but tab and newline (VT and FF too: wire page breaks), DEL, C1 controls;
#  - Unicode's Bidi_Control characters (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI,
#    FSI, PDI) and the deprecated format controls U+206A-U+206F;
#  - interlinear annotation marks, a byte order mark inside the text, noncharacters
#    (U+FDD0-U+FDEF, U+FFFE, U+FFFF), lone surrogates, the language tag U+E0001.
_DROP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\U000e0001]")


#  In ASCII text only these can occur; bytes.translate deletes them about five times
#  faster than the pattern scans (a 5 MB body passes here twice: convert, then mdwriter).
_ASCII_DROP = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])


def clean_text(text: str) -> str:
    """`text` as characters a page, a feed and a sitemap can carry: line ends as "\\n",
    tabs kept, NFC; escape sequences, control and bidi characters removed."""
    if not text:
        return text or ""
    if text.isprintable():
        # No control, format (bidi), separator, surrogate or unassigned character: nothing
        # below applies (tests/wire/test_sanitise.py checks it) but NFC. One C scan for the
        # usual paragraph, where the steps below cost a microsecond each.
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    # Each `in` is a fast C scan: the patterns run only on text that needs them.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")      # as _NEWLINES does
    if "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    if text.isascii():            # O(1) in CPython; NFC leaves ASCII as it is
        return text.encode("ascii").translate(None, _ASCII_DROP).decode("ascii")
    text = _without_long(text) if len(text) > _LONG else _DROP.sub("", text)
    return unicodedata.normalize("NFC", text)


_LONG = 4096
_ASCII = bytes(range(0x80))


def _without_long(text: str) -> str:
    """`_DROP.sub("", text)` for a long text that is mostly ASCII (a 5 MB body in a code
    page): the pattern reads 12 ns a character, bytes.translate under 1. In UTF-8 no byte
    of a multi-byte character is ASCII, so the ASCII controls are deleted from the UTF-8
    bytes; the pattern then reads only the non-ASCII characters (the ASCII bytes deleted),
    and runs on the text only if one of them is to be dropped."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:    # lone surrogates: the pattern drops them
        return _DROP.sub("", text)
    if _DROP.search(data.translate(None, _ASCII).decode("utf-8")):
        return _DROP.sub("", text)
    return data.translate(None, _ASCII_DROP).decode("utf-8")


# Bump when the rules below change: releases sanitised under older ones (in Pelican's
# content cache) are sanitised again.
RULES_VERSION = 3

# The allow-list: exactly what mdwriter's Markdown becomes in Python-Markdown with
# Pelican's default MARKDOWN (extra, codehilite with css_class "highlight", meta).
#   p          a paragraph              h2    an "About ..." / "Media contact" section
#   br         a contact's line break   div   codehilite's wrapper (class "highlight")
#   pre, code  a table, preformatted    span  Pygments' tokens inside a table
#   h3         a structured item's sub-head     ul, ol, li  its lists (formats/_xml.py)
#   a          an e-mail, phone or URL in an About/contact section (mdwriter.linked):
#              href only, to http(s), mailto: or tel:; every link gets LINK_REL
ALLOWED_TAGS = frozenset({"p", "h2", "h3", "br", "div", "pre", "code", "span", "ul", "ol", "li", "a"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener"
# Classes are the only attributes, each from a closed list (no id, no style, no URL).
ALLOWED_CLASSES = {
    "div": frozenset({"highlight"}),
    "span": frozenset(c for c in STANDARD_TYPES.values() if c),
}
# Elements whose content is not text either: dropped with what they hold.
_DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed",
                                "svg", "math", "noscript", "textarea", "title", "xmp",
                                "noembed", "noframes", "select", "frameset"})


def sanitise_html(fragment: str) -> str:
    """A wire release's HTML with every element and attribute outside the allow-list
    removed (their text kept, as text; script-like elements dropped whole)."""
    if not fragment:
        return fragment
    return _unlinked(nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={"a": {"href"}},
        allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ))


# nh3 keeps an <a> whose href it removed (javascript:, data:): a link to nowhere is text
_HREFLESS = re.compile(r'<a rel="' + LINK_REL + r'">(.*?)</a>', re.S)


def _unlinked(html: str) -> str:
    return _HREFLESS.sub(r"\1", html) if "<a " in html else html
