"""Issue 12 item 6 (the site half): one value never fails the whole build.

Real Pelican builds (project settings, theme and plugins) of hand-written releases whose
sources, tags, categories and slugs collide; feeds parsed back with feedparser."""
import logging
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsroom.collisions import canonical_names
from support import build_site


def release(content: Path, name: str, title: str, day: int, source: str = "Acme Wire",
            category: str = "News", tags: str = "Ferry", slug: str | None = None) -> None:
    folder = content / "releases"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"Title: {title}", f"Date: 2026-03-{day:02d}T10:00:00+00:00", f"Source: {source}",
             f"Category: {category}", f"Tags: {tags}"]
    if slug:
        lines.append(f"Slug: {slug}")
    (folder / f"{name}.md").write_text("\n".join(lines) + f"\n\nThe story of {title}.\n")


def build(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    return build_site(tmp_path, seeds)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def test_sources_that_slug_alike_are_one_page(tmp_path):
    content = tmp_path / "content"
    release(content, "a", "Harbor opens", 1, source="North Region")
    release(content, "b", "Ferry sails", 2, source="North region")
    release(content, "c", "Bridge closes", 3, source="North region")
    release(content, "d", "Other news", 4, source="South Desk")
    out = build(tmp_path)
    assert sorted(p.name for p in (out / "source").glob("*.html")) == ["north-region.html", "south-desk.html"]
    page = soup(out / "source" / "north-region.html")
    assert "North region" in page.find("h1").get_text()          # the spelling two of three use
    listed = {a.get_text(strip=True) for a in page.select("main a[href*='releases/']")}
    assert {"Harbor opens", "Ferry sails", "Bridge closes"} <= listed
    index = soup(out / "sources.html").get_text(" ")
    assert index.count("North region") == 1 and "North Region" not in index
    feed = feedparser.parse((out / "feeds" / "source" / "north-region.atom.xml").read_bytes())
    assert sorted(e.title for e in feed.entries) == ["Bridge closes", "Ferry sails", "Harbor opens"]
    # each release page names the source as its page does
    assert "North region" in soup(out / "releases" / "harbor-opens.html").get_text(" ")


def test_tags_and_categories_that_slug_alike_are_one_page(tmp_path):
    content = tmp_path / "content"
    release(content, "a", "Harbor opens", 1, category="Press Releases", tags="Kestrel Island, Ferry")
    release(content, "b", "Ferry sails", 2, category="press releases", tags="kestrel island, ferry")
    release(content, "c", "Bridge closes", 3, category="press releases", tags="Kestrel island, Ferry, FERRY")
    out = build(tmp_path)
    assert sorted(p.name for p in (out / "tag").glob("*.html")) == ["ferry.html", "kestrel-island.html"]
    assert sorted(p.name for p in (out / "category").glob("*.html")) == ["press-releases.html"]
    tag = soup(out / "tag" / "kestrel-island.html")
    # one spelling each: ties go to the first in code-point order ("Kestrel Island" < "Kestrel island")
    assert "Kestrel Island" in tag.find("h1").get_text()
    assert len(tag.select("main a[href*='releases/']")) >= 3
    assert "press releases" in soup(out / "category" / "press-releases.html").find("h1").get_text()
    on_page = [a.get_text(strip=True) for a in soup(out / "releases" / "bridge-closes.html").select("a[href*='tag/']")]
    assert "Ferry" in on_page and "FERRY" not in on_page and "Kestrel Island" in on_page
    feed = feedparser.parse((out / "feeds" / "tag" / "kestrel-island.atom.xml").read_bytes())
    assert len(feed.entries) == 3
    tags_index = soup(out / "tags.html").get_text(" ")
    assert "Kestrel island" not in tags_index and "kestrel island" not in tags_index


def test_canonical_names_rule():
    from collections import Counter

    slug = lambda name: name.lower()                       # noqa: E731
    assert canonical_names(Counter({"North Region": 1, "North region": 2}), slug) == \
        {"North Region": "North region", "North region": "North region"}
    tie = canonical_names(Counter({"North region": 1, "North Region": 1}), slug)
    assert set(tie.values()) == {"North Region"}           # the same whichever order they came in


def test_releases_whose_slugs_collide_get_distinct_urls(tmp_path, caplog):
    content = tmp_path / "content"
    release(content, "old", "Harbor opens", 1)
    release(content, "new", "Harbor opens", 5)
    release(content, "explicit", "Something else", 3, slug="harbor-opens")
    caplog.set_level(logging.WARNING)
    out = build(tmp_path)
    pages = sorted(p.name for p in (out / "releases").glob("*.html"))
    assert pages == ["harbor-opens-2.html", "harbor-opens-3.html", "harbor-opens.html"]
    # the oldest keeps the URL; the later ones, by date, take -2 and -3
    assert "The story of Harbor opens" in (out / "releases" / "harbor-opens.html").read_text()
    assert soup(out / "releases" / "harbor-opens-2.html").find("h1").get_text(strip=True) == "Something else"
    warnings = [r.getMessage() for r in caplog.records if r.name == "newsroom.collisions"]
    assert ("newsroom: releases/old.md and releases/explicit.md both make releases/harbor-opens.html: "
            "releases/explicit.md is published at releases/harbor-opens-2.html instead") in warnings
    assert any("releases/old.md and releases/new.md" in w and "harbor-opens-3.html" in w for w in warnings)
    # every page is listed once, and the feed has all three
    feed = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    assert len({e.link for e in feed.entries}) == 3


def test_a_tag_too_long_for_a_file_name(tmp_path):
    content = tmp_path / "content"
    long_tag = "Very long tag " * 25
    release(content, "a", "Harbor opens", 1, tags=f"{long_tag}, Ferry")
    out = build(tmp_path)
    [page] = [p for p in (out / "tag").glob("very-long-tag*.html")]
    assert len(page.stem) <= 80
    assert (out / "tag" / "ferry.html").exists() and (out / "releases" / "harbor-opens.html").exists()


def test_an_error_in_one_page_is_that_pages_error(tmp_path, caplog):
    content = tmp_path / "content"
    release(content, "a", "Harbor opens", 1, tags="Ferry, Bridge")
    release(content, "b", "Ferry sails", 2, tags="Ferry")
    (tmp_path / "output" / "tag" / "ferry.html").mkdir(parents=True)    # where the page should go: a folder
    caplog.set_level(logging.ERROR)
    out = build(tmp_path)
    assert (out / "tag" / "bridge.html").is_file() and (out / "releases" / "ferry-sails.html").is_file()
    assert (out / "index.html").is_file() and (out / "sitemap.xml").is_file()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(m.startswith("page tag/ferry.html not written: IsADirectoryError") for m in errors), errors


@pytest.mark.parametrize("newer", ["North region", "North Region"])
def test_the_merge_does_not_depend_on_order(tmp_path, newer):
    # Pelican would name a merged page after whichever release it saw first (the newest):
    # the rule gives the same spelling either way
    older = "North Region" if newer == "North region" else "North region"
    content = tmp_path / "content"
    release(content, "a", "Harbor opens", 1, source=older, tags=older)
    release(content, "b", "Ferry sails", 2, source=newer, tags=newer)
    out = build(tmp_path)
    assert "North Region" in soup(out / "source" / "north-region.html").find("h1").get_text()
    assert "North Region" in soup(out / "tag" / "north-region.html").find("h1").get_text()


def test_a_cached_build_merges_as_a_cold_one(tmp_path):
    # Pelican's content cache ("generator" layer) keeps the release objects between builds:
    # the merge and the numbering start again from what each file says, so the cached
    # build equals a cold one
    content = tmp_path / "content"
    cached = {"LOAD_CONTENT_CACHE": True, "CACHE_CONTENT": True, "CONTENT_CACHING_LAYER": "generator"}
    release(content, "a", "Harbor opens", 1, source="North region", tags="North region")
    release(content, "b", "Ferry sails", 2, source="North region", tags="North region")
    release(content, "c", "Bridge closes", 3, source="North Region", tags="North Region")
    release(content, "d", "Harbor opens", 4)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    out = build_site(tmp_path, seeds, cached)
    assert "North region" in soup(out / "tag" / "north-region.html").find("h1").get_text()
    assert (out / "releases" / "harbor-opens-2.html").exists()
    (content / "releases" / "a.md").unlink()                       # d no longer collides
    release(content, "e", "Dam opens", 5, source="North Region", tags="North Region")
    out = build_site(tmp_path, seeds, cached)
    assert "North Region" in soup(out / "tag" / "north-region.html").find("h1").get_text()
    assert "North Region" in soup(out / "source" / "north-region.html").find("h1").get_text()
    assert soup(out / "releases" / "harbor-opens.html").find("h1").get_text(strip=True) == "Harbor opens"
    assert "The story of Harbor opens" in (out / "releases" / "harbor-opens.html").read_text()
