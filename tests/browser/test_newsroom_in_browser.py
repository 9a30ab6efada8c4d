"""The newsroom's reader features in real headless Chromium: search filtered by source and
by language, copying a release's link (clipboard, and the fallback without one), the
Subscribe page's feeds, the release page's side column at 1280 px; screenshots at 375 and
1280 px in tests/artifacts/."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from chromium_env import screenshot_fits
from site_pages import release_pages, soup

pytestmark = pytest.mark.browser


def indexed_releases(site):
    return [p for p in release_pages(site)
            if soup(p).find("article", attrs={"data-pagefind-body": True})]


def wait_for_results(page):
    page.wait_for_function("document.getElementById('search-status').textContent.endsWith('.')"
                           " && !document.getElementById('search-status').textContent.startsWith('Search')")


def result_urls(page):
    return page.eval_on_selector_all("#search-results li h2 a", "els => els.map(a => a.href)")


def test_filter_a_search_by_source_in_the_form(site, page):
    expected = {f"{site.siteurl}/releases/{p.name}" for p in indexed_releases(site)
                if (a := soup(p).find("a", attrs={"data-pagefind-filter": "source"})) is not None
                and a.get_text() == "Kazinform"}
    assert 2 <= len(expected) <= 30
    page.goto(f"{site.siteurl}/search.html")
    select = page.locator("#filter-source")
    select.wait_for()
    options = select.locator("option").all_inner_texts()
    assert f"Kazinform ({len(expected)})" in options          # each value with its count
    select.select_option("Kazinform")           # a change submits the form
    page.wait_for_url(re.compile(r"source=Kazinform"))
    wait_for_results(page)
    assert set(result_urls(page)) == expected
    # each result shows its source, date and dateline (Pagefind metadata)
    sources = page.locator("#search-results .card-source").all_inner_texts()
    assert sources and set(sources) == {"Kazinform"}
    assert all(page.locator("#search-results time").all_inner_texts())
    assert "ASTANA" in page.locator("#search-results .card-dateline").all_inner_texts()
    # words narrow it further; the source stays chosen
    page.fill("#search-q", "Pompeo")
    page.press("#search-q", "Enter")
    page.wait_for_url(re.compile(r"q=Pompeo.*source=Kazinform|source=Kazinform.*q=Pompeo"))
    wait_for_results(page)
    assert result_urls(page) == [f"{site.siteurl}/releases/{site.seed_slug}.html"]
    assert page.js_errors == []


def test_a_source_page_links_into_its_filtered_search(site, page):
    page.goto(f"{site.siteurl}/source/kazinform.html")
    page.locator("p.search-within a").click()
    page.wait_for_url(re.compile(r"/search\.html\?source=Kazinform$"))
    wait_for_results(page)
    assert page.locator("#filter-source").input_value() == "Kazinform"
    assert page.locator("#search-results li").count() >= 2
    assert set(page.locator("#search-results .card-source").all_inner_texts()) == {"Kazinform"}
    assert page.js_errors == []


def test_filter_a_search_by_language(site, page):
    by_lang = {}
    for p in indexed_releases(site):
        by_lang.setdefault(soup(p).html["lang"], set()).add(f"{site.siteurl}/releases/{p.name}")
    lang = "kk"
    assert lang in by_lang and len(by_lang) >= 3
    page.goto(f"{site.siteurl}/search.html?language={lang}")
    wait_for_results(page)
    assert set(result_urls(page)) == by_lang[lang]
    # the filter shows the language by name, with its count
    label = page.locator(f'#filter-language option[value="{lang}"]').inner_text()
    assert label.startswith("Kazakh") and f"({len(by_lang[lang])})" in label
    # and the newest first, without words to rank by
    times = page.eval_on_selector_all("#search-results time", "els => els.map(t => t.textContent)")
    assert len(times) == len(by_lang[lang])
    # a language with other stories: switching the filter changes the results
    page.select_option("#filter-language", "fr")
    page.wait_for_url(re.compile(r"language=fr"))
    wait_for_results(page)
    assert set(result_urls(page)) == by_lang["fr"]
    assert page.js_errors == []


def test_copy_a_releases_link_to_the_clipboard(site, page, browser_context):
    url = f"{site.siteurl}/releases/{site.seed_slug}.html"
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.siteurl)
    try:
        page.goto(url)
        page.evaluate("navigator.clipboard.writeText('nothing yet')")
        page.locator("a.copy-link").click()
        page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
        assert page.locator(".copy-status").inner_text() == "Link copied"
        assert page.evaluate("navigator.clipboard.readText()") == url
        assert page.url == url                    # the link did not navigate
    finally:
        browser_context.clear_permissions()
    assert page.js_errors == []


def test_copy_link_falls_back_to_a_selected_field_without_a_clipboard(site, page):
    url = f"{site.siteurl}/releases/{site.seed_slug}.html"
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(url)
    page.locator("a.copy-link").click()
    field = page.locator("input.copy-field")
    field.wait_for()
    assert field.input_value() == url
    assert page.evaluate("document.activeElement.className") == "copy-field"
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, len(url)]
    assert "copy" in page.locator(".copy-status").inner_text().lower()
    assert page.js_errors == []


def test_copy_link_without_the_script_is_a_link_to_the_release(site, page):
    url = f"{site.siteurl}/releases/{site.seed_slug}.html"
    page.route("**/theme/js/share.js", lambda route: route.abort())     # the script never runs
    page.goto(url)
    link = page.locator("a.copy-link")
    assert link.get_attribute("href") == url
    assert link.get_attribute("role") is None                          # not turned into a button
    link.click()
    page.wait_for_load_state("load")
    assert page.url == url and page.locator("input.copy-field").count() == 0


def test_subscribe_page_lists_every_feed(site, page):
    on_disk = {f"{site.siteurl}/{p.relative_to(site.output).as_posix()}"
               for p in (site.output / "feeds").rglob("*") if p.is_file()}
    page.goto(site.siteurl + "/")
    page.locator(".site-nav a", has_text="Subscribe").click()
    page.wait_for_url(f"{site.siteurl}/subscribe.html")
    shown = page.eval_on_selector_all(
        ".feed-row a.button[type]", "els => els.filter(a => a.offsetParent !== null).map(a => a.href)")
    assert set(shown) == on_disk
    # and a feed button gives the feed itself
    rss = page.locator('.feed-row a[type="application/rss+xml"]').first.get_attribute("href")
    response = page.request.get(rss)
    assert response.ok and b"<rss" in response.body()
    assert page.js_errors == []


def test_release_side_column_holds_the_contact_box_at_1280(site, page, artifacts):
    slug = next(p.stem for p in indexed_releases(site)
                if soup(p).select_one("aside.release-aside section.boilerplate-contact"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site.siteurl}/releases/{slug}.html")
    body = page.locator(".release-body").bounding_box()
    aside = page.locator("aside.release-aside").bounding_box()
    contact = page.locator("aside.release-aside section.boilerplate-contact").bounding_box()
    assert aside["x"] >= body["x"] + body["width"]                   # a column to the right
    assert aside["width"] >= 240
    assert contact["x"] >= body["x"] + body["width"]
    assert contact["y"] < body["y"] + 400                            # at the top, beside the lead
    assert page.locator("aside.release-aside .downloads a").count() >= 1
    page.screenshot(path=str(artifacts / "release-contact-1280.png"), full_page=True)
    # on a phone the same box follows the story, in one column
    page.set_viewport_size({"width": 375, "height": 800})
    body = page.locator(".release-body").bounding_box()
    contact = page.locator("aside.release-aside section.boilerplate-contact").bounding_box()
    assert contact["y"] > body["y"] + body["height"] and contact["x"] < 40
    page.screenshot(path=str(artifacts / "release-contact-375.png"), full_page=True)
    assert page.js_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_newsroom_screenshots(site, page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (("search-filtered", f"search.html?source={quote('Kazinform')}"),
                       ("subscribe", "subscribe.html"), ("source", "source/kazinform.html")):
        page.goto(f"{site.siteurl}/{path}")
        if name == "search-filtered":
            wait_for_results(page)
        screenshot_fits(page, artifacts / f"{name}-{width}.png", (name, width))
    assert page.js_errors == []
