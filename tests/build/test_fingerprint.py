"""plugins/fastbuild/fingerprint.py on real Pelican content objects: a page's fingerprint
follows what its template can show of the releases it reaches (its neighbours' and its
"more from" releases' titles), and each content object is walked once per build however
many pages show it (the digest work cannot silently grow back)."""
from __future__ import annotations

import datetime as dt

import jinja2
import pytest
from pelican.contents import Article
from pelican.settings import read_settings

from fastbuild import fingerprint

KEY = "global"
ENV = jinja2.Environment()
ARTICLE_PAGE = (frozenset({"article", "SITENAME"}), frozenset())   # names a release page reads


@pytest.fixture
def settings(tmp_path):
    return read_settings(None, override={"PATH": str(tmp_path), "ARTICLE_URL": "releases/{slug}.html",
                                         "ARTICLE_SAVE_AS": "releases/{slug}.html"})


def site(settings, titles: dict | None = None) -> list[Article]:
    """Eight releases, newest first, linked as the newsroom plugin links them: newer/older,
    and "more from" the three just older (release.py); `titles` overrides some titles."""
    titles = titles or {}
    arts = []
    for i in range(8):
        slug = f"r{i}"
        arts.append(Article(f"<p>Story {i}.</p>", settings=settings, source_path=f"{settings['PATH']}/{slug}.md",
                            metadata={"title": titles.get(slug, f"Story {i}"), "slug": slug,
                                      "date": dt.datetime(2026, 1, 20 - i, tzinfo=dt.timezone.utc)}))
    for i, a in enumerate(arts):
        a.newer = arts[i - 1] if i > 0 else None
        a.older = arts[i + 1] if i + 1 < len(arts) else None
        a.more_from_source = arts[i + 1:i + 4]
        a.more_from_tag = ("Energy", arts[i + 1:i + 3])
    return arts


def page_fp(article, digester) -> str:
    return fingerprint.fingerprint(KEY, "article.html", ARTICLE_PAGE, ENV,
                                   {"article": article, "SITENAME": "Wire"}, digester)


def fps(settings, titles=None) -> dict[str, str]:
    d = fingerprint.Digester()            # a fresh one per build, as fastbuild makes
    return {a.slug: page_fp(a, d) for a in site(settings, titles)}


def test_neighbour_title_edit_changes_the_pages_that_show_it(settings):
    before = fps(settings)
    after = fps(settings, {"r3": "Story 3 (corrected)"})
    changed = {slug for slug in before if before[slug] != after[slug]}
    # its own page, its newer and older neighbours (r2, r4), and the releases whose "more
    # from" lists show it (r0, r1, r2: the three just newer); nothing else
    assert changed == {"r0", "r1", "r2", "r3", "r4"}, changed


def test_more_from_release_change_changes_the_page(settings):
    before = fps(settings)
    # r0 shows r1..r3 "more from" its source, and r1..r2 from its tag; r3 is no neighbour of r0
    after = fps(settings, {"r3": "Story 3, new headline"})
    assert after["r0"] != before["r0"]
    # a release two levels away (r5: a neighbour's neighbour's) does not touch r0's page
    assert fps(settings, {"r5": "Story 5, changed"})["r0"] == before["r0"]


def test_unchanged_site_same_fingerprints(settings):
    assert fps(settings) == fps(settings)


def test_each_content_object_walked_once_per_build(settings):
    arts = site(settings)
    d = fingerprint.Digester()
    # every release's page, and listing-like pages that show every release again
    for a in arts:
        page_fp(a, d)
    for _ in range(5):
        fingerprint.fingerprint(KEY, "index.html", (frozenset({"articles"}), frozenset()), ENV,
                                {"articles": list(arts)}, d)
    assert d.digested == len(arts)
    # primed before a fork: the pages then walk nothing more
    d2 = fingerprint.Digester()
    assert d2.prime(arts) == len(arts) and d2.digested == len(arts)
    for a in arts:
        assert page_fp(a, d2) == page_fp(a, d)
    assert d2.digested == len(arts)


def test_relative_source_path_kept_per_input(settings):
    """frozen_urls.install: a release's relative path (every URL computation asks for it) is
    computed once per object and input, and follows a changed source path or PATH."""
    from fastbuild import frozen_urls

    frozen_urls.install()
    a = site(settings)[0]
    assert a.get_relative_source_path() == "r0.md" and a.url == "releases/r0.html"
    assert a.__dict__["_fastbuild_relpaths"]          # kept
    a.source_path = f"{settings['PATH']}/sub/r0.md"
    assert a.get_relative_source_path() == "sub/r0.md"
    a.settings = dict(settings, PATH=f"{settings['PATH']}/sub")
    assert a.get_relative_source_path() == "r0.md"
    assert a.get_relative_source_path(f"{settings['PATH']}/sub/x/y.md") == "x/y.md"


# --- listing pages numbered from the oldest (newsroom/listings.py) ---------------------------
LISTING_PAGE = (frozenset({"articles_paginator", "articles_page", "articles_previous_page",
                           "articles_next_page"}), frozenset())     # what pagination.html reads


def listing_fps(count: int, per_page: int = 4) -> dict[int, str]:
    """Each page's fingerprint, with the variables listings.write_listing gives it."""
    from newsroom.listings import DEFAULTS, StablePaginator, _link

    items = [f"release {n}" for n in range(count, 0, -1)]          # newest first
    pag = StablePaginator("tag/x.html", "tag/x.html", items, dict(DEFAULTS, DEFAULT_ORPHANS=0), per_page)
    pages = [pag.page(j) for j in range(pag.num_pages, 0, -1)]
    d = fingerprint.Digester()
    return {page.number: fingerprint.fingerprint(
                KEY, "tag.html", LISTING_PAGE, ENV,
                {"articles_paginator": pag, "articles_page": page,
                 "articles_previous_page": _link(pages[i - 1]) if i else None,
                 "articles_next_page": _link(pages[i + 1]) if i + 1 < len(pages) else None}, d)
            for i, page in enumerate(pages)}


def test_listing_that_gains_a_page_keeps_its_older_pages_fingerprints():
    # 40 releases in pages of 4: ten pages, the newest (10) at the listing's URL; 4 more on top
    # close page 10 (it gets its own URL) and make an eleventh, the newest
    before, after = listing_fps(40), listing_fps(44)
    assert (max(before), max(after)) == (10, 11)
    assert all(after[j] == before[j] for j in range(1, 9)), "an older page would render again"
    assert after[9] != before[9]            # its "Newer" link: the listing's URL, now page/10
    assert after[10] != before[10]          # no longer the newest page
    # while the count grows within a page, only the newest page moves
    within = listing_fps(41)
    assert all(within[j] == before[j] for j in range(1, 10)) and within[10] != before[10]
