"""A real build of hand-written releases: which feeds exist, what is in them, in what order,
and that each one passes feedparser and our spec checks element by element."""
from __future__ import annotations

import datetime as dt
import json
import re

import feedparser
import pytest
from feedsite import AUTHORITY, DOMAIN, RELEASES, build, write_releases
from feedspec import ATOM, check_atom, check_json_feed, check_rss, parse_xml

ID = {
    "astana": f"tag:{AUTHORITY},2018-06-28:sha256:{'1' * 64}",
    "acme": f"tag:{AUTHORITY},2019-01-02:sha256:{'2' * 64}",
    "almaty": f"tag:{AUTHORITY},2019-01-02:sha256:{'3' * 64}",
    "nasty": f"tag:{AUTHORITY},2019-03-01:sha256:{'4' * 64}",
    "handmade": f"tag:{AUTHORITY},2019-02-01:file:releases/handmade.md",
}
# feed (kind, slug) -> (page it mirrors, releases newest first)
GROUPS = {
    ("tag", "kazakhstan"): ("tag/kazakhstan.html", ["almaty", "astana"]),
    ("tag", "united-states"): ("tag/united-states.html", ["acme", "astana"]),
    ("tag", "michael-pompeo"): ("tag/michael-pompeo.html", ["astana"]),
    ("tag", "acme"): ("tag/acme.html", ["acme"]),
    ("tag", "trade"): ("tag/trade.html", ["nasty", "almaty"]),
    ("tag", "security"): ("tag/security.html", ["nasty"]),
    ("tag", "newsroom"): ("tag/newsroom.html", ["handmade"]),
    ("category", "news"): ("category/news.html", ["nasty", "almaty", "astana"]),
    ("category", "press-releases"): ("category/press-releases.html", ["handmade", "acme"]),
    ("source", "kazinform"): ("source/kazinform.html", ["almaty", "astana"]),
    ("source", "pr-newswire"): ("source/pr-newswire.html", ["acme"]),
    ("source", "agence-test"): ("source/agence-test.html", ["nasty"]),
    ("source", "wirepress-desk"): ("source/wirepress-desk.html", ["handmade"]),
}
SITE = ["nasty", "handmade", "acme", "almaty", "astana"]


def xml_feeds():
    yield "feeds/all.atom.xml", "feeds/all.rss.xml", "", SITE
    for (kind, slug), (page, names) in GROUPS.items():
        yield f"feeds/{kind}/{slug}.atom.xml", f"feeds/{kind}/{slug}.rss.xml", page, names


def test_exactly_the_expected_feed_files(handmade_site):
    found = {p.relative_to(handmade_site).as_posix() for p in (handmade_site / "feeds").rglob("*")
             if p.is_file()}
    expected = {"feeds/all.json"}
    for atom, rss, _, _ in xml_feeds():
        expected |= {atom, rss}
    assert found == expected


@pytest.mark.parametrize("atom,rss,page,names", list(xml_feeds()))
def test_feed_parses_and_has_the_right_entries_in_order(handmade_site, atom, rss, page, names):
    for path, version in ((atom, "atom10"), (rss, "rss20")):
        parsed = feedparser.parse((handmade_site / path).read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == version
        assert [e.id for e in parsed.entries] == [ID[n] for n in names], path


@pytest.mark.parametrize("atom,rss,page,names", list(xml_feeds()))
def test_feed_meets_the_specs_element_by_element(handmade_site, atom, rss, page, names):
    assert check_atom((handmade_site / atom).read_bytes(), f"{DOMAIN}/{atom}") == []
    # The RSS channel <link> is the page the feed mirrors, never the feed itself.
    assert check_rss((handmade_site / rss).read_bytes(), f"{DOMAIN}/{rss}", f"{DOMAIN}/{page}") == []


def test_json_feed_meets_the_spec_and_is_ordered(handmade_site):
    data = (handmade_site / "feeds/all.json").read_bytes()
    assert check_json_feed(data, f"{DOMAIN}/feeds/all.json") == []
    items = json.loads(data)["items"]
    assert [i["id"] for i in items] == [ID[n] for n in SITE]
    acme = items[SITE.index("acme")]
    assert acme["date_published"] == "2019-01-02T10:00:00-05:00"
    assert acme["date_modified"] == "2019-01-03T09:30:00-05:00"
    assert acme["authors"] == [{"name": "PR Newswire"}]
    assert acme["tags"] == ["Acme", "United States"]
    assert acme["summary"] == "Acme launched a widget."  # plain text, as the spec wants
    assert acme["url"] == f"{DOMAIN}/releases/acme-launches-widget-2.html"


def test_feed_updated_is_the_newest_entry_not_the_build_time(handmade_site):
    """The tag's newest change is acme's Modified, not its Date, nor anything of today."""
    atom = parse_xml((handmade_site / "feeds/tag/united-states.atom.xml").read_bytes())
    assert atom.findtext(ATOM + "updated") == "2019-01-03T09:30:00-05:00"
    rss = parse_xml((handmade_site / "feeds/tag/united-states.rss.xml").read_bytes())
    assert rss.findtext("channel/lastBuildDate") == "Thu, 03 Jan 2019 09:30:00 -0500"
    site = parse_xml((handmade_site / "feeds/all.atom.xml").read_bytes())
    assert site.findtext(ATOM + "updated") == "2019-03-01T08:00:00+00:00"


def test_atom_entry_carries_every_field(handmade_site):
    feed = feedparser.parse((handmade_site / "feeds/all.atom.xml").read_bytes())
    acme, astana = feed.entries[SITE.index("acme")], feed.entries[SITE.index("astana")]
    assert acme.title == "Acme launches the Widget 2"
    assert acme.link == f"{DOMAIN}/releases/acme-launches-widget-2.html"
    assert acme.published == "2019-01-02T10:00:00-05:00"
    assert acme.updated == "2019-01-03T09:30:00-05:00"
    assert acme.author == "PR Newswire"
    assert [t.term for t in acme.tags] == ["Acme", "United States"]
    assert acme.summary == "<p>Acme launched a widget.</p>"
    assert acme.content[0].type == "text/html"
    assert "<h2>About Acme Corp</h2>" in acme.content[0].value
    # Relative links in the release became absolute against the release's own URL.
    body = astana.content[0].value
    assert f'href="{DOMAIN}/pages/ministry.html"' in body
    assert f'src="{DOMAIN}/releases/images/map.png"' in body


def test_rss_item_carries_every_field(handmade_site):
    channel = parse_xml((handmade_site / "feeds/all.rss.xml").read_bytes()).find("channel")
    item = channel.findall("item")[SITE.index("acme")]
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == (ID["acme"], "false")
    assert item.findtext("pubDate") == "Wed, 02 Jan 2019 10:00:00 -0500"
    assert item.findtext("description") == "<p>Acme launched a widget.</p>"
    encoded = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert encoded.startswith("<p>NEW YORK, Jan. 2, 2019") and "About Acme Corp" in encoded
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "PR Newswire"
    assert [c.text for c in item.findall("category")] == ["Acme", "United States"]


def test_control_characters_and_script_give_a_valid_escaped_feed(handmade_site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json",
                 "feeds/source/agence-test.atom.xml", "feeds/tag/security.rss.xml"):
        raw = (handmade_site / path).read_bytes()
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", raw), path
        if path.endswith(".xml"):
            assert b"<script" not in raw, path  # markup only ever travels escaped
    feed = feedparser.parse((handmade_site / "feeds/all.atom.xml").read_bytes())
    assert feed.bozo == 0
    nasty = feed.entries[0]
    assert nasty.title == "Breaking <script>alert('x')</script> & news"
    assert nasty.author == "Agence Test"
    # The wire text's "<script>" is text inside the HTML content, not an element.
    content = parse_xml((handmade_site / "feeds/all.atom.xml").read_bytes()) \
        .find(ATOM + "entry").findtext(ATOM + "content")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content and "<script" not in content
    item = json.loads((handmade_site / "feeds/all.json").read_bytes())["items"][0]
    assert item["title"] == "Breaking <script>alert('x')</script> & news"  # JSON title: plain text
    assert "&lt;script&gt;alert(1)" in item["content_html"] and "<script" not in item["content_html"]


def test_settings_choose_paths_item_counts_and_tags(tmp_path):
    content = write_releases(tmp_path / "content")
    out = build(tmp_path, content, WIRE_FEED_MAX_ITEMS=2, WIRE_FEED_TAGS=["Trade"],
                WIRE_FEED_ALL_JSON=None, WIRE_FEED_SOURCE_RSS=None,
                WIRE_FEED_ALL_ATOM="atom.xml")
    site = feedparser.parse((out / "atom.xml").read_bytes())
    assert [e.id for e in site.entries] == [ID["nasty"], ID["handmade"]]
    assert sorted(p.name for p in (out / "feeds/tag").iterdir()) == ["trade.atom.xml", "trade.rss.xml"]
    assert not (out / "feeds/all.json").exists() and not (out / "feeds/all.atom.xml").exists()
    assert sorted(p.name for p in (out / "feeds/source").iterdir()) == [
        "agence-test.atom.xml", "kazinform.atom.xml", "pr-newswire.atom.xml",
        "wirepress-desk.atom.xml"]
    news = feedparser.parse((out / "feeds/category/news.rss.xml").read_bytes())
    assert [e.id for e in news.entries] == [ID["nasty"], ID["almaty"]]


def test_a_site_without_releases_still_has_valid_empty_site_feeds(tmp_path):
    (tmp_path / "content").mkdir()
    out = build(tmp_path, tmp_path / "content")
    assert sorted(p.name for p in (out / "feeds").iterdir()) == [
        "all.atom.xml", "all.json", "all.rss.xml"]
    atom = (out / "feeds/all.atom.xml").read_bytes()
    assert check_atom(atom, f"{DOMAIN}/feeds/all.atom.xml") == []
    assert parse_xml(atom).findtext(ATOM + "updated") == "1970-01-01T00:00:00+00:00"  # not "now"
    assert check_rss((out / "feeds/all.rss.xml").read_bytes(), f"{DOMAIN}/feeds/all.rss.xml",
                     f"{DOMAIN}/") == []
    assert json.loads((out / "feeds/all.json").read_bytes())["items"] == []


def test_production_siteurl_sets_links_and_id_authority(tmp_path):
    content = write_releases(tmp_path / "content")
    out = build(tmp_path, content, SITEURL="https://news.example.org", RELATIVE_URLS=False)
    feed = feedparser.parse((out / "feeds/source/kazinform.atom.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.id for e in feed.entries] == [
        f"tag:news.example.org,2019-01-02:sha256:{'3' * 64}",
        f"tag:news.example.org,2018-06-28:sha256:{'1' * 64}"]
    assert feed.entries[0].link == "https://news.example.org/releases/almaty-trade-forum.html"
    assert check_atom((out / "feeds/source/kazinform.atom.xml").read_bytes(),
                      "https://news.example.org/feeds/source/kazinform.atom.xml") == []
    page = (out / "source/kazinform.html").read_text(encoding="utf-8")
    assert 'href="https://news.example.org/feeds/source/kazinform.atom.xml"' in page
    # A fixed authority wins over the domain: ids survive a move to another host.
    out = build(tmp_path / "moved", content, SITEURL="https://press.example.com",
                WIRE_FEED_ID_AUTHORITY="news.example.org")
    moved = feedparser.parse((out / "feeds/source/kazinform.atom.xml").read_bytes())
    assert [e.id for e in moved.entries] == [e.id for e in feed.entries]
    assert moved.entries[0].link.startswith("https://press.example.com/")


def test_the_same_wire_story_ingested_twice_is_one_entry(tmp_path):
    releases = {"acme": RELEASES["acme"],
                "acme-again": RELEASES["acme"].replace("Slug: acme-launches-widget-2",
                                                       "Slug: acme-launches-widget-2-copy")}
    out = build(tmp_path, write_releases(tmp_path / "content", releases))
    for path in ("feeds/all.atom.xml", "feeds/tag/acme.rss.xml"):
        assert [e.id for e in feedparser.parse((out / path).read_bytes()).entries] == [ID["acme"]]
    assert check_atom((out / "feeds/all.atom.xml").read_bytes(), f"{DOMAIN}/feeds/all.atom.xml") == []


def test_copy_that_arrived_together_gets_distinct_updated_in_feed_order(tmp_path):
    """Issue 11: releases with one Date (a batch that arrived in the same second) get
    distinct atom:updated values within that second, the first listed the latest; a release
    alone at its instant keeps it; every feed and every build says the same."""
    from feedsite import release

    content = tmp_path / "content" / "releases"
    content.mkdir(parents=True)
    batch = "2024-05-06T09:30:00+00:00"
    for n in range(5):
        (content / f"batch-{n}.md").write_text(release(
            f"Batch story {n}", batch, "Agence Test", "News", ["Harbour"], f"Story {n}.",
            f"batch-{n}", f"Story {n} text.", wire_hash=f"sha256:{n:064d}"), encoding="utf-8")
    (content / "alone.md").write_text(release(
        "A story alone", "2024-05-06T08:00:00+00:00", "Agence Test", "News", ["Harbour"],
        "Alone.", "alone", "Alone text.", wire_hash="sha256:" + "9" * 64), encoding="utf-8")
    out = build(tmp_path, tmp_path / "content")
    feeds = {}
    for path in ("feeds/all.atom.xml", "feeds/tag/harbour.atom.xml"):
        parsed = feedparser.parse((out / path).read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        assert check_atom((out / path).read_bytes(), f"{DOMAIN}/{path}") == []   # RFC 3339 still
        stamps = [e.updated for e in parsed.entries]
        assert len(stamps) == 6 and len(set(stamps)) == 6, stamps
        when = [dt.datetime.fromisoformat(s) for s in stamps]
        assert when == sorted(when, reverse=True)           # the listing order, newest first
        assert all(w.replace(microsecond=0) == dt.datetime.fromisoformat(batch) for w in when[:5])
        assert when[5] == dt.datetime(2024, 5, 6, 8, tzinfo=dt.timezone.utc)     # alone: as it is
        feeds[path] = {e.id: e.updated for e in parsed.entries}
    assert feeds["feeds/all.atom.xml"] == feeds["feeds/tag/harbour.atom.xml"]
    first = (out / "feeds/all.atom.xml").read_bytes()
    out = build(tmp_path, tmp_path / "content", output=tmp_path / "again")
    assert (out / "feeds/all.atom.xml").read_bytes() == first
