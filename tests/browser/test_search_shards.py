"""Search in shards in real headless Chromium (theme/static/js/search.js merging the shards
plugins/newsroom/search.py writes): a site of 30 releases in small shards is built, served,
then a wire file is added and the site built again (incremental); the search page finds a
story of a closed shard and the story the incremental build added, its filters count every
shard, and a filtered search sorted by date is in date order across shards."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from newsroom_site import ROOT, free_port, serve  # noqa: E402
from test_search import release  # noqa: E402

pytestmark = pytest.mark.browser

RELEASES = 30
NEW_WORD = "zincrementalis"
WIRE_STORY = f"""Ministry opens a new archive of {NEW_WORD} records

ASTANA. KAZINFORM - The ministry opened an archive of {NEW_WORD} records on Monday, officials said.

The archive holds papers from every region of the country.
"""


def build(site: Path, siteurl: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                           "--pagefind", "--verbose", "--set", "WIREPRESS_BUILD_REPORT=false",
                           "--set", "PAGEFIND_SHARD_SIZE=8", "--set", "PAGEFIND_NEW_SHARD_SIZE=4",
                           "--set", f"SITEURL={json.dumps(siteurl)}", "--set", "RELATIVE_URLS=false"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


@pytest.fixture(scope="module")
def shard_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("search-shards-browser")
    (site / "seeds").mkdir()
    releases = site / "content" / "releases"
    releases.mkdir(parents=True)
    for n in range(RELEASES):
        body = "Members met in the councilroom." if n == 3 else ""
        (releases / f"story-{n:03d}.md").write_text(release(n, body=body), encoding="utf-8")
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    build(site, siteurl)
    out = site / "output"
    first = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    # a new story arrives in the drop folder: the incremental build adds it
    (site / "seeds" / "kazinform_archive.txt").write_text(WIRE_STORY, encoding="utf-8")
    log = build(site, siteurl)
    assert "1 indexed again" in log, log[-2000:]
    server = serve(out, port)
    yield {"out": out, "url": siteurl, "first": first,
           "shards": json.loads((out / "pagefind" / "shards.json").read_text())["shards"]}
    server.shutdown()


def wait_for_results(page):
    page.wait_for_function("document.getElementById('search-status').textContent.endsWith('.')"
                           " && !document.getElementById('search-status').textContent.startsWith('Search')")


def result_urls(page):
    return page.eval_on_selector_all("#search-results li h2 a", "els => els.map(a => a.href)")


def shard_of(s, url: str) -> str:
    rel = url.split("/", 3)[3]
    for entry in s["shards"]:
        pages = json.loads((s["out"] / entry["path"] / "wirepress-shard.json").read_text())["pages"]
        if any(p[0] == rel for p in pages):
            return entry["id"]
    raise LookupError(url)


def test_the_search_finds_a_story_of_a_closed_shard_and_one_added_by_an_incremental_build(shard_site, page):
    s = shard_site
    assert len(s["shards"]) >= 4
    page.goto(f"{s['url']}/search.html?q=zword3")
    wait_for_results(page)
    assert result_urls(page) == [f"{s['url']}/releases/story-003.html"]
    assert shard_of(s, f"{s['url']}/releases/story-003.html") != s["shards"][0]["id"]    # closed
    # a word of one release only, which other words start ("council" is in every release):
    # the shards without it add nothing (Pagefind's fallback to the longest shorter word)
    page.goto(f"{s['url']}/search.html?q=councilroom")
    wait_for_results(page)
    assert result_urls(page) == [f"{s['url']}/releases/story-003.html"]
    assert page.locator("#search-status").inner_text().startswith("1 release found")
    page.goto(f"{s['url']}/search.html?q=councilroom+{NEW_WORD}")       # no page has both
    wait_for_results(page)
    assert result_urls(page) == []
    page.goto(f"{s['url']}/search.html?q={NEW_WORD}")
    wait_for_results(page)
    urls = result_urls(page)
    assert len(urls) == 1 and shard_of(s, urls[0]) == s["shards"][0]["id"]      # the newest shard
    assert NEW_WORD in page.locator("#search-results mark").first.inner_text().lower()
    assert "Kazinform" in page.locator("#search-results .card-source").all_inner_texts()
    # a word every release has: results from every shard
    page.goto(f"{s['url']}/search.html?q=council")
    wait_for_results(page)
    assert page.locator("#search-status").inner_text().startswith(f"{RELEASES} releases found")
    assert len({shard_of(s, u) for u in result_urls(page)}) >= 3
    assert page.js_errors == []


def test_filters_count_every_shard_and_date_order_holds_across_shards(shard_site, page):
    s = shard_site
    beta = [n for n in range(RELEASES) if n % 3 == 1]                  # "Beta Wire" (release())
    page.goto(f"{s['url']}/search.html")
    select = page.locator("#filter-source")
    select.wait_for()
    options = select.locator("option").all_inner_texts()
    assert f"Beta Wire ({len(beta)})" in options and "Kazinform (1)" in options
    kinds = page.locator("#filter-kind option").all_inner_texts()
    assert f"News ({(RELEASES + 1) // 2 + 1})" in kinds                # 15 + the wire story

    def dates(order):
        page.goto(f"{s['url']}/search.html?source=Beta+Wire&sort={order}")
        wait_for_results(page)
        assert page.locator("#search-status").inner_text().startswith(f"{len(beta)} releases found")
        urls = result_urls(page)
        assert len({shard_of(s, u) for u in urls}) >= 3                  # across shards
        return urls

    newest = [f"{s['url']}/releases/story-{n:03d}.html" for n in sorted(beta, reverse=True)]
    assert dates("newest") == newest                 # release(n) is dated by n
    assert dates("oldest") == newest[::-1]
    # words and a filter and an order together
    page.goto(f"{s['url']}/search.html?q=council&kind=News&sort=oldest")
    wait_for_results(page)
    news = [f"{s['url']}/releases/story-{n:03d}.html" for n in range(0, RELEASES, 2)]
    assert result_urls(page) == news
    assert page.js_errors == []
