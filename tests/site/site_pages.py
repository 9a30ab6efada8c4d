"""Reading the built site: parse pages, list links, map URLs to files."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit, unquote

from bs4 import BeautifulSoup

LINK_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("form", "action"), ("source", "src"))


@lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_of(site, path: Path) -> str:
    rel = path.relative_to(site.output).as_posix()
    return f"{site.siteurl}/{rel}"


def file_for(site, url: str) -> Path | None:
    """The output file a URL of this site points at; None for another host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or (parts.netloc and
                                                     f"{parts.scheme}://{parts.netloc}" != site.siteurl):
        return None
    path = unquote(parts.path).lstrip("/")
    target = site.output / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def links(site, page: Path) -> list[tuple[str, str]]:
    """(tag, absolute URL) of every link and asset reference on the page."""
    base = url_of(site, page)
    out = []
    for tag, attr in LINK_ATTRS:
        for el in soup(page).find_all(tag):
            value = el.get(attr)
            if value and not value.startswith(("mailto:", "tel:", "data:", "#")):
                out.append((tag, urljoin(base, value).split("#")[0]))
    return out


def json_ld(page: Path) -> list[dict]:
    return [json.loads(s.string) for s in soup(page).find_all("script", type="application/ld+json")]


def release_pages(site) -> list[Path]:
    return sorted((site.output / "releases").glob("*.html"))


def releases_with(site, *markers: str):
    """(slug, Markdown text) of each release the ingest wrote whose Markdown holds every one
    of `markers` ("\n## Media contact", "\nWire-Source: ")."""
    for md in sorted((site.content / "releases").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        if all(marker in text for marker in markers):
            head = text.split("\n\n", 1)[0]
            slug = next(line[len("Slug: "):] for line in head.splitlines() if line.startswith("Slug: "))
            yield slug, text
