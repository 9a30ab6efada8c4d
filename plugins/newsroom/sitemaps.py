"""sitemap.xml (every page written in this build), news-sitemap.xml (Google News:
releases of the last NEWS_SITEMAP_DAYS days) and robots.txt pointing at both.

sitemap.xml is a sitemap index (the protocol's limit is 50,000 URLs per sitemap file):
it lists sitemaps/releases-N.xml, the release pages by date counted from the oldest (like the
listing pages, so a new release rewrites only the last of them), and sitemaps/pages-N.xml,
every other page by path, each file at most SITEMAP_MAX_URLS URLs, each URL with its lastmod
(a release's Modified or Date; a listing page's newest release; any other page the newest
release of the site)."""
from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET

import atomicfile
from . import release

SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"

# Pages that are not content: kept out of the sitemap.
NOT_IN_SITEMAP = {"404.html", "search.html"}


# Characters XML 1.0 cannot carry (ElementTree writes them anyway, and the file is then not
# XML): wire releases arrive clean (wire.sanitise), a hand-written title may not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    return _NOT_XML.sub("", str(value))


def page_url(siteurl: str, rel_path: str) -> str:
    """"archives/2018/index.html" -> SITEURL + "/archives/2018/" (the URL people see)."""
    rel = rel_path.replace(os.sep, "/")
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return f"{siteurl.rstrip('/')}/{rel}"


SITEMAPS_DIR = "sitemaps"        # the sitemap files the index sitemap.xml lists


def _write(tree_root, path, tally=None) -> bool:
    """Atomically, and only when the bytes change (an unchanged sitemap keeps its mtime);
    counted on `tally` (atomicfile.WriteTally) when one is given."""
    ET.indent(tree_root)
    data = ET.tostring(tree_root, encoding="utf-8", xml_declaration=True)
    return atomicfile.write_if_changed(path, data, tally)


def w3c(when) -> str | None:
    """W3C Datetime for <lastmod>: with its offset, or the day alone for a naive datetime
    (the format wants a time zone whenever it has a time)."""
    if when is None:
        return None
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        return when.date().isoformat()
    return when.isoformat()


def page_lastmod(context, memo: dict | None = None):
    """The time a written page last changed in substance, from its template context: the
    release's Modified or Date; a listing page's newest release; else the site's newest.
    `memo` (one per build, while the lists do not change: they are Pelican's, made before any
    page is written): the newest of each list by identity, so that the pages without a
    listing of their own (tags.html, archives, search ...) scan the site's list once, not
    each (2 s of a one-file build at 100,000 releases)."""
    item = context.get("article") or context.get("page")
    if item is not None and getattr(item, "date", None) is not None:
        return getattr(item, "modified", None) or item.date
    listing = context.get("articles_page")
    arts = listing.object_list if listing is not None else context.get("articles")
    if memo is not None and listing is None and arts:
        known = memo.get(id(arts))
        if known is not None and known[0] is arts:        # the very list (ids are reused)
            return known[1]
        newest = _newest(arts)
        memo[id(arts)] = (arts, newest)
        return newest
    return _newest(arts)


def _newest(arts):
    stamps = [getattr(a, "modified", None) or a.date for a in arts or ()
              if getattr(a, "date", None) is not None]
    return max(stamps) if stamps else None


def _chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def write_sitemap(output_path, siteurl, written, lastmod_by_path, max_urls: int = 50_000,
                  release_dates=None, default_lastmod=None, tally=None) -> list[str]:
    """The sitemap index and its sitemap files; returns their paths relative to output_path.

    written: paths (relative to output_path) of the HTML files of this build; lastmod_by_path:
    {path: datetime or W3C string} (a path missing gets default_lastmod); release_dates:
    {path: datetime} of the release pages (ordered by them, oldest first), the rest by path."""
    if max_urls < 1:
        raise ValueError(f"SITEMAP_MAX_URLS must be at least 1, not {max_urls}")
    ET.register_namespace("", SM_NS)
    release_dates = release_dates or {}
    pages = sorted(rel for rel in set(written) if rel not in NOT_IN_SITEMAP)
    releases = sorted((rel for rel in pages if rel in release_dates),
                      key=lambda rel: (release_dates[rel], rel))
    others = [rel for rel in pages if rel not in release_dates]
    folder = os.path.join(output_path, SITEMAPS_DIR)
    index = ET.Element(f"{{{SM_NS}}}sitemapindex")
    files = []
    for kind, rels in (("releases", releases), ("pages", others)):
        if not rels:
            continue
        for n, chunk in enumerate(_chunks(rels, max_urls), start=1):
            urlset = ET.Element(f"{{{SM_NS}}}urlset")
            newest = None
            for rel in chunk:
                url = ET.SubElement(urlset, f"{{{SM_NS}}}url")
                ET.SubElement(url, f"{{{SM_NS}}}loc").text = page_url(siteurl, rel)
                when = lastmod_by_path.get(rel, default_lastmod)
                stamp = when if isinstance(when, str) else w3c(when)
                if stamp:
                    ET.SubElement(url, f"{{{SM_NS}}}lastmod").text = stamp
                    if not isinstance(when, str) and when is not None:
                        newest = when if newest is None or when > newest else newest
            rel_file = f"{SITEMAPS_DIR}/{kind}-{n}.xml"
            _write(urlset, os.path.join(output_path, rel_file), tally)
            files.append(rel_file)
            entry = ET.SubElement(index, f"{{{SM_NS}}}sitemap")
            ET.SubElement(entry, f"{{{SM_NS}}}loc").text = page_url(siteurl, rel_file)
            if newest is not None:
                ET.SubElement(entry, f"{{{SM_NS}}}lastmod").text = w3c(newest)
    # files of an earlier, larger build are no longer listed: remove them
    keep = {os.path.basename(f) for f in files}
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name.endswith(".xml") and name not in keep:
                try:
                    os.remove(os.path.join(folder, name))
                except OSError:
                    pass
    _write(index, os.path.join(output_path, "sitemap.xml"), tally)
    return files


def news_window(articles, days: int, anchor: str, now: dt.datetime | None = None):
    """Releases published within `days` days before the anchor: the newest release's date
    ("newest": a static archive still gets its latest news, and builds are reproducible)
    or the build time ("now": what Google News expects of a live newsroom)."""
    if not articles:
        return []
    if anchor == "now":
        end = now or dt.datetime.now(dt.timezone.utc)
    else:
        end = max(a.date for a in articles)
    start = end - dt.timedelta(days=days)
    return sorted((a for a in articles if start <= a.date <= end),
                  key=lambda a: a.date, reverse=True)


def write_news_sitemap(output_path, siteurl, sitename, default_lang, articles, tally=None):
    ET.register_namespace("", SM_NS)
    ET.register_namespace("news", NEWS_NS)
    urlset = ET.Element(f"{{{SM_NS}}}urlset")
    for art in articles[:1000]:          # the protocol's limit per file
        url = ET.SubElement(urlset, f"{{{SM_NS}}}url")
        ET.SubElement(url, f"{{{SM_NS}}}loc").text = page_url(siteurl, art.url)
        news = ET.SubElement(url, f"{{{NEWS_NS}}}news")
        pub = ET.SubElement(news, f"{{{NEWS_NS}}}publication")
        ET.SubElement(pub, f"{{{NEWS_NS}}}name").text = sitename
        ET.SubElement(pub, f"{{{NEWS_NS}}}language").text = (
            getattr(art, "lang", None) or default_lang)
        # a date-only story: its day (W3C date), never an invented time
        ET.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = release.iso_when(art)
        ET.SubElement(news, f"{{{NEWS_NS}}}title").text = xml_text(art.title)
    _write(urlset, os.path.join(output_path, "news-sitemap.xml"), tally)


def write_robots(output_path, siteurl, tally=None):
    # Disallow lines before Allow (the order the first robots.txt parsers read them in). The
    # search page is not disallowed: its <meta name="robots" content="noindex"> keeps it out
    # of indexes, and a crawler that may not fetch it never sees that. /_build/ is the dev
    # build report (publishconf.py does not write it).
    lines = ["User-agent: *", "Disallow: /_build/", "Allow: /"]
    if siteurl.startswith(("http://", "https://")):
        # Sitemap lines must be absolute URLs; in development there is no host to name.
        lines += [f"Sitemap: {page_url(siteurl, 'sitemap.xml')}",
                  f"Sitemap: {page_url(siteurl, 'news-sitemap.xml')}"]
    atomicfile.write_if_changed(os.path.join(output_path, "robots.txt"),
                                ("\n".join(lines) + "\n").encode("utf-8"), tally)
