"""Hostile wire copy for the XSS / formatting-injection / control-character tests: our own
reproducers of each shape (HTML in every position a wire line can take, Markdown block
syntax at line starts, terminal and bidi controls), as hypothesis strategies and as a
fixed batch, plus the checks that parse what the site made of them."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import strategies as st

from wire.sanitise import ALLOWED_CLASSES, ALLOWED_TAGS, LINK_REL, LINK_SCHEMES

# Markup that must never come alive. Each names the hostile thing it tries, so a test can
# look for the attribute/element/URL in the output whatever the payload's shape.
PAYLOADS = [
    "<img src=x onerror=alert(document.domain)>",
    "<script>alert(1)</script>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<svg onload=alert(1)><circle/></svg>",
    "<div onmouseover=\"alert(1)\" style=\"position:fixed\">x</div>",
    "\"><img src=x onerror=alert(1)>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<b onclick=alert(1)>bold</b>",
    "{: onclick=\"alert(1)\" }",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<!-- --><img src=x onerror=alert(1)>",
    "]]><img src=x onerror=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<p markdown=\"1\"><em onclick=alert(1)>x</em></p>",
]

# Characters that must not reach a page, a feed or a sitemap.
CONTROLS = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c",
            "\x1b[31m", "\x1b[1;32m", "\x1b]0;owned\x07", "\x1b[2J", "\x07", "\x08", "\x00",
            "\x0b", "\x0c", "\x7f", "\x85", "\x9b", "\ufffe", "\ufeff"]
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f"
                             "\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

LEAD = ("NEW YORK, March 3, 2026 (Reuters) - Acme Corp opened a solar panel plant in "
        "Springfield on Tuesday, the company said in a statement on its website.")
MORE = "The plant employs 300 people and cost $40 million to build, the company said."


def _story(headline: str, *middle: str, byline: str | None = None) -> str:
    parts = [headline, ""]
    if byline:
        parts += [byline, ""]
    parts += [LEAD, ""]
    for block in middle:
        parts += [block, ""]
    parts.append(MORE)
    return "\n".join(parts) + "\n"


# Each shape puts `p` (a payload) where a wire line can carry it.
SHAPES = {
    "headline": lambda p: _story(f"Acme opens plant {p} in Springfield"),
    "lead": lambda p: _story("Acme opens plant in Springfield",
                             f"Acme said {p} in a statement."),
    "definition": lambda p: _story("Acme opens plant in Springfield", "Shares", ": prices",
                                   f"Item     Price     Change\n{p}     12     +1\nBeta     13     -2"),
    "definition-indented": lambda p: _story("Acme opens plant in Springfield",
                                            f"Term\n: defined here\n    {p}\n    more {p}"),
    "blockquote": lambda p: _story("Acme opens plant in Springfield", f"> {p}\n> quoted"),
    "pipe-table": lambda p: _story("Acme opens plant in Springfield",
                                   f"| a | b |\n|---|---|\n| {p} | 2 |"),
    "setext-equals": lambda p: _story("Acme opens plant in Springfield", f"Anna Berg\n=========\n{p}"),
    "setext-dashes": lambda p: _story("Acme opens plant in Springfield", f"Anna Berg\n---------\n{p}"),
    "indented": lambda p: _story("Acme opens plant in Springfield",
                                 f"    {p}\n    {p}\n        {p}"),
    "agate-table": lambda p: _story("Acme opens plant in Springfield",
                                    f"Item     Price     Change\nAcme     12     +1\n{p}     13     -2\n"
                                    f"Beta     14     {p}"),
    "fence": lambda p: _story("Acme opens plant in Springfield", f"~~~\n{p}\n~~~", f"```\n{p}\n```"),
    "footnote": lambda p: _story("Acme opens plant in Springfield", f"Acme[^1] said so.\n\n[^1]: {p}"),
    "abbreviation": lambda p: _story("Acme opens plant in Springfield",
                                     f"*[Acme]: {p}\nAcme said so."),
    "reference-link": lambda p: _story("Acme opens plant in Springfield",
                                       f"[Acme][1] said so.\n\n[1]: javascript:alert(1) \"{p}\""),
    "attr-list": lambda p: _story("Acme opens plant in Springfield",
                                  f"Acme said so.\n{{: onclick=\"alert(1)\" }}\n{p}"),
    "html-block": lambda p: _story("Acme opens plant in Springfield", f"<div markdown=\"1\">\n{p}\n</div>"),
    "list": lambda p: _story("Acme opens plant in Springfield", f"- {p}\n- two\n1. {p}\n* three"),
    "heading": lambda p: _story("Acme opens plant in Springfield", f"# {p}\n## {p} ##\n{p} {{#id}}"),
    "byline": lambda p: _story("Acme opens plant in Springfield", byline=f"By Anna {p} Berg"),
    "about": lambda p: _story("Acme opens plant in Springfield", f"About Acme {p}\nAcme makes {p} panels."),
    "contact": lambda p: _story("Acme opens plant in Springfield",
                                f"Media Contact:\nAnna Berg {p}\n: defined\n=========\n| a | b |\n|---|---|\n"
                                f"    {p}\n> {p}\n- {p}\nanna@example.com"),
    "contact-table": lambda p: _story("Acme opens plant in Springfield",
                                      f"Media Contact:\n| name | {p} |\n|------|------|\n| Anna | {p} |"),
    "contact-setext": lambda p: _story("Acme opens plant in Springfield",
                                       f"Media Contact:\nAnna Berg\n=========\n{p}\n---------"),
    "controls": lambda p: _story(f"Acme \u202eopens\u202c plant \x1b[31m{p}\x1b[0m",
                                 f"Acme said \u2066{p}\u2069 \x1b]0;t\x07 in a statement.",
                                 byline=f"By Anna \x1b[1mBerg\x1b[0m\u202e{p}"),
    "preamble-source": lambda p: f"Source: Acme {p}\n\n" + _story("Acme opens plant in Springfield"),
    "dateline": lambda p: _story("Acme opens plant in Springfield").replace(
        "NEW YORK, March 3", f"NEW YORK {p}, March 3"),
    "no-headline": lambda p: "\n".join([LEAD.replace("Acme Corp", f"Acme Corp {p}"), "", MORE]) + "\n",
}


def hostile_text():
    """A payload or control sequence mixed into ordinary words (hypothesis)."""
    words = st.sampled_from(["Acme", "plant", "Алматы", "қазақ", "東京", "שלום", "مرحبا", ":", "|",
                             "=====", "-----", ">", "*", "_", "#", "`", "~~~", "    ", "\t", "[x]", "(y)",
                             "&amp;", "&lt;b&gt;", "\\", "{", "}"])
    piece = st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(CONTROLS), words)
    return st.lists(piece, min_size=1, max_size=6).map(" ".join)


def hostile_story():
    """(file name, wire text) with hostile text in one shape (hypothesis)."""
    return st.tuples(st.sampled_from(sorted(SHAPES)), hostile_text(),
                     st.sampled_from(CONTROLS + [""])).map(
        lambda t: (f"wire{t[2]}{t[0]}.txt", SHAPES[t[0]](t[1])))


def batch(per_shape: int = 8) -> list[tuple[str, str]]:
    """Every shape with `per_shape` payloads (rotating, so that every payload meets many
    shapes), and controls in headlines, bylines and file names: a fixed batch for one
    real build (about 300 stories)."""
    out = []
    for j, (shape, make) in enumerate(sorted(SHAPES.items())):
        for k in range(per_shape):
            i = (j * 7 + k) % len(PAYLOADS)
            out.append((f"{shape}-{i:02d}.txt", make(f"{PAYLOADS[i]} {shape} case {i}")))
    for i, ctl in enumerate(CONTROLS):
        out.append((f"ctl-{i:02d}-headline.txt", _story(f"Acme{ctl} opens plant{ctl} in Springfield {i}")))
        out.append((f"ctl-{i:02d}-byline.txt", _story(f"Beta opens shop number {i} in Astana",
                                                      byline=f"By Anna{ctl} Berg")))
        out.append((f"ctl{ctl}-{i:02d}-name.txt", "\n".join([LEAD.replace("Acme Corp", f"Gamma{ctl} Corp {i}"),
                                                              "", MORE]) + "\n"))
    return out


# --- checks --------------------------------------------------------------------------------
_JS_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)


def foreign_markup(fragment: str) -> list[str]:
    """Elements, attributes and class values in an HTML fragment outside the allow-list."""
    bad = []
    for el in BeautifulSoup(fragment, "html.parser").find_all(True):
        if el.name not in ALLOWED_TAGS:
            bad.append(f"<{el.name}>")
        for attr, value in el.attrs.items():
            classes = set(value) if attr == "class" else None
            if el.name == "a" and (attr == "rel" and " ".join(value) == LINK_REL or attr == "href" and
                                   str(value).split(":", 1)[0].lower() in LINK_SCHEMES):
                continue     # mdwriter.linked's links: http(s)/mailto:/tel:, nofollow noopener
            if attr != "class" or not classes <= ALLOWED_CLASSES.get(el.name, frozenset()):
                bad.append(f"<{el.name} {attr}={value!r}>")
    return bad


@functools.cache
def _theme_inlined() -> tuple[str, str]:
    """The theme's stylesheet and logo, which templates/base.html inlines (a <style> in
    <head>, an <svg> in the header's brand mark), as the theme's files hold them."""
    theme = Path(__file__).resolve().parents[2] / "theme" / "static"
    css = (theme / "css" / "site.css").read_text(encoding="utf-8")
    logo = BeautifulSoup((theme / "images" / "logo.svg").read_text(encoding="utf-8"), "html.parser").svg
    return css.strip(), str(logo)


def _theme_own(el) -> bool:
    """A <style> or <svg> that is the theme's own, where the theme puts it, byte for byte."""
    css, logo = _theme_inlined()
    parent = el.parent
    if el.name == "style":
        return parent is not None and parent.name == "head" and (el.string or "").strip() == css
    if el.name == "svg":
        return parent is not None and "brand-mark" in (parent.get("class") or []) and str(el) == logo
    return False


def live_hazards(soup: BeautifulSoup, allowed_scripts: set[str] = frozenset()) -> list[str]:
    """What could run in a whole page: event handlers, script-like elements (but JSON-LD,
    the theme's own scripts and its inlined stylesheet and logo), javascript:/data: URLs."""
    bad = []
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            if attr.lower().startswith("on"):
                bad.append(f"<{el.name} {attr}>")
            if attr.lower() in ("href", "src", "action", "formaction", "data", "xlink:href") and \
                    _JS_URL.match(str(value)):
                bad.append(f"<{el.name} {attr}={value}>")
        if el.name in ("iframe", "object", "embed", "svg", "math", "details", "style", "base", "frame") \
                and not _theme_own(el):
            bad.append(f"<{el.name}>")
        if el.name == "script" and el.get("type") != "application/ld+json" and \
                el.get("src", "").rsplit("/", 1)[-1] not in allowed_scripts:
            bad.append(f"<script {el.attrs}>")
        if el.name == "img" and "onerror" in str(el):
            bad.append("<img onerror>")
    return bad


def json_ld_problems(soup: BeautifulSoup) -> list[str]:
    """JSON-LD must parse, never carry "<" raw (it would end its <script>), nor controls."""
    bad = []
    for script in soup.find_all("script", type="application/ld+json"):
        raw = script.string or ""
        if "<" in raw:
            bad.append(f"raw '<' in JSON-LD: {raw[:80]!r}")
        data = json.loads(raw)
        text = json.dumps(data, ensure_ascii=False)
        if FORBIDDEN_CHARS.search(text):
            bad.append(f"control/bidi character in JSON-LD: {text[:80]!r}")
    return bad


# --- a whole built site --------------------------------------------------------------------
def theme_free_body(article_soup) -> str:
    """The release body without the theme's own wrappers (dateline span, boilerplate
    sections): what is left came from the release's Markdown."""
    body = article_soup.select_one(".release-body")
    for span in body.select("span.dateline"):
        span.decompose()
    for wrapper in body.select("section.boilerplate, p.dateline-only"):
        wrapper.unwrap()
    return body.decode_contents()


def _exempt(url: str | None, editor_pages: frozenset[str]) -> bool:
    return bool(url) and any(url.endswith(name) for name in editor_pages)


def site_problems(out, editor_pages: frozenset[str] = frozenset()) -> list[str]:
    """Everything in a built site (`out`, Pelican's output folder) that wire text must
    never become, one line each: in every page, live markup (event handlers, scripts,
    javascript: URLs), broken JSON-LD, control or bidi characters, and in every release
    body, card summary, h1, byline and <title> any element, attribute or class outside the
    sanitiser's allow-list; every feed well-formed XML (and to feedparser) without
    control characters, titles as text and entry HTML within the allow-list; the
    sitemaps XML without control characters. `editor_pages` names release pages
    ("edited-release.html") whose markup an editor wrote on purpose (Editor-Markup)."""
    import xml.etree.ElementTree as ET
    from pathlib import Path

    import feedparser

    out = Path(out)
    editor_pages = frozenset(editor_pages)
    problems: list[str] = []
    for page in sorted(out.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(raw, "html.parser")
        rel = page.relative_to(out)
        problems += [f"{rel}: {p}" for p in live_hazards(soup, {"search.js", "share.js"})]
        try:
            problems += [f"{rel}: {p}" for p in json_ld_problems(soup)]
        except ValueError as exc:                     # json.JSONDecodeError
            problems.append(f"{rel}: JSON-LD that is not JSON ({exc})")
        if FORBIDDEN_CHARS.search(raw):
            problems.append(f"{rel}: control/bidi character")
        if soup.select_one(".release-body") and rel.name not in editor_pages:
            problems += [f"{rel} body: {p}" for p in foreign_markup(theme_free_body(soup))]
            for el in soup.select("h1, p.byline, title"):
                if el.find(True):
                    problems.append(f"{rel}: markup inside <{el.name}>")
        for card in soup.select(".card-summary"):
            article = card.find_parent("article")
            if article and any(_exempt(a.get("href"), editor_pages) for a in article.select("a[href]")):
                continue          # Editor-Markup: the editor's own links
            problems += [f"{rel} card: {p}" for p in foreign_markup(card.decode_contents())]

    feeds = sorted((out / "feeds").rglob("*.xml"))
    if not feeds:
        problems.append("feeds/: no feed written")
    for feed in feeds:
        rel = feed.relative_to(out)
        raw = feed.read_text(encoding="utf-8")
        if FORBIDDEN_CHARS.search(raw):
            problems.append(f"{rel}: control/bidi character")
        try:
            root = ET.fromstring(raw.encode("utf-8"))
        except ET.ParseError as exc:
            problems.append(f"{rel}: not XML ({exc})")
            continue
        skip = set()          # the elements of entries an editor marked up on purpose
        for entry in root.iter():
            if entry.tag.rsplit("}", 1)[-1] in ("entry", "item"):
                links = [el.get("href") or el.text for el in entry if el.tag.rsplit("}", 1)[-1] == "link"]
                if any(_exempt(u, editor_pages) for u in links):
                    skip.update(id(el) for el in entry.iter())
        for el in root.iter():
            if id(el) in skip:
                continue
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "title" and el.get("type") not in (None, "text"):
                problems.append(f"{rel}: <title type={el.get('type')}> (titles are text, never HTML)")
            if tag in ("content", "summary", "description") and el.text:
                problems += [f"{rel} <{tag}>: {p}" for p in foreign_markup(el.text)]
        parsed = feedparser.parse(raw)
        if parsed.bozo:
            problems.append(f"{rel}: feedparser: {parsed.get('bozo_exception')}")
    for feed in sorted((out / "feeds").rglob("*.json")):
        rel = feed.relative_to(out)
        try:
            items = json.loads(feed.read_text(encoding="utf-8")).get("items", [])
        except ValueError as exc:
            problems.append(f"{rel}: not JSON ({exc})")
            continue
        for item in items:
            if _exempt(item.get("url"), editor_pages):
                continue
            problems += [f"{rel} item: {p}" for p in foreign_markup(item.get("content_html", ""))]
            if FORBIDDEN_CHARS.search(json.dumps(item, ensure_ascii=False)):
                problems.append(f"{rel} item: control/bidi character")
    for name in ("sitemap.xml", "news-sitemap.xml"):
        path = out / name
        if not path.exists():
            problems.append(f"{name}: not written")
            continue
        raw = path.read_text(encoding="utf-8")
        try:
            ET.fromstring(raw.encode("utf-8"))
        except ET.ParseError as exc:
            problems.append(f"{name}: not XML ({exc})")
        if FORBIDDEN_CHARS.search(raw):
            problems.append(f"{name}: control/bidi character")
    return problems
