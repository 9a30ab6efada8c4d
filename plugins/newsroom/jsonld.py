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


HEADLINE_MAX = 110      # what Google's article markup reads


def headline(title: str) -> str:
    """The headline whole, or cut at the last word that fits, marked with an ellipsis."""
    title = str(title).strip()
    if len(title) <= HEADLINE_MAX:
        return title
    cut = title[:HEADLINE_MAX - 1].rsplit(None, 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def publisher(sitename: str, siteurl: str, logo: str | None) -> dict:
    """The newsroom that publishes the site (SITENAME, SITEURL, and its logo's path in
    the output)."""
    data = {"@type": "Organization", "name": sitename}
    if siteurl:
        data["url"] = siteurl.rstrip("/") + "/"
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": absolute(siteurl, logo)}
    return data


def _organisation(name: str) -> dict:
    return {"@type": "Organization", "name": name}


def _byline(name: str, is_organisation) -> dict:
    """"The Associated Press" or "Acme Corp Newsroom" is an organisation, "Jane Doe" a person."""
    return _organisation(name) if is_organisation(name) else {"@type": "Person", "name": name}


def default_image_url(siteurl: str, setting: str | None) -> str | None:
    """SITE_DEFAULT_IMAGE as a URL: an absolute http(s) URL as it is, else a path in the
    output ("theme/images/newsroom.png") under SITEURL."""
    setting = str(setting or "").strip()
    if not setting:
        return None
    return setting if setting.startswith(("https://", "http://")) else absolute(siteurl, setting)


def news_article(article, siteurl: str, newsroom: dict, is_organisation=lambda name: False,
                 default_image: str | None = None) -> dict:
    """`newsroom` is the site's publisher (`publisher()`); the agency, or for a press
    release its issuer, is the author; `is_organisation(name)` tells an agency's or a
    company's name in a byline from a person's."""
    meta = article.metadata
    source = meta.get("source") or newsroom["name"]
    issuer = meta.get("organisation") if str(getattr(article, "category", "")) == "Press Releases" else None
    org = _organisation(issuer or source)
    modified = getattr(article, "modified", None)
    # a date-only story is published on a day (schema.org Date), not at an invented 00:00
    published = article.date.date().isoformat() if str(meta.get("date-only", "")).lower() == "yes" \
        else article.date.isoformat()
    url = absolute(siteurl, article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline(article.title),     # plain text already (not HTML)
        "datePublished": published,
        "dateModified": modified.isoformat() if modified else published,
        "author": org,
        "publisher": dict(newsroom),
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
    if meta.get("byline") and meta["byline"] != org["name"]:
        data["author"] = [_byline(meta["byline"], is_organisation), org]
    pictures = []       # a structured item's pictures (wire.mdwriter: Image, Image-2, ...)
    for key in ["image"] + [f"image-{n}" for n in range(2, 7)]:
        url = str(meta.get(key) or "")
        if url.startswith(("https://", "http://")):
            picture = {"@type": "ImageObject", "url": url}
            if meta.get(f"{key}-caption"):
                picture["caption"] = meta[f"{key}-caption"]
            if meta.get(f"{key}-credit"):
                picture["creditText"] = meta[f"{key}-credit"]
            pictures.append(picture)
    if pictures:
        data["image"] = pictures
    elif default_image:       # SITE_DEFAULT_IMAGE: the newsroom's picture for a release with none
        data["image"] = [{"@type": "ImageObject", "url": default_image}]
    if meta.get("organisation"):
        data["sourceOrganization"] = {"@type": "Organization", "name": meta["organisation"]}
    return data
