"""Story -> Markdown text with Pelican metadata.

Wire text must stay text: `<script>` shows as "<script>", "*" and "_" never become
emphasis, "# 1" and "1." at a line start never become headings or lists. Python-
Markdown honours backslash escapes for its active characters, and entities for
"<", ">" and "&"; tables go out as indented code blocks, which Markdown escapes
itself.
"""
from __future__ import annotations

import re

from . import dates
from .story import (BYLINE, CATEGORY, DATE, DATELINE, EMBARGO, IMAGE, IMAGE_CAPTION, IMAGE_CREDIT, LANG,
                    ORGANISATION, SLUG, SOURCE, STATUS, SUMMARY, TAGS, TITLE, WIRE_CORRECTION, WIRE_ENCODING,
                    WIRE_FORMAT, WIRE_GUID, WIRE_HASH, WIRE_REPLACES, WIRE_SLUGLINE, WIRE_SOURCE, WIRE_STATUS,
                    WIRE_URGENCY, WIRE_VERSION, WIRE_VERSION_CREATED, Story)

_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!])")  # what Python-Markdown lets a backslash escape
_WHITESPACE = re.compile(r"\s+")
MAX_IMAGES = 6           # pictures a release shows (the theme loops over Image-2 ... Image-6)
_LINE_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]\s))", re.M)


def escape(text: str) -> str:
    """Plain text as Markdown that renders back to the same text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ACTIVE.sub(r"\\\1", text)
    # a leading "1." would start a list, a leading "-" or "+" a bullet
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit()
                                                   else "\\" + m.group(2)), text)


def _meta_value(value: str) -> str:
    """One line of metadata: no newlines, no control characters."""
    return _WHITESPACE.sub(" ", value).strip()


def render(story: Story, slug: str) -> str:
    meta = [
        (TITLE, story.headline),
        (DATE, dates.iso(story.date)),
        (DATELINE, story.dateline),
        (SOURCE, story.source),
        (CATEGORY, story.category),
        (TAGS, ", ".join(t.replace(",", " ") for t in story.tags)),
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
        if i in story.tables and story.kinds.get(i - 1) in ("ul", "ol"):
            blocks.append("<!-- -->")     # else Markdown reads the indented table as the list's last item
        blocks.append(_block(p, story.kinds[i]) if i in story.kinds else _paragraph(p, i in story.tables))
    out += "\n\n".join(blocks)
    for section in story.sections:
        out += f"\n\n## {escape(section.heading)}\n\n"
        if section.kind == "contact":   # name, e-mail, phone: one per line (Markdown hard breaks)
            out += "\n\n".join("  \n".join(escape(ln.strip()) for ln in p.split("\n") if ln.strip())
                                for p in section.paragraphs)
        else:
            out += "\n\n".join(_paragraph(p, False) for p in section.paragraphs)
    return out.rstrip() + "\n"


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
        return "\n".join("    " + line.replace("\t", "    ") for line in text.split("\n"))
    return escape(_WHITESPACE.sub(" ", text).strip())
