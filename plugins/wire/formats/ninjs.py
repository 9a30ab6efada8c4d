"""ninjs (IPTC News in JSON) 1.x, 2.x and 3.x: dpa, NTB, Business Wire, Superdesk exports.

1.x has flat fields (headline, body_html / body_text, description_text, byline, subject,
associations as an object of named items with `renditions` as an object); 2.x moved the
texts into arrays with roles (headlines, descriptions, bodies with contenttype) and made
associations and renditions arrays; 3.x writes every key in camelCase (firstCreated,
pubStatus, contentType, copyrightHolder). Keys are read case-insensitively, so one
reader serves all three. The standard library parses the JSON; every value is checked
for its type before use: a string where a list belongs is a rejection, not a crash.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from . import _xml, nitf
from ._xml import StructuredError
from .draft import Block, Draft

NAME = "ninjs"
# keys that only a ninjs object has, one of which must be there (besides "{")
_KEYS = re.compile(rb'"(?:uri|guid|headline|headlines|body_text|body_html|bodies|versioncreated|'
                   rb'versionCreated|firstcreated|firstCreated|pubstatus|pubStatus|renditions)"\s*:')
_MAX_DEPTH = 32


def sniff(data: bytes) -> bool:
    head = _xml.head_text(data, 65536)
    return head.lstrip()[:1] in (b"{", b"[") and bool(_KEYS.search(head))


def parse(data: bytes) -> Draft:
    try:
        text = data.decode("utf-8-sig") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-16")
        obj = json.loads(text)
    except UnicodeDecodeError as exc:
        raise StructuredError(f"ninjs is not UTF-8 JSON: {exc.reason} at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise StructuredError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise StructuredError("malformed JSON: nested too deeply") from None
    if not isinstance(obj, dict):
        raise StructuredError(f"ninjs must be a JSON object, not {_kind(obj)}")
    obj, beside = _unwrap(obj)
    item = _Item(obj, "")
    draft = _read(item)
    if not draft.blocks and beside:
        fragment = _xml.html_fragment(beside)
        draft.blocks = _xml.blocks(fragment) if fragment is not None else []
    draft.encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    nitf.finish(draft)
    return draft


def _unwrap(obj: dict) -> tuple[dict, str | None]:
    """An API envelope around the item (AP's media API, as newsroom systems store it:
    {"data": {"item": {...ninjs...}}, "nitf": {"body_html": "..."}}): the item, and the
    body delivered beside it."""
    data = obj.get("data")
    if "uri" not in obj and isinstance(data, dict) and isinstance(data.get("item"), dict):
        beside = obj.get("nitf")
        body = beside.get("body_html") if isinstance(beside, dict) else beside
        return data["item"], body if isinstance(body, str) and body.strip() else None
    return obj, None


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


class _Item:
    """A ninjs object read case-insensitively, every value type-checked."""

    def __init__(self, obj: dict, where: str, depth: int = 0):
        if depth > _MAX_DEPTH:
            raise StructuredError("ninjs nested too deeply")
        self.obj = {k.casefold(): v for k, v in obj.items() if isinstance(k, str)}
        self.where = where
        self.depth = depth

    def _get(self, key: str, types: tuple, label: str):
        value = self.obj.get(key.casefold())
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, types):
            raise StructuredError(f"ninjs field {self.where}{key!r} is {_kind(value)}, not {label}")
        return value

    def str(self, key: str) -> str | None:
        value = self._get(key, (str,), "a string")
        return value.strip() if value and value.strip() else None

    def scalar(self, key: str) -> str | None:
        """A value ninjs versions give as a string or a number (version, urgency)."""
        value = self._get(key, (str, int, float), "a string or a number")
        return str(value).strip() if value is not None and str(value).strip() else None

    def list(self, key: str) -> list:
        return self._get(key, (list,), "a list") or []

    def obj_(self, key: str) -> "_Item | None":
        value = self._get(key, (dict,), "an object")
        return _Item(value, f"{self.where}{key}.", self.depth + 1) if value is not None else None

    def items(self, key: str) -> list["_Item"]:
        """A list of objects, or (1.x) an object of named objects."""
        value = self._get(key, (list, dict), "a list or an object")
        if value is None:
            return []
        pairs = value.items() if isinstance(value, dict) else ((str(i), v) for i, v in enumerate(value))
        out = []
        for name, v in pairs:
            if v is None:
                continue
            if not isinstance(v, dict):
                raise StructuredError(f"ninjs field {self.where}{key}[{name!r}] is {_kind(v)}, not an object")
            item = _Item(v, f"{self.where}{key}[{name}].", self.depth + 1)
            item.obj.setdefault("name", name if isinstance(value, dict) else None)
            out.append(item)
        return out


def _by_role(items: list[_Item], *roles: str) -> _Item | None:
    for role in roles:
        for item in items:
            if (item.str("role") or "").casefold() == role:
                return item
    return items[0] if items else None


def _read(item: _Item) -> Draft:
    draft = Draft(format=NAME, body="")
    draft.guid = item.str("uri") or item.str("guid")
    draft.version = item.scalar("version")
    draft.first_created = _xml.instant(item.str("firstcreated"))
    draft.version_created = _xml.instant(item.str("versioncreated"))
    draft.stamp = _xml.instant(item.str("contentcreated"))
    draft.embargo = _xml.instant(item.str("embargoed"))
    draft.pub_status = (item.str("pubstatus") or "").lower() or None
    draft.urgency = _xml.to_int(item.scalar("urgency"))
    draft.lang = item.str("language")
    draft.slugline = item.str("slugline")

    headlines = item.items("headlines")
    main = _by_role(headlines, "main", "default")
    draft.headline = item.str("headline") or (main.str("value") if main else None)
    by = item.str("byline") or item.str("by")
    if not by and item.obj.get("bylines") is not None:     # AP: [{"by": "By JANE ROE", "title": ...}]
        by = ", ".join(b.str("by") or b.str("name") or "" for b in item.items("bylines")).strip(", ") or None
    if not by:
        people = item.items("people") if isinstance(item.obj.get("people"), list) else []
        authors = [p.str("name") for p in people if (p.str("rel") or "").endswith("author") and p.str("name")]
        by = ", ".join(a for a in authors if a) or None
    draft.byline = nitf.byline_text(by) if by else None
    # located: a string in 1.x, an object with a name in later Superdesk exports
    located = item.obj_("located").str("name") if isinstance(item.obj.get("located"), dict) \
        else item.str("located")
    draft.located = located

    # Who sent it: Superdesk's "source", the credit line, the copyright holder, then the
    # uri's host ("http://www.businesswire.com/news/...").
    draft.credit = item.str("creditline") or item.str("source")
    names = [item.str("copyrightholder")]
    # AP-style: infosource / provider as objects with a name (or provider as a string)
    names += [src.str("name") for src in item.items("infosource")]
    provider = item.obj.get("provider")
    names.append(item.obj_("provider").str("name") if isinstance(provider, dict) else item.str("provider"))
    uri = draft.guid or ""
    if uri.startswith(("http://", "https://")):
        names.append(urlsplit(uri).hostname or "")
    draft.agencies = list(dict.fromkeys(n for n in (_xml.clean(n) for n in names if n) if n))

    for key in ("subject", "subjects"):
        for subject in item.items(key):
            name = subject.str("name")
            if name and name not in draft.subjects:
                draft.subjects.append(name)
    keywords = item.list("keywords")
    draft.keywords = [k.strip() for k in keywords if isinstance(k, str) and k.strip()]

    # The body: HTML keeps its structure; plain text is split at blank lines.
    bodies = item.items("bodies")
    html_body = item.str("body_html") or item.str("body_xml")
    text_body = item.str("body_text")
    for body in bodies:
        kind = (body.str("contenttype") or body.str("content_type") or "").lower()
        if "html" in kind or "xml" in kind:
            html_body = html_body or body.str("value")
        else:
            text_body = text_body or body.str("value")
    draft.blocks = []
    if html_body:
        fragment = _xml.html_fragment(html_body)
        if fragment is not None:
            draft.blocks = _xml.blocks(fragment)
            draft.images.extend(_xml.images_in(fragment))
    if not draft.blocks and text_body:
        draft.blocks = [Block("p", _xml.clean(p)) for p in re.split(r"\n\s*\n", text_body) if p.strip()]
    if draft.headline and draft.blocks and draft.blocks[0].kind == "h" and \
            nitf.same_words(draft.blocks[0].text, draft.headline):
        draft.blocks = draft.blocks[1:]
    if not draft.blocks:
        descriptions = item.items("descriptions")
        desc = item.str("description_text") or (_by_role(descriptions, "summary", "text").str("value")
                                                if descriptions else None)
        if desc:
            draft.blocks = [Block("p", _xml.clean(desc))]

    for assoc in item.items("associations"):
        img = _image(assoc)
        if img:
            draft.images.append(img)
    if (item.str("type") or "").lower() in ("picture", "graphic"):
        img = _image(item)
        if img:
            draft.images.append(img)
    return draft


def _image(assoc: _Item):
    if (assoc.str("type") or "picture").lower() not in ("picture", "graphic", "image"):
        return None
    renditions = [(r.str("href"), r.scalar("width"), r.scalar("height")) for r in assoc.items("renditions")]
    renditions = [r for r in renditions if r[0]]
    descriptions = assoc.items("descriptions")
    caption = assoc.str("description_text") or (_by_role(descriptions, "caption", "text", "summary").str("value")
                                                if descriptions else None) or assoc.str("headline") or ""
    if not caption:
        headlines = assoc.items("headlines")
        caption = (_by_role(headlines, "main").str("value") if headlines else None) or ""
    credit = assoc.str("creditline") or assoc.str("byline") or assoc.str("by") or assoc.str("copyrightholder") or ""
    if not renditions:
        return None
    href, width, height = _xml.choose_rendition(renditions)
    return _xml.image(href, caption, credit, width, height)
