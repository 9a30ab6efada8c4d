"""The feeds plugin's settings (WIRE_FEED_*), with their defaults, read in one place."""
from __future__ import annotations

from urllib.parse import urlsplit

DEFAULTS = {
    # Where each feed goes, relative to OUTPUT_PATH; None switches that feed off.
    # {slug} is the tag's / category's slug (as on its page) or the source's slug_for().
    "WIRE_FEED_ALL_ATOM": "feeds/all.atom.xml",
    "WIRE_FEED_ALL_RSS": "feeds/all.rss.xml",
    "WIRE_FEED_ALL_JSON": "feeds/all.json",
    "WIRE_FEED_TAG_ATOM": "feeds/tag/{slug}.atom.xml",
    "WIRE_FEED_TAG_RSS": "feeds/tag/{slug}.rss.xml",
    "WIRE_FEED_CATEGORY_ATOM": "feeds/category/{slug}.atom.xml",
    "WIRE_FEED_CATEGORY_RSS": "feeds/category/{slug}.rss.xml",
    "WIRE_FEED_SOURCE_ATOM": "feeds/source/{slug}.atom.xml",
    "WIRE_FEED_SOURCE_RSS": "feeds/source/{slug}.rss.xml",
    # Each language but DEFAULT_LANG ({slug} is the language code: feeds/ru/all.atom.xml).
    "WIRE_FEED_LANG_ATOM": "feeds/{slug}/all.atom.xml",
    "WIRE_FEED_LANG_RSS": "feeds/{slug}/all.rss.xml",
    "WIRE_FEED_LANG_JSON": "feeds/{slug}/all.json",
    # Releases per feed, newest first.
    "WIRE_FEED_MAX_ITEMS": 50,
    # None: a feed for every tag; or a list of tag names that get one.
    "WIRE_FEED_TAGS": None,
    # GeoRSS point for each release whose dateline names one known city (not "Springfield").
    "WIRE_FEED_GEORSS": True,
    # Base of the absolute links inside feeds; None: SITEURL, or the dev server when
    # SITEURL is relative (feed readers need absolute links).
    "WIRE_FEED_DOMAIN": None,
    # Authority of the entries' tag: URIs; None: the host of WIRE_FEED_DOMAIN. Set it once
    # for a production site and never change it: it is part of every entry's identity.
    "WIRE_FEED_ID_AUTHORITY": None,
    # A WebSub hub (https://www.w3.org/TR/websub/): every feed names it (<link rel="hub">,
    # JSON Feed "hubs") and each build pings it with the feeds that changed. None: off.
    "WEBSUB_HUB": None,
}

DEV_SERVER = "http://localhost:8000"
KINDS = ("tag", "category", "source", "lang")


def get(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def domain(settings: dict) -> str:
    """Absolute base URL without a trailing slash."""
    base = get(settings, "WIRE_FEED_DOMAIN") or settings.get("SITEURL") or ""
    if not urlsplit(base).scheme:  # "" or a relative SITEURL: feeds still need absolute links
        base = DEV_SERVER
    return base.rstrip("/")


def id_authority(settings: dict) -> str:
    return (get(settings, "WIRE_FEED_ID_AUTHORITY")
            or urlsplit(domain(settings)).hostname or "localhost").lower()
