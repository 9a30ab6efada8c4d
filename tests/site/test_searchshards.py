"""plugins/newsroom/searchshards.py: which release goes into which search shard (pure)."""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))
from newsroom.searchshards import Page, cut, plan, shard_id  # noqa: E402


def pages(n: int, start: int = 0) -> list[Page]:
    return [Page(f"releases/story-{i:05d}.html", f"2024-{1 + i // 5000:02d}-01T{i % 5000:06d}Z", f"h{i}")
            for i in range(start, start + n)]


def paths(shards):
    return [[p.path for p in shard] for shard in shards]


def test_every_page_once_in_date_order_and_no_shard_over_its_size():
    ps = pages(3000)
    shards = plan(list(reversed(ps)), 100, 10)
    flat = [p for shard in shards for p in shard]
    assert flat == sorted(ps, key=lambda p: p.order)          # consecutive date ranges
    assert all(len(s) <= 100 for s in shards)
    closed = [s for s in shards if len(s) > 20]
    assert len(closed) >= 20 and all(len(s) >= 50 for s in closed)   # closed: half to full
    assert all(len(s) <= 10 for s in shards[-1:])                    # the newest: small


def test_the_plan_depends_on_the_set_not_the_order_it_came_in():
    ps = pages(800)
    shuffled = ps[:]
    random.Random(3).shuffle(shuffled)
    assert paths(plan(ps, 64, 8)) == paths(plan(shuffled, 64, 8))


def test_a_new_newest_page_changes_only_the_newest_shard_until_compaction():
    ps = pages(700)
    before = paths(plan(ps, 64, 8))
    changed_one = compactions = 0
    for i in range(700, 900):
        ps = ps + pages(1, start=i)
        after = paths(plan(ps, 64, 8))
        same = sum(1 for a, b in zip(before, after) if a == b)
        if same >= len(before) - 1 and len(after) - same <= 2:
            changed_one += 1        # the newest grew, or closed and a new one began
        else:
            compactions += 1        # the newest small shards became one closed shard
            assert after[-1][-1] == ps[-1].path or after[-1] == [ps[-1].path]
        before = after
    assert changed_one >= 190 and compactions <= 10


def test_an_old_page_deleted_or_inserted_changes_at_most_two_shards():
    ps = pages(2000)
    base = paths(plan(ps, 64, 8))
    for k in (37, 500, 1234):
        for changed in (ps[:k] + ps[k + 1:],                                   # deleted
                        ps + [Page(ps[k].path + "x", ps[k].stamp, "new")]):    # backdated
            after = paths(plan(changed, 64, 8))
            assert len([s for s in after if s not in base]) <= 2


def test_an_edit_keeps_the_shard_and_its_name():
    ps = pages(300)
    edited = [Page(p.path, p.stamp, "edited" if i == 40 else p.sha) for i, p in enumerate(ps)]
    a, b = plan(ps, 64, 8), plan(edited, 64, 8)
    assert [shard_id(s) for s in a] == [shard_id(s) for s in b]
    assert [[p.sha for p in s] for s in a] != [[p.sha for p in s] for s in b]


def test_no_shards_when_the_size_is_zero_and_a_small_site_is_one_index():
    ps = pages(50)
    assert paths(plan(ps, 0, 0)) == [[p.path for p in ps]]
    assert len(plan(pages(3), 1000, 100)) == 1
    assert plan([], 10, 2) == []


def test_cut_marks_only_the_last_chunk_open():
    chunks = cut(pages(500), 40)
    assert all(closed for _, closed in chunks[:-1])
    assert sum(len(c) for c, _ in chunks) == 500
