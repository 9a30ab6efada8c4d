"""Wirepress site settings (development). `publishconf.py` overrides them for production.

Every setting a newsroom is expected to change is here, with a comment.
"""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "plugins"))

# --- The site -------------------------------------------------------------------------
SITENAME = "Wirepress Newsroom"          # shown in the header and in feeds
SITESUBTITLE = "Press releases and wire copy"
SITEURL = ""                              # relative URLs in development; absolute in publishconf.py
SITELOGO = "images/logo.svg"              # path under theme/static, or "" for none
# The picture og:image and JSON-LD `image` name for a release that has none of its own: an
# absolute http(s) URL, or a path in output/ ("theme/images/newsroom.png"); "" for none.
SITE_DEFAULT_IMAGE = ""
AUTHOR = "Wirepress"
DEFAULT_LANG = "en"                       # releases in other languages get a Lang: line
TIMEZONE = "UTC"                          # used when a story's own place and agency give none
DEFAULT_DATE_FORMAT = "%B %-d, %Y %H:%M %Z"
DEFAULT_PAGINATION = 20                   # releases per listing page (index, tag, category, source,
                                          # month); pages are numbered from the oldest, so older
                                          # pages never change; the newest page (the listing's own
                                          # URL) holds 20-39 (plugins/newsroom/listings.py)
LISTING_PAGE_URL = "{base_name}/page/{number}.html"      # older pages: tag/foo/page/3.html,
LISTING_PAGE_SAVE_AS = "{base_name}/page/{number}.html"  # page/3.html for the home page

# --- Paths ----------------------------------------------------------------------------
PATH = os.path.join(ROOT, "content")
os.makedirs(PATH, exist_ok=True)          # a fresh clone has no content/ yet (releases are generated)
ARTICLE_PATHS = ["releases", "versions"]   # versions/: earlier versions of updated releases (hidden)
PAGE_PATHS = ["pages"]
OUTPUT_PATH = os.path.join(ROOT, "output")
THEME = os.path.join(ROOT, "theme")
STATIC_PATHS = ["images", "extra"]
DELETE_OUTPUT_DIRECTORY = False

ARTICLE_URL = "releases/{slug}.html"
ARTICLE_SAVE_AS = "releases/{slug}.html"
ARTICLE_LANG_URL = "releases/{slug}.html"      # releases in another language (Lang:) live
ARTICLE_LANG_SAVE_AS = "releases/{slug}.html"  # beside the others; wire slugs are unique
# Translations of one story share a key: a release's `Translation-Of: <slug of the original>`
# line, else its own slug (plugins/newsroom sets `translation_key` on every release). Pelican
# links the releases of one key (article.translations: hreflang alternates, the language
# switch) and lists the one in DEFAULT_LANG, or the one without Translation-Of, as the original.
ARTICLE_TRANSLATION_ID = "translation_key"
# Every language of the site's releases gets its listing (<lang>/, numbered pages as the home
# page's) and its feeds (feeds/<lang>/...); the interface ships in en, kk, ru and de.
LANG_LISTING_URL = "{lang}/"
LANG_LISTING_SAVE_AS = "{lang}/index.html"
# Tag and category slugs are file names: Pelican's rules, then at most 80 characters (a tag
# of 300 characters made a name the file system refuses, and lost the build). Names that
# share their first 80 characters share a page (plugins/newsroom/collisions.py names it).
TAG_REGEX_SUBSTITUTIONS = CATEGORY_REGEX_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"),
    (r"\A(.{80}).+\Z", r"\1"), (r"-+\Z", ""),
]
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = "tag/{slug}.html"
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = "category/{slug}.html"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
AUTHOR_SAVE_AS = ""                       # the source pages take the author pages' place
AUTHORS_SAVE_AS = ""

# --- Plugins --------------------------------------------------------------------------
PLUGIN_PATHS = [os.path.join(ROOT, "plugins")]
PLUGINS = ["wire"]

# The wire ingest (plugins/wire): raw wire files in WIRE_SEEDS_PATH become Markdown
# releases in WIRE_CONTENT_PATH on every build, only those whose bytes changed.
WIRE_SEEDS_PATH = os.path.join(ROOT, "seeds")
WIRE_CONTENT_PATH = PATH
WIRE_DEFAULT_YEAR = None                  # year for dates without one when neither the wire nor the file's time (epoch) tells
WIRE_STRICT = False                       # True: a wire file that cannot be converted fails the build
WIRE_INGEST = True                        # False: build from content/ as it is (fastbuild shards: the main build ingests)
WIRE_WITHDRAW_REMOVED = False             # True: a release whose wire file left seeds/ gets Status: hidden
# WIRE_MAX_BYTES = 8 * 1024 * 1024       # the size limit on one wire file (default 2 MiB: plugins/wire/seeds.py)
BUILD_LOCK_TIMEOUT = 600                  # seconds a build waits for another one on this project

# Embargoed releases carry their lift time as Date; future-dated releases stay drafts
# until the first build after that moment.
WITH_FUTURE_DATES = False

# --- Feeds ----------------------------------------------------------------------------
# Pelican's own feed writer is off: plugins/feeds writes Atom, RSS and JSON Feed with feedgen.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# plugins/feeds: Atom + RSS 2.0 for the site, every tag, category and source; JSON Feed 1.1
# for the site. Paths are relative to OUTPUT_PATH ({slug} = the page's slug); None = no feed.
PLUGINS += ["feeds"]
WIRE_FEED_MAX_ITEMS = 50                  # releases per feed, newest first
WIRE_FEED_TAGS = None                     # None: a feed for every tag; or a list of tag names
WIRE_FEED_GEORSS = True                   # georss:point where the dateline names one known city
WIRE_FEED_ALL_ATOM = "feeds/all.atom.xml"
WIRE_FEED_ALL_RSS = "feeds/all.rss.xml"
WIRE_FEED_ALL_JSON = "feeds/all.json"
WIRE_FEED_TAG_ATOM = "feeds/tag/{slug}.atom.xml"
WIRE_FEED_TAG_RSS = "feeds/tag/{slug}.rss.xml"
WIRE_FEED_CATEGORY_ATOM = "feeds/category/{slug}.atom.xml"
WIRE_FEED_CATEGORY_RSS = "feeds/category/{slug}.rss.xml"
WIRE_FEED_SOURCE_ATOM = "feeds/source/{slug}.atom.xml"
WIRE_FEED_SOURCE_RSS = "feeds/source/{slug}.rss.xml"
WIRE_FEED_DOMAIN = None                   # base of links in feeds; None: SITEURL (dev: localhost:8000)
WIRE_FEED_ID_AUTHORITY = None             # tag: URI authority of entry ids; None: the host of
                                          # WIRE_FEED_DOMAIN. Set once for production, never change.

# --- Newsroom (plugins/newsroom + theme/) ------------------------------------------------
# Source pages (source/<slug>.html, sources.html), search (Pagefind), sitemap.xml,
# news-sitemap.xml (Google News), robots.txt, NewsArticle JSON-LD.
PLUGINS += ["newsroom"]
NAV_SOURCES = []                          # source names linked in the navigation, e.g. ["Kazinform"]
NAV_TAGS = []                             # tag names linked in the navigation, e.g. ["Kazakhstan"]
NAV_ITEMS = []                            # extra (title, url) links in the navigation
PAGEFIND = True                           # index output/ for search after each build
PAGEFIND_SHARD_SIZE = 1000                # search shards (plugins/newsroom/searchshards.py): at most
                                          # this many releases in a closed shard (Pagefind's memory
                                          # is ~150 KB a release, ~2 s per 1,000); 0: one index
PAGEFIND_NEW_SHARD_SIZE = 100             # ...and in each of the newest shards, the ones a new story
                                          # re-indexes (~0.4 s); the browser merges them all
PAGEFIND_WORKERS = 2                      # shards indexed at a time, a Pagefind process (~100 MiB) each
NEWS_SITEMAP_DAYS = 2                     # Google News sitemap: releases of the last two days...
NEWS_SITEMAP_ANCHOR = "newest"            # ...before the newest release ("newest") or the build ("now")
SITEMAP_MAX_URLS = 50_000                 # sitemap.xml is an index of sitemaps/*.xml of at most this many URLs
SUBSCRIBE_SAVE_AS = "subscribe.html"      # a page with a button per feed ("" for none)
WIRE_FILE_SAVE_AS = "wire/{slug}.txt"     # each release's original wire file, for download (None: off)
SHARE_LINKS = True                        # e-mail, X, LinkedIn, Facebook links and "copy link" on releases
WEBSUB_HUB = None                         # e.g. "https://pubsubhubbub.appspot.com/": <link rel="hub"> in
                                          # every feed, and a publish ping to it after each build
NEWSLETTER_FORM_ACTION = None             # an RSS-to-email service's sign-up URL: an e-mail form on
                                          # subscribe.html (the service reads feeds/all.rss.xml)

# --- Build ----------------------------------------------------------------------------
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = os.path.join(ROOT, ".cache", "pelican")
SUMMARY_MAX_LENGTH = None                 # the Summary metadata is the lead, already short
# jinja2.ext.i18n: the theme's interface strings ({{ _('Latest') }}) come from the Babel
# catalogs in theme/translations/<lang>/LC_MESSAGES/messages.po, in each page's language
# (plugins/newsroom/i18n.py; `invoke i18n` extracts new strings and updates the catalogs).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "extensions": ["jinja2.ext.i18n"]}
# plugins/fastbuild (last: it checks the inputs after the wire ingest): a build with nothing
# changed is skipped, unchanged files are not rewritten, pages render on two cores.
PLUGINS += ["fastbuild"]
# plugins/fastbuild/shards.py: a very large cold build (a theme change at 1,000,000 releases
# renders every page again) renders its pages in shards, one process each, then writes the
# feeds, sitemaps and search once. Local: when it reads at least FASTBUILD_SHARDS_MIN releases
# on a machine of more than two cores (on two, the forked writer above already uses both and
# reads the site only once; see the README's figures); FASTBUILD_SHARDS = 1: never. `invoke build --scheduler
# tcp://HOST:8786` (FASTBUILD_SCHEDULER) renders them on a Dask cluster whose workers see this
# folder at the same path (a shared file system).
FASTBUILD_SHARDS = 0                      # shards: 0 = one per local core (per Dask worker thread)
FASTBUILD_SHARDS_MIN = 50_000             # releases before a local build renders in shards
FASTBUILD_SCHEDULER = None                # a Dask scheduler's address; set by --scheduler
GZIP_CACHE = False                        # the content cache is rewritten on every build: gzip cost 2 s at 10,000

# --- Development ----------------------------------------------------------------------
# Dev builds write a small build report at /_build/ (time, counts, rejected wire files,
# the error of a failed build); publishconf.py turns it off. See plugins/buildreport.
WIREPRESS_BUILD_REPORT = True
