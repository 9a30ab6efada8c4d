"""sitemap.xml (every page written in this build), news-sitemap.xml (Google News:
releases of the last NEWS_SITEMAP_DAYS days) and robots.txt pointing at both."""
from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET

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


def _write(tree_root, path):
    ET.indent(tree_root)
    ET.ElementTree(tree_root).write(path, encoding="utf-8", xml_declaration=True)


def write_sitemap(output_path, siteurl, written, lastmod_by_path):
    """written: paths relative to output_path of the HTML files of this build."""
    ET.register_namespace("", SM_NS)
    urlset = ET.Element(f"{{{SM_NS}}}urlset")
    for rel in sorted(set(written)):
        if rel in NOT_IN_SITEMAP:
            continue
        url = ET.SubElement(urlset, f"{{{SM_NS}}}url")
        ET.SubElement(url, f"{{{SM_NS}}}loc").text = page_url(siteurl, rel)
        if rel in lastmod_by_path:
            ET.SubElement(url, f"{{{SM_NS}}}lastmod").text = lastmod_by_path[rel]
    _write(urlset, os.path.join(output_path, "sitemap.xml"))


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


def write_news_sitemap(output_path, siteurl, sitename, default_lang, articles):
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
        ET.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = art.date.isoformat()
        ET.SubElement(news, f"{{{NEWS_NS}}}title").text = xml_text(art.title)
    _write(urlset, os.path.join(output_path, "news-sitemap.xml"))


def write_robots(output_path, siteurl):
    lines = ["User-agent: *", "Allow: /", "Disallow: /search.html"]
    if siteurl.startswith(("http://", "https://")):
        # Sitemap lines must be absolute URLs; in development there is no host to name.
        lines += [f"Sitemap: {page_url(siteurl, 'sitemap.xml')}",
                  f"Sitemap: {page_url(siteurl, 'news-sitemap.xml')}"]
    with open(os.path.join(output_path, "robots.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
