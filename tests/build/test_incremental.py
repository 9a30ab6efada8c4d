"""plugins/fastbuild keeps the output of a plain full build: a site built once, then changed
(a new wire file, a release edited by hand) and rebuilt incrementally, is byte for byte the
site a from-scratch build without fastbuild writes from the same final inputs. Each build
runs in a fresh process (bench/build_once.py), as `invoke build` does, so no plugin state
carries over; the forked page writer is on (threshold lowered to this small site)."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
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
