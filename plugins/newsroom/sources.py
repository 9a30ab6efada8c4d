"""Source pages (one per agency or distributor, paginated like tag pages), the sources
index, the search page and the 404 page: a Pelican generator of our own. It also writes the
index, tag, category and month listings, with pages that do not shift (listings.py)."""
from __future__ import annotations

import logging
from collections import Counter, defaultdict

from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from . import listings, release, wirefiles

log = logging.getLogger(__name__)

DEFAULTS = {
    "SOURCE_URL": "source/{slug}.html",
    "SOURCE_SAVE_AS": "source/{slug}.html",
    "SOURCES_SAVE_AS": "sources.html",
    "SEARCH_SAVE_AS": "search.html",
    "SUBSCRIBE_SAVE_AS": "subscribe.html",   # a button per feed; "" for none
    "WIRE_FILE_SAVE_AS": "wire/{slug}.txt",  # the original wire file of each release; None: off
    "NEWSLETTER_FORM_ACTION": None,          # an RSS-to-email service's sign-up URL: a form on subscribe.html
    "NEWSLETTER_FORM_FIELD": "email",        # the name of that form's e-mail field
    "NOT_FOUND_SAVE_AS": "404.html",
    "NAV_SOURCES": [],     # source names linked in the navigation
    "NAV_TAGS": [],        # tag names linked in the navigation
    "NAV_ITEMS": [],       # extra (title, url) pairs in the navigation
    "SIDEBAR_SOURCES": 10,  # busiest sources beside the listings (0: none)
    "SIDEBAR_TAGS": 20,     # busiest tags beside the listings (0: none)
    "LANG_LISTING_URL": "{lang}/",              # each other language's listing
    "LANG_LISTING_SAVE_AS": "{lang}/index.html",  # ("" writes none)
}


def slug_for(name: str) -> str:
    # One slug rule for the whole project (contract 2): the wire plugin's.
    from wire.slugs import slug_for as wire_slug
    return wire_slug(name)


class Source(URLWrapper):
    """An agency or distributor; URL and file name from SOURCE_URL / SOURCE_SAVE_AS."""

    def __init__(self, name, settings):
        super().__init__(name, settings)
        self.slug = slug_for(name)


def group_by_source(articles, settings):
    """[(Source, [articles newest first]), ...] sorted by source name."""
    groups = defaultdict(list)
    for art in articles:
        name = art.metadata.get("source")
        if name:
            groups[name].append(art)
    pairs = []
    for name, arts in groups.items():
        src = Source(name, settings)
        # What the source mostly sends: "News" (an agency) or "Press Releases" (a distributor).
        cats = Counter(str(a.category) for a in arts if getattr(a, "category", None))
        src.kind = cats.most_common(1)[0][0] if cats else ""
        pairs.append((src, arts))
    pairs.sort(key=lambda p: p[0].name.lower())
    return pairs


class NewsroomGenerator(Generator):
    """Runs after the articles generator, so context["articles"] is complete."""

    def generate_context(self):
        articles = self.context.get("articles", [])
        self.sources = group_by_source(articles, self.settings)
        by_name = {src.name: src for src, _ in self.sources}
        for art in articles:
            art.source_page = by_name.get(art.metadata.get("source"))
        release.link_neighbours(articles)
        # translations are pages of their own: they show their source too
        translations = self.context.get("release_translations", [])
        for art in translations:
            art.source_page = by_name.get(art.metadata.get("source"))
        self.by_language = listings.by_language(articles + translations,
                                                self.settings.get("DEFAULT_LANG", "en"))
        # DEFAULT_LANG first, then the others of the releases: the language switch's order
        self.context["SITE_LANGUAGES"] = [self.settings.get("DEFAULT_LANG", "en")] + list(self.by_language)
        build = getattr(self, "newsroom_build", None)      # set at generator_init (newsroom)
        wirefiles.attach(articles, self.settings, getattr(build, "wire_hashes", None))
        self.context["sources"] = self.sources
        self.context["NAV_SOURCE_PAGES"] = [by_name[n] for n in self.settings["NAV_SOURCES"]
                                            if n in by_name]
        tags = {str(t): t for t, _ in self.context.get("tags", [])}
        self.context["NAV_TAG_PAGES"] = [tags[n] for n in self.settings["NAV_TAGS"] if n in tags]
        # The busiest sources and tags, for the listings' sidebar: [(page, count), ...].
        by_count = lambda pairs, n: sorted(((k, len(v)) for k, v in pairs),
                                           key=lambda p: (-p[1], str(p[0]).lower()))[:n]
        # the Subscribe page lists every tag's feed, the busiest first
        self.context["TAGS_BY_COUNT"] = sorted(self.context.get("tags", []),
                                               key=lambda p: (-len(p[1]), str(p[0]).lower()))
        self.context["TOP_SOURCES"] = by_count(self.sources, self.settings["SIDEBAR_SOURCES"])
        # a tag of a single release is not one to follow: never in the sidebar
        self.context["TOP_TAGS"] = by_count([(t, arts) for t, arts in self.context.get("tags", [])
                                             if len(arts) > 1], self.settings["SIDEBAR_TAGS"])

    def generate_output(self, writer):
        # index, tag, category and month listings, numbered from the oldest (listings.py)
        listings.write_all(self, writer)
        listings.write_languages(self, writer, self.by_language)
        for src, arts in self.sources:
            listings.write_listing(
                writer, self.settings, src.save_as, src.url, self.get_template("source"),
                self.context, arts, "source", source=src, dates=list(arts),
                page_name=src.page_name, blog=True)
        wirefiles.publish(self.context.get("articles", []), self.output_path, self.settings)
        for key, template in (("SOURCES_SAVE_AS", "sources"), ("SEARCH_SAVE_AS", "search"),
                              ("SUBSCRIBE_SAVE_AS", "subscribe"), ("NOT_FOUND_SAVE_AS", "404")):
            save_as = self.settings[key]
            if save_as:
                # The 404 page is served at any depth: never relative links there.
                rel = self.settings["RELATIVE_URLS"] and template != "404"
                writer.write_file(save_as, self.get_template(template), self.context,
                                  url=save_as, page_name=template, relative_urls=rel)
