"""Per-language feeds: every language but DEFAULT_LANG gets Atom, RSS and JSON Feed under
feeds/<lang>/ with that language's releases (originals and translations), in that language
(feed xml:lang, RSS <language>, JSON Feed language); every Atom entry of every feed carries
its own xml:lang. Built from seeds/ plus the Kazakh and Russian test stories (tests/site)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import feedparser
import pytest
from feedsite import DOMAIN, ROOT, build
from feedspec import check_atom, check_json_feed, check_rss, parse_xml

sys.path.insert(0, str(ROOT / "tests" / "site"))
from newsroom_site import TRANSLATED_SLUG, add_language_fixtures  # noqa: E402

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds-languages")
    seeds = tmp / "seeds"
    seeds.mkdir()
    for f in (ROOT / "seeds").iterdir():
        (seeds / f.name).write_bytes(f.read_bytes())
    add_language_fixtures(seeds, tmp / "content" / "releases")
    return build(tmp, tmp / "content", seeds=seeds)


def langs_of_releases(output: Path) -> dict:
    """{release URL: lang} as the pages say it (<html lang>)."""
    import re
    found = {}
    for page in (output / "releases").glob("*.html"):
        m = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8"))
        found[f"{DOMAIN}/releases/{page.name}"] = m.group(1)
    return found


@pytest.mark.parametrize("lang", ["kk", "ru", "de"])
def test_each_language_has_valid_feeds_of_its_releases_only(site, lang):
    pages = langs_of_releases(site)
    expected = {url for url, page_lang in pages.items() if page_lang == lang}
    assert expected
    for fmt in ("atom", "rss"):
        rel = f"feeds/{lang}/all.{fmt}.xml"
        data = (site / rel).read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (rel, parsed.get("bozo_exception"))
        assert {e.link for e in parsed.entries} == expected, rel
        assert parsed.feed.language == lang, rel
        if fmt == "atom":
            assert check_atom(data, f"{DOMAIN}/{rel}") == [], rel
            assert parse_xml(data).get(XML_LANG) == lang
            assert parsed.feed.link == f"{DOMAIN}/{lang}/"          # the language's listing
        else:
            assert check_rss(data, f"{DOMAIN}/{rel}", f"{DOMAIN}/{lang}/") == [], rel
    data = (site / f"feeds/{lang}/all.json").read_bytes()
    assert check_json_feed(data, f"{DOMAIN}/feeds/{lang}/all.json") == []
    feed = json.loads(data)
    assert feed["language"] == lang and feed["home_page_url"] == f"{DOMAIN}/{lang}/"
    assert {i["url"] for i in feed["items"]} == expected
    assert {i["language"] for i in feed["items"]} == {lang}


def test_translations_are_in_their_language_feed_not_in_the_site_feed(site):
    ru = {e.link for e in feedparser.parse((site / "feeds/ru/all.atom.xml").read_bytes()).entries}
    assert f"{DOMAIN}/releases/{TRANSLATED_SLUG}-ru.html" in ru
    every = {e.link for e in feedparser.parse((site / "feeds/all.atom.xml").read_bytes()).entries}
    assert f"{DOMAIN}/releases/{TRANSLATED_SLUG}.html" in every
    # no English listing or feed folder: DEFAULT_LANG is the site's own
    assert not (site / "feeds" / "en").exists()


def test_every_atom_entry_carries_its_own_xml_lang(site):
    pages = langs_of_releases(site)
    for path in sorted((site / "feeds").rglob("*.atom.xml")):
        root = parse_xml(path.read_bytes())
        for entry in root.iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link").get("href")
            assert entry.get(XML_LANG) == pages[link], (path, link)
    # the site feed mixes them, and a reader sees each entry's own (feedparser's title_detail)
    parsed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    seen = {e.link: e.title_detail.language for e in parsed.entries}
    assert seen == {link: pages[link] for link in seen}
    assert set(seen.values()) == {"en", "de", "kk", "ru"}


def test_language_pages_announce_their_feeds(site):
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((site / "kk" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [ln["href"] for ln in soup.find_all("link", rel="alternate", type=True)]
    assert hrefs[:3] == ["/feeds/kk/all.atom.xml", "/feeds/kk/all.rss.xml", "/feeds/kk/all.json"]
    for href in hrefs:
        assert (site / href.lstrip("/")).is_file(), href
