"""schema.org NewsArticle data for a release. Returns a dict: the template serializes
it with |tojson (which also escapes "<", ">" and "&" so wire text cannot close the
<script> element)."""
from __future__ import annotations

import html
import re

_TAGS = re.compile(r"<[^>]+>")


def absolute(siteurl: str, path: str) -> str:
    """SITEURL + path; root-relative ("/path") when SITEURL is empty (development)."""
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def plain(text) -> str:
    return html.unescape(_TAGS.sub("", str(text or ""))).strip()


def news_article(article, siteurl: str, sitename: str) -> dict:
    meta = article.metadata
    source = meta.get("source") or sitename
    org = {"@type": "Organization", "name": source}
    modified = getattr(article, "modified", None) or article.date
    url = absolute(siteurl, article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": str(article.title)[:110],     # plain text already (not HTML)
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "author": org,
        "publisher": dict(org),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": getattr(article, "lang", None) or "en",
        "isAccessibleForFree": True,
    }
    if meta.get("dateline"):
        data["dateline"] = meta["dateline"]
    tags = [str(t) for t in (getattr(article, "tags", None) or [])]
    if tags:
        data["keywords"] = tags
    if getattr(article, "category", None):
        data["articleSection"] = str(article.category)
    summary = plain(getattr(article, "summary", ""))
    if summary:
        data["description"] = summary
    if meta.get("byline"):
        data["author"] = [{"@type": "Person", "name": meta["byline"]}, org]
    if meta.get("organisation"):
        data["sourceOrganization"] = {"@type": "Organization", "name": meta["organisation"]}
    return data
