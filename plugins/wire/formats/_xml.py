"""Shared by the XML formats: a hardened parser, sniffing on bytes, and reading a body
(XHTML or NITF) into text blocks.

Hostile XML is ordinary input here. The parser never loads a DTD, never touches the
network and never expands an entity (`resolve_entities=False, no_network=True,
load_dtd=False, huge_tree=False`), so nothing outside the file is ever read; on top of
that a document is refused when it *relies* on a DTD: one that declares entities (the
entity bomb, the external entity pointing at /etc/passwd), refers to an entity that only
a DTD could define, or names a DTD by URL or absolute path. The relative DTD names that
NewsML 1.2 and NITF files carry by convention ("NewsML-1.2.dtd") are left unread.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
from urllib.parse import urlsplit

from lxml import etree

from ..story import Image
from .draft import Block


class StructuredError(ValueError):
    """A structured item that cannot be read; the message says why (for the build log)."""


_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.I)
_EIGHT_BIT = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "iso-8859-15", "windows-1252", "cp1252",
              "us-ascii", "ascii"}


def head_text(data: bytes, size: int = 4096) -> bytes:
    """The first bytes as ASCII-compatible bytes (UTF-16 files decoded), BOM removed."""
    head = data[: size * 2]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head[:size]


def is_xml(data: bytes) -> bool:
    """Bytes that announce XML: an XML declaration, or a DOCTYPE other than HTML's (an
    HTML page is wire text to the text formats, as before)."""
    head = head_text(data)
    if re.match(rb"\s*<\?xml\b", head, re.I):
        return True
    return bool(re.match(rb"\s*<!DOCTYPE\s+(?!html\b)", head, re.I))


def root_name(data: bytes) -> str | None:
    """The root element's local name, read from the bytes without parsing (for sniffing)."""
    head = head_text(data)
    pos = 0
    while True:
        m = _SKIP.match(head, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _ROOT.match(head, len(head[pos:]) - len(head[pos:].lstrip()) + pos)
    return m.group(2).decode("ascii") if m else None


def _parser(encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True,
                           encoding=encoding)


def parse_as(data: bytes, roots: tuple[str, ...], what: str) -> etree._Element:
    """The root element (parse), or StructuredError when its local name is none of `roots`
    (`what`: the format, for the message)."""
    root = parse(data)
    if local(root) not in roots:
        raise StructuredError(f"not {what}: the root element is <{local(root)}>")
    return root


def parse(data: bytes) -> etree._Element:
    """The root element of a hardened parse, or StructuredError saying what is wrong."""
    encoding = None
    declared = _DECLARED.match(head_text(data, 400))
    if declared and declared.group(1).decode().lower() in _EIGHT_BIT:
        # Files that declare Latin-1 but are UTF-8 exist (a newsroom system re-encoding and
        # keeping the old declaration): bytes that are valid UTF-8 with multi-byte
        # sequences are almost never meant as Latin-1.
        try:
            data.decode("utf-8")
            if re.search(rb"[\xc2-\xf4][\x80-\xbf]", data):
                encoding = "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        root = etree.fromstring(data, _parser(encoding))
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc) or "entity" in str(exc).lower() and "loop" in str(exc).lower():
            raise StructuredError(f"refused: an entity bomb ({_short(exc)})") from None
        raise StructuredError(f"malformed XML: {_short(exc)}") from None
    except (ValueError, LookupError) as exc:     # an encoding lxml does not know
        raise StructuredError(f"unreadable XML: {exc}") from None
    if root is None:
        raise StructuredError("malformed XML: no root element")
    _refuse_dtd_use(root.getroottree())
    return root


def encoding_of(root) -> str:
    """The encoding the parser read the document in, lower case ("utf-8", "iso-8859-1")."""
    return (root.getroottree().docinfo.encoding or "utf-8").lower()


def _short(exc: Exception) -> str:
    return re.sub(r"\s+", " ", str(exc))[:160]


def _is_local_ref(url: str | None) -> bool:
    """A relative DTD name ("NewsML-1.2.dtd", "../dtd/nitf-3-0.dtd"), not a URL or a path
    from the root of a disk."""
    if not url:
        return True
    return not (re.match(r"^[A-Za-z][\w+.-]*:", url) or url.startswith(("/", "\\")))


def _refuse_dtd_use(tree) -> None:
    info = tree.docinfo
    if not _is_local_ref(info.system_url):
        raise StructuredError(f"refused: the DOCTYPE names a DTD at {info.system_url!r} (DTDs are never read)")
    dtd = info.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            if entity.content:
                raise StructuredError(f"refused: the DOCTYPE declares entity {entity.name!r} "
                                      "(entity declarations are not expanded)")
            if not _is_local_ref(entity.system_url):
                raise StructuredError(f"refused: entity {entity.name!r} points at {entity.system_url!r} "
                                      "(external entities are never read)")
    for node in tree.getroot().iter(etree.Entity):
        raise StructuredError(f"refused: the text uses entity {node.text!s} that only a DTD defines "
                              "(DTDs are never read)")


# --- reading elements -------------------------------------------------------------

def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def children(el, *names: str) -> list:
    """Direct children with one of these local names (any namespace)."""
    if el is None:
        return []
    return [c for c in el if local(c) in names]


def child(el, *names: str):
    found = children(el, *names)
    return found[0] if found else None


def path(el, *steps: str):
    """Walk child by child; None when a step is missing."""
    for step in steps:
        el = child(el, step)
        if el is None:
            return None
    return el


def descendants(el, *names: str) -> list:
    if el is None:
        return []
    return [d for d in el.iter() if local(d) in names]


def text(el) -> str:
    """All the text of an element, whitespace collapsed."""
    if el is None:
        return ""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def attr(el, *names: str) -> str:
    """The first of these attributes that is set (any namespace), stripped."""
    if el is None:
        return ""
    for name in names:
        for key, value in el.attrib.items():
            if key.rsplit("}", 1)[-1] == name and value.strip():
                return value.strip()
    return ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def qcode_value(qcode: str) -> str:
    """"stat:usable" -> "usable"."""
    return qcode.split(":", 1)[-1].strip().lower() if qcode else ""


def to_int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# --- dates -------------------------------------------------------------------------

_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def instant(value: str | None) -> dt.datetime | None:
    """An ISO 8601 timestamp, extended ("2018-01-21T20:23:15.000Z") or basic
    ("20190121T104233+0000"), as a datetime (naive when it states no offset)."""
    s = (value or "").strip()
    if not s:
        return None
    m = _ISO_BASIC.match(s)
    if m:
        y, mo, d, hh, mm, ss, zone = m.groups()
        s = f"{y}-{mo}-{d}T{hh or '00'}:{mm or '00'}:{ss or '00'}{zone or ''}"
    s = re.sub(r"[zZ]$", "+00:00", s.replace(" ", "T", 1))
    s = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", s)
    s = re.sub(r"(\.\d{6})\d+", r"\1", s)
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        return None


# --- images --------------------------------------------------------------------------

def public_url(href: str | None) -> str | None:
    """An absolute http(s) URL on a public host, else None: a relative name or a newsroom
    system's localhost address is no image a reader's browser can load."""
    href = (href or "").strip()
    if not href or len(href) > 2000 or re.search(r"[\s<>\"'`]", href):
        return None
    parts = urlsplit(href)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host == "localhost" or host.endswith((".local", ".localhost", ".internal")) or \
            re.match(r"^(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.|\[)", host):
        return None
    return href


def image(href: str | None, caption: str = "", credit: str = "", width=None, height=None) -> Image | None:
    """An Image, or None for a tracking pixel (1x1) or an image without href or caption."""
    w, h = to_int(width), to_int(height)
    if (w is not None and w <= 2) or (h is not None and h <= 2):
        return None
    url = public_url(href)
    caption, credit = clean(caption), clean(credit)
    if not url and not caption:
        return None
    return Image(url, caption, credit, w, h)


def choose_rendition(renditions: list[tuple]) -> tuple:
    """(href, width, height) of the rendition to show: a public URL, the widest up to
    2048 pixels (else the narrowest above); the first one when none is a public URL."""
    public = [r for r in renditions if public_url(r[0])]
    if not public:
        return renditions[0]
    sized = [r for r in public if to_int(r[1])]
    small = [r for r in sized if to_int(r[1]) <= 2048]
    if small:
        return max(small, key=lambda r: to_int(r[1]))
    if sized:
        return min(sized, key=lambda r: to_int(r[1]))
    return public[0]


def clean(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


# --- bodies: XHTML and NITF body.content -> blocks ----------------------------------

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"}
_LISTS = {"ul": "ul", "ol": "ol", "dl": "ul"}
_BREAKS = {"br"}
_SKIPPED = {"script", "style", "head", "title", "meta", "link", "object", "embed", "iframe", "noscript",
            "media", "figure", "img", "picture", "svg", "video", "audio", "source", "tagline", "nitf-table-metadata"}
_BLOCKISH = {"p", "div", "section", "article", "block", "blockquote", "bq", "body", "body.content",
             "body.head", "body.end", "html", "main", "aside", "header", "footer", "center", "fn",
             "note", "pre", "table", "ul", "ol", "dl", "li", "dt", "dd", "nitf-table", "tr", "td", "th",
             "thead", "tbody", "tfoot", "caption", "hr", "address", "form", "fieldset", "hedline"} | _HEADINGS


def inline_text(el) -> str:
    """An element's text with <br> as a line break and nested scripts left out."""
    out: list[str] = []

    def walk(node):
        name = local(node)
        if name in _SKIPPED and node is not el:
            if node.tail:
                out.append(node.tail)
            return
        if name in _BREAKS:
            out.append("\n")
        elif node.text:
            out.append(node.text)
        for c in node:
            walk(c)
        if node is not el and node.tail:
            out.append(node.tail)

    walk(el)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in "".join(out).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def blocks(el) -> list[Block]:
    """The body's structure as text blocks: paragraphs, sub-heads, lists, tables, and
    preformatted text; never the markup itself."""
    found: list[Block] = []
    if el is not None:
        _walk(el, found)
    return [b for b in found if b.text.strip() or b.items or b.rows]


def _has_block_child(el) -> bool:
    return any(local(c) in _BLOCKISH for c in el)


def _add_text(found: list[Block], value: str | None) -> None:
    value = (value or "").strip()
    if value:
        found.append(Block("p", clean(value)))


def _walk(el, found: list[Block]) -> None:
    name = local(el)
    if name in _SKIPPED:
        return
    if name in _HEADINGS:
        found.append(Block("h", clean(inline_text(el))))
    elif name in _LISTS:
        items = [clean(inline_text(li)) for li in el if local(li) in ("li", "dt", "dd")]
        found.append(Block(_LISTS[name], items=[i for i in items if i]))
    elif name in ("table", "nitf-table"):
        table = el if name == "table" else (child(el, "table") if child(el, "table") is not None else el)
        rows = [[clean(inline_text(cell)) for cell in tr if local(cell) in ("td", "th")]
                for tr in table.iter() if local(tr) == "tr"]
        rows = [r for r in rows if any(r)]
        if rows:
            found.append(Block("table", rows=rows))
    elif name == "pre":
        found.append(Block("pre", "\n".join(ln.rstrip() for ln in "".join(el.itertext()).strip("\n").split("\n"))))
    elif name in ("p", "li", "dd", "dt", "address", "caption", "fn", "note") and not _has_block_child(el) \
            and _columns(el):
        # agate set in a <p> with line breaks and aligned columns: keep its lines
        for para, is_table in zip(*_split_text(_raw_lines(el))):
            found.append(Block("pre" if is_table else "p", para if is_table else clean(para)))
    elif name in ("p", "li", "dd", "dt", "address", "caption", "fn", "note") and not _has_block_child(el):
        para = inline_text(el)
        # a paragraph that is only bold text is a sub-head in release HTML ("<p><strong>About Acme</strong></p>")
        strong = [c for c in el if local(c) in ("strong", "b")]
        if para and len(para) <= 120 and len(strong) == 1 and not (el.text or "").strip() and \
                not (strong[0].tail or "").strip() and len(el) == 1:
            found.append(Block("h", clean(para)))
        elif para:
            found.append(Block("p", clean(para)))
    elif not _has_block_child(el):
        _add_text(found, inline_text(el))         # a container of inline text only: one paragraph
    else:
        # Block children, with runs of inline text between them: each run is a paragraph.
        run = [el.text or ""]
        for c in el:
            if local(c) in _BLOCKISH or local(c) in _SKIPPED:
                _add_text(found, "".join(run))
                _walk(c, found)
                run = [c.tail or ""]
            else:
                run += [" ", inline_text(c), c.tail or ""]
        _add_text(found, "".join(run))


_ROW = re.compile(r"\S {2,}\S|\t")


def _raw_lines(el) -> str:
    """An element's text with its line breaks and spacing as written (<br> a break)."""
    parts = []
    for node in el.iter():
        if node is not el and local(node) in _BREAKS:
            parts.append("\n")
        if node.text and local(node) not in _SKIPPED:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts).replace("\r", "")


def _columns(el) -> bool:
    lines = [ln for ln in _raw_lines(el).split("\n") if ln.strip()]
    return len(lines) >= 3 and sum(1 for ln in lines if _ROW.search(ln.strip())) >= len(lines) / 2


def _split_text(raw: str) -> tuple[list[str], list[bool]]:
    """Plain text into paragraphs and tables, as the text formats split it."""
    from ..paragraphs import split

    paras, tables = split(raw)
    return paras, [i in tables for i in range(len(paras))]


def images_in(el) -> list[Image]:
    """<img>, <figure> and NITF <media> in a body."""
    out: list[Image] = []
    if el is None:
        return out
    for node in el.iter():
        name = local(node)
        if name == "media" and attr(node, "media-type").lower() in ("", "image", "photo", "graphic"):
            refs = children(node, "media-reference")
            best = max(refs, key=lambda r: to_int(attr(r, "width")) or 0, default=None)
            img = image(attr(best, "source", "data-location") if best is not None else "",
                        text(child(node, "media-caption")), text(child(node, "media-producer")),
                        attr(best, "width"), attr(best, "height"))
            if img is None and best is not None:
                img = image(None, attr(best, "alternate-text"), text(child(node, "media-producer")))
            if img:
                out.append(img)
        elif name == "figure":
            pic = next((d for d in node.iter() if local(d) == "img"), None)
            img = image(attr(pic, "src"), text(child(node, "figcaption")) or attr(pic, "alt"), "",
                        attr(pic, "width"), attr(pic, "height"))
            if img:
                out.append(img)
        elif name == "img" and not any(local(a) == "figure" for a in node.iterancestors()):
            # an <img> with no alt text is decoration or a tracking pixel, not the story's picture
            img = image(attr(node, "src"), attr(node, "alt", "title"), "", attr(node, "width"), attr(node, "height"))
            if img and img.href and img.caption:
                out.append(img)
    return out


def html_fragment(markup: str):
    """An HTML string (ninjs body_html) as an element tree, through lxml's HTML parser
    with the network off; an HTML parser expands no DTD entities."""
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False, default_doctype=False)
    try:
        return lxml_html.fragment_fromstring(markup, create_parent="div", parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
