"""Which feeds exist, where they are written and what they are called.

Shared by the writer and by the `wire_feeds()` Jinja global, so a page's autodiscovery
links and the files on disk always agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pelican.urlwrappers import Category, Tag
from wire.slugs import slug_for

from . import settings as cfg

MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml",
               "json": "application/feed+json"}
FORMAT_NAMES = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}


@dataclass(frozen=True)
class FeedSpec:
    kind: str | None       # None: the whole site
    name: str | None
    slug: str | None
    title: str
    page_url: str          # the HTML page the feed mirrors, relative to the site root
    paths: dict            # format -> output path, only the formats that are on


def slug_of(settings: dict, kind: str, name: str) -> str:
    """The slug the tag/category/source page uses, so feed and page names match."""
    if kind == "tag":
        return Tag(name, settings).slug
    if kind == "category":
        return Category(name, settings).slug
    if kind == "lang":
        return lang_slug(name)
    return slug_for(name, fallback="")


# BCP 47's shape, as the newsroom's language listings take it (newsroom.listings.LANGUAGE_CODE)
_LANGUAGE_CODE = re.compile(r"\A[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}\Z")


def lang_slug(code: str) -> str:
    """A language code as a folder name: the code itself ("kk", "pt-BR"), "" if it is not one
    (a Lang: line is metadata a person may have typed): no feed then."""
    code = (code or "").strip()
    return code if _LANGUAGE_CODE.match(code) else ""


def language_label(code: str) -> str:
    """The language's own name for feed titles (Babel's CLDR data), the code without Babel."""
    try:
        from babel import Locale
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except Exception:           # unknown to CLDR, or no Babel: the code says it
        return code
    return name[:1].upper() + name[1:] if name else code


def enabled(settings: dict, kind: str | None, name: str | None) -> bool:
    if kind == "tag":
        only = cfg.get(settings, "WIRE_FEED_TAGS")
        return only is None or name in only
    return True


def spec(settings: dict, kind: str | None = None, name: str | None = None) -> FeedSpec | None:
    """The feeds of the site (kind None) or of one tag/category/source; None if it has none."""
    site = settings.get("SITENAME", "")
    if kind is None:
        keys = {"atom": "WIRE_FEED_ALL_ATOM", "rss": "WIRE_FEED_ALL_RSS", "json": "WIRE_FEED_ALL_JSON"}
        paths = {fmt: cfg.get(settings, key) for fmt, key in keys.items()}
        return FeedSpec(None, None, None, f"{site}: all releases", "",
                        {f: p for f, p in paths.items() if p})
    if kind not in cfg.KINDS or not name or not enabled(settings, kind, name):
        return None
    slug = slug_of(settings, kind, name)
    if not slug:  # a name that slugifies to nothing has no page and gets no feed
        return None
    upper = kind.upper()
    formats = ("atom", "rss", "json") if kind == "lang" else ("atom", "rss")
    paths = {fmt: cfg.get(settings, f"WIRE_FEED_{upper}_{fmt.upper()}") for fmt in formats}
    if kind == "lang":
        page = (settings.get("LANG_LISTING_URL") or "{lang}/").format(lang=slug)
        title = f"{site}: {language_label(slug)}"
    elif kind == "tag":
        page, title = Tag(name, settings).url, f"{site}: tag {name}"
    elif kind == "category":
        page, title = Category(name, settings).url, f"{site}: {name}"
    else:
        page, title = f"source/{slug}.html", f"{site}: releases from {name}"
    return FeedSpec(kind, name, slug, title, page,
                    {f: p.format(slug=slug) for f, p in paths.items() if p})


def links(settings: dict, kind: str | None = None, name: str | None = None) -> list[dict]:
    """[{"title", "href", "type"}] for templates; href relative to the site root."""
    feed = spec(settings, kind, name)
    if feed is None:
        return []
    return [{"title": f"{feed.title} ({FORMAT_NAMES[fmt]})", "href": path,
             "type": MEDIA_TYPES[fmt]} for fmt, path in feed.paths.items()]
