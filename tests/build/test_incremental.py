"""plugins/fastbuild keeps the output of a plain full build: a site built once, then changed
(a new wire file, a release edited by hand) and rebuilt incrementally, is byte for byte the
site a from-scratch build without fastbuild writes from the same final inputs. Each build
runs in a fresh process (bench/build_once.py), as `invoke build` does, so no plugin state
carries over; the forked page writer is on (threshold lowered to this small site)."""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from synthwire import write_wire_files  # noqa: E402

RELEASES = 120
# the forked page writer on (threshold lowered to this small site); small listing pages, so
# that the home page, tags, categories, sources and months have many pages numbered from the
# oldest (plugins/newsroom/listings.py) and the rebuild must get every one of them right
FORK = ["--set", "FASTBUILD_PARALLEL_MIN=20", "--set", "DEFAULT_PAGINATION=5"]


def build(kind: str, site: Path, *extra: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), kind, str(site),
                           "--verbose", *FORK, *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Cannot load plugin" not in done.stderr, done.stderr[-3000:]
    return done.stderr


def tree(folder: Path) -> dict[str, os.stat_result]:
    """Every output file but the dev build report (/_build/: `invoke build` writes it, with the
    time of the build in it; the reference build, plain Pelican.run(), does not)."""
    return {rel: p.stat() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (rel := str(p.relative_to(folder))).startswith("_build/")}


def assert_same_tree(a: Path, b: Path) -> None:
    files_a, files_b = tree(a), tree(b)
    assert sorted(files_a) == sorted(files_b), (
        f"only in incremental: {sorted(set(files_a) - set(files_b))[:10]}; "
        f"only in full: {sorted(set(files_b) - set(files_a))[:10]}")
    differ = [rel for rel in files_a if not filecmp.cmp(a / rel, b / rel, shallow=False)]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    work = tmp_path_factory.mktemp("fastbuild")
    pool = work / "pool"
    write_wire_files(pool, RELEASES + 1, seed=7)
    inc = work / "incremental"
    (inc / "seeds").mkdir(parents=True)
    names = sorted(os.listdir(pool))
    for name in names[:-1]:
        shutil.copy2(pool / name, inc / "seeds")
    first = build("ours", inc)
    assert "nothing changed" not in first
    before = tree(inc / "output")

    # The change: one new wire file, and an editor's correction to one release.
    shutil.copy2(pool / names[-1], inc / "seeds")
    releases = sorted((inc / "content" / "releases").glob("*.md"))
    edited = releases[len(releases) // 2]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n")
                      + "\n\nCorrection: an earlier version misstated a figure.\n", encoding="utf-8")
    second = build("ours", inc)
    assert "nothing changed" not in second

    # From scratch, without fastbuild, from the same final inputs (content as it is now).
    full = work / "full"
    (full / "seeds").mkdir(parents=True)
    for name in names:
        shutil.copy2(pool / name, full / "seeds")
    shutil.copytree(inc / "content", full / "content")
    build("reference", full)
    return {"inc": inc, "full": full, "before": before, "edited": edited}


def test_incremental_rebuild_equals_full_build(sites):
    inc, full = sites["inc"] / "output", sites["full"] / "output"
    assert_same_tree(inc, full)
    # the change really reached the site (else equal trees would prove little)
    slug = sites["edited"].stem
    page = next(inc.rglob(f"{slug}.html"))
    assert "misstated a figure" in page.read_text(encoding="utf-8")
    assert len(tree(inc)) > len(sites["before"])
    # stable pagination is in play: numbered older pages of the home page, tags and months
    assert len(list(inc.glob("page/*.html"))) >= 20
    assert list(inc.glob("tag/*/page/*.html")) and list(inc.glob("archives/*/*/index.html"))


def test_rebuild_leaves_unchanged_pages_alone(sites):
    """Pages whose bytes did not change keep their mtime through the incremental rebuild."""
    after = tree(sites["inc"] / "output")
    before = sites["before"]
    slug = sites["edited"].stem
    untouched = [rel for rel in before if rel.startswith("releases/") and slug not in rel
                 and after[rel].st_mtime_ns == before[rel].st_mtime_ns]
    rewritten = [rel for rel in before if rel.startswith("releases/")
                 and after[rel].st_mtime_ns != before[rel].st_mtime_ns]
    assert f"releases/{slug}.html" in rewritten
    # only the edited release and its neighbours/"more from" lists can change
    assert len(untouched) > len(rewritten), (len(untouched), rewritten[:10])


def test_no_change_rebuild_writes_nothing(sites):
    inc = sites["inc"]
    if "input changed: plugins" in build("ours", inc):
        build("ours", inc)   # someone edited plugins/ meanwhile (a dev checkout): settle first
    before = tree(inc / "output")
    log = build("ours", inc)
    assert "nothing changed" in log, log[-2000:]
    after = tree(inc / "output")
    assert sorted(after) == sorted(before)
    moved = [rel for rel in before if after[rel].st_mtime_ns != before[rel].st_mtime_ns]
    assert not moved, moved[:10]
    assert_same_tree(inc / "output", sites["full"] / "output")


def test_touched_output_forces_a_real_build(sites):
    """A deleted output file is noticed: the next build writes it back."""
    inc = sites["inc"] / "output"
    victim = sorted((inc / "releases").glob("*.html"))[3]
    victim.unlink()
    log = build("ours", sites["inc"])
    assert "nothing changed" not in log
    assert victim.is_file()
    assert_same_tree(inc, sites["full"] / "output")


# --- Render skipping (plugins/fastbuild/fingerprint.py, catalog.py) ---------------------------
# One site changed step by step, each step compared byte for byte with a from-scratch build
# (no fastbuild) of the same content, theme and settings: a new release, an edit, a deletion,
# an embargo lifting, a theme template edit, a settings change; then a corrupt and a missing
# catalog. Small listing pages and the forked writer as above; two languages and a translation.

STEPS = 60


def _release(slug: str, title: str, date: str, tags: str, lang: str | None = None,
             translation_of: str | None = None, source: str = "Wirepress Desk") -> str:
    head = [f"Title: {title}", f"Date: {date}", f"Source: {source}", "Category: News",
            f"Tags: {tags}", f"Summary: {title}.", f"Slug: {slug}"]
    if lang:
        head.append(f"Lang: {lang}")
    if translation_of:
        head.append(f"Translation-Of: {translation_of}")
    return "\n".join(head) + f"\n\n{title}. A paragraph of the story.\n"


def _counts(log: str) -> tuple[int, int]:
    found = re.findall(r"(\d+) pages and feeds rendered, (\d+) skipped", log)
    assert found, log[-2000:]
    return int(found[-1][0]), int(found[-1][1])


class Steps:
    def __init__(self, work: Path):
        self.work, self.site, self.n = work, work / "inc", 0
        self.theme = work / "theme"
        self.extra: list[str] = ["--set", f"THEME={json.dumps(str(self.theme))}"]

    def build(self) -> str:
        return build("ours", self.site, *self.extra)

    def compare(self) -> None:
        """A from-scratch build (no fastbuild, no cache) of the site's content as it is now."""
        self.n += 1
        full = self.work / f"full-{self.n}"
        (full / "seeds").mkdir(parents=True)
        for f in (self.site / "seeds").iterdir():
            shutil.copy2(f, full / "seeds")
        shutil.copytree(self.site / "content", full / "content")
        build("reference", full, *self.extra)
        assert_same_tree(self.site / "output", full / "output")
        shutil.rmtree(full)

    @property
    def releases(self) -> Path:
        return self.site / "content" / "releases"



@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    st = Steps(tmp_path_factory.mktemp("renderskip"))
    shutil.copytree(ROOT / "theme", st.theme)
    pool = st.work / "pool"
    write_wire_files(pool, STEPS + 1, seed=11)
    (st.site / "seeds").mkdir(parents=True)
    st.pool = sorted(pool.iterdir())
    for f in st.pool[:-1]:
        shutil.copy2(f, st.site / "seeds")
    st.releases.mkdir(parents=True)
    # a second language, and a translation of one story
    (st.releases / "desk-original.md").write_text(_release(
        "desk-original", "Desk opens a new bureau", "2026-01-05T09:00:00+00:00", "Bureau, Alpha"), encoding="utf-8")
    (st.releases / "desk-original-de.md").write_text(_release(
        "desk-original-de", "Desk eroeffnet ein neues Buero", "2026-01-05T10:00:00+00:00", "Bureau, Alpha",
        lang="de", translation_of="desk-original"), encoding="utf-8")
    (st.releases / "desk-de-2.md").write_text(_release(
        "desk-de-2", "Zweite Meldung", "2026-01-06T10:00:00+00:00", "Alpha", lang="de"), encoding="utf-8")
    first = st.build()
    assert _counts(first)[1] == 0          # a first build renders everything
    st.first_counts = _counts(first)
    return st


def test_01_new_release_renders_o_tags_pages(steps):
    # one new wire file (its date anywhere in the archive: it shifts the pages after it)
    shutil.copy2(steps.pool[-1], steps.site / "seeds")
    steps.build()
    steps.compare()
    # news arrives on top: a release newer than all, with three tags (one of them new)
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 5))
    (steps.releases / "on-top.md").write_text(_release(
        "on-top", "News on top", now, "Alpha, Bureau, Brand new tag"), encoding="utf-8")
    log = steps.build()
    rendered, skipped = _counts(log)
    # per listing it is in (home, category, source, month, each tag): its newest page, the
    # one closed when the page fills, the previous newest release's listings, their feeds;
    # its own page and its older neighbour's; the indexes with counts (tags, categories,
    # sources, archives, the year, Subscribe); on this small site, also the oldest release of
    # each small group it joins (its "more from" list is the nearest newer releases) and the
    # listing pages that show those. Not the archive.
    listings = 3 + 4
    assert rendered <= 5 * listings + 25, (rendered, skipped)
    assert skipped > 5 * rendered, (rendered, skipped)
    steps.compare()


def test_02_edit_of_a_release(steps):
    victim = sorted(steps.releases.glob("*.md"))[10]
    text = victim.read_text(encoding="utf-8")
    title = re.search(r"^Title: (.*)$", text, re.M).group(1)
    # its title shows on its neighbours' pages and in the listings: they must follow
    victim.write_text(text.replace(f"Title: {title}", f"Title: {title} (corrected)", 1)
                      + "\nCorrection: a figure was misstated.\n", encoding="utf-8")
    steps.build()
    steps.compare()


def test_03_deleted_release(steps):
    victim = sorted(steps.releases.glob("*.md"))[20]
    text = victim.read_text(encoding="utf-8")
    source = re.search(r"^Wire-Source: (.*)$", text, re.M)
    if source:           # its wire file goes too, else the ingest would write it back
        (steps.site / "seeds" / source.group(1).strip()).unlink()
    victim.unlink()
    slug = re.search(r"^Slug: (.*)$", text, re.M).group(1)
    assert (steps.site / "output" / "releases" / f"{slug}.html").exists()
    steps.build()
    assert not (steps.site / "output" / "releases" / f"{slug}.html").exists()
    steps.compare()


def test_04_embargo_lifts(steps):
    # a release dated 30 s from now is a draft (fastbuild's valid_until), then becomes due
    due = time.time() + 30
    (steps.releases / "embargoed.md").write_text(_release(
        "embargoed", "Embargoed figures", time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due)),
        "Gamma, Alpha"), encoding="utf-8")
    steps.build()
    assert time.time() < due, "the build took longer than the embargo: this test needs a larger margin"
    assert (steps.site / "output" / "drafts" / "embargoed.html").exists()
    assert not (steps.site / "output" / "releases" / "embargoed.html").exists()
    time.sleep(max(0.0, due - time.time() + 1))
    log = steps.build()
    assert "an embargo lifted" in log
    assert (steps.site / "output" / "releases" / "embargoed.html").exists()
    steps.compare()


def test_05_theme_template_edit(steps):
    base = steps.theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "<footer class=\"site-footer\">", "<footer class=\"site-footer\" data-edited=\"yes\">"), encoding="utf-8")
    log = steps.build()
    assert _counts(log)[1] < 10          # every page uses base.html: (nearly) all rendered
    assert 'data-edited="yes"' in (steps.site / "output" / "index.html").read_text(encoding="utf-8")
    steps.compare()


def test_06_settings_change(steps):
    steps.extra += ["--set", 'SITESUBTITLE="Wire copy, checked"']
    log = steps.build()
    assert _counts(log)[1] == 0
    assert "Wire copy, checked" in (steps.site / "output" / "index.html").read_text(encoding="utf-8")
    steps.compare()


def _catalogs(steps) -> list[Path]:
    return sorted((steps.site / "cache").glob("catalog-*.sqlite"))


def test_07_corrupt_or_missing_catalog_renders_everything(steps):
    (steps.releases / "late.md").write_text(_release(
        "late", "A late story", "2026-02-01T08:00:00+00:00", "Alpha"), encoding="utf-8")
    cats = _catalogs(steps)
    assert len(cats) == 1
    cats[0].write_bytes(b"this is not a database" * 100)
    log = steps.build()
    assert "not used" in log and _counts(log)[1] == 0
    steps.compare()
    # and missing
    _catalogs(steps)[0].unlink()
    (steps.releases / "later.md").write_text(_release(
        "later", "A later story", "2026-02-02T08:00:00+00:00", "Alpha"), encoding="utf-8")
    log = steps.build()
    assert _counts(log)[1] == 0
    steps.compare()
    # and back to skipping
    (steps.releases / "latest.md").write_text(_release(
        "latest", "The latest story", "2026-02-03T08:00:00+00:00", "Alpha"), encoding="utf-8")
    rendered, skipped = _counts(steps.build())
    assert skipped > rendered
    steps.compare()


def test_08_each_release_digested_once_per_build(steps):
    """The fingerprints walk each content object once per build, in whichever process: the
    forked page writer inherits the digests made before the fork (fingerprint.Digester.prime)
    instead of walking every release again for its half of the pages."""
    (steps.releases / "once.md").write_text(_release(
        "once", "Walked once", "2026-02-04T08:00:00+00:00", "Alpha"), encoding="utf-8")
    log = steps.build()
    found = re.findall(r"(\d+) content objects digested for (\d+) pages", log)
    assert found, log[-2000:]
    digested, pages = map(int, found[-1])
    contents = len(list(steps.site.joinpath("content").rglob("*.md")))
    # every release is shown by some page (its own, a listing), so nearly all are walked;
    # none twice (two processes walking all would give about twice as many)
    assert contents // 2 <= digested <= contents, (digested, contents, pages)
    steps.compare()
