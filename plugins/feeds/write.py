"""Write every feed: Atom and RSS 2.0 with feedgen, JSON Feed 1.1 with the standard library."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from copy import deepcopy
from datetime import datetime, timezone

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.ext.geo import GeoExtension
from feedgen.ext.geo_entry import GeoEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

import atomicfile
import pelicancompat

from . import catalog
from . import settings as cfg
from . import geo
from .items import dateline, distinct_updated, entry_id, make_item, tie_rank
from .text import xml_safe

logger = logging.getLogger(__name__)

# The `updated` of a feed with no entries: fixed, so empty feeds are reproducible too.
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def newest_first(articles, authority: str) -> list:
    """Newest Date first; ties broken by the entry's own rank (items.tie_rank, then its id),
    the order distinct_updated spreads their `updated` in, so every build orders the same
    way and a release that joins an instant later leaves the others' order as it was."""
    def key(a):
        entry = entry_id(a, authority)
        return (a.date.timestamp(), tie_rank(entry), entry)
    return sorted(articles, key=key, reverse=True)


def groups(ordered, settings: dict, limit: int | None, withdrawn=()) -> list[tuple]:
    """[(FeedSpec, [article, ...])] in a stable order, each list newest first, cut at `limit`.
    `withdrawn` (killed stories, wire.lifecycle) are in no feed, but their feeds are written
    even when nothing is left in them, so that a subscriber's reader drops the story."""
    found: dict = {}  # (kind, slug) -> (spec, articles); dicts keep insertion order
    slugs: dict = {}  # (kind, name) -> slug: slugifying is slow, names repeat a lot

    def add(kind, name, article, done, member=True):
        if not name:
            return
        if kind is None:
            key = (None, None)
        else:
            key = slugs.get((kind, name))
            if key is None:
                key = slugs[(kind, name)] = (kind, catalog.slug_of(settings, kind, name))
        if key in done:  # "U.S." and "US" are one tag: one entry, not two
            return
        done.add(key)
        entry = found.get(key)
        if entry is None:
            spec = catalog.spec(settings, kind, name)
            if spec is None or not spec.paths:
                return
            entry = found[key] = (spec, [])
        if member and (limit is None or len(entry[1]) < limit):
            entry[1].append(article)

    default_lang = settings.get("DEFAULT_LANG") or "en"

    def other_lang(article):
        lang = getattr(article, "lang", None) or default_lang
        return lang if lang != default_lang else None

    for article in ordered:
        done: set = set()
        add(None, "site", article, done)
        add("lang", other_lang(article), article, done)
        category = getattr(article, "category", None)
        add("category", category.name if category else None, article, done)
        for tag in getattr(article, "tags", None) or ():
            add("tag", tag.name, article, done)
        add("source", (getattr(article, "source", "") or "").strip(), article, done)
    for article in withdrawn:
        done = set()
        add("lang", other_lang(article), article, done, member=False)
        category = getattr(article, "category", None)
        add("category", category.name if category else None, article, done, member=False)
        for tag in getattr(article, "tags", None) or ():
            add("tag", tag.name, article, done, member=False)
        add("source", (getattr(article, "source", "") or "").strip(), article, done, member=False)
    if (None, None) not in found:  # an empty site still gets its (empty) site feeds
        found[(None, None)] = (catalog.spec(settings), [])
    return sorted(found.values(), key=lambda g: (g[0].kind or "", g[0].slug or ""))


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _feed_entry(item, default_lang: str = "en") -> tuple:
    """The release's Atom <entry> and RSS <item>, built by feedgen once per release and
    copied into every feed it appears in (rendering them per feed was most of the cost)."""
    fe = FeedEntry()
    # RSS <author> wants an e-mail: dc:creator instead. (register_extension, not
    # load_extension, which tries a failing import per call.)
    fe.register_extension("dc", DcEntryExtension, atom=False, rss=True)
    fe.id(item.id)                                  # also RSS guid, isPermaLink="false"
    fe.title(item.title)
    fe.link(href=item.url, rel="alternate", type="text/html")
    fe.published(item.published)
    fe.updated(item.updated)
    if item.source:
        fe.author(name=item.source)
        fe.dc.dc_creator(item.source)
    for tag in item.tags:
        fe.category(term=tag)
    fe.summary(item.summary_html, type="html")      # Atom summary; RSS description
    fe.content(item.content_html, type="html")      # Atom content; RSS content:encoded
    if item.point:
        fe.register_extension("geo", GeoEntryExtension, atom=True, rss=True)
        fe.geo.point(item.point)                    # georss:point
    atom = fe.atom_entry()
    # xml:lang on each Atom entry: a site feed mixes languages, and a reader (or a screen
    # reader) needs each entry's own (RFC 4287 section 2: xml:lang on any element)
    atom.set(XML_LANG, item.lang or default_lang)
    return atom, fe.rss_entry()


def _write_noting(path: str, data: bytes, url: str, changed, record=None, tally=None) -> None:
    """Write one feed file through the project's compare-then-write (atomicfile: a reader
    never sees half a feed, an unchanged feed keeps its mtime), and add `url` to `changed` (a
    list, or None: nobody asks) when its bytes were different: the WebSub ping names only the
    feeds that changed. A file the file system refuses is that feed's error, not the build's."""
    try:
        wrote = atomicfile.write_if_changed(path, data, tally)
    except OSError as exc:
        logger.error("feeds: file %s not written: %s", path, exc.strerror or exc)
        return
    if wrote and changed is not None:
        changed.append(url)
    if record is not None:
        record(path, data)


ATOM_NS = "http://www.w3.org/2005/Atom"


def _hub_link(parent, fmt: str, hub: str) -> None:
    """<link rel="hub"> (Atom) / <atom:link rel="hub"> (RSS), after the self link, as
    WebSub discovery expects; feedgen writes only the self link into RSS. (feedgen's Atom
    elements carry no namespace of their own: the root declares it as its default.)"""
    name = f"{{{ATOM_NS}}}link" if fmt == "rss" else "link"
    link = etree.Element(name, href=hub, rel="hub")
    selfs = [el for el in parent.findall(name) if el.get("rel") == "self"]
    if selfs:
        selfs[-1].addnext(link)
    else:
        parent.insert(0, link)


def _xml_feeds(spec, items, entries, settings, domain, output, changed=None, record=None, tally=None) -> None:
    hub = cfg.get(settings, "WEBSUB_HUB")
    newest = max((i.updated for i in items), default=EPOCH)
    for fmt in ("atom", "rss"):
        path = spec.paths.get(fmt)
        if not path:
            continue
        url = f"{domain}/{path}"
        fg = FeedGenerator()
        fg.register_extension("dc", DcExtension, DcEntryExtension, atom=False, rss=True)
        if any(item.point for item in items):  # declare georss: once, on the root
            fg.register_extension("geo", GeoExtension, GeoEntryExtension)
        fg.id(url)
        fg.title(xml_safe(spec.title))
        fg.author(name=xml_safe(settings.get("AUTHOR") or settings.get("SITENAME") or "Wirepress"))
        fg.subtitle(xml_safe(settings.get("SITESUBTITLE") or spec.title))
        fg.description(xml_safe(settings.get("SITESUBTITLE") or spec.title))
        fg.language(_feed_lang(spec, settings))
        fg.generator("Wirepress")
        fg.updated(newest)
        # feedgen takes the LAST link() as the RSS channel <link>: the page, not the feed.
        fg.link(href=url, rel="self", type=catalog.MEDIA_TYPES[fmt])
        fg.link(href=f"{domain}/{spec.page_url}", rel="alternate", type="text/html")
        # feedgen builds the feed element; the entries, newest first, are our cached copies.
        root, doc = pelicancompat.feed_document(fg, fmt)
        parent = root if fmt == "atom" else root.find("channel")
        if hub:
            _hub_link(parent, fmt, hub)
        index = 0 if fmt == "atom" else 1
        for item in items:
            parent.append(deepcopy(entries[item.id][index]))
        data = etree.tostring(doc, pretty_print=True, encoding="UTF-8", xml_declaration=True)
        _write_noting(os.path.join(output, path), data, url, changed, record, tally)


def _feed_lang(spec, settings) -> str:
    """A language's feed is in that language; every other feed in DEFAULT_LANG."""
    return spec.slug if spec.kind == "lang" else (settings.get("DEFAULT_LANG") or "en")


def _json_feed(spec, items, settings, domain, output, changed=None, record=None, tally=None) -> None:
    path = spec.paths.get("json")
    if not path:
        return
    feed = {
        "version": JSON_FEED_VERSION,
        "title": xml_safe(spec.title),
        "home_page_url": f"{domain}/{spec.page_url}",
        "feed_url": f"{domain}/{path}",
        "description": xml_safe(settings.get("SITESUBTITLE") or spec.title),
        "language": _feed_lang(spec, settings),
        "authors": [{"name": xml_safe(settings.get("AUTHOR") or settings.get("SITENAME") or "")}],
    }
    # icon (a square picture for a reader's list) and favicon: the theme's logo and icon
    static = f"{domain}/{settings.get('THEME_STATIC_DIR', 'theme')}"
    if settings.get("SITELOGO"):
        feed["icon"] = f"{static}/{settings['SITELOGO']}"
    feed["favicon"] = f"{static}/images/favicon.svg"
    hub = cfg.get(settings, "WEBSUB_HUB")
    if hub:
        feed["hubs"] = [{"type": "WebSub", "url": hub}]
    feed["items"] = []
    for item in items:
        entry = {"id": item.id, "url": item.url, "title": item.title,
                 "content_html": item.content_html, "summary": item.summary_text,
                 "date_published": item.published.isoformat(),
                 "date_modified": item.updated.isoformat()}
        if item.source:
            entry["authors"] = [{"name": item.source}]
        if item.tags:
            entry["tags"] = list(item.tags)
        if item.lang:
            entry["language"] = item.lang
        if item.image:
            entry["image"] = item.image
        feed["items"].append(entry)
    text = json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
    _write_noting(os.path.join(output, path), text.encode("utf-8"), feed["feed_url"], changed, record, tally)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def feed_fingerprint(global_key: str, spec, item_digests, domain: str) -> str:
    """What a feed's files are made of: the settings and code (global_key), the feed, its
    entries as they will be written (each Item's digest: frozen values, `updated` already
    made distinct; made once per build, since a release is in several feeds)."""
    return _digest("\x1e".join([global_key, domain, repr(spec), *item_digests]))


def write_feeds(articles, settings: dict, output: str, withdrawn=(), changed=None, catalog=None,
                tally=None) -> int:
    """Write all feeds of `articles` under `output`; returns how many feed files it generated.
    `changed`: a list that receives the URL of every feed whose bytes changed. `tally`
    (atomicfile.WriteTally, or None): counts the files written and those left unchanged. `catalog`
    (plugins/fastbuild/catalog.py, or None): a feed whose fingerprint (its entries and the
    settings) is the one its files were written for last build is not generated at all."""
    domain, authority = cfg.domain(settings), cfg.id_authority(settings)
    limit = cfg.get(settings, "WIRE_FEED_MAX_ITEMS")
    georss = cfg.get(settings, "WIRE_FEED_GEORSS")
    items: dict = {}    # id(article) -> Item, rendered once and reused by every feed
    entries: dict = {}  # entry id -> (Atom <entry>, RSS <item>) elements

    def item_of(article):
        key = id(article)
        if key not in items:
            try:
                items[key] = make_item(article, domain, authority, located)
            except (ValueError, TypeError, AttributeError) as exc:  # bad input: skip, never crash
                logger.error("feeds: skipped %s: %s", article.relative_source_path, exc)
                items[key] = None
        return items[key]

    feeds = groups(newest_first(articles, authority), settings, limit, withdrawn)
    located = None
    if georss:  # one look-up of every dateline that reaches a feed
        located = geo.points({dateline(a) for _, members in feeds for a in members})
    # every entry's `updated` distinct (items.distinct_updated), the same in every feed
    made = [item_of(a) for _, members in feeds for a in members]
    spread = distinct_updated(i for i in made if i is not None)
    for key, item in items.items():
        if item is not None:
            items[key] = spread[item.id]
    digests: dict = {}  # id(Item) -> digest of its repr (every Item is kept alive in `items`)

    def digest_of(item) -> str:
        found = digests.get(id(item))
        if found is None:
            found = digests[id(item)] = _digest(repr(item))
        return found

    written = 0
    for spec, members in feeds:
        feed_items, seen = [], set()
        for item in map(item_of, members):
            # The same wire bytes ingested twice are one story with one id: list it once.
            if item is not None and item.id not in seen:
                seen.add(item.id)
                feed_items.append(item)
        record = None
        if catalog is not None:
            fp = feed_fingerprint(catalog.global_key, spec, map(digest_of, feed_items), domain)
            paths = [os.path.abspath(os.path.join(output, p)) for p in spec.paths.values() if p]
            if paths and all(catalog.unchanged(p, fp) for p in paths):
                for p in paths:
                    catalog.keep(p)
                catalog.skipped += 1
                continue
            catalog.rendered += 1
            record = (lambda fp: lambda path, data: catalog.note(os.path.abspath(path), fp, data))(fp)
        for item in feed_items:
            if item.id not in entries:
                entries[item.id] = _feed_entry(item, settings.get("DEFAULT_LANG") or "en")
        _xml_feeds(spec, feed_items, entries, settings, domain, output, changed, record, tally)
        _json_feed(spec, feed_items, settings, domain, output, changed, record, tally)
        written += len(spec.paths)
    return written
