"""The built site in real headless Chromium: navigation, search, hostile wire text,
screenshots at phone and desktop widths."""
from __future__ import annotations

import re
import pytest

from chromium_env import screenshot_fits
from newsroom_site import EDITOR_SLUG, HOSTILE_WORD

pytestmark = pytest.mark.browser

WORD = re.compile(r"[A-Za-z]{9,}")


def seed_url(site):
    return f"{site.siteurl}/releases/{site.seed_slug}.html"


def word_only_in(site, slug):
    """A long word of release `slug` that no other release page contains, even inside
    another word or across a hyphen (search stems words and splits "NUR-SULTAN")."""
    others = []
    for page in (site.output / "releases").glob("*.html"):
        if page.stem != slug:
            others.append(page.read_text(encoding="utf-8").lower().replace("-", ""))
    own = (site.output / "releases" / f"{slug}.html").read_text(encoding="utf-8")
    body = own.split('class="release-body"', 1)[1].split("</div>", 1)[0]
    for word in sorted(set(WORD.findall(body)), key=len, reverse=True):
        if not any(word.lower()[:-2] in text for text in others):
            return word
    raise AssertionError("no word unique to the release")


def test_follow_a_tag_link_and_back(site, page):
    tag_url = page_url_of_first_tag(site)      # a tag whose first page lists the seed
    page.goto(seed_url(site))
    title = page.locator("article.release h1").inner_text()
    tag = page.locator(f'ul.tags a[href="{tag_url}"]')
    tag_name = tag.inner_text()
    tag.click()
    page.wait_for_url(tag_url)
    assert page.locator("main h1").inner_text().startswith(tag_name)
    assert page.locator(f'ol.cards a[href$="/{site.seed_slug}.html"]').count() == 1
    page.go_back()
    page.wait_for_url(seed_url(site))
    assert page.locator("article.release h1").inner_text() == title
    assert page.js_errors == []


def test_search_for_a_word_lands_on_its_release(site, page):
    word = word_only_in(site, site.seed_slug)
    page.goto(site.siteurl + "/")
    page.fill("#site-search", word)
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    first = page.locator("#search-results li a").first
    first.wait_for()
    assert page.locator("#search-results li").count() == 1
    assert word.lower() in page.locator("#search-results mark").first.inner_text().lower()
    assert page.locator("#search-results time").first.inner_text()     # date shown
    first.click()
    page.wait_for_url(seed_url(site))
    assert page.js_errors == []


def test_wire_story_with_script_shows_text_and_runs_nothing(site, page):
    page.goto(f"{site.siteurl}/search.html?q={HOSTILE_WORD}")
    hit = page.locator("#search-results li a").first
    hit.wait_for()
    excerpt = page.locator("#search-results .card-summary").first.inner_text()
    assert "<script>window.__wirepwned = 1</script>" in excerpt
    assert page.evaluate("window.__wirepwned") is None
    hit.click()
    page.wait_for_load_state("load")
    body = page.locator(".release-body").inner_text()
    assert "<script>window.__wirepwned = 1</script>" in body
    assert '<img src=x onerror="window.__wirepwned = 2">' in body
    assert page.evaluate("window.__wirepwned") is None
    assert page.locator(".release-body script, .release-body img").count() == 0
    # An editor's release with markup in its headline, dateline, source and tags.
    page.goto(f"{site.siteurl}/releases/{EDITOR_SLUG}.html")
    assert "<script>window.__wirepwned = 3</script>" in page.locator("h1").inner_text()
    assert "<script>" in page.title()
    assert page.evaluate("window.__wirepwned") is None
    assert page.js_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_and_no_sideways_scrolling(site, page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    tag_url = page_url_of_first_tag(site)
    for name, url in (("index", site.siteurl + "/"), ("release", seed_url(site)), ("tag", tag_url)):
        page.goto(url)
        screenshot_fits(page, artifacts / f"{name}-{width}.png", (name, width))
    assert page.js_errors == []


def page_url_of_first_tag(site):
    """The first tag of the seed release whose (first) tag page lists the seed."""
    html = (site.output / "releases" / f"{site.seed_slug}.html").read_text(encoding="utf-8")
    for url in re.findall(r'<a href="([^"]+/tag/[^"]+)" rel="tag"[ >]', html):
        tag_file = site.output / url[len(site.siteurl) + 1:]
        if f"/{site.seed_slug}.html" in tag_file.read_text(encoding="utf-8"):
            return url
    raise AssertionError("no tag page lists the seed release")
