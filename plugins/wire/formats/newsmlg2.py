"""NewsML-G2 (IPTC): a <newsItem>, or a <newsMessage> carrying several items.

A newsItem states its identity (@guid, @version), its status (itemMeta/pubStatus,
embargoed, signals), its times (firstCreated, versionCreated, contentMeta/contentCreated)
and its metadata (headline, slugline, creditline, dateline, located, by, language,
subject with <name>); the text is in contentSet as inlineXML (XHTML, or a NITF document)
or inlineData (plain text), pictures as remoteContent renditions.

A newsMessage maps to ONE release per file: its first text item that has text. Picture
items in the same message become that release's images; further text items are named
in the build log and returned by `parse_items`, so that a later ingest change can make
one release of each without re-reading the XML. (Ingest and the store key releases by
file name today; one file, one release keeps that true.)
"""
from __future__ import annotations

from . import _xml, nitf
from ._xml import XML_LANG, attr, child, children, path, text
from .draft import Draft

NAME = "newsml-g2"
_ROOTS = ("newsItem", "newsMessage")
_TEXT_CLASSES = ("text", "composite")
_PICTURE_CLASSES = ("picture", "graphic")


def sniff(data: bytes) -> bool:
    return _xml.root_name(data) in _ROOTS


def parse(data: bytes) -> Draft:
    items = parse_items(data)
    first = next((d for d in items if d.blocks or d.headline), items[0])
    others = [d.guid or "(no guid)" for d in items if d is not first]
    if others:
        first.notes.append(f"newsMessage: {len(items)} text items; converted {first.guid or 'the first'}, "
                           f"not {', '.join(others)} (one release per file)")
    return first


def parse_items(data: bytes) -> list[Draft]:
    """Every text item of the file, in document order, each with the message's pictures."""
    root = _xml.parse_as(data, ("newsItem", "newsMessage"), "NewsML-G2")
    if _xml.local(root) == "newsItem":
        news_items, header, message = [root], None, None
    else:
        news_items = [el for el in root.iter() if _xml.local(el) == "newsItem"]
        header, message = child(root, "header", "Header"), root
    texts, pictures = [], []
    for item in news_items:
        cls = _xml.qcode_value(attr(path(item, "itemMeta", "itemClass"), "qcode")).split(":")[-1]
        if cls in _PICTURE_CLASSES:
            pictures.extend(_pictures(item))
        elif cls in _TEXT_CLASSES or not cls:
            texts.append(item)
    if not texts:
        raise _xml.StructuredError("no text item in this NewsML-G2 file (only "
                                   f"{len(pictures)} picture item(s))" if pictures else "no news item")
    drafts = []
    for item in texts:
        draft = _read_item(item, header, message)
        draft.images.extend(pictures)
        draft.encoding = _xml.encoding_of(root)
        nitf.finish(draft)
        drafts.append(draft)
    return drafts


def _name_or_literal(el) -> str:
    return text(child(el, "name")) or attr(el, "literal")


def _read_item(item, header, message) -> Draft:
    draft = Draft(format=NAME, body="")
    item_meta, content_meta = child(item, "itemMeta"), child(item, "contentMeta")
    draft.guid = attr(item, "guid") or None
    draft.version = attr(item, "version") or None
    draft.lang = item.get(XML_LANG) or attr(child(content_meta, "language"), "tag") or \
        (attr(message, "lang") if message is not None else "") or None

    draft.first_created = _xml.instant(text(child(item_meta, "firstCreated")))
    draft.version_created = _xml.instant(text(child(item_meta, "versionCreated")))
    # contentCreated (when the content itself was made) only stands in for both
    draft.stamp = _xml.instant(text(child(content_meta, "contentCreated")))
    draft.embargo = _xml.instant(text(child(item_meta, "embargoed")))
    draft.pub_status = _xml.qcode_value(attr(child(item_meta, "pubStatus"), "qcode")) or None
    for signal in children(item_meta, "signal"):
        if _xml.qcode_value(attr(signal, "qcode")) in ("correction", "corrected"):
            draft.correction = text(child(item_meta, "edNote")) or "corrected"
    for link in children(item_meta, "link"):
        if _xml.qcode_value(attr(link, "rel")) in ("previousversion", "replaces"):
            draft.replaces = attr(link, "residref", "href") or None

    headlines = children(content_meta, "headline")
    main = next((h for h in headlines if not attr(h, "role") or "main" in attr(h, "role").lower()),
                headlines[0] if headlines else None)
    draft.headline = text(main) or None
    draft.slugline = text(child(content_meta, "slugline")) or None
    draft.urgency = _xml.to_int(text(child(content_meta, "urgency")))
    draft.dateline = text(child(content_meta, "dateline")) or None
    located = child(content_meta, "located")
    draft.located = (text(child(located, "name")) or attr(located, "literal")) if located is not None else None
    draft.byline = nitf.byline_text(text(child(content_meta, "by"))) or None

    # Who sent it: the credit line is what the agency asks to be credited as; then the
    # original provider, the copyright holder, the provider, the message's sender.
    draft.credit = text(child(content_meta, "creditline")) or None
    names = []
    sources = children(content_meta, "infoSource")
    sources.sort(key=lambda s: "origprov" not in attr(s, "role").lower())
    names += [_name_or_literal(s) for s in sources]
    names += [_name_or_literal(c) for c in children(child(item, "rightsInfo"), "copyrightHolder")]
    provider = child(item_meta, "provider")
    names += [_name_or_literal(provider), _xml.qcode_value(attr(provider, "qcode")) if provider is not None else ""]
    names += [text(child(header, "sender")), text(child(header, "origin"))]
    draft.agencies = list(dict.fromkeys(n for n in (_xml.clean(n) for n in names) if n))

    for subject in children(content_meta, "subject"):
        name = text(child(subject, "name"))
        if name and name not in draft.subjects:
            draft.subjects.append(name)

    draft.blocks = []
    content_set = child(item, "contentSet")
    inline = _best_inline(content_set)
    if inline is not None and _xml.local(inline) == "inlineXML":
        inner = next(iter(inline), None)
        if inner is not None and _xml.local(inner) == "nitf":
            nitf.read(inner, draft)
        elif inner is not None:
            body = next((d for d in inner.iter() if _xml.local(d) == "body"), inner)
            found = _xml.blocks(body)
            if draft.headline and found and found[0].kind == "h" and nitf.same_words(found[0].text, draft.headline):
                found = found[1:]
            draft.blocks = found
            draft.images.extend(_xml.images_in(body))
        draft.lang = draft.lang or inline.get(XML_LANG) or None
    elif inline is not None:                      # inlineData: plain text
        draft.blocks = [_xml.Block("p", p.strip()) for p in "".join(inline.itertext()).split("\n\n") if p.strip()]
    draft.images.extend(_pictures(item))
    if not draft.blocks:
        for desc in children(content_meta, "description"):
            if text(desc):
                draft.blocks.append(_xml.Block("p", text(desc)))
                break
    return draft


def _best_inline(content_set):
    """The XHTML (or NITF) rendition before plain text: it keeps the body's structure."""
    inlines = [c for c in (content_set if content_set is not None else []) if
               _xml.local(c) in ("inlineXML", "inlineData")]
    inlines.sort(key=lambda c: (_xml.local(c) != "inlineXML", "text/plain" in attr(c, "contenttype")))
    return inlines[0] if inlines else None


def _pictures(item) -> list:
    """A picture item's remoteContent renditions: the largest web-sized one, with the
    item's headline or description as caption and its credit line or by as credit."""
    content_meta = child(item, "contentMeta")
    caption = text(child(content_meta, "description")) or text(child(content_meta, "headline"))
    credit = text(child(content_meta, "creditline")) or text(child(content_meta, "by"))
    renditions = [r for r in _xml.descendants(child(item, "contentSet"), "remoteContent")]
    if not renditions:
        return []
    href, width, height = _xml.choose_rendition(
        [(attr(r, "href"), attr(r, "width"), attr(r, "height")) for r in renditions])
    img = _xml.image(href, caption, credit, width, height)
    return [img] if img else []
