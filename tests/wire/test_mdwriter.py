"""Wire text stays text through Markdown: rendered with the real Python-Markdown (as
Pelican's reader configures it), it becomes only the structure mdwriter chooses."""
import datetime as dt
import re

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG

from wire.mdwriter import escape, render
from wire.story import Section, Story


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script> & <b>bold</b>",
    "*not emphasis* and _not either_ and **nor this**",
    "# not a heading",
    "1. not a list item",
    "- not a bullet",
    "+ nor this",
    "> not a quote",
    "[not a link](http://example.org) and ![no image](x.png)",
    "`not code` and \\ backslashes \\\\",
    "100% of 3 < 4 > 2 &amp; literally",
    "Price: $5 * 3 = $15; ticker <BAC>",
    ": not a definition", "| not | a table |", "=== not an underline", "~~~ not a fence",
    "{: #not .an attr=list}", "*[not]: an abbreviation", "[^not]: a footnote", "&#8238; stays text",
])
def test_escaped_text_renders_back_as_the_same_text(text):
    html = pelican_markdown("Title: t\n\n" + escape(text))   # the body follows the metadata
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text() == text
    assert [t.name for t in soup.find_all()] == ["p"]        # one paragraph, no other element


# --- formatting injection: wire lines that are Markdown block syntax ------------------------


def pelican_markdown(text: str) -> str:
    """Python-Markdown as Pelican's reader runs it (extra, codehilite, meta)."""
    config = dict(DEFAULT_CONFIG["MARKDOWN"])
    config["extensions"] = list(config["extension_configs"])
    return markdown.Markdown(**config).convert(text)


def story(paragraphs, tables=(), sections=(), **kw) -> Story:
    base = dict(headline="Acme opens a plant", headline_generated=False,
                date=dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc), date_note=None,
                dateline="NEW YORK", source="Reuters", category="News", tags=["Acme"],
                summary="Acme opened a plant.", paragraphs=list(paragraphs), tables=set(tables),
                sections=list(sections), wire_source="x.txt")
    base.update(kw)
    return Story(**base)


# (wire lines, the element they would make if they became Markdown)
INJECTIONS = [
    (["Anna Berg", "=========="], "h1"),                     # setext heading
    (["Anna Berg", "----------"], "h2"),
    (["| name | phone |", "|------|-------|", "| Anna | 555 |"], "table"),
    (["name | phone", "--- | ---", "Anna | 555"], "table"),   # a table without outer pipes
    (["Term", ": the definition", "    <img src=x onerror=alert(1)>"], "dl"),
    (["> quoted", "> more"], "blockquote"),
    (["~~~", "fenced", "~~~"], "pre"),
    (["```", "fenced", "```"], "pre"),
    (["Text[^1] here", "[^1]: the note"], "sup"),             # footnote
    (["*[HTML]: Hyper Text", "HTML here"], "abbr"),           # abbreviation
    (["Text", "{: .evil #id onclick=\"x\" }"], "*attr"),     # attr_list
    (["[site](http://example.org)", "<http://example.org>", "<a@example.org>"], "a"),
    (["[ref][1]", "[1]: http://example.org"], "a"),
    (["***", "___", "- - -"], "hr"),
    (["- one", "+ two", "* three", "1. four", "2) five"], "li"),
    (["# heading", "## heading ##"], "h1"),
    (["<div markdown=\"1\">", "*x*", "</div>"], "div"),
    (["    indented code", "\tand a tab"], "pre"),
]


@pytest.mark.parametrize("lines, element", INJECTIONS, ids=[e + ":" + ln[0] for ln, e in INJECTIONS])
def test_wire_lines_never_become_markdown_structure(lines, element):
    # A contact block keeps each line (hard breaks): the shape most exposed.
    s = story(["Acme opened a plant in Springfield on Tuesday."], sections=[
        Section("Media contact", ["\n".join(lines)], "contact"),
        Section("About Acme", [" ".join(lines)], "about")])
    # ...and the same lines as paragraphs of the story itself.
    s.paragraphs += lines
    html = pelican_markdown(render(s, "acme"))
    soup = BeautifulSoup(html, "html.parser")
    names = {t.name for t in soup.find_all()}
    assert names <= {"p", "h2", "br", "a"}, (element, html)
    assert [h.get_text() for h in soup.find_all("h2")] == ["Media contact", "About Acme"]
    assert all(not t.attrs for t in soup.find_all() if t.name != "a")
    # the only links are the writer's own (mdwriter.linked): an e-mail or URL the text
    # states, as its own href, nofollow; Markdown's link syntax stays text
    for a in soup.find_all("a"):
        assert a["rel"] == ["nofollow", "noopener"] and a["href"] in (a.get_text(), "mailto:" + a.get_text())
        assert set(a.attrs) == {"href", "rel"}
    contact = soup.find_all("h2")[0].find_next_sibling("p")
    assert contact.get_text() == "\n".join(ln.strip() for ln in lines)   # every line kept, as text


def test_a_table_stays_a_table_after_a_definition_marker():
    """The issue's hole: ": " opening a line, then an indented table, was a definition list
    whose indented text Markdown read as HTML."""
    s = story(["Shares", ": prices", "Item     Price\n<img src=x onerror=alert(1)>     12\nBeta     13"],
              tables={2})
    soup = BeautifulSoup(pelican_markdown(render(s, "acme")), "html.parser")
    assert not soup.find("dl") and not soup.find("img")
    assert soup.find("pre").get_text().splitlines()[1] == "<img src=x onerror=alert(1)>     12"
    assert soup.find_all("p")[1].get_text() == ": prices"


@pytest.mark.parametrize("first", [":::html hl_lines=\"1\"", "#!python", "::"])
def test_a_table_whose_first_line_looks_like_a_code_header_keeps_it(first):
    s = story([f"{first}     12\nBeta     13"], tables={0})
    pre = BeautifulSoup(pelican_markdown(render(s, "acme")), "html.parser").find("pre")
    assert pre.get_text().split("\n")[0].strip() == f"{first}     12"


def test_every_field_is_clean_text():
    s = story(["Lead \u202eevil\u202c \x1b[31mred\x1b[0m text."],
              headline="Acme\u202e \x1b[1mopens\x1b[0m\x07 plant", byline="Anna \x1b[32mBerg\u2066",
              dateline="NEW\x00 YORK\u200f", source="Reu\x1b]0;x\x07ters", organisation="Acme\x85 Corp",
              tags=["Ac\u202dme"], summary="Lead \u202eevil.", wire_source="file\x1b[2J\u202e.txt",
              sections=[Section("About \u202eAcme", ["Acme \x1b[5mmakes\x1b[0m panels."])])
    md = render(s, "acme")
    assert md == clean_text_only(md)
    for expected in ("Title: Acme opens plant", "Byline: Anna Berg", "Dateline: NEW YORK",
                     "Source: Reuters", "Organisation: Acme Corp", "Tags: Acme", "Wire-Source: file.txt",
                     "## About Acme", "Lead evil red text.", "Acme makes panels."):
        assert expected in md


def clean_text_only(md: str) -> str:
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", md)


def test_a_headline_of_controls_only_still_has_a_title():
    md = render(story(["Acme opened a plant."], headline="\u202e\x1b[0m\x07"), "acme")
    assert "Title: acme\n" in md
