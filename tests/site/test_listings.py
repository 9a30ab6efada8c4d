"""plugins/newsroom/listings.py: listing pages numbered from the oldest do not shift.

The paginator's arithmetic on its own, then a real site: built, one release added on top, built
again (each build a fresh process, as `invoke build`), and every older listing page's bytes
compared."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))
from newsroom.listings import DEFAULTS, StablePaginator  # noqa: E402
from synthwire import wire_story  # noqa: E402

SETTINGS = dict(DEFAULTS, DEFAULT_ORPHANS=0)


def pages_of(items, per_page, save_as="tag/x.html"):
    pag = StablePaginator(save_as, save_as, items, SETTINGS, per_page)
    return pag, {j: pag.page(j) for j in range(1, pag.num_pages + 1)}


@given(n=st.integers(0, 300), per_page=st.integers(1, 25), more=st.integers(1, 60))
@hsettings(max_examples=300, deadline=None)
def test_older_pages_keep_their_releases_when_news_arrives(n, per_page, more):
    old = list(range(n, 0, -1))                      # newest first: n is the newest
    new = list(range(n + more, n, -1)) + old
    pag, before = pages_of(old, per_page)
    _, after = pages_of(new, per_page)
    # every release is on exactly one page, newest first on each
    seen = [x for j in sorted(before, reverse=True) for x in before[j].object_list]
    assert seen == old
    # the newest page holds between P and 2P-1 (all of them when there are fewer than P)
    top = before[pag.num_pages]
    assert top.latest and top.url == "tag/x.html"
    if n >= per_page:
        assert per_page <= len(top.object_list) < 2 * per_page
    else:
        assert len(top.object_list) == n
    # older pages: exactly P each, same releases and URL before and after the new ones
    for j, page in before.items():
        if page.latest:
            continue
        assert len(page.object_list) == per_page
        assert page.url == f"tag/x/page/{j}.html" == page.save_as
        assert after[j].object_list == page.object_list and not after[j].latest


def test_page_links_and_numbers():
    pag, pages = pages_of(list(range(45, 0, -1)), 10, save_as="index.html")
    assert pag.num_pages == 4
    assert [len(pages[j].object_list) for j in (4, 3, 2, 1)] == [15, 10, 10, 10]
    assert pages[1].object_list == list(range(10, 0, -1))        # the oldest ten
    assert pages[4].url == "index.html" and pages[3].url == "page/3.html"
    assert pages[3].has_next() and pages[3].has_previous() and not pages[1].has_next()
    assert not pages[4].has_previous()
    assert (pages[2].start_index(), pages[2].end_index()) == (11, 20)


# ---- a real site ---------------------------------------------------------------------------

PER_PAGE = 4
RELEASES = 63          # 63 // 4 = 15 pages; the 64th release splits the home page's newest one


def _wire(n: int, rng) -> str:
    # Synthetic stories, all in 2020, so that the added one (30 December 2020) is the newest
    # whatever today's date is (future dates would be drafts).
    return re.sub(r", 202[456]\b", ", 2020", wire_story(n, rng))


NEW_STORY = """Kestrel Bank names Anna Berg to lead Norway program

OSLO, December 30, 2020 /PRNewswire/ -- Kestrel Bank said on December 30, 2020 that Anna Berg
would lead a new energy program in Norway.

Anna Berg said the program would expand services across the region while investors expect
higher output next year, Kestrel Bank said in Norway.
"""


def build(site: Path) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                           "--set", f"DEFAULT_PAGINATION={PER_PAGE}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


LISTING_ROOTS = ("index.html", "page/", "tag/", "category/", "source/", "archives/")


def listing_files(out: Path) -> dict[str, bytes]:
    files = {}
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(LISTING_ROOTS) and not re.fullmatch(r"archives/\d{4}/index\.html", rel):
            files[rel] = path.read_bytes()
    return files


def listing_of(rel: str) -> str:
    """The listing a page file belongs to: its newest page's path."""
    m = re.fullmatch(r"(.*?)/?page/\d+\.html", rel)
    if not m:
        return rel
    base = m.group(1)
    if base == "":
        return "index.html"
    return base + "/index.html" if base.startswith("archives/") else base + ".html"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    import random

    site = tmp_path_factory.mktemp("listings")
    seeds = site / "seeds"
    seeds.mkdir()
    rng = random.Random(5)
    for n in range(RELEASES):
        (seeds / f"wire-{n:03d}.txt").write_text(_wire(n, rng), encoding="utf-8")
    build(site)
    before = listing_files(site / "output")
    (seeds / "wire-new.txt").write_text(NEW_STORY, encoding="utf-8")
    build(site)
    after = listing_files(site / "output")
    new_md = next(p for p in (site / "content" / "releases").glob("*.md")
                  if "Wire-Source: wire-new.txt" in p.read_text(encoding="utf-8"))
    return site, before, after, new_md.stem


def test_new_release_is_on_top(two_builds):
    site, before, after, slug = two_builds
    index = after["index.html"].decode()
    assert f"releases/{slug}.html" in index
    assert sum(1 for rel in before if rel.startswith("page/")) >= 10     # an archive to keep
    assert "page/15.html" not in before and "page/15.html" in after      # the home page split


def test_older_listing_pages_keep_their_bytes(two_builds):
    site, before, after, slug = two_builds
    link = f"releases/{slug}.html".encode()
    holding = {listing_of(rel) for rel, data in after.items() if link in data}
    # the release's listings: the home page, its category, source, month and some tags
    assert {"index.html", "category/press-releases.html", "source/pr-newswire.html",
            "archives/2020/12/index.html"} <= holding
    assert any(h.startswith("tag/") for h in holding)
    changed = sorted(rel for rel in before if before[rel] != after.get(rel))
    created = sorted(set(after) - set(before))
    pages_before = {}
    for rel in before:
        pages_before.setdefault(listing_of(rel), []).append(rel)
    allowed = set()
    for listing in holding:
        allowed.add(listing)                           # its newest page
        if any(listing_of(rel) == listing for rel in created):
            # it split: a new numbered page, and the previous newest numbered page's "Newer" link
            numbered = [rel for rel in pages_before.get(listing, []) if rel != listing]
            if numbered:
                allowed.add(max(numbered, key=lambda r: int(re.search(r"(\d+)\.html$", r).group(1))))
    unexpected = [rel for rel in changed if rel not in allowed]
    assert not unexpected, f"older listing pages changed: {unexpected[:10]}"
    assert all(listing_of(rel) in holding for rel in created), created
    # what a new release costs: a few files per listing it is in, never the archive
    assert len(changed) + len(created) <= 3 * len(holding)
    assert len(changed) + len(created) < len(before) / 5
