"""The `wire_feeds()` Jinja global (plugins/feeds/__init__.py), the two include templates, and the
built pages: every page's <head> announces the feeds of that page, and they exist."""
from __future__ import annotations

from bs4 import BeautifulSoup
from feedsite import ROOT
from feeds import catalog
from newsroom import i18n
from jinja2 import Environment, FileSystemLoader
from pelican.settings import read_settings

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
FEED_TYPES = {"application/atom+xml", "application/rss+xml", "application/feed+json"}


def test_wire_feeds_contract():
    assert catalog.links(SETTINGS) == [
        {"title": "Wirepress Newsroom: all releases (Atom)", "href": "feeds/all.atom.xml",
         "type": "application/atom+xml"},
        {"title": "Wirepress Newsroom: all releases (RSS)", "href": "feeds/all.rss.xml",
         "type": "application/rss+xml"},
        {"title": "Wirepress Newsroom: all releases (JSON Feed)", "href": "feeds/all.json",
         "type": "application/feed+json"}]
    assert [f["href"] for f in catalog.links(SETTINGS, "tag", "United States")] == [
        "feeds/tag/united-states.atom.xml", "feeds/tag/united-states.rss.xml"]
    assert [f["href"] for f in catalog.links(SETTINGS, "category", "Press Releases")] == [
        "feeds/category/press-releases.atom.xml", "feeds/category/press-releases.rss.xml"]
    assert [f["href"] for f in catalog.links(SETTINGS, "source", "PR Newswire")] == [
        "feeds/source/pr-newswire.atom.xml", "feeds/source/pr-newswire.rss.xml"]
    assert catalog.links(SETTINGS, "author", "x") == []
    assert catalog.links(SETTINGS, "tag", None) == []
    assert catalog.links({**SETTINGS, "WIRE_FEED_TAGS": ["Acme"]}, "tag", "Trade") == []


def render(source: str, siteurl="https://news.example.org") -> BeautifulSoup:
    """The includes, rendered as the site renders them (autoescape on)."""
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")),
                      **SETTINGS["JINJA_ENVIRONMENT"])
    env.globals["wire_feeds"] = lambda kind=None, name=None: catalog.links(SETTINGS, kind, name)
    # the theme's strings go through Jinja's i18n extension: the newsroom's catalogs
    i18n.Interface(str(ROOT / "theme" / "translations"), SETTINGS["DEFAULT_LANG"]).install(env)
    return BeautifulSoup(env.from_string(source).render(SITEURL=siteurl), "html.parser")


def test_feed_links_include_escapes_names_and_lists_page_then_site_feeds():
    soup = render('{% set feed_kind = "source" %}{% set feed_name = "A&B <i>Wire</i>" %}'
                  '{% include "includes/feed_links.html" %}')
    links = soup.find_all("link", rel="alternate")
    assert [ln["href"] for ln in links] == [
        "https://news.example.org/feeds/source/a-b-i-wire-i.atom.xml",
        "https://news.example.org/feeds/source/a-b-i-wire-i.rss.xml",
        "https://news.example.org/feeds/all.atom.xml",
        "https://news.example.org/feeds/all.rss.xml",
        "https://news.example.org/feeds/all.json"]
    assert links[0]["title"] == "Wirepress Newsroom: releases from A&B <i>Wire</i> (Atom)"
    assert soup.find("i") is None  # the name stayed text
    assert {ln["type"] for ln in links} == FEED_TYPES


def test_subscribe_include_shows_the_feed_urls():
    soup = render('{% include "includes/subscribe.html" %}')
    section = soup.find("section", class_="subscribe")
    assert section.find("h2").get_text() == "Subscribe"
    assert [a["href"] for a in section.find_all("a")] == [
        c.get_text() for c in section.find_all("code")] == [
        "https://news.example.org/feeds/all.atom.xml", "https://news.example.org/feeds/all.rss.xml",
        "https://news.example.org/feeds/all.json"]


def head_feeds(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [ln["href"] for ln in soup.head.find_all("link", rel="alternate")
            if ln.get("type") in FEED_TYPES]


def test_built_pages_announce_their_own_feeds(handmade_site):
    site = ["/feeds/all.atom.xml", "/feeds/all.rss.xml", "/feeds/all.json"]
    for page, feed in (("tag/kazakhstan.html", "tag/kazakhstan"),
                       ("category/news.html", "category/news"),
                       ("source/kazinform.html", "source/kazinform")):
        assert head_feeds(handmade_site / page) == [
            f"/feeds/{feed}.atom.xml", f"/feeds/{feed}.rss.xml"] + site, page
    assert head_feeds(handmade_site / "index.html") == site
    subscribe = BeautifulSoup((handmade_site / "index.html").read_text(encoding="utf-8"),
                              "html.parser").find("section", class_="subscribe")
    assert [c.get_text() for c in subscribe.find_all("code")] == site


def test_every_announced_feed_exists(handmade_site):
    pages = list(handmade_site.rglob("*.html"))
    announced = {href for page in pages for href in head_feeds(page)}
    assert len(announced) > 20  # site + every tag, category and source
    missing = [href for href in announced if not (handmade_site / href.lstrip("/")).is_file()]
    assert missing == []
