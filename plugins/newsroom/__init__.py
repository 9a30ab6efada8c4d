"""newsroom: the site around the releases. Source pages and the sources index, search
(Pagefind), sitemap.xml, the Google News sitemap, robots.txt, and the Jinja helpers the
theme uses (wire dateline, boilerplate sections, NewsArticle JSON-LD, page URLs)."""
from __future__ import annotations

import logging
import os
import re

from pelican import signals

from . import collisions, jsonld, listings, release, search, sitemaps, unpublished
from .sources import DEFAULTS, NewsroomGenerator

log = logging.getLogger(__name__)

SETTING_DEFAULTS = dict(DEFAULTS, **{
    "PAGEFIND": True,               # index output/ with Pagefind after each build
    "SITEMAP": True,                # sitemap.xml, news-sitemap.xml, robots.txt
    "NEWS_SITEMAP_DAYS": 2,         # Google News takes releases of the last two days
    "NEWS_SITEMAP_ANCHOR": "newest",   # "newest" release's date, or "now" (build time)
    "SITEMAP_MAX_URLS": 50_000,     # URLs per sitemap file under the index (the protocol's limit)
    "SITE_DEFAULT_IMAGE": "",       # og:image / JSON-LD image of a release without a picture
})

# State of the current build (one Pelican run at a time in a process).
_build = {"output": None, "written": [], "lastmod": {}, "articles": [], "hidden": set(), "single_tags": set()}


def _initialized(pelican):
    s = pelican.settings
    for key, value in SETTING_DEFAULTS.items():
        s.setdefault(key, value)
    s["PAGINATED_TEMPLATES"] = dict(s["PAGINATED_TEMPLATES"])
    s["PAGINATED_TEMPLATES"].setdefault("source", None)
    listings.take_over(s)      # index, tag, category, month pages: ours, numbered from the oldest
    _build.update(output=pelican.output_path, written=[], lastmod={}, articles=[], hidden=set(),
                  single_tags=set())


def _generator_init(generator):
    s = generator.settings
    siteurl, sitename = s.get("SITEURL", ""), s.get("SITENAME", "")
    env = generator.env
    env.filters["release_body"] = release.release_body
    env.filters["wire_date"] = release.wire_date
    env.filters["wire_time"] = release.wire_time
    env.filters["wire_when"] = release.wire_when
    env.filters["iso_when"] = release.iso_when        # date-only stories: "2018-06-28"
    env.filters["shown_when"] = release.shown_when
    env.filters["secure_image"] = release.secure_image
    logo = s.get("SITELOGO")
    newsroom = jsonld.publisher(sitename, siteurl, f"{s.get('THEME_STATIC_DIR', 'theme')}/{logo}" if logo else None)
    default_image = jsonld.default_image_url(siteurl, s.get("SITE_DEFAULT_IMAGE"))
    env.filters["default_image_url"] = lambda setting: jsonld.default_image_url(siteurl, setting)
    env.filters["news_article"] = lambda art: jsonld.news_article(art, siteurl, newsroom, _is_organisation,
                                                                  default_image)
    env.globals["page_url"] = lambda rel: sitemaps.page_url(siteurl, rel)


def _is_organisation(name: str) -> bool:
    """A byline that names an agency or distributor, or ends in an organisation word."""
    from wire import agencies

    return bool(agencies.lookup(name) or re.search(
        r"(?i)\b(?:press|news|newsroom|agency|media|staff|desk|service|corp|inc|ltd|group|association)\.?$",
        name.strip()))


def _get_generators(pelican):
    return NewsroomGenerator


def _content_written(path, context=None):
    out = _build["output"]
    if out and path.endswith(".html"):
        rel = os.path.relpath(path, out)
        _build["written"].append(rel)
        if context is not None:
            _build["lastmod"][rel] = sitemaps.page_lastmod(context)


def _articles_done(generator):
    _build["articles"] = list(generator.articles)
    # hidden articles (withdrawn stories, earlier versions, canceled items) answer at their
    # URL and are listed nowhere, sitemaps included
    _build["hidden"] = {a.save_as for a in getattr(generator, "hidden_articles", [])
                        + getattr(generator, "hidden_translations", [])}
    # a tag of a single release: its page is written, but no sitemap lists it
    _build["single_tags"] = listings.single_release_tag_pages(generator.settings, generator.context)
    listings.skip_pelicans_copies(generator)


def _finalized(pelican):
    s, out = pelican.settings, pelican.output_path
    if s.get("SITEMAP"):
        arts = _build["articles"]
        lastmod = {rel: when for rel, when in _build["lastmod"].items() if when is not None}
        lastmod.update({a.save_as: getattr(a, "modified", None) or a.date for a in arts})
        newest = max(lastmod.values(), default=None)
        siteurl = s.get("SITEURL", "")
        unlisted = _build.get("hidden", set()) | _build.get("single_tags", set())
        listed = [p for p in _build["written"] if p not in unlisted]
        sitemaps.write_sitemap(out, siteurl, listed, lastmod,
                               max_urls=int(s["SITEMAP_MAX_URLS"]),
                               release_dates={a.save_as: a.date for a in arts},
                               default_lastmod=newest)
        recent = sitemaps.news_window(arts, s["NEWS_SITEMAP_DAYS"], s["NEWS_SITEMAP_ANCHOR"])
        sitemaps.write_news_sitemap(out, siteurl, s.get("SITENAME", ""),
                                    s.get("DEFAULT_LANG", "en"), recent)
        sitemaps.write_robots(out, siteurl)
    if s.get("PAGEFIND"):
        search.index_site(out)


def register():
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(_generator_init)
    signals.get_generators.connect(_get_generators)
    signals.article_generator_pretaxonomy.connect(collisions.unify)
    signals.content_written.connect(_content_written)
    signals.article_generator_finalized.connect(_articles_done)
    signals.article_generator_finalized.connect(unpublished.report)
    signals.finalized.connect(_finalized)
