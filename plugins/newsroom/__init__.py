"""newsroom: the site around the releases. Source pages and the sources index, search
(Pagefind), sitemap.xml, the Google News sitemap, robots.txt, and the Jinja helpers the
theme uses (wire dateline, boilerplate sections, NewsArticle JSON-LD, page URLs)."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field

from pelican import signals

import pelicancompat

from jinja2 import pass_context

import atomicfile
import contentlists
import settingscheck
from buildstate import InProgress

from . import collisions, i18n, jsonld, listings, release, search, sitemaps, unpublished, wirefiles
from .sources import DEFAULTS, NewsroomGenerator

log = logging.getLogger(__name__)

SETTING_DEFAULTS = dict(DEFAULTS, **{
    "PAGEFIND": True,               # index output/ with Pagefind after each build
    "PAGEFIND_ONE_INDEX": True,     # every language in one index (search.py says why)
    "PAGEFIND_SHARD_SIZE": 1000,    # most releases in one closed search shard (0: one index)
    "PAGEFIND_NEW_SHARD_SIZE": 100,  # ... in one of the newest shards (searchshards.py)
    "PAGEFIND_WORKERS": 2,          # shards indexed at a time (a Pagefind process each)
    "SITEMAP": True,                # sitemap.xml, news-sitemap.xml, robots.txt
    "NEWS_SITEMAP_DAYS": 2,         # Google News takes releases of the last two days
    "NEWS_SITEMAP_ANCHOR": "newest",   # "newest" release's date, or "now" (build time)
    "SITEMAP_MAX_URLS": 50_000,     # URLs per sitemap file under the index (the protocol's limit)
    "I18N_PATH": "",                # folder of <lang>/LC_MESSAGES/messages.po; "": the theme's translations/
    "SITE_DEFAULT_IMAGE": "",       # og:image / JSON-LD image of a release without a picture
})

@dataclass
class NewsroomBuild:
    """What newsroom gathers during one build for the sitemaps and the search index it writes
    at `finalized`; a fresh one each build (buildstate.py), after it `pelican.newsroom_build`."""
    output: str                                         # the build's OUTPUT_PATH
    written: list = field(default_factory=list)         # HTML pages written, relative to output
    lastmod: dict = field(default_factory=dict)         # page -> its newest release's date
    # sitemaps.page_lastmod's newest date of each list of releases a page's context holds (the
    # direct templates all hold the site's whole list: one scan of it per build, not per page)
    newest_of: dict = field(default_factory=dict)
    articles: list = field(default_factory=list)        # the releases (sitemap dates, news window)
    hidden: set = field(default_factory=set)            # pages answered at their URL, listed nowhere
    single_tags: set = field(default_factory=set)       # tag pages of one release: not in sitemaps
    search_pages: list = field(default_factory=list)    # pages search may index
    interface: i18n.Interface | None = None             # one for all the build's generators
    # the wire ingest's stat record of seeds/ (wire.ingest.IngestReport.hashes; None: no ingest
    # ran in this build): wirefiles.attach trusts its hash of a wire file with the same stat
    wire_hashes: object = None


_build: InProgress[NewsroomBuild] = InProgress("newsroom_build")


def _build_starts(pelican):
    s = pelican.settings
    settingscheck.check(s, "newsroom", ("NEWS_SITEMAP_", "SITEMAP", "PAGEFIND", "NEWSLETTER_", "SIDEBAR_",
                                        "LANG_LISTING_"), SETTING_DEFAULTS)
    s["PAGINATED_TEMPLATES"] = dict(s["PAGINATED_TEMPLATES"])
    s["PAGINATED_TEMPLATES"].setdefault("source", None)
    listings.take_over(s)      # index, tag, category, month pages: ours, numbered from the oldest
    # catalogs are read afresh by each build (i18n.py)
    # the wire plugin's `initialized` has run: it comes first in PLUGINS
    ingest = getattr(pelican, "wire_ingest", None)
    _build.start(pelican, NewsroomBuild(output=pelican.output_path,
                                        wire_hashes=getattr(ingest, "hashes", None)))


def _template_helpers(generator):
    s = generator.settings
    siteurl, sitename = s.get("SITEURL", ""), s.get("SITENAME", "")
    env = generator.env
    # Interface strings and dates in the page's language (i18n.py): one Interface per build
    # for all its generators (not in the settings: Pelican pickles them with its cache).
    build = _build.state
    interface = build.interface if build is not None else None
    if interface is None:
        directory = s.get("I18N_PATH") or os.path.join(s.get("THEME", ""), "translations")
        interface = i18n.Interface(directory, s.get("DEFAULT_LANG", "en"), s.get("LANG_LISTING_URL") or "{lang}/")
        if build is not None:
            build.interface = interface
    interface.install(env)
    if isinstance(generator, NewsroomGenerator):
        generator.newsroom_build = build      # what this build's generator needs of the build
    default_lang = interface.default
    env.filters["release_body"] = lambda art, contact=None: release.release_body(art, contact, default_lang)
    env.filters["wire_date"] = i18n.reads(pass_context(
        lambda ctx, d: release.wire_date(d, interface.lang_of(ctx))), "page_lang")
    env.filters["wire_time"] = release.wire_time
    env.filters["wire_when"] = i18n.reads(pass_context(
        lambda ctx, v: release.wire_when(v, interface.lang_of(ctx))), "page_lang")
    env.filters["iso_when"] = release.iso_when        # date-only stories: "2018-06-28"
    env.filters["shown_when"] = i18n.reads(pass_context(
        lambda ctx, art: release.shown_when(art, interface.lang_of(ctx))), "page_lang")
    env.filters["secure_image"] = release.secure_image
    env.filters["release_parts"] = lambda art, contact=None: release.release_parts(art, contact, default_lang)
    env.filters["has_time"] = release.has_time
    env.filters["sort_stamp"] = release.sort_stamp
    env.filters["human_size"] = wirefiles.human_size
    # Share links and the Subscribe page need absolute URLs even in development, where
    # SITEURL is relative: the feeds' base (SITEURL, WIRE_FEED_DOMAIN or the dev server).
    from feeds import settings as feed_settings
    base = feed_settings.domain(s)
    env.globals["absolute_url"] = i18n.reads(lambda rel: f"{base}/{str(rel).lstrip('/')}")
    env.filters["feed_scheme"] = feed_scheme
    logo = s.get("SITELOGO")
    newsroom = jsonld.publisher(sitename, siteurl, f"{s.get('THEME_STATIC_DIR', 'theme')}/{logo}" if logo else None)
    default_image = jsonld.default_image_url(siteurl, s.get("SITE_DEFAULT_IMAGE"))
    env.filters["default_image_url"] = lambda setting: jsonld.default_image_url(siteurl, setting)
    env.filters["news_article"] = lambda art: jsonld.news_article(art, siteurl, newsroom, _is_organisation,
                                                                  default_image)
    env.globals["page_url"] = i18n.reads(lambda rel: sitemaps.page_url(siteurl, rel))


def feed_scheme(url: str) -> str:
    """"https://news.example.org/feeds/all.rss.xml" -> "feed://news.example.org/feeds/all.rss.xml":
    the link a feed reader registered for opens (feed:https://... is not a valid URL)."""
    scheme, sep, rest = str(url).partition("://")
    return f"feed://{rest}" if sep and scheme in ("http", "https") else str(url)


def _is_organisation(name: str) -> bool:
    """A byline that names an agency or distributor, or ends in an organisation word."""
    from wire import agencies

    return bool(agencies.lookup(name) or re.search(
        r"(?i)\b(?:press|news|newsroom|agency|media|staff|desk|service|corp|inc|ltd|group|association)\.?$",
        name.strip()))


def _get_generators(pelican):
    return NewsroomGenerator


def _note_page(path, context=None):
    build = _build.state
    if build is not None and build.output and path.endswith(".html"):
        prefix = os.path.join(build.output, "")
        # Pelican's writer gives a normalised path under the output: its tail is the relative
        # path (os.path.relpath for each of 14,000 pages was 1 s at 10,000 releases)
        rel = (path[len(prefix):] if path.startswith(prefix) and "/." not in path
               else os.path.relpath(path, build.output))
        build.written.append(rel)
        if context is not None:
            build.lastmod[rel] = sitemaps.page_lastmod(context, build.newest_of)


def _translation_key(content):
    """Every release and page gets the key Pelican links translations by
    (ARTICLE_TRANSLATION_ID = "translation_key" in pelicanconf.py): its `Translation-Of`
    (the slug of the story it translates), else its own slug. A release that names its
    original is marked a translation, so Pelican keeps the original in the listings even when
    neither is in DEFAULT_LANG (a Russian story and its Kazakh version)."""
    meta = getattr(content, "metadata", None)
    if meta is None:
        return
    original = str(meta.get("translation-of") or "").strip()
    content.translation_key = original or getattr(content, "slug", None) or ""
    if original and original != getattr(content, "slug", None) and "translation" not in meta:
        meta["translation"] = "true"


def _releases_read(generator):
    # the releases in another language that Pelican lists as translations of an original:
    # the per-language listings and the language switch need them too
    generator.context["release_translations"] = list(generator.translations)
    build = _build.state
    if build is not None:
        _gather(build, generator)
    listings.skip_pelicans_copies(generator)


def _gather(build: NewsroomBuild, generator) -> None:
    """What the sitemaps and search need of the releases, once every one is read."""
    build.articles = list(generator.articles)
    # the pages search may index (those of them with data-pagefind-body: search.py reads them)
    build.search_pages = [a.save_as for a in contentlists.contents(generator, ("published", "draft"))
                          if getattr(a, "save_as", None)]
    # hidden articles (withdrawn stories, earlier versions, canceled items) answer at their
    # URL and are listed nowhere, sitemaps included
    build.hidden = {a.save_as for a in contentlists.contents(generator, ("hidden",))}
    # a tag of a single release: its page is written, but no sitemap lists it
    build.single_tags = listings.single_release_tag_pages(generator.settings, generator.context)


def _write_sitemaps_and_search(pelican):
    s, out = pelican.settings, pelican.output_path
    build = _build.of(pelican)
    if build is None:
        return
    tally = atomicfile.tally_of(pelican)
    if s.get("SITEMAP"):
        arts = build.articles
        lastmod = {rel: when for rel, when in build.lastmod.items() if when is not None}
        lastmod.update({a.save_as: getattr(a, "modified", None) or a.date for a in arts})
        newest = max(lastmod.values(), default=None)
        siteurl = s.get("SITEURL", "")
        unlisted = build.hidden | build.single_tags
        listed = [p for p in build.written if p not in unlisted]
        sitemaps.write_sitemap(out, siteurl, listed, lastmod,
                               max_urls=int(s["SITEMAP_MAX_URLS"]),
                               release_dates={a.save_as: a.date for a in arts},
                               default_lastmod=newest, tally=tally)
        recent = sitemaps.news_window(arts, s["NEWS_SITEMAP_DAYS"], s["NEWS_SITEMAP_ANCHOR"])
        sitemaps.write_news_sitemap(out, siteurl, s.get("SITENAME", ""),
                                    s.get("DEFAULT_LANG", "en"), recent, tally=tally)
        sitemaps.write_robots(out, siteurl, tally=tally)
    if s.get("PAGEFIND"):
        search.index_shards(
            out, build.search_pages,
            shard_size=int(s.get("PAGEFIND_SHARD_SIZE") or 0),
            new_shard_size=int(s.get("PAGEFIND_NEW_SHARD_SIZE") or 0),
            force_language=s.get("DEFAULT_LANG", "en") if s.get("PAGEFIND_ONE_INDEX") else None,
            stage_root=os.path.join(s.get("CACHE_PATH") or "cache", "pagefind-stage"),
            workers=int(s.get("PAGEFIND_WORKERS") or 1))


def register():
    # Static files (images, the theme's CSS) replaced atomically too, as every page is.
    pelicancompat.atomic_static_copies()
    signals.initialized.connect(_build_starts)
    signals.generator_init.connect(_template_helpers)
    signals.get_generators.connect(_get_generators)
    signals.content_object_init.connect(_translation_key)
    signals.article_generator_pretaxonomy.connect(collisions.unify)
    signals.content_written.connect(_note_page)
    signals.article_generator_finalized.connect(_releases_read)
    signals.article_generator_finalized.connect(unpublished.report)
    signals.finalized.connect(_write_sitemaps_and_search)
