"""A multilingual newsroom, built for real: the client's sample (seeds/, with its German dpa
story) plus Kazakh and Russian wire stories of our own and one story translated into Russian
and Kazakh (fixtures/i18n). Each other language gets its listing (<lang>/) in its language,
releases speak their own language (<html lang>, interface strings, dates), and translations
are linked (hreflang alternates, the language switch)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import build_site, copy_seeds  # noqa: E402
from newsroom_site import TRANSLATED_SLUG, add_language_fixtures  # noqa: E402

# The header navigation in each shipped language (theme/translations/<lang>/.../messages.po).
NAV = {
    "en": ["Latest", "Sources", "Tags", "Categories", "Archives"],
    "kk": ["Соңғы", "Дереккөздер", "Тегтер", "Санаттар", "Мұрағат"],
    "ru": ["Последние", "Источники", "Теги", "Категории", "Архив"],
    "de": ["Aktuell", "Quellen", "Schlagwörter", "Kategorien", "Archiv"],
}
HEADING = {"en": "Latest releases", "kk": "Соңғы хабарлар", "ru": "Последние сообщения",
           "de": "Neueste Meldungen"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    seeds = copy_seeds(tmp / "seeds")
    add_language_fixtures(seeds, tmp / "content" / "releases")
    return build_site(tmp, seeds)


def page(output: Path, rel: str) -> BeautifulSoup:
    path = output / rel
    if rel.endswith("/") or rel == "":
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(el) -> str:
    """Text with CLDR's no-break spaces (U+00A0, U+202F: "2024\u202fж.") as plain spaces."""
    return el.get_text().replace("\u202f", " ").replace("\xa0", " ")


def nav_texts(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select("nav.site-nav a")][:5]


def release_of(output: Path, lang: str, wire_source: str) -> str:
    """The page of the release the ingest made from `wire_source` (it wrote its Lang:)."""
    content = output.parent / "content" / "releases"
    for md in content.glob("*.md"):
        head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if f"Wire-Source: {wire_source}" in head:
            assert f"\nLang: {lang}" in head, head
            return "releases/" + re.search(r"^Slug: (.+)$", head, re.M).group(1) + ".html"
    raise LookupError(wire_source)


def test_each_other_language_gets_its_listing_in_its_language(built):
    for lang in ("kk", "ru", "de"):
        soup = page(built, f"{lang}/")
        assert soup.html["lang"] == lang
        assert nav_texts(soup) == NAV[lang], lang
        assert soup.h1.get_text(strip=True) == HEADING[lang]
        cards = soup.select("li.card")
        assert cards, lang
    # the home page stays in DEFAULT_LANG, and no listing exists for it under /en/
    home = page(built, "")
    assert home.html["lang"] == "en" and nav_texts(home) == NAV["en"]
    assert not (built / "en").exists()


def test_a_language_listing_holds_that_language_only_originals_and_translations(built):
    kk = {a["href"] for a in page(built, "kk/").select("li.card h2 a")}
    ru = {a["href"] for a in page(built, "ru/").select("li.card h2 a")}
    assert kk == {"/" + release_of(built, "kk", "kk_astana_library.txt"),
                  f"/releases/{TRANSLATED_SLUG}-kk.html"}
    assert ru == {"/" + release_of(built, "ru", "ru_almaty_park.txt"),
                  f"/releases/{TRANSLATED_SLUG}-ru.html"}
    # the home page lists the original once, not its translations (Pelican's translations)
    home = {a["href"] for a in page(built, "").select("li.card h2 a")}
    assert f"/releases/{TRANSLATED_SLUG}.html" in home
    assert not {f"/releases/{TRANSLATED_SLUG}-ru.html", f"/releases/{TRANSLATED_SLUG}-kk.html"} & home


def test_listing_dates_and_counts_are_in_the_listing_language(built):
    kk, ru, de = page(built, "kk/"), page(built, "ru/"), page(built, "de/")
    assert "2024 ж. 14 наурыз" in [text(t) for t in kk.select("li.card time")]
    assert "12 марта 2024 г." in [text(t) for t in ru.select("li.card time")]
    assert "2. März 2026" in [text(t) for t in de.select("li.card time")]
    assert ru.select_one("p.count").get_text() == "2 сообщения"      # Russian plural (2-4)
    assert de.select_one("p.count").get_text() == "1 Meldung"


def test_a_release_page_speaks_its_own_language(built):
    rel = release_of(built, "kk", "kk_astana_library.txt")
    soup = page(built, rel)
    assert soup.html["lang"] == "kk"
    assert nav_texts(soup) == NAV["kk"]
    assert text(soup.select_one(".release-meta time")).startswith("2024 ж. 14 наурыз")
    assert "Дереккөз:" in soup.select_one(".release-meta").get_text()
    # the wire dateline in the story's own language
    assert text(soup.select_one(".dateline")).startswith("АСТАНА, 2024 ж. 14 наурыз (Kazinform)")
    # the converter's "Media contact" heading is the site's own words: translated
    ru = page(built, f"releases/{TRANSLATED_SLUG}-ru.html")
    assert ru.select_one(".boilerplate-contact h2").get_text() == "Контакты для СМИ"
    en = page(built, f"releases/{TRANSLATED_SLUG}.html")
    assert en.select_one(".boilerplate-contact h2").get_text() == "Media contact"
    assert en.html["lang"] == "en" and nav_texts(en) == NAV["en"]


def test_translations_are_hreflang_alternates_of_each_other(built):
    urls = {"en": f"/releases/{TRANSLATED_SLUG}.html", "ru": f"/releases/{TRANSLATED_SLUG}-ru.html",
            "kk": f"/releases/{TRANSLATED_SLUG}-kk.html"}
    for lang, url in urls.items():
        soup = page(built, url.lstrip("/"))
        alternates = {ln["hreflang"]: ln["href"] for ln in soup.select('link[rel="alternate"][hreflang]')}
        assert alternates == urls, lang
    # a release without translations has none
    lone = page(built, release_of(built, "ru", "ru_almaty_park.txt"))
    assert lone.select('link[rel="alternate"][hreflang]') == []


def test_the_language_switch_leads_to_the_same_story_or_the_language_listing(built):
    soup = page(built, f"releases/{TRANSLATED_SLUG}-ru.html")
    links = {a["hreflang"]: a for a in soup.select("nav.lang-switch a")}
    assert set(links) == {"en", "de", "kk", "ru"}
    assert links["en"]["href"] == f"/releases/{TRANSLATED_SLUG}.html"
    assert links["kk"]["href"] == f"/releases/{TRANSLATED_SLUG}-kk.html"
    assert links["de"]["href"] == "/de/"                 # no German version: German listing
    assert links["ru"].get("aria-current") == "true"
    assert links["kk"].get_text() == "Қазақ тілі" and links["ru"].get_text() == "Русский"
    home = page(built, "")
    assert {a["hreflang"]: a["href"] for a in home.select("nav.lang-switch a")} == {
        "en": "/", "de": "/de/", "kk": "/kk/", "ru": "/ru/"}


def test_a_one_language_site_has_no_switch(tmp_path):
    output = build_site(tmp_path, copy_seeds(tmp_path / "seeds", ["001_northwind_solar_prnewswire.txt"]))
    soup = page(output, "")
    assert soup.select("nav.lang-switch") == []
    assert soup.html["lang"] == "en"
    assert [p.name for p in output.iterdir() if p.is_dir() and len(p.name) == 2] == []


def test_a_lang_that_is_no_language_code_is_one_warning_and_no_listing(tmp_path, caplog):
    import logging
    releases = tmp_path / "content" / "releases"
    releases.mkdir(parents=True)
    (releases / "typo.md").write_text(
        "Title: A release with a typo in its Lang\nDate: 2024-03-01T10:00:00+00:00\n"
        "Source: Kazinform\nCategory: News\nSlug: lang-typo\nLang: ru/../../x\n\nText.\n",
        encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        output = build_site(tmp_path, copy_seeds(tmp_path / "seeds", ["001_northwind_solar_prnewswire.txt"]))
    lines = [r.getMessage() for r in caplog.records if "typo.md" in r.getMessage()]
    assert len(lines) == 1 and "not a language code" in lines[0], lines
    soup = page(output, "releases/lang-typo.html")
    assert soup.html["lang"] == "en" and nav_texts(soup) == NAV["en"]
    assert not (output / "x").exists() and not (output / "ru").exists()
    assert not [p for p in (output / "feeds").iterdir() if p.name.startswith("ru")]
