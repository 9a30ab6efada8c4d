"""One new release writes the files that show or list it, not a share of the archive
(issue 9): its page and its neighbour's, the newest page of each listing it is in, the feeds
it is in, the indexes with counts, the sitemaps; never an older listing page (numbered from
the oldest: plugins/newsroom/listings.py) nor a feed it is not in. Real builds in fresh
processes (bench/build_once.py, as `invoke build`), small listing pages so that every
listing has many older pages. Releases of one instant (a batch, a date-only wire) are many
here, as on a real wire: a new one joining them must not move the others' feed values."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ["--set", "FASTBUILD_PARALLEL_MIN=20", "--set", "DEFAULT_PAGINATION=5"]
TAGS = ["Harbour", "Grain", "Rail", "Steel", "Power", "Water"]
SOURCES = ["Agence Nord", "Port Wire", "Desk Sud"]
START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
BATCH = dt.datetime(2026, 2, 20, 0, 0, tzinfo=dt.timezone.utc)    # a date-only batch


def _release(slug, title, when, tags, source) -> str:
    return "\n".join([f"Title: {title}", f"Date: {when.isoformat()}", f"Source: {source}",
                      "Category: News", f"Tags: {', '.join(tags)}", f"Summary: {title}.",
                      f"Slug: {slug}", f"Wire-Hash: sha256:{abs(hash(slug)) % 10**12:064d}"]) \
        + f"\n\n{title}. A paragraph of the story.\n"


def build(site: Path) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                           "--verbose", *SETTINGS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def state(out: Path) -> dict:
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.stat().st_size, p.read_bytes())
            for p in out.rglob("*") if p.is_file() and not str(p.relative_to(out)).startswith("_build/")}


def written(before: dict, after: dict) -> list[str]:
    return sorted(rel for rel, v in after.items() if before.get(rel) != v)


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("written") / "site"
    releases = site / "content" / "releases"
    releases.mkdir(parents=True)
    (site / "seeds").mkdir()
    for n in range(48):
        (releases / f"story-{n:02d}.md").write_text(_release(
            f"story-{n:02d}", f"Story {n}", START + dt.timedelta(days=n), [TAGS[n % 6], TAGS[(n + 1) % 6]],
            SOURCES[n % 3]), encoding="utf-8")
    for n in range(24):        # 24 releases of one instant, newer than all the others
        (releases / f"batch-{n:02d}.md").write_text(_release(
            f"batch-{n:02d}", f"Batch {n}", BATCH, [TAGS[n % 6]], SOURCES[n % 3]), encoding="utf-8")
    build(site)
    return site


def _moved_listing_pages(files, before):
    """Older listing pages (page/N) written that existed before, but for the one a new page
    closes (its "newer" link: once every P releases, the newest page's P oldest become a page
    of their own, written once)."""
    moved = []
    for f in files:
        if not ("/page/" in f or f.startswith("page/")) or f not in before:
            continue
        base, number = f.rsplit("/", 1)
        if f"{base}/{int(number.split('.')[0]) + 1}.html" in before:
            moved.append(f)
    return moved


def _add_and_build(site, slug, title, date, tags, source):
    """One more release in content/, and a build: (the output as it was, the files written)."""
    out = site / "output"
    before = state(out)
    (site / "content" / "releases" / f"{slug}.md").write_text(
        _release(slug, title, date, tags, source), encoding="utf-8")
    build(site)
    return before, written(before, state(out))


def _feeds(files) -> set:
    """The feeds written, without their format's extension (feeds/tag/x.atom.xml -> feeds/tag/x)."""
    return {f.rsplit(".", 2)[0] for f in files if f.startswith("feeds/")}


def test_a_new_release_on_top_writes_what_shows_it(site):
    before, files = _add_and_build(site, "on-top", "News on top", BATCH + dt.timedelta(days=1),
                                   ["Harbour", "Grain"], "Port Wire")
    assert "releases/on-top.html" in files and "index.html" in files
    assert not _moved_listing_pages(files, before), files      # no older listing page moves
    feeds = {f for f in files if f.startswith("feeds/")}
    mine = {"feeds/all", "feeds/tag/harbour", "feeds/tag/grain", "feeds/category/news",
            "feeds/source/port-wire"}
    assert _feeds(feeds) <= mine, sorted(feeds)
    pages = [f for f in files if f.startswith("releases/")]
    assert len(pages) <= 2, pages                       # itself and its older neighbour
    # the rest: the newest page of each listing it is in, its month and year, the indexes
    # with counts, the sitemaps: a number set by its tags, not by the archive
    assert len(files) <= len(feeds) + len(pages) + 20, files


def test_a_late_release_writes_no_page_older_than_it(site):
    """A late wire, dated a month back: the pages of releases older than it keep their
    bytes (those newer shift by one: the pages are counted from the oldest)."""
    late = START + dt.timedelta(days=20, hours=5)     # between story-20 and story-21
    _, files = _add_and_build(site, "late-wire", "A late wire", late, ["Rail"], "Desk Sud")
    assert "releases/late-wire.html" in files
    feeds = _feeds(files)
    assert feeds <= {"feeds/all", "feeds/tag/rail", "feeds/category/news", "feeds/source/desk-sud"}, feeds
    # home: 21 releases older than it; pages of 5 counted from the oldest: 1-4 hold only those
    for j in range(1, 5):
        assert f"page/{j}.html" not in files, files
    assert any(f.startswith("page/") for f in files)   # the newer pages did shift (the test bites)
    # every tag it is not in keeps all its pages but the newest (which counts and lists
    # neighbours' changes at most)
    for tag in ("harbour", "grain", "steel", "power", "water"):
        assert not [f for f in files if f.startswith(f"tag/{tag}/")], files


def test_a_release_joining_an_instant_leaves_the_others_feeds(site):
    """One more release of the batch's instant (a date-only wire of that day): the feeds of
    the batch's other releases keep their bytes (each entry's spread `updated` is its own:
    feeds/items.distinct_updated), and no page older than the batch moves."""
    _, files = _add_and_build(site, "batch-late", "Batch, late", BATCH, ["Steel"], "Agence Nord")
    assert "releases/batch-late.html" in files
    feeds = _feeds(files)
    assert feeds <= {"feeds/all", "feeds/tag/steel", "feeds/category/news", "feeds/source/agence-nord"}, feeds
    # home: 49 releases older than the batch (48 stories and the late wire): pages 1-9 hold only those
    for j in range(1, 10):
        assert f"page/{j}.html" not in files, files
