"""NewsML 1.2 (IPTC): AFP, Belga, Business Wire, ANP, ATS, EFE, Kyodo, TASS.

A NewsML document wraps NewsItems; each has Identification (PublicIdentifier, RevisionId),
NewsManagement (FirstCreated, ThisRevisionCreated, Status, Urgency, StatusWillChange for
an embargo) and a tree of NewsComponents with NewsLines (HeadLine, DateLine, SlugLine,
ByLine, CreditLine), metadata, and ContentItems whose DataContent holds the text (NITF,
XHTML or plain) or whose Href points at a picture. Components are told apart by Role:
a "HeadLine"/"Title" component is the headline, "Caption" a picture's caption, style
sheets and logos are skipped. Like a G2 newsMessage, one file is one release: the first
NewsItem with text (the others are named in the build log).
"""
from __future__ import annotations

import re

from . import _xml, nitf
from ._xml import XML_LANG, attr, child, children, descendants, path, text
from .draft import Block, Draft

NAME = "newsml-1.2"
_HEADLINE_ROLES = {"headline", "title"}
_SKIP_ROLES = {"stylesheet", "logo", "thumbnail", "metadata", "caption", "preview"}
_PICTURE = re.compile(r"\.(?:jpe?g|png|gif|webp)(?:[?#]|$)", re.I)


def sniff(data: bytes) -> bool:
    return _xml.root_name(data) == "NewsML"


def parse(data: bytes) -> Draft:
    root = _xml.parse_as(data, ("NewsML",), "NewsML 1.2")
    items = [el for el in root.iter() if _xml.local(el) == "NewsItem"]
    if not items:
        raise _xml.StructuredError("no NewsItem in this NewsML file")
    envelope = child(root, "NewsEnvelope")
    drafts = [_read_item(item, envelope) for item in items]
    first = next((d for d in drafts if d.blocks), drafts[0])
    first.encoding = _xml.encoding_of(root)
    others = [d.guid or "(no id)" for d in drafts if d is not first]
    if others:
        first.notes.append(f"NewsML: {len(drafts)} news items; converted {first.guid or 'the first'}, "
                           f"not {', '.join(others)} (one release per file)")
    return first


_PICTURE_ROLES = {"photo", "picture", "image", "graphic", "caption", "logo", "thumbnail", "video"}


def _first(item, name: str) -> str:
    """The first non-empty element of this name outside picture components (whose
    NewsLines describe the picture, not the story)."""
    for el in descendants(item, name):
        value = text(el)
        if value and not any(_xml.local(a) == "NewsComponent" and _role(a) in _PICTURE_ROLES
                             for a in el.iterancestors()):
            return value
    return ""


def _role(component) -> str:
    return attr(child(component, "Role"), "FormalName").lower()


def _read_item(item, envelope) -> Draft:
    draft = Draft(format=NAME, body="", blocks=[])
    ident = child(child(item, "Identification"), "NewsIdentifier")
    manage = child(item, "NewsManagement")
    draft.guid = text(child(ident, "PublicIdentifier")) or None
    draft.version = text(child(ident, "RevisionId")) or None
    draft.first_created = _xml.instant(text(child(manage, "FirstCreated")))
    draft.version_created = _xml.instant(text(child(manage, "ThisRevisionCreated")))
    draft.stamp = _xml.instant(text(child(ident, "DateId"))) or _xml.instant(text(child(envelope, "DateAndTime")))
    draft.pub_status = attr(child(manage, "Status"), "FormalName").lower() or None
    draft.urgency = _xml.to_int(attr(child(manage, "Urgency"), "FormalName"))
    will_change = child(manage, "StatusWillChange")
    if will_change is not None:
        future = attr(child(will_change, "FutureStatus"), "FormalName").lower()
        when = _xml.instant(text(child(will_change, "DateAndTime")))
        if when and future in ("", "usable"):
            draft.embargo = when
    for instruction in children(manage, "Instruction"):
        if "correct" in attr(instruction, "FormalName").lower():
            draft.correction = attr(instruction, "FormalName")
    revision = child(ident, "RevisionId")
    if revision is not None and attr(revision, "PreviousRevision") not in ("", "0") and draft.guid:
        draft.replaces = re.sub(r":[^:]*$", ":" + attr(revision, "PreviousRevision"), draft.guid)

    draft.dateline = _first(item, "DateLine") or None
    draft.slugline = _first(item, "SlugLine") or text(child(child(item, "Identification"), "NameLabel")) or None
    draft.byline = nitf.byline_text(_first(item, "ByLine"))
    lang_el = next((el for el in descendants(item, "Language") if attr(el, "FormalName")), None)
    draft.lang = item.get(XML_LANG) or attr(lang_el, "FormalName") or \
        next((el.get(XML_LANG) for el in item.iter() if isinstance(el.tag, str) and el.get(XML_LANG)), None)
    for location in descendants(item, "Location"):
        if attr(location, "HowPresent").lower() in ("", "origin"):
            for prop in children(location, "Property"):
                if attr(prop, "FormalName").lower() == "city" and attr(prop, "Value"):
                    draft.located = attr(prop, "Value")
                    break
        if draft.located:
            break

    draft.credit = _first(item, "CreditLine") or None
    names = [attr(party, "FormalName") for provider in descendants(item, "Provider")
             for party in children(provider, "Party")]
    names.append(_host(text(child(ident, "ProviderId"))))
    names += [attr(p, "FormalName") for p in children(child(envelope, "SentFrom"), "Party")]
    draft.agencies = list(dict.fromkeys(n for n in (_xml.clean(n) for n in names) if n))
    source = next((attr(p, "FormalName") for s in descendants(item, "Source") for p in children(s, "Party")), "")
    if source and _xml.clean(source) not in draft.agencies:
        draft.organisation = source          # Business Wire: the issuing company (Source, not Provider)
    for prop in descendants(item, "Property"):
        if attr(prop, "FormalName").lower() in ("keyword",) and attr(prop, "Value"):
            draft.keywords.append(attr(prop, "Value"))

    headline = ""
    for component in descendants(item, "NewsComponent"):
        role = _role(component)
        if role in _HEADLINE_ROLES and not headline:
            headline = _component_text(component)
    draft.headline = _first(item, "HeadLine") or headline or None
    _read_components(child(item, "NewsComponent"), draft)
    nitf.finish(draft)
    return draft


def _host(value: str) -> str:
    return value.split("/")[0] if value else ""


def _component_text(component) -> str:
    return " ".join(text(d) for c in children(component, "ContentItem") for d in children(c, "DataContent"))


def _read_components(component, draft: Draft) -> None:
    """The text and pictures of a component tree, in document order."""
    if component is None:
        return
    role = _role(component)
    if role in _SKIP_ROLES or role in _HEADLINE_ROLES:
        return
    caption = ""
    for sub in children(component, "NewsComponent"):
        if _role(sub) == "caption":
            caption = _component_text(sub)
    caption = caption or text(path(component, "NewsLines", "HeadLine")) or text(path(component, "NewsLines", "CaptionLine"))
    credit = text(path(component, "NewsLines", "CreditLine")) or text(path(component, "NewsLines", "ByLine"))
    renditions = []          # one picture in several sizes: one ContentItem each
    for item in children(component, "ContentItem"):
        media = attr(child(item, "MediaType"), "FormalName").lower()
        href = attr(item, "Href")
        if media in ("photo", "image", "graphic", "picture") or (href and _PICTURE.search(href) and
                                                                  media not in ("text", "complexdata")):
            props = {attr(p, "FormalName").lower(): attr(p, "Value") for p in descendants(item, "Property")}
            renditions.append((href, props.get("width") or props.get("pixelwidth"),
                               props.get("height") or props.get("pixelheight")))
            continue
        if media in ("video", "audio", "animation", "sound"):
            continue           # text is read from any other ContentItem (Text, ComplexData + NITF)
        data = child(item, "DataContent")
        if data is None:
            continue
        inner = next(iter(data), None)
        if inner is not None and _xml.local(inner) == "nitf":
            headline = draft.headline
            nitf.read(inner, draft)
            draft.headline = headline or draft.headline
        elif inner is not None:
            found = _xml.blocks(data)
            if role == "subheadline":
                found = [Block("h", b.text) if b.kind == "p" else b for b in found]
            draft.blocks.extend(found)
            draft.images.extend(_xml.images_in(data))
        else:
            draft.blocks.extend(Block("p", _xml.clean(p)) for p in (data.text or "").split("\n\n") if p.strip())
    if renditions:
        href, width, height = _xml.choose_rendition(renditions)
        img = _xml.image(href, caption, credit, width, height)
        if img and not any(i.href == img.href and i.caption == img.caption for i in draft.images):
            draft.images.append(img)
    for sub in children(component, "NewsComponent"):
        _read_components(sub, draft)
