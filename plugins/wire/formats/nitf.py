"""NITF 3.x (News Industry Text Format, IPTC): AAP, AP, PA, EFE, NTB, Ritzau.

head/docdata carries the item's identity and status (doc-id, urgency, date.issue,
date.release, management-status, management-doc-idref, correction, du-key version);
body.head the headline, byline, distributor and dateline; body.content the story.
`read` also serves NITF documents inside NewsML-G2 inlineXML and NewsML 1.2 DataContent.
"""
from __future__ import annotations

import re

from . import _xml
from ._xml import attr, child, children, descendants, path, text
from .draft import Draft

NAME = "nitf"


def sniff(data: bytes) -> bool:
    return _xml.root_name(data) == "nitf"


def parse(data: bytes) -> Draft:
    root = _xml.parse_as(data, ("nitf",), "NITF")
    draft = Draft(format=NAME, body="")
    read(root, draft)
    draft.encoding = _xml.encoding_of(root)
    finish(draft)
    return draft


def read(nitf, draft: Draft) -> None:
    """Fill `draft` from a <nitf> element; values already set (by an envelope) win."""
    head, body = child(nitf, "head"), child(nitf, "body")
    docdata = child(head, "docdata")
    body_head = child(body, "body.head")
    content = child(body, "body.content")

    draft.headline = draft.headline or text(path(body_head, "hedline", "hl1")) or text(child(head, "title")) or None
    draft.lang = draft.lang or attr(nitf, "baselang") or nitf.get(_xml.XML_LANG) or \
        (content.get(_xml.XML_LANG) if content is not None else None) or None
    byline = child(body_head, "byline")
    if byline is not None and not draft.byline:
        draft.byline = byline_text(text(byline))
    dateline = child(body_head, "dateline")
    if dateline is not None and not draft.dateline:
        city = text(path(dateline, "location", "city")) or text(child(dateline, "location"))
        draft.dateline = city or text(dateline) or None
    for name in (text(child(body_head, "distributor")), attr(child(docdata, "doc.copyright"), "holder"),
                 attr(child(head, "pubdata"), "name"), attr(child(docdata, "doc-id"), "regsrc")):
        if name and name not in draft.agencies:
            draft.agencies.append(name)

    if docdata is not None:
        doc_id = child(docdata, "doc-id")
        draft.guid = draft.guid or attr(doc_id, "id-string") or None
        draft.urgency = draft.urgency if draft.urgency is not None else _xml.to_int(attr(child(docdata, "urgency"), "ed-urg"))
        draft.first_created = draft.first_created or _xml.instant(attr(child(docdata, "date.issue"), "norm"))
        draft.stamp = draft.stamp or _xml.instant(attr(child(docdata, "date.release"), "norm"))
        status = attr(docdata, "management-status").lower()
        release = _xml.instant(attr(child(docdata, "date.release"), "norm"))
        # date.release is the embargo only when the item says it is embargoed; AAP sets it
        # to the issue time on every item.
        if release and (status == "embargoed" or (draft.first_created and release > draft.first_created)):
            draft.embargo = draft.embargo or release
        draft.pub_status = draft.pub_status or status or None
        draft.replaces = draft.replaces or attr(docdata, "management-doc-idref") or None
        correction = child(docdata, "correction")
        if correction is not None:
            draft.correction = draft.correction or attr(correction, "info") or "corrected"
            draft.replaces = draft.replaces or attr(correction, "id-string") or None
        du_key = child(docdata, "du-key")
        draft.version = draft.version or attr(du_key, "version") or None
        draft.slugline = draft.slugline or attr(du_key, "key") or None
        for kw in descendants(child(docdata, "key-list"), "keyword"):
            if attr(kw, "key"):
                draft.keywords.append(attr(kw, "key"))
        ed_msg = attr(child(docdata, "ed-msg"), "info")
        if ed_msg:
            draft.notes.append(f"editor's note: {_xml.clean(ed_msg)}")
    # without date.issue: the publication date, else the dateline's story.date
    draft.stamp = draft.stamp or _xml.instant(attr(child(head, "pubdata"), "date.publication")) or \
        _xml.instant(attr(child(dateline, "story.date"), "norm"))
    for subject in descendants(child(head, "tobject"), "tobject.subject"):
        # the most specific name the item gives (detail, matter, type); a bare refnum is left out
        name = attr(subject, "tobject.subject.detail", "tobject.subject.matter", "tobject.subject.type")
        if name and name not in draft.subjects:
            draft.subjects.append(name)
    if draft.slugline is None:
        for meta in children(head, "meta"):
            if attr(meta, "name").lower() in ("anpa-keyword", "slugline", "slug") and attr(meta, "content"):
                draft.slugline = attr(meta, "content")
                break

    if draft.blocks is None:
        draft.blocks = []
    found = _xml.blocks(content)
    if draft.headline and found and found[0].kind == "h" and same_words(found[0].text, draft.headline):
        found = found[1:]
    draft.blocks.extend(found)
    draft.images.extend(_xml.images_in(body))
    if not draft.blocks:
        abstract = text(child(body_head, "abstract"))
        if abstract:
            draft.blocks.append(_xml.Block("p", abstract))


def byline_text(value: str) -> str | None:
    value = re.sub(r"^\s*(?:by|von|par|av|af|de|por)\s+", "", value or "", flags=re.I).strip()
    return value or None


def same_words(a: str, b: str) -> bool:
    """The same words, whatever the punctuation, spacing and case: a body's first block that
    repeats the headline (NITF, NewsML-G2 and ninjs drop it)."""
    return re.sub(r"\W+", "", a).casefold() == re.sub(r"\W+", "", b).casefold()


def finish(draft: Draft) -> None:
    """The plain-text body beside the blocks (what the text path and tag extraction read)."""
    parts = []
    for block in draft.blocks or []:
        if block.kind == "table":
            parts.append("\n".join("  ".join(row) for row in block.rows))
        elif block.items:
            parts.append("\n".join(block.items))
        else:
            parts.append(block.text)
    draft.body = "\n\n".join(parts)
