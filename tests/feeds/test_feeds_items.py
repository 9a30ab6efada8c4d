"""feeds/items.distinct_updated: entries sharing an instant get distinct `updated` values,
and a new entry at that instant leaves the values of the others as they were (else every
feed holding one of them is written again when one story arrives: issue 9)."""
from __future__ import annotations

import datetime as dt

from feeds.items import Item, distinct_updated, tie_rank

INSTANT = dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.timezone.utc)


def _item(n: int, when=INSTANT) -> Item:
    return Item(id=f"tag:example.com,2026-03-02:sha256:{n:064d}", title=f"Story {n}", url=f"https://example.com/{n}",
                published=when, updated=when, source="Agence", tags=("Harbour",), summary_html="",
                summary_text="", content_html="", lang="en", point="")


def test_a_new_entry_at_a_shared_instant_moves_no_other():
    batch = [_item(n) for n in range(400)]
    before = distinct_updated(batch)
    stamps = [i.updated for i in before.values()]
    assert len(set(stamps)) == 400
    assert all(INSTANT <= s < INSTANT + dt.timedelta(seconds=1) for s in stamps)
    for extra in (_item(400), _item(10_000), _item(123_456)):
        after = distinct_updated(batch + [extra])
        moved = [k for k, v in before.items() if after[k].updated != v.updated]
        # only a neighbour that landed on the same microsecond may give way (rare)
        assert len(moved) <= 1, moved
        assert len({i.updated for i in after.values()}) == 401


def test_feed_order_is_the_updated_order_within_an_instant():
    spread = distinct_updated([_item(n) for n in range(50)])
    by_rank = sorted(spread.values(), key=lambda i: (tie_rank(i.id), i.id), reverse=True)
    stamps = [i.updated for i in by_rank]
    assert stamps == sorted(stamps, reverse=True)


def test_an_entry_alone_keeps_its_instant():
    alone = _item(1, INSTANT + dt.timedelta(hours=1))
    assert distinct_updated([alone, _item(2), _item(3)])[alone.id].updated == alone.updated
