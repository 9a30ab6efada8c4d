"""Languages in real headless Chromium: the header's language switch takes a reader from a
story to the same story's translation (and on to the next), or to a language's listing, and
each page arrives in its language (<html lang>, navigation, headline)."""
from __future__ import annotations

import pytest

from newsroom_site import TRANSLATED_SLUG

pytestmark = pytest.mark.browser


def switch(page, hreflang):
    return page.locator(f'nav.lang-switch a[hreflang="{hreflang}"]')


def test_switching_language_lands_on_the_same_storys_translation(site, page, artifacts):
    start = f"{site.siteurl}/releases/{TRANSLATED_SLUG}.html"
    page.goto(start)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article.release h1").inner_text() == "Footbridge across the Ishim opens in Astana"

    switch(page, "ru").click()
    page.wait_for_url(f"{site.siteurl}/releases/{TRANSLATED_SLUG}-ru.html")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("article.release h1").inner_text() == "В Астане открыли пешеходный мост через Ишим"
    assert page.locator("nav.site-nav a").first.inner_text() == "Последние"
    assert switch(page, "ru").get_attribute("aria-current") == "true"

    switch(page, "kk").click()
    page.wait_for_url(f"{site.siteurl}/releases/{TRANSLATED_SLUG}-kk.html")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("article.release h1").inner_text().startswith("Астанада Есіл өзені")
    assert page.locator("nav.site-nav a").first.inner_text() == "Соңғы"
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts / "release-kk-375.png"), full_page=True)

    switch(page, "en").click()
    page.wait_for_url(start)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.js_errors == []


def test_a_language_without_the_story_leads_to_its_listing(site, page, artifacts):
    page.goto(f"{site.siteurl}/releases/{TRANSLATED_SLUG}-ru.html")
    switch(page, "de").click()
    page.wait_for_url(f"{site.siteurl}/de/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("main h1").inner_text() == "Neueste Meldungen"
    # and from a listing, the switch goes to the other languages' listings
    switch(page, "kk").click()
    page.wait_for_url(f"{site.siteurl}/kk/")
    assert page.locator("main h1").inner_text() == "Соңғы хабарлар"
    cards = page.locator("ol.cards li.card")
    assert cards.count() >= 2
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "listing-kk-1280.png"), full_page=True)
    assert page.js_errors == []
