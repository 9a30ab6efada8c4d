"""No input can make a feed invalid or crash the build: arbitrary wire text (control
characters, lone surrogates, markup) goes through the real writer and every file it
writes must parse strictly, pass feedparser and keep every release."""
from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import feedparser
from feedsite import ROOT
from feeds.text import absolute_links, plain_text, xml_safe
from feeds.write import write_feeds
from feedspec import check_atom, check_json_feed, parse_xml
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from pelican.settings import read_settings

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
NASTY = "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ud800\udfff\ufffe\uffff<>&\"'<script>]]>"
# Any code point, surrogates included, with the troublesome ones made frequent.
wire_text = st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY)),
                    max_size=40)


def fake_article(n, title, source, tags, body):
    """Just what the feeds plugin reads of a Pelican Article."""
    name = lambda value: SimpleNamespace(name=value)  # noqa: E731
    date = datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=n))) + timedelta(days=n)
    return SimpleNamespace(
        metadata={"wire-hash": f"sha256:{n:064x}"}, relative_source_path=f"releases/{n}.md",
        date=date, title=title, slug=f"release-{n}", url=f"releases/release-{n}.html",
        source=source, tags=[name(t) for t in tags], category=name("News"), lang="en",
        get_summary=lambda domain: f"<p>{body[:10]}</p>",
        get_content=lambda domain: f'<p>{body}</p><a href="x.html?a=1&amp;b=2">x</a>')


def test_xml_safe_removes_exactly_what_xml_cannot_carry():
    assert xml_safe("a\x00b\x1fc\x0bd\ud800e\ufffff\x85g") == "abcdef\x85g"
    assert xml_safe("tab\tnew\nline\rok é ✓ 𝄞") == "tab\tnew\nline\rok é ✓ 𝄞"
    assert xml_safe(None) == ""


def test_absolute_links_and_plain_text():
    html = '<a href="../x.html">a</a> <img src="/i.png"> <a href="https://e.org/">e</a> <a href="#n">n</a>'
    assert absolute_links(html, "http://s.org/releases/r.html") == (
        '<a href="http://s.org/x.html">a</a> <img src="http://s.org/i.png"> '
        '<a href="https://e.org/">e</a> <a href="http://s.org/releases/r.html#n">n</a>')
    assert plain_text("<p>A &amp; <b>B</b>&#1;</p>\n<p>C</p>") == "A & B C"


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(wire_text, wire_text, st.lists(wire_text, max_size=3), wire_text),
                min_size=1, max_size=3))
def test_any_wire_text_gives_valid_feeds(stories):
    articles = [fake_article(n, *story) for n, story in enumerate(stories)]
    with tempfile.TemporaryDirectory() as out:
        assert write_feeds(articles, SETTINGS, out) >= 3
        for path in sorted(Path(out).rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            if path.suffix == ".json":
                url = "http://localhost:8000/feeds/all.json"
                assert check_json_feed(data, url) == []
                assert len(json.loads(data)["items"]) == len(articles)
                continue
            parse_xml(data)  # strictly well-formed
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
            if path.name == "all.atom.xml":
                assert check_atom(data, "http://localhost:8000/feeds/all.atom.xml") == []
                assert len(parsed.entries) == len(articles)
