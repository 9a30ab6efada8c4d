"""Story -> Markdown text with Pelican metadata.

Wire text must stay text, and become only the structure chosen here: metadata lines,
paragraphs, `##` sections, contacts with one line break a line, and tables as indented
code blocks (which Markdown escapes itself). `<script>` shows as "<script>"; "*" and "_"
never become emphasis; no line of wire text can open a heading, list, quote,
definition, table, fence, footnote, abbreviation or attribute list, or close a setext
heading ("=====" under a name), since every character that makes Markdown structure is
escaped: with a backslash where Python-Markdown honours one in any configuration, as a
numeric character reference where it does not (":", "=", "~" at a line's start, "|"
anywhere). Every field is first passed through `sanitise.clean_text` (no control, bidi
or escape characters), and the HTML of a wire release is sanitised once more when
Pelican reads it (wire/__init__.py): a second wall, should this one ever leak.
"""
from __future__ import annotations

import bisect
import dataclasses
import html
import re
from urllib.parse import quote

from . import dates
from .paragraphs import EMAIL, URL, phone_numbers
from .sanitise import clean_text
from .story import (BYLINE, CATEGORY, CORRECTION, DATE, DATELINE, EMBARGO, IMAGE, IMAGE_CAPTION, IMAGE_CREDIT, LANG,
                    ORGANISATION, SLUG, SOURCE, STATUS, STORY_ID, SUMMARY, TAGS, TITLE, WIRE_CORRECTION, WIRE_ENCODING,
                    WIRE_FORMAT, WIRE_GUID, WIRE_HASH, WIRE_REPLACES, WIRE_SLUGLINE, WIRE_SOURCE, WIRE_STATUS,
                    WIRE_URGENCY, WIRE_VERSION, WIRE_VERSION_CREATED, Story)
from .story import DATE_ONLY, WIRE_UNDATED

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!])")  # what Python-Markdown lets a backslash escape
_ACTIVE_CHARS = "\\`*_{}[]()#+!"     # the same, escaped by str.replace (4 MB of "(" took 4 s by .sub)
_WHITESPACE = re.compile(r"\s+")
MAX_IMAGES = 6           # pictures a release shows (the theme loops over Image-2 ... Image-6)
# What opens or closes a block at a line's start: "-", "+" (bullets, setext "---"), "1."
# (ordered list), ":" (definition), "=" (setext "==="), "~" (a "~~~" fence). "#", "*",
# "_", "`", "[", ">" and "<" are escaped wherever they stand.
_LINE_START = re.compile(r"^([-+:=~]|\d+(?=[.)]\s))", re.M)
_ENTITY = {":": "&#58;", "=": "&#61;", "~": "&#126;"}
# codehilite reads a code block's first line as a language header when it starts
# with "::" or "#!" (and drops it): a table that starts so is indented one more space.
_CODE_HEADER = re.compile(r"\s*(?:::|#!)")


def escape(text: str) -> str:
    """Plain text as Markdown that renders back to the same text, each line a line of
    one paragraph (leading and trailing blanks dropped: they would be structure)."""
    multiline = "\n" in text
    text = "\n".join(line.strip() for line in text.split("\n")) if multiline else text.strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    # as _ACTIVE.sub(r"\\\1"): one str.replace a character, the backslash first (a
    # replacement only adds backslashes, which no later one touches). str.translate with
    # a dict cost 0.1 us a character, and a 5 MB release passes here whole.
    for ch in _ACTIVE_CHARS:
        if ch in text:
            text = text.replace(ch, "\\" + ch)
    if multiline:
        return _LINE_START.sub(_line_start, text)
    m = _LINE_START.match(text)       # one line: only its start can open a block
    return text if m is None else _line_start(m) + text[m.end():]


def _line_start(m: re.Match) -> str:
    mark = m.group(1)
    if mark.isdigit():
        return mark + "\\"            # "1." -> "1\." (the "." follows)
    return _ENTITY.get(mark) or "\\" + mark


def clean_story(story: Story) -> Story:
    """The Story with every text field (lists, sections and images included) through clean_text:
    one place, so no field can be forgotten."""
    def clean(value):
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):   # Section, Image
            return dataclasses.replace(value, **{f.name: clean(getattr(value, f.name))
                                                 for f in dataclasses.fields(value)})
        return value
    return dataclasses.replace(story, **{f.name: clean(getattr(story, f.name))
                                         for f in dataclasses.fields(story)})


def _meta_value(value: str) -> str:
    """One line of metadata: no newlines, no control characters."""
    return _WHITESPACE.sub(" ", value).strip()


def render(story: Story, slug: str) -> str:
    story = clean_story(story)
    meta = [
        (TITLE, _meta_value(story.headline) or slug),   # a headline of control characters only
        (DATE, dates.iso(story.date)),
        (DATE_ONLY, "yes" if story.date_only else None),
        (WIRE_UNDATED, "yes" if story.undated else None),
        (DATELINE, story.dateline),
        (SOURCE, story.source),
        (CATEGORY, story.category),
        (TAGS, ", ".join(re.sub(r"[,;]", " ", t) for t in story.tags)),   # Pelican splits on both
        (SUMMARY, escape(story.summary)),
        (SLUG, slug),
        (LANG, story.lang),
        (BYLINE, story.byline),
        (ORGANISATION, story.organisation),
        (EMBARGO, dates.iso(story.embargo) if story.embargo else None),
        (WIRE_SOURCE, story.wire_source),
        (WIRE_HASH, story.wire_hash),
        (WIRE_FORMAT, story.wire_format),
        (WIRE_ENCODING, story.wire_encoding),
        (STORY_ID, story.story_id),
        (CORRECTION, story.correction_note),
    ]
    # What a structured item states about itself (identity, version, status), and its
    # lead picture: the theme shows it as a figure, og:image and JSON-LD use the URL.
    image = story.images[0] if story.images else None
    meta += [
        (STATUS, story.status),
        (WIRE_GUID, story.guid),
        (WIRE_VERSION, story.version),
        (WIRE_VERSION_CREATED, dates.iso(story.version_created) if story.version_created else None),
        (WIRE_STATUS, story.pub_status),
        (WIRE_URGENCY, str(story.urgency) if story.urgency is not None else None),
        (WIRE_SLUGLINE, story.slugline),
        (WIRE_REPLACES, story.replaces),
        (WIRE_CORRECTION, story.correction),
        (IMAGE, image.href if image else None),
        (IMAGE_CAPTION, image.caption if image else None),
        (IMAGE_CREDIT, image.credit if image else None),
    ]
    for n, more in enumerate(story.images[1:MAX_IMAGES], start=2):     # Image-2, Image-2-Caption, ...
        meta += [(f"{IMAGE}-{n}", more.href), (f"{IMAGE}-{n}-Caption", more.caption),
                 (f"{IMAGE}-{n}-Credit", more.credit)]
    lines = [f"{key}: {_meta_value(value)}" for key, value in meta if value]
    out = "\n".join(lines) + "\n\n"
    blocks = []
    for i, p in enumerate(story.paragraphs):
        if not p.strip():
            continue
        if i in story.tables and story.kinds.get(i - 1) in ("ul", "ol"):
            blocks.append("<!-- -->")     # else Markdown reads the indented table as the list's last item
        blocks.append(_block(p, story.kinds[i]) if i in story.kinds else _paragraph(p, i in story.tables))
    parts = [out, "\n\n".join(blocks)]      # joined once: `out +=` a section was quadratic
    for section in story.sections:
        parts.append(f"\n\n## {escape(_meta_value(section.heading))}\n\n")
        if section.kind == "contact":   # name, e-mail, phone: one per line (Markdown hard breaks)
            parts.append("\n\n".join("  \n".join(linked(ln.strip()) for ln in p.split("\n") if ln.strip())
                                       for p in section.paragraphs if p.strip()))
        else:
            parts.append("\n\n".join(linked(_one_line(p)) for p in section.paragraphs if p.strip()))
    return "".join(parts).rstrip() + "\n"


def _block(text: str, kind: str) -> str:
    """A structured item's sub-head ("h") or list ("ul"/"ol", one item a line), escaped
    like any paragraph: only the "###" and the list markers are Markdown."""
    if kind == "h":
        return "### " + escape(_WHITESPACE.sub(" ", text).strip())
    marker = "1." if kind == "ol" else "-"
    return "\n".join(f"{marker} " + escape(_WHITESPACE.sub(" ", item).strip())
                     for item in text.split("\n") if item.strip())


def _paragraph(text: str, preformatted: bool) -> str:
    if preformatted:
        # An indented code block: Markdown escapes <, & itself and keeps the columns.
        lines = [line.replace("\t", "    ").rstrip() for line in text.split("\n")]
        indent = "     " if lines and _CODE_HEADER.match(lines[0]) else "    "
        return "\n".join(indent + line for line in lines)
    return escape(_one_line(text))


def _one_line(text: str) -> str:
    """`" ".join(text.split())` (as _WHITESPACE.sub(" ", text).strip(), with no match per
    space), skipped for a paragraph on one line with single spaces already: two C scans
    instead of a list of its words (2.9 MB of About text, 0.04 s). A printable text has no
    whitespace but the space (str.isprintable refuses every other: one scan, where a test
    for each other blank was 25 on non-ASCII text, the largest cost of rendering 9,000
    About paragraphs)."""
    if "  " not in text and text.isprintable():
        return text.strip(" ")
    return " ".join(text.split())


# Links in About and contact sections: the only markup wire text leads to. Each is an
# <a> this module writes, to an href it builds (http(s), mailto: or tel: only, quoted),
# with rel="nofollow noopener"; the text around and inside it is escaped as ever.
LINK_REL = "nofollow noopener"


def _href(kind: str, text: str) -> str | None:
    if kind == "email":
        return "mailto:" + quote(text, safe="@.+-_")
    if kind == "phone":
        digits = re.sub(r"\D", "", re.split(r"(?i)\s?(?:x|ext\.?)\s?\d", text)[0])
        return "tel:" + ("+" if text.lstrip().startswith("+") else "") + digits
    url = text if text.lower().startswith(("http://", "https://")) else "https://" + text
    return quote(url, safe=":/?#@!$&'()*+,;=%-._~")


def linked(text: str) -> str:
    """Plain text as Markdown with its e-mails, phone numbers and URLs as links."""
    # each pattern only where its mark is (an "@", a scheme or "www.", a digit): most About
    # text has none, and an About paragraph of a file near 5 MB is read in C once per pattern
    spans = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)] if "@" in text else []
    if _may_hold_url(text):
        spans = _add_free(spans, URL.finditer(text), "url")
    phones = phone_numbers(text)        # it runs its pattern only where a number may be
    if phones:
        spans = _add_free(spans, phones, "phone")
    if not spans:
        return escape(text)
    out, at = [], 0
    for start, end, kind in sorted(spans):
        piece = text[start:end]
        out.append(_escape_inline(text[at:start]))
        href = html.escape(_href(kind, piece), quote=True)
        out.append(f'<a href="{href}" rel="{LINK_REL}">{escape(piece)}</a>')
        at = end
    out.append(_escape_inline(text[at:]))
    return "".join(out)


def _may_hold_url(text: str) -> bool:
    """Whether URL can match: it holds "://" or "www." in any case (which ends "w." or
    "W."), so text.lower() is made only then."""
    return "://" in text or (("w." in text or "W." in text) and "www." in text.lower())


def _add_free(spans: list, matches, kind: str) -> list:
    """spans (non-overlapping) and those of matches that overlap none of them: by bisection,
    so that a line of many links is not spans x matches."""
    taken = sorted(spans)
    starts = [a for a, _, _ in taken]
    new = []
    for m in matches:
        i = bisect.bisect_left(starts, m.end())     # the spans that start before m ends
        if i and taken[i - 1][1] > m.start():       # the last of them overlaps m
            continue
        new.append((m.start(), m.end(), kind))
    return spans + new


def _escape_inline(piece: str) -> str:
    """A piece of a line between links: escaped, keeping the spaces around it (escape()
    strips a line's ends)."""
    core = piece.strip()
    if not core:
        return piece
    lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
    return lead + escape(core) + trail
