"""Our own element-by-element checks of Atom (RFC 4287), RSS 2.0 and JSON Feed 1.1.

No offline W3C feed validator installs from the registries, so these are the rules the
validators enforce that matter to feed readers. Each function returns a list of problems
(empty = valid), so a failing test names every broken element at once.
"""
from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
                    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def parse_xml(data: bytes):
    """Strict XML parse (no recovery): a well-formedness error raises."""
    return etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))


def is_absolute_url(value) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_iri(value) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:\S+$", value or ""))


def _one(parent, tag, where, problems):
    found = parent.findall(tag)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} <{tag.split('}')[-1]}>, want exactly 1")
        return None
    return found[0]


def _date3339(elem, where, problems):
    if elem is not None and not RFC3339.match((elem.text or "").strip()):
        problems.append(f"{where}: {elem.tag.split('}')[-1]} {elem.text!r} is not RFC 3339 with offset")


def check_atom(data: bytes, self_url: str) -> list[str]:
    problems: list[str] = []
    feed = parse_xml(data)
    if feed.tag != ATOM + "feed":
        return [f"root is {feed.tag}, not atom:feed"]
    fid = _one(feed, ATOM + "id", "feed", problems)
    if fid is not None and not is_iri(fid.text):
        problems.append(f"feed id {fid.text!r} is not an IRI")
    title = _one(feed, ATOM + "title", "feed", problems)
    if title is not None and not (title.text or "").strip():
        problems.append("feed title is empty")
    _date3339(_one(feed, ATOM + "updated", "feed", problems), "feed", problems)
    selfs = [ln for ln in feed.findall(ATOM + "link") if ln.get("rel") == "self"]
    if len(selfs) != 1 or selfs[0].get("href") != self_url:
        problems.append(f"feed self links {[ln.get('href') for ln in selfs]}, want [{self_url}]")
    feed_author = feed.find(ATOM + "author/" + ATOM + "name") is not None
    seen = set()
    for n, entry in enumerate(feed.findall(ATOM + "entry")):
        where = f"entry {n}"
        eid = _one(entry, ATOM + "id", where, problems)
        if eid is not None:
            if not is_iri(eid.text):
                problems.append(f"{where}: id {eid.text!r} is not an IRI")
            if eid.text in seen:
                problems.append(f"{where}: duplicate id {eid.text!r}")
            seen.add(eid.text)
        etitle = _one(entry, ATOM + "title", where, problems)
        if etitle is not None and not (etitle.text or "").strip():
            problems.append(f"{where}: empty title")
        _date3339(_one(entry, ATOM + "updated", where, problems), where, problems)
        for published in entry.findall(ATOM + "published"):
            _date3339(published, where, problems)
        # RFC 4287 4.2.7.2: a link without rel is rel="alternate".
        alternates = [ln for ln in entry.findall(ATOM + "link")
                      if ln.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or not is_absolute_url(alternates[0].get("href")):
            problems.append(f"{where}: alternate links {[ln.get('href') for ln in alternates]}")
        if not feed_author and entry.find(ATOM + "author/" + ATOM + "name") is None:
            problems.append(f"{where}: no author and the feed has none")
        content = entry.find(ATOM + "content")
        if content is None and not alternates:
            problems.append(f"{where}: neither content nor alternate link")
        if content is not None and content.get("type") != "html":
            problems.append(f"{where}: content type {content.get('type')!r}, want html")
        if len(entry.findall(ATOM + "summary")) > 1 or len(entry.findall(ATOM + "content")) > 1:
            problems.append(f"{where}: more than one summary/content")
    return problems


def check_rss(data: bytes, self_url: str, site_url: str) -> list[str]:
    problems: list[str] = []
    rss = parse_xml(data)
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return [f"root is {rss.tag} version {rss.get('version')}, not rss 2.0"]
    channel = _one(rss, "channel", "rss", problems)
    if channel is None:
        return problems
    for name in ("title", "link", "description"):
        elem = _one(channel, name, "channel", problems)
        if elem is not None and not (elem.text or "").strip():
            problems.append(f"channel {name} is empty")
    link = channel.findtext("link")
    if link != site_url:
        problems.append(f"channel link {link!r} is not the site page {site_url!r}")
    selfs = [ln.get("href") for ln in channel.findall(ATOM + "link") if ln.get("rel") == "self"]
    if selfs != [self_url]:
        problems.append(f"atom:link rel=self {selfs}, want [{self_url}]")
    for name in ("lastBuildDate", "pubDate"):
        for elem in channel.findall(name):
            if not RFC822.match(elem.text or ""):
                problems.append(f"channel {name} {elem.text!r} is not RFC 822")
    guids = set()
    for n, item in enumerate(channel.findall("item")):
        where = f"item {n}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: neither title nor description")
        if not is_absolute_url(item.findtext("link")):
            problems.append(f"{where}: link {item.findtext('link')!r} is not absolute")
        pub = item.findall("pubDate")
        if len(pub) != 1 or not RFC822.match(pub[0].text or ""):
            problems.append(f"{where}: pubDate {[p.text for p in pub]} is not one RFC 822 date")
        else:
            parsedate_to_datetime(pub[0].text)  # raises if the date does not exist
        guid = _one(item, "guid", where, problems)
        if guid is not None:
            permalink = guid.get("isPermaLink", "true")  # RSS 2.0: absent means "true"
            if permalink == "true" and not is_absolute_url(guid.text):
                problems.append(f"{where}: guid {guid.text!r} is no URL but isPermaLink is true")
            if guid.text in guids:
                problems.append(f"{where}: duplicate guid {guid.text!r}")
            guids.add(guid.text)
    return problems


def check_json_feed(data: bytes, self_url: str) -> list[str]:
    problems: list[str] = []
    feed = json.loads(data.decode("utf-8"))
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"].strip():
        problems.append("title missing or empty")
    if feed.get("feed_url") != self_url:
        problems.append(f"feed_url {feed.get('feed_url')!r}, want {self_url!r}")
    if "home_page_url" in feed and not is_absolute_url(feed["home_page_url"]):
        problems.append("home_page_url is not absolute")
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["items is not a list"]
    ids = set()
    for n, item in enumerate(items):
        where = f"item {n}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id missing or not a string")
        elif item["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(item.get("id"))
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"{where}: neither content_html nor content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                problems.append(f"{where}: {key} {item[key]!r} is not RFC 3339")
        if "url" in item and not is_absolute_url(item["url"]):
            problems.append(f"{where}: url is not absolute")
        for author in item.get("authors", []):
            if not isinstance(author, dict) or not author.get("name"):
                problems.append(f"{where}: author without name")
        if not all(isinstance(t, str) for t in item.get("tags", [])):
            problems.append(f"{where}: a tag that is not a string")
    return problems
