"""A story's life on the built site (real Pelican builds): an update is one feed entry with a
later `updated`, its page says "Updated" and "Correction:", its earlier version stays
readable; a withdrawn story answers at its URL with one sentence and is gone from every
listing, feed, sitemap and the search index; /_build/ names updates, kills and conflicts.
Screenshots of both pages in headless Chromium go to tests/artifacts/."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import feedparser
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from support import build_site  # noqa: E402
from test_lifecycle import AP_KILL, AP_STORY, CORRECTED, ORIGINAL  # noqa: E402

FIRE = "releases/fire-halts-production-at-estavian-steelmaker-s-harrowmere-plant"
MAYOR = "releases/norhaven-mayor-resigns-amid-budget-dispute"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build 1: the fire story and the mayor story. Build 2: a correction of the first, a
    kill of the second. Returns (first output's feed, second output)."""
    tmp = tmp_path_factory.mktemp("lifecycle-site")
    seeds = tmp / "seeds"
    seeds.mkdir()
    (seeds / "fire.txt").write_text(ORIGINAL)
    (seeds / "ap-a0410.tst").write_bytes(AP_STORY.encode("latin-1"))
    out = build_site(tmp, seeds)
    before = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    (seeds / "fire-corrected.txt").write_text(CORRECTED)
    (seeds / "ap-a0433.tst").write_bytes(AP_KILL.encode("latin-1"))
    import wire

    reports = []

    def finished(report):
        reports.append(report)

    wire.ingest_finished.connect(finished)
    try:
        out = build_site(tmp, seeds, {"PAGEFIND": True})
    finally:
        wire.ingest_finished.disconnect(finished)
    return before, out, reports[-1]


def test_an_update_is_one_feed_entry_with_a_later_updated(site):
    before, out, _ = site
    after = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    fire_before = [e for e in before.entries if "Harrowmere" in e.title]
    fire_after = [e for e in after.entries if "Harrowmere" in e.title]
    assert len(fire_before) == 1 and len(fire_after) == 1
    assert fire_after[0].id == fire_before[0].id                  # the same entry, not a new item
    assert fire_after[0].updated_parsed > fire_before[0].updated_parsed
    assert fire_after[0].title.startswith("CORRECTED-")
    rss = feedparser.parse((out / "feeds" / "all.rss.xml").read_bytes())
    assert len([e for e in rss.entries if "Harrowmere" in e.title]) == 1


def test_the_updated_page_says_so_and_keeps_the_earlier_version(site):
    _, out, _ = site
    page = (out / f"{FIRE}.html").read_text()
    assert '<p class="updated"' in page and "Updated <time" in page
    assert "<strong>Correction:</strong> Corrects day of fire to Tuesday from Monday in paragraph 1" in page
    assert 'property="article:modified_time"' in page
    old = (out / f"{FIRE}--v1.html").read_text()
    assert f'href="/{FIRE}--v1.html"' in page                     # linked from the release
    assert "Version 1 of this story" in old and 'name="robots" content="noindex"' in old
    assert "data-pagefind-body" not in old                        # search shows the latest only
    assert f"{FIRE}--v1" not in (out / "sitemap.xml").read_text()
    assert f"{FIRE}--v1" not in (out / "index.html").read_text()


def test_the_withdrawn_page(site):
    _, out, _ = site
    page = (out / f"{MAYOR}.html").read_text()
    assert "<p>This story has been withdrawn by AP at 05:01 UTC on September 2, 2025.</p>" in page
    # no body, no headline, no summary (the URL keeps its slug)
    assert "The mayor of Norhaven resigned" not in page and "Norhaven mayor resigns amid" not in page
    assert "data-pagefind-body" not in page and 'content="noindex"' in page
    # every page this build lists in its sitemap (index, archives, sources, tags, ...) and every feed
    import re
    sitemap = "".join(p.read_text() for p in (out / "sitemaps").glob("*.xml"))   # under the sitemap index
    pages = [out / (loc.lstrip("/") or "index.html") for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)]
    pages = [p / "index.html" if p.is_dir() else p for p in pages]
    assert out / "index.html" in pages and out / "sources.html" in pages
    listings = pages + [out / "news-sitemap.xml"] + list((out / "feeds").rglob("*.*"))
    for path in listings:
        assert MAYOR not in path.read_text(), path
    # Pagefind indexed one page: the corrected fire story
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == 1


def test_the_build_report_names_updates_and_kills(site):
    _, _, report = site
    from buildreport.report import BuildReport, now, render_html

    rep = BuildReport(started=now())
    rep.add_ingest(report)
    html = render_html(rep)
    assert 'id="withdrawn"' in html and "ap-a0433.tst" in html and f"{MAYOR}.md" in html
    assert 'id="updated"' in html and "fire-corrected.txt" in html


def test_the_build_report_names_a_conflict(tmp_path):
    from buildreport.report import BuildReport, now, render_html
    from wire.ingest import ingest_folder

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "fire.txt").write_text(ORIGINAL)
    ingest_folder(seeds, content)
    release = next((content / "releases").glob("*.md"))
    release.write_text(release.read_text() + "\nAn editor's line.\n")
    (seeds / "fire-corrected.txt").write_text(CORRECTED)
    rep = BuildReport(started=now())
    rep.add_ingest(ingest_folder(seeds, content))
    html = render_html(rep)
    assert 'id="conflicts"' in html and f"incoming/{release.stem}.incoming.md" in html


@pytest.mark.browser
def test_screenshots_of_an_updated_and_a_withdrawn_release(site):
    """Real Chromium renders both pages; the screenshots are the evidence in tests/artifacts/."""
    from chromium_env import ARTIFACTS, CHROMIUM, FLAGS, require
    require(Path(CHROMIUM).exists(), CHROMIUM)
    from playwright.sync_api import sync_playwright

    import functools
    import http.server
    import threading

    _, out, _ = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # served over HTTP, as the dev server does: the theme's root-relative URLs resolve
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(f"{base}/{FIRE}.html")
            assert page.locator("p.updated").inner_text().startswith("Updated ")
            assert page.locator("p.correction").is_visible()
            assert page.evaluate("getComputedStyle(document.querySelector('p.correction')).borderLeftStyle") == "solid"
            page.screenshot(path=str(ARTIFACTS / "release-updated-correction.png"), full_page=True)
            page.goto(f"{base}/{MAYOR}.html")
            body = page.locator(".release-body").inner_text().strip()
            assert body == "This story has been withdrawn by AP at 05:01 UTC on September 2, 2025."
            page.screenshot(path=str(ARTIFACTS / "release-withdrawn.png"), full_page=True)
        finally:
            browser.close()
            server.shutdown()
    assert (ARTIFACTS / "release-withdrawn.png").stat().st_size > 1000
