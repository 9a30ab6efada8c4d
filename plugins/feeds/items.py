"""One feed item per release: what every feed format says about it, computed once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import quote

from .text import absolute_links, plain_text, xml_safe

# Characters a tag: URI's specific part may hold as they are (RFC 4151: pchar / "/" / "?").
_TAG_SAFE = ":@!$&'()*+,;=/?-._~"


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    source: str
    tags: tuple
    summary_html: str
    summary_text: str
    content_html: str
    lang: str
    point: str  # GeoRSS "lat lon" of the dateline place, "" when not known for sure
    image: str = ""  # the release's lead picture (Image metadata), an absolute http(s) URL


def entry_id(article, authority: str) -> str:
    """tag:<authority>,<first-publication day>:<Wire-Hash> (RFC 4151).

    Built from the wire story, never from Title or Slug, so an editor's correction or a
    rebuild never makes a feed reader show the story twice. Hand-written releases without
    a Wire-Hash use their source file's path, which editing Title/Slug does not change.
    """
    # First-Hash: the first version's Wire-Hash, kept when a new version replaces the release
    # in place (wire.lifecycle), so the entry is updated, not shown twice
    wire_hash = (article.metadata.get("first-hash") or article.metadata.get("wire-hash") or "").strip()
    specific = wire_hash or "file:" + article.relative_source_path.replace("\\", "/")
    day = article.date.date().isoformat()  # YYYY-MM-DD in the release's own zone
    return f"tag:{authority},{day}:{quote(xml_safe(specific), safe=_TAG_SAFE)}"


def plain(moment: datetime) -> datetime:
    """A plain datetime: Pelican's SafeDatetime formats through a slow locale-aware strftime."""
    return datetime.fromisoformat(moment.isoformat())


def dateline(article) -> str:
    return xml_safe(getattr(article, "dateline", "") or "")


def updated(article) -> datetime:
    """The release's Modified, else its Date: never the build time."""
    return plain(getattr(article, "modified", None) or article.date)


def make_item(article, domain: str, authority: str, located: dict | None = None) -> Item:
    """`located`: {dateline: GeoRSS point} from geo.points() (None: no GeoRSS)."""
    url = f"{domain}/{article.url}"
    source = xml_safe(getattr(article, "source", "") or "").strip()
    summary = absolute_links(xml_safe(article.get_summary(domain)), url)
    title = xml_safe(article.title).strip() or article.slug
    return Item(
        id=entry_id(article, authority),
        title=title,
        url=url,
        published=plain(article.date),
        updated=updated(article),
        source=source,
        tags=tuple(xml_safe(t.name) for t in getattr(article, "tags", None) or ()),
        summary_html=summary,
        summary_text=plain_text(summary),
        content_html=absolute_links(xml_safe(article.get_content(domain)), url),
        lang=getattr(article, "lang", "") or "",
        point=(located or {}).get(dateline(article), ""),
        image=lead_image(article),
    )


def lead_image(article) -> str:
    """The Image metadata when it is an absolute http(s) URL (as the page shows it), else ""."""
    url = xml_safe(getattr(article, "metadata", {}).get("image", "") or "").strip()
    return url if url.startswith(("https://", "http://")) and not any(c.isspace() for c in url) else ""
def distinct_updated(items) -> dict:
    """{entry id: Item} with every `updated` distinct: copy that arrived together (one
    second, one Date) would give a feed many entries with one atom:updated, which the W3C
    validator warns of and readers cannot order by. Entries that share an instant are
    spread within that second, a millisecond apart (a microsecond past 1,000 of them), in
    the feeds' own order: the first listed (newest_first: the smallest entry id) the
    latest. An entry alone at its instant keeps it as it is, and each entry's value depends
    only on the entries of its own instant, so it is the same in every feed and build."""
    unique = {}
    for item in items:
        unique.setdefault(item.id, item)
    at = defaultdict(list)
    for item in unique.values():
        at[item.updated].append(item)
    out = {}
    for instant, same in at.items():
        if len(same) == 1:
            out[same[0].id] = same[0]
            continue
        step = timedelta(milliseconds=1) if len(same) <= 1000 else timedelta(microseconds=1)
        same.sort(key=lambda i: i.id)
        for k, item in enumerate(same):
            out[item.id] = replace(item, updated=instant + step * (len(same) - 1 - k))
    return out
