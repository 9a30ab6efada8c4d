"""Listing pages that do not shift when news arrives.

Pelican numbers listing pages from the newest: page 2 of a tag holds releases 21-40 counted
from the newest, so every new release moves one release down every page of the home page,
its category, source and tags, and all those files change. Large news archives number the
older pages from the oldest instead, and so do we:

- A listing of n releases with page size P has K = max(1, n // P) pages. Page j < K (its own
  URL, LISTING_PAGE_URL, e.g. tag/foo/page/3.html) holds the releases (j-1)*P+1 .. j*P counted
  from the OLDEST, newest first on the page: once full it never changes while releases only
  arrive on top.
- The newest page, K, is the listing's own URL (index.html, tag/foo.html, ...): it holds the
  n - (K-1)*P newest releases, between P and 2P-1 (all n when n < P). Why not 1..P: a first
  page showing one release after each page break is a poor front page; why not always exactly
  P with the rest repeated from page K-1: each release is then on exactly one page of each
  listing, and "page N" is a permanent address for the same releases (crawlers, bookmarks).
  When the newest page reaches 2P, its P oldest become page K, which is written once.

So one new release rewrites, per listing it is in, the newest page (and, once every P
releases, the new page K and the "newer" link of page K-1), not the archive. Releases
inserted in the past (a back-dated story, a deletion) still shift the pages after them.

Pelican's own writer paginates with its Paginator, chosen inside Writer.write_file; instead
of patching that, the newsroom generator writes these listings itself (a Pelican generator:
public API), and newsroom.__init__ turns Pelican's own copies off by emptying their
*_SAVE_AS settings at `initialized`, keeping the values here (LISTINGS in the settings).
"""
from __future__ import annotations

import calendar
import datetime
import functools
import logging
import re
from itertools import groupby
from typing import NamedTuple

from pelican.paginator import Page, Paginator

log = logging.getLogger(__name__)

# Pelican's setting for each listing we write, and its default.
TAKEN_OVER = {
    "index": ("INDEX_SAVE_AS", "index.html", "INDEX_URL", "index.html"),
    "tag": ("TAG_SAVE_AS", "tag/{slug}.html", "TAG_URL", "tag/{slug}.html"),
    "category": ("CATEGORY_SAVE_AS", "category/{slug}.html", "CATEGORY_URL", "category/{slug}.html"),
    "month": ("MONTH_ARCHIVE_SAVE_AS", "", "MONTH_ARCHIVE_URL", ""),
}
DEFAULTS = {
    # older pages: {base_name} is the listing's path without ".html" (or its folder for an
    # index.html), {number} the page's number counted from the oldest
    "LISTING_PAGE_URL": "{base_name}/page/{number}.html",
    "LISTING_PAGE_SAVE_AS": "{base_name}/page/{number}.html",
}


def take_over(settings) -> None:
    """Keep Pelican's SAVE_AS/URL patterns of the listings we write and turn its own copies off
    (Pelican skips a page whose SAVE_AS is empty). Idempotent: a second call keeps the first."""
    if "LISTINGS" in settings:
        return
    kept = {}
    for kind, (save_key, save_default, url_key, url_default) in TAKEN_OVER.items():
        kept[kind] = (settings.get(save_key, save_default), settings.get(url_key, url_default))
        settings[save_key] = ""
    settings["LISTINGS"] = kept
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def skip_pelicans_copies(generator) -> None:
    """At article_generator_finalized, once the context holds its own lists of tags and
    categories (Pelican copies them there): empty the generator's, which only its
    generate_tags/generate_categories read. Those write nothing here (their SAVE_AS is empty),
    but first filter every release for every tag: 3 s of a one-file rebuild at 1,000 real
    releases, O(tags x releases)."""
    if "LISTINGS" not in generator.settings:
        return
    if "tags" in generator.context:
        generator.tags = {}
    if "categories" in generator.context:
        generator.categories = []


class StablePaginator(Paginator):
    """Pages numbered from the oldest: page(1) is the oldest, page(num_pages) the newest, which
    lives at the listing's own URL. object_list is newest first, as Pelican sorts listings.

    An older page shows nothing that depends on the number of pages (it links the newest page
    by `latest_url`, the listing's own): so it keeps its bytes, and its fingerprint in
    plugins/fastbuild (`numbered_from_oldest`), when the listing gains a page."""

    numbered_from_oldest = True

    def __init__(self, name, url, object_list, settings, per_page):
        super().__init__(name, url, object_list, settings, per_page)
        self.orphans = 0

    @property
    def num_pages(self) -> int:
        return max(1, self.count // self.per_page) if self.per_page else 1

    def page(self, number: int) -> "StablePage":
        n, size, last = self.count, self.per_page, self.num_pages
        if number == last:
            items = self.object_list[: n - (last - 1) * size]
        else:
            top = n - (number - 1) * size          # newest-first index just past page `number`
            items = self.object_list[top - size: top]
        return StablePage(self.name, self.url, items, number, self, self.settings)

    @property
    def latest_url(self) -> str:
        """The newest page's URL: the listing's own, whatever the number of pages."""
        return self.url

    @property
    def page_range(self):
        return list(range(self.num_pages, 0, -1))       # newest first, as shown


class StablePage(Page):
    """A page of a StablePaginator. `latest`: the newest page (no number in its title or URL).
    Pelican's names keep their meaning in templates: `next` is older, `previous` is newer."""

    @property
    def latest(self) -> bool:
        return self.number == self.paginator.num_pages

    def has_next(self):                        # an older page exists
        return self.number > 1

    def has_previous(self):                    # a newer page exists
        return not self.latest

    def next_page_number(self):
        return self.number - 1

    def previous_page_number(self):
        return self.number + 1

    @property
    def total(self) -> int:
        """The listing's number of releases, for the newest page (an older page names its
        range instead: its bytes, and its fingerprint in plugins/fastbuild, stay as news arrives)."""
        return self.paginator.count

    def start_index(self):
        """1-based position of the page's oldest release, counted from the oldest."""
        if self.paginator.count == 0:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0

    def _pattern(self, key: str) -> str:
        if self.latest:
            return self.base_url if key == "URL" else self.full_name
        fields = {"save_as": self.full_name, "url": self.base_url, "name": self.name,
                  "base_name": self.base_name, "extension": self.extension, "number": self.number}
        value = self.settings[f"LISTING_PAGE_{key}"].format(**fields)
        return value[1:] if value.startswith("/") else value   # as Pelican's patterns

    url = property(functools.partial(_pattern, key="URL"))
    save_as = property(functools.partial(_pattern, key="SAVE_AS"))


class PageLink(NamedTuple):
    """A neighbouring page of a listing as a page links to it (its number and URL): not the
    page itself, whose releases change as news arrives while its address does not."""
    number: int
    url: str
    save_as: str
    latest: bool


def _link(page) -> PageLink | None:
    return PageLink(page.number, page.url, page.save_as, page.latest) if page is not None else None


def write_listing(writer, settings, save_as: str, url: str, template, context, articles,
                  template_name: str, newest_only: dict | None = None, **kwargs) -> None:
    """Write one listing (all its pages), newest page first, with Pelican's template variables:
    articles_paginator, articles_page, articles_previous_page (newer), articles_next_page
    (older; both PageLinks). `newest_only`: variables for the newest page alone (the home
    page's busiest sources and tags)."""
    if not save_as:
        return
    per_page = (settings.get("PAGINATED_TEMPLATES", {}).get(template_name)
                or settings["DEFAULT_PAGINATION"])
    pag = StablePaginator(save_as, url, articles, settings, per_page)
    pages = [pag.page(j) for j in range(pag.num_pages, 0, -1)]
    for i, page in enumerate(pages):
        extra = dict(kwargs, **newest_only) if newest_only and i == 0 else kwargs
        writer.write_file(
            page.save_as, template, context, paginated={}, template_name=template_name,
            url=page.url, relative_urls=settings["RELATIVE_URLS"],
            articles=articles, articles_paginator=pag, articles_page=page,
            articles_previous_page=_link(pages[i - 1]) if i else None,
            articles_next_page=_link(pages[i + 1]) if i + 1 < len(pages) else None, **extra)


def _pairs(value):
    return list(value.items()) if hasattr(value, "items") else list(value or [])


def single_release_tag_pages(settings, context) -> set[str]:
    """The pages (SAVE_AS) of tags that only one release carries: they exist at their URL
    (the release links to them), but no sitemap or sidebar lists them (a tag worth
    following has more than one release)."""
    kept = settings.get("LISTINGS", {}).get("tag", (settings.get("TAG_SAVE_AS", ""), ""))[0]
    return {_format(kept, tag) for tag, arts in _pairs(context.get("tags")) if len(arts) == 1} - {""}


def _format(pattern: str, wrapper) -> str:
    return pattern.format(**wrapper.as_dict()) if pattern else ""


def write_all(generator, writer) -> None:
    """The index, every tag, category and month archive, with stable pages."""
    s, ctx = generator.settings, generator.context
    kept = s["LISTINGS"]
    articles = ctx.get("articles", [])
    dates = ctx.get("dates", [])
    all_articles = {"all_articles": articles}
    save_as, url = kept["index"]
    # the busiest sources and tags (with counts) change with every release: the home page's
    # newest page alone shows them (theme/templates/includes/sidebar.html)
    busiest = {"busiest_sources": ctx.get("TOP_SOURCES") or [], "busiest_tags": ctx.get("TOP_TAGS") or []}
    write_listing(writer, s, save_as, url, generator.get_template("index"), ctx, articles, "index",
                  newest_only=busiest, dates=dates, blog=True, page_name="index", **all_articles)
    for tag, arts in _pairs(ctx.get("tags")):
        write_listing(writer, s, _format(kept["tag"][0], tag), _format(kept["tag"][1], tag),
                      generator.get_template("tag"), ctx, arts, "tag", tag=tag, blog=True,
                      page_name=tag.page_name, **all_articles)
    for cat, arts in _pairs(ctx.get("categories")):
        write_listing(writer, s, _format(kept["category"][0], cat),
                      _format(kept["category"][1], cat), generator.get_template("category"), ctx,
                      arts, "category", category=cat, blog=True, page_name=cat.page_name,
                      **all_articles)
    month_save_as, month_url = kept["month"]
    if month_save_as:
        # a month's pages have a template of their own when the theme has one: the year
        # pages' (period_archives) reads the whole period, a month page only its releases
        try:
            template = generator.get_template("month_archives")
        except Exception:  # noqa: BLE001 - PelicanTemplateNotFound: a theme without one
            template = generator.get_template("period_archives")
        for (year, month), group in month_groups(articles):
            d = group[0].date
            local = dict(ctx, period=(year, calendar.month_name[month]), period_num=(year, month))
            write_listing(writer, s, month_save_as.format(date=d), month_url.format(date=d),
                          template, local, group, "period_archives", dates=group, blog=True,
                          period_start=datetime.date(year, month, 1),
                          **all_articles)


# A language tag as a folder name and an <html lang>: "kk", "pt-BR", "sr-Latn" (BCP 47's shape).
LANGUAGE_CODE = re.compile(r"\A[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}\Z")


def by_language(articles, default_lang: str) -> dict:
    """{lang: [releases newest first]} of every language but DEFAULT_LANG, languages sorted:
    originals and translations alike (a listing per language shows all it has). A `Lang:`
    that is no language code (an editor's typo) gets no listing: one warning names the file."""
    groups: dict = {}
    for art in articles:
        lang = getattr(art, "lang", None) or default_lang
        if lang == default_lang:
            continue
        if not LANGUAGE_CODE.match(str(lang)):
            log.warning("newsroom: %s: Lang %r is not a language code; it gets no language listing",
                        getattr(art, "relative_source_path", "?"), lang)
            continue
        groups.setdefault(lang, []).append(art)
    return {lang: sorted(groups[lang], key=lambda a: a.date, reverse=True) for lang in sorted(groups)}


def write_languages(generator, writer, languages: dict) -> None:
    """<lang>/index.html for each language but DEFAULT_LANG: the same stable pages as the
    home page (write_listing), rendered in that language (page_lang: i18n.py)."""
    s, ctx = generator.settings, generator.context
    save_pattern, url_pattern = s.get("LANG_LISTING_SAVE_AS", ""), s.get("LANG_LISTING_URL", "")
    if not save_pattern:
        return
    template = generator.get_template("lang_index")
    for lang, arts in languages.items():
        write_listing(writer, s, save_pattern.format(lang=lang), url_pattern.format(lang=lang),
                      template, ctx, arts, "lang_index", page_lang=lang, listing_lang=lang,
                      feed_kind="lang", feed_name=lang, dates=arts, blog=True,
                      page_name=f"{lang}/index", all_articles=arts)


def month_groups(articles):
    """[((year, month), [releases newest first]), ...] by the calendar date each release states
    (its own UTC offset, as the wire plugin groups the year archives), newest month first."""
    keyed = sorted(articles, key=lambda a: (a.date.year, a.date.month, a.date), reverse=True)
    return [(key, list(group)) for key, group in
            groupby(keyed, key=lambda a: (a.date.year, a.date.month))]
