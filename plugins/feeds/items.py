"""One feed item per release: what every feed format says about it, computed once."""
from __future__ import annotations

import hashlib
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


def tie_rank(entry: str) -> int:
    """Where an entry stands among the entries of its instant: a number made from its id
    alone (64 bits of a hash), so an entry that joins the instant later never moves the
    others (an order by their ids, or by their count, would: and every feed holding one of
    them would be written again)."""
    return int.from_bytes(hashlib.blake2b(entry.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


def _offsets(ranks: list[int], slots: int) -> list[int]:
    """Distinct microsecond offsets in [0, slots), increasing with the (sorted) ranks, each
    as near as it can be to its rank's own place (rank * slots / 2**64): entries that land
    on one microsecond (rare) push only their run of neighbours, one microsecond each."""
    out, last = [], -1
    for rank in ranks:
        last = max((rank * slots) >> 64, last + 1)
        out.append(last)
    if out and out[-1] >= slots:                  # a run pushed past the second: back down
        out[-1] = slots - 1
        for k in range(len(out) - 2, -1, -1):
            out[k] = min(out[k], out[k + 1] - 1)
    return out


def distinct_updated(items) -> dict:
    """{entry id: Item} with every `updated` distinct: copy that arrived together (one
    second, one Date) would give a feed many entries with one atom:updated, which the W3C
    validator warns of and readers cannot order by. Entries that share an instant are
    spread within that second, each at a microsecond given by its own id (tie_rank): the
    feeds list them in the same order (write.newest_first), the first listed the latest.
    An entry alone at its instant keeps it as it is; an entry's value depends on its id and
    its instant only (and on an entry of the same instant landing on the same microsecond,
    about one in 2,500 for 40 entries), so it is the same in every feed and build, and a
    new entry leaves the others' values, and so their feeds, as they were."""
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
        slots = 1_000_000 - instant.microsecond      # what is left of the instant's second
        if len(same) > slots:                        # cannot be distinct within it: as they are
            out.update((item.id, item) for item in same)
            continue
        ranked = sorted(same, key=lambda i: (tie_rank(i.id), i.id))
        for item, off in zip(ranked, _offsets([tie_rank(i.id) for i in ranked], slots)):
            out[item.id] = replace(item, updated=instant + timedelta(microseconds=off))
    return out
