"""The newsroom's search filters, sharing, subscribing, the release page's side column and
downloads, listings' kinds and times, robots.txt and sitemaps, on the real built site
(tests/site/newsroom_site.py). The browser side is in tests/browser/test_newsroom_in_browser.py."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, quote, urlsplit

from newsroom_site import EDITOR_SLUG, ROOT, SEED_WIRE_FILE
from site_pages import file_for, release_pages, releases_with, soup, url_of

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def indexed(page):
    return soup(page).find("article", attrs={"data-pagefind-body": True})


def test_release_pages_carry_filters_sort_key_and_result_metadata(site):
    pages = [p for p in release_pages(site) if indexed(p)]
    assert len(pages) >= 200
    langs = set()
    for page in pages:
        doc = soup(page)
        art = indexed(page)
        lang = doc.html["lang"]
        langs.add(lang)
        assert art["data-pagefind-filter"] == f"language:{lang}"
        time = art.find("p", class_="release-meta").time
        when = dt.datetime.fromisoformat(time["datetime"])
        assert time["data-pagefind-filter"] == f"year:{when.year}"
        assert time["data-pagefind-meta"] == "date"
        stamp = art["data-pagefind-sort"]
        if len(time["datetime"]) == 10:    # a date-only story: sorted by its instant, shown as its day
            sorted_at = dt.datetime.strptime(stamp, "date:%Y-%m-%dT%H:%M:%SZ").date()
            assert abs((sorted_at - when.date()).days) <= 1, (stamp, time["datetime"])
        else:
            assert stamp == "date:" + when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        source = art.find("p", class_="release-meta").find("a")      # the release's source page
        if source is not None:
            assert source.get("data-pagefind-filter") == "source"
            assert source.get("data-pagefind-meta") == "source"
            assert source["href"].endswith(f"/source/{file_for(site, source['href']).stem}.html")
        # the filter's value is the category's name in every language (one index), the
        # badge's text the name in the page's language
        kind = art.find(attrs={"data-pagefind-filter": lambda v: v and v.startswith("kind:")})
        assert kind is not None and kind["data-pagefind-filter"] in ("kind:News", "kind:Press Releases")
        tags = [a.get_text() for a in art.select('ul.tags a[data-pagefind-filter="tag"]')]
        assert tags == [a.get_text() for a in art.select("ul.tags a")]
    assert len(langs) >= 3          # the corpus sample has several languages


def test_one_search_index_holds_every_language(site):
    # one index per shard (plugins/newsroom/search.py), each of every language
    shards = json.loads((site.output / "pagefind" / "shards.json").read_text())["shards"]
    counted = 0
    for shard in shards:
        entry = json.loads((site.output / shard["path"] / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["en"]
        counted += entry["languages"]["en"]["page_count"]
    pages = [p for p in release_pages(site) if indexed(p)]
    assert counted == len(pages)
    assert {soup(p).html["lang"] for p in pages} > {"en"}


def test_dateline_is_result_metadata_not_shown_twice(site):
    page = site.output / "releases" / f"{site.seed_slug}.html"
    meta = indexed(page).find(attrs={"data-pagefind-meta": "dateline"})
    assert meta.get_text() == "ASTANA" and meta.has_attr("hidden")


def test_source_tag_and_category_pages_link_a_search_narrowed_to_them(site):
    checked = 0
    for kind, param in (("source", "source"), ("tag", "tag"), ("category", "kind")):
        for listing in sorted((site.output / kind).glob("*.html"))[:5]:
            doc = soup(listing)
            link = doc.find("p", class_="search-within").a
            url = urlsplit(link["href"])
            assert url.path == "/search.html"
            name = doc.find("main").h1.get_text().split(" page ")[0].strip()
            assert parse_qs(url.query) == {param: [name]}
            checked += 1
    assert checked == 12           # 5 sources, 5 tags, the 2 categories


def test_share_links_are_plain_links_with_the_release_url(site):
    page = site.output / "releases" / f"{site.seed_slug}.html"
    doc = soup(page)
    share = doc.find("section", class_="share")
    hrefs = [a["href"] for a in share.find_all("a")]
    own = url_of(site, page)
    enc = quote(own, safe="/")
    assert hrefs[0].startswith("mailto:?subject=") and enc in hrefs[0]
    assert hrefs[1] == f"https://x.com/intent/tweet?url={enc}&text=" + quote(doc.find("h1").get_text(), safe="/")
    assert hrefs[2] == f"https://www.linkedin.com/sharing/share-offsite/?url={enc}"
    assert hrefs[3] == f"https://www.facebook.com/sharer/sharer.php?u={enc}"
    copy = share.find("a", class_="copy-link")
    assert copy["href"] == own                      # without the script: a link to the release
    # no third-party script or tracker anywhere: every script is the site's own or JSON-LD
    for path in site.output.rglob("*.html"):
        for script in soup(path).find_all("script"):
            src = script.get("src")
            assert src is None or src.startswith(f"{site.siteurl}/"), (path, src)
            # inline: JSON-LD only (data), never code
            assert src or script.get("type") == "application/ld+json", path
        assert "<iframe" not in path.read_text(encoding="utf-8")


def test_subscribe_page_has_a_button_for_every_feed(site):
    doc = soup(site.output / "subscribe.html")
    linked = {a["href"] for a in doc.select(".feed-row a.button[type]")}
    on_disk = {url_of(site, p) for p in (site.output / "feeds").rglob("*") if p.is_file()}
    assert on_disk and linked == on_disk
    rows = doc.select(".feed-row")
    for row in rows:
        reader = row.find("a", class_="button-reader")["href"]
        rss = row.find("a", attrs={"type": "application/rss+xml"})["href"]
        assert reader == "feed://" + rss.split("://", 1)[1]     # what feed readers register for
        if row.get("data-kind") != "tag":                      # tags' rows are compact
            assert row.find("code", class_="feed-url").get_text() == rss
    kinds = [r.get("data-kind") for r in rows]
    assert kinds.count("source") == len(list((site.output / "source").glob("*.html")))
    assert kinds.count("category") == 2 and kinds.count(None) == 1
    assert soup(site.output / "index.html").find("a", string="Subscribe")["href"] == f"{site.siteurl}/subscribe.html"
    assert doc.find("form", class_="newsletter-form") is None     # NEWSLETTER_FORM_ACTION unset


def test_release_side_column_holds_contact_about_downloads_and_more(site):
    found = 0
    for slug, _ in releases_with(site, "\n## Media contact", "\nWire-Source: "):
        aside = soup(site.output / "releases" / f"{slug}.html").find("aside", class_="release-aside")
        assert aside.find("section", class_="boilerplate-contact")
        assert aside.find("section", class_="downloads").find("a", class_="print-link")
        found += 1
    assert found >= 3


def test_original_wire_file_is_published_as_text(site):
    page = site.output / "releases" / f"{site.seed_slug}.html"
    link = soup(page).find("section", class_="downloads").find("a", attrs={"download": True})
    assert link["href"] == f"{site.siteurl}/wire/{site.seed_slug}.txt" and link["type"] == "text/plain"
    assert file_for(site, link["href"]).read_bytes() == (ROOT / "seeds" / SEED_WIRE_FILE).read_bytes()
    # every published copy is a .txt of a listed release; a hand-written release has none
    copies = {p.stem for p in (site.output / "wire").iterdir()}
    assert all(p.suffix == ".txt" for p in (site.output / "wire").iterdir())
    assert copies <= {p.stem for p in release_pages(site)}
    assert EDITOR_SLUG not in copies
    editor = soup(site.output / "releases" / f"{EDITOR_SLUG}.html").find("section", class_="downloads")
    assert editor.find("a", attrs={"download": True}) is None


def test_listings_show_kind_badge_time_and_source(site):
    cards = soup(site.output / "index.html").select("ol.cards li.card")
    assert cards
    kinds = set()
    for card in cards:
        meta = card.find("p", class_="card-meta")
        badge = meta.find("span", class_="badge")
        kinds.add((tuple(badge["class"]), badge.get_text()))
        when = dt.datetime.fromisoformat(meta.time["datetime"])
        has_time = bool(when.hour or when.minute or when.second)
        assert (":" in meta.time.get_text()) == has_time, meta.time
    assert (("badge", "badge-news"), "News") in kinds
    assert (("badge", "badge-press-releases"), "Press release") in kinds


def test_robots_disallow_first_and_search_page_left_to_its_noindex(site):
    lines = (site.output / "robots.txt").read_text().splitlines()
    rules = [ln for ln in lines if ln.startswith(("Allow", "Disallow"))]
    assert rules == ["Disallow: /_build/", "Allow: /"]
    assert not any("search" in ln for ln in lines)
    robots = soup(site.output / "search.html").find("meta", attrs={"name": "robots"})
    assert robots["content"] == "noindex"


def test_every_sitemap_url_has_a_lastmod(site):
    index = ET.parse(site.output / "sitemap.xml").getroot()
    urls = 0
    for entry in index.iter(f"{SM}sitemap"):
        assert entry.find(f"{SM}lastmod").text
        path = file_for(site, entry.find(f"{SM}loc").text)
        for url in ET.parse(path).getroot().iter(f"{SM}url"):
            urls += 1
            stamp = url.find(f"{SM}lastmod")
            assert stamp is not None and stamp.text, url.find(f"{SM}loc").text
    assert urls > 300


def test_newsletter_form_when_an_action_is_set(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from support import build_site, copy_seeds
    from test_html_valid import _need_java, validate

    action = "https://newsletter.example.org/subscribe?list=press&src=wirepress"
    out = build_site(tmp_path, copy_seeds(tmp_path / "seeds"),
                     {"NEWSLETTER_FORM_ACTION": action, "WEBSUB_HUB": None})
    form = soup(out / "subscribe.html").find("form", class_="newsletter-form")
    assert form["action"] == action and form["method"] == "post"
    field = form.find("input", attrs={"type": "email"})
    assert field["name"] == "email" and field.has_attr("required")
    assert form.find("label")["for"] == field["id"]
    assert "press&amp;src" in (out / "subscribe.html").read_text(encoding="utf-8")   # escaped
    _need_java()
    done = validate(out, "subscribe.html")
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]


def test_a_real_build_checks_the_wire_files_by_the_ingests_record(tmp_path, monkeypatch, caplog):
    """The ingest's stat record reaches the newsroom's downloads in a real Pelican build
    (wire -> pelican.wire_ingest -> NewsroomBuild -> NewsroomGenerator): no wire file the
    ingest hashed is read again to be offered for download."""
    import logging

    import stathash
    from support import build_site, copy_seeds

    monkeypatch.setattr(stathash, "SETTLED_SECONDS", 0.0)   # the ingest's hashes trusted at once
    seeds = copy_seeds(tmp_path / "seeds")
    with caplog.at_level(logging.DEBUG, logger="newsroom.wirefiles"):
        output = build_site(tmp_path, seeds, {"FASTBUILD_SKIP_UNCHANGED": False})
    lines = [r.getMessage() for r in caplog.records if r.name == "newsroom.wirefiles"]
    offered = list((output / "wire").glob("*.txt"))
    assert len(offered) >= 4
    assert lines and lines[-1].startswith(f"wire files: {len(offered)} checked, 0 of them read")
