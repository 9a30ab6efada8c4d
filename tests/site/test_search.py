"""plugins/newsroom/search.py: search in shards, on real builds. A site of 40 releases with
small shards (PAGEFIND_SHARD_SIZE=12, PAGEFIND_NEW_SHARD_SIZE=4) is built as `invoke build`
builds it (bench/build_once.py, a fresh process per build), then changed and rebuilt: a new
release re-indexes only the newest shard, an edit only its shard, a deleted or withdrawn
release leaves its shard, a damaged shard is rebuilt; a site smaller than one shard has its one
index in output/pagefind/ as before."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
from newsroom import search  # noqa: E402

RELEASES = 40
SMALL = ["--set", "PAGEFIND_SHARD_SIZE=12", "--set", "PAGEFIND_NEW_SHARD_SIZE=4"]


def release(n: int, *, day: int | None = None, tags: str = "", body: str = "") -> str:
    day = n if day is None else day
    source = ("Alpha Wire", "Beta Wire", "Gamma Wire")[n % 3]
    kind = ("News", "Press Releases")[n % 2]
    return (f"Title: Story number {n}\nDate: 2024-{1 + day // 28:02d}-{1 + day % 28:02d}T{n % 24:02d}:15:00+00:00\n"
            f"Source: {source}\nCategory: {kind}\nTags: Common{', ' + tags if tags else ''}\n"
            f"Slug: story-{n:03d}\n\nThe council met about zword{n} today.\n\n{body or 'Nothing more.'}\n")


def write(site: Path, n: int, **kw) -> Path:
    md = site / "content" / "releases" / f"story-{n:03d}.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(release(n, **kw), encoding="utf-8")
    return md


def build(site: Path, *extra: str) -> str:
    (site / "seeds").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                           "--pagefind", "--verbose", "--set", "WIREPRESS_BUILD_REPORT=false",
                           *SMALL, *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def shard_list(out: Path) -> list[dict]:
    return json.loads((out / "pagefind" / "shards.json").read_text())["shards"]


def manifest(out: Path, entry: dict) -> dict:
    return json.loads((out / entry["path"] / search.MANIFEST).read_text())


def state(out: Path) -> dict[str, tuple]:
    """Each shard (by id): its folder, and its index's entry file's inode and mtime (a
    re-indexed shard is a new folder written by Pagefind)."""
    got = {}
    for entry in shard_list(out):
        st = (out / entry["path"] / "pagefind-entry.json").stat()
        got[entry["id"]] = (entry["path"], st.st_ino, st.st_mtime_ns)
    return got


def indexed(log: str) -> list[str]:
    """The shards a build indexed, as its log says."""
    return re.findall(r"pagefind: shard (\S+), \d+ pages, indexed in", log)


def page_counts(out: Path) -> dict[str, int]:
    counts = {}
    for entry in shard_list(out):
        data = json.loads((out / entry["path"] / "pagefind-entry.json").read_text())
        counts[entry["id"]] = sum(lang["page_count"] for lang in data["languages"].values())
    return counts


def holder(out: Path, page: str) -> str:
    found = [e["id"] for e in shard_list(out) if any(p[0] == page for p in manifest(out, e)["pages"])]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("search-shards")
    for n in range(RELEASES):
        write(site, n, tags="Harbour" if n == 2 else "")
    log = build(site)
    return site, log


def test_a_sharded_index_holds_every_release_once(site):
    site, log = site
    out = site / "output"
    shards = shard_list(out)
    assert len(shards) >= 4
    assert shards[0]["path"] == "pagefind/"                       # the newest: as before
    assert all(s["path"] == f"pagefind-shards/{s['id']}/" for s in shards[1:])
    assert sorted(p.name for p in (out / "pagefind-shards").iterdir()) == sorted(s["id"] for s in shards[1:])
    assert all(s["pages"] <= 12 for s in shards) and shards[0]["pages"] <= 4
    # consecutive date ranges, newest first
    assert all(newer["first"] >= older["last"] for newer, older in zip(shards, shards[1:]))
    counts = page_counts(out)
    assert sum(counts.values()) == RELEASES
    assert all(counts[s["id"]] == s["pages"] for s in shards)
    indexed = sorted(p[0] for s in shards for p in manifest(out, s)["pages"])
    assert indexed == sorted(f"releases/story-{n:03d}.html" for n in range(RELEASES))
    assert f"pagefind: {RELEASES} pages in {len(shards)} shards; {len(shards)} indexed again" in log
    # the filters and the sort key are in every shard's index
    for s in shards:
        assert (out / s["path"] / "filter").is_dir() and any((out / s["path"] / "filter").iterdir())


def test_nothing_changed_indexes_nothing(site):
    site, _ = site
    out = site / "output"
    before = state(out)
    log = build(site)
    assert state(out) == before
    # fastbuild skips the whole build, or the build runs and Pagefind indexes nothing
    assert "0 indexed again (none)" in log or "nothing changed since the last build" in log
    # the indexing itself, run again on the same output, with one page rewritten unchanged
    page = out / "releases" / "story-007.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    pages = [f"releases/{p.name}" for p in (out / "releases").glob("*.html")]
    report = search.index_shards(str(out), pages, shard_size=12, new_shard_size=4,
                                 force_language="en", stage_root=str(site / "stage"))
    assert report.built == [] and report.pages == RELEASES
    assert state(out) == before
    entry = [p for p in manifest(out, {"path": before[holder(out, "releases/story-007.html")][0]})["pages"]
             if p[0] == "releases/story-007.html"][0]
    assert entry[4] == page.stat().st_mtime_ns              # its fresh mtime noted: not read again


def test_a_new_release_reindexes_only_the_newest_shard(site):
    site, _ = site
    out = site / "output"
    before = state(out)
    old_page = out / "releases" / "story-002.html"
    old_bytes = old_page.read_bytes()
    write(site, 40, day=45, tags="Harbour")           # the newest, sharing a rare tag with story 2
    log = build(site)
    after = state(out)
    newest = shard_list(out)[0]
    assert holder(out, "releases/story-040.html") == newest["id"]
    changed = [sid for sid in after if before.get(sid) != after[sid]]
    assert changed == [newest["id"]], log[-2000:]
    assert "1 indexed again" in log and indexed(log) == [newest["id"]]
    # story 2's shard is untouched: with local page inputs (fastbuild) its page lists only the
    # releases before it, and whatever a side column names is not what is searched
    # (test_what_search_reads_of_a_page)
    assert old_page.read_bytes() == old_bytes
    assert before[holder(out, "releases/story-002.html")] == after[holder(out, "releases/story-002.html")]
    assert sum(page_counts(out).values()) == RELEASES + 1


def test_an_edit_reindexes_only_the_shard_holding_the_release(site):
    site, _ = site
    out = site / "output"
    sid = holder(out, "releases/story-005.html")
    assert shard_list(out)[0]["id"] != sid                     # a closed shard
    before = state(out)
    write(site, 5, body="A correction: the figure was zcorrected, not lower.")
    log = build(site)
    after = state(out)
    assert [s for s in after if before.get(s) != after[s]] == [sid], log[-2000:]
    assert indexed(log) == [sid]
    assert set(after) == set(before)                           # same pages, same shard names
    assert after[sid][0] == before[sid][0]                     # in its place
    words = b"".join(p.read_bytes() for p in (out / after[sid][0] / "fragment").iterdir())
    assert len(words) > 0


def test_a_withdrawn_or_deleted_release_leaves_its_shard(site):
    site, _ = site
    out = site / "output"
    withdrawn, deleted = "releases/story-011.html", "releases/story-020.html"
    before = state(out)
    shards_hit = {holder(out, withdrawn), holder(out, deleted)}
    md = site / "content" / "releases" / "story-011.md"
    md.write_text(md.read_text().replace("Slug:", "Status: hidden\nSlug:"))   # as a kill leaves it
    (site / "content" / "releases" / "story-020.md").unlink()
    log = build(site)
    assert (out / withdrawn).exists() and "data-pagefind-body" not in (out / withdrawn).read_text()
    indexed = {p[0] for s in shard_list(out) for p in manifest(out, s)["pages"]}
    assert withdrawn not in indexed and deleted not in indexed
    assert sum(page_counts(out).values()) == RELEASES + 1 - 2
    after = state(out)
    untouched = {sid for sid in before if sid not in shards_hit}
    # every other shard kept (a boundary may move into the next shard: at most one more)
    kept = {sid for sid in untouched if after.get(sid) == before[sid]}
    assert len(untouched - kept) <= 1, log[-2000:]
    assert all(sid not in after for sid in shards_hit)          # new page sets, new names


def test_a_damaged_or_missing_shard_is_rebuilt(site):
    site, _ = site
    out = site / "output"
    shards = shard_list(out)
    victim, lost = shards[2], shards[3]
    fragments = sorted((out / victim["path"] / "fragment").iterdir())
    fragments[0].unlink()                                       # damaged
    shutil.rmtree(out / lost["path"])                           # gone
    (out / "pagefind-shards" / ".new-leftover").mkdir()         # a crashed build's folder
    before = state_safe(out)
    log = build(site)
    after = state(out)
    assert set(after) == set(before)
    assert sorted(indexed(log)) == sorted([victim["id"], lost["id"]]), log[-2000:]
    assert all(after[sid] == before[sid] for sid in after if sid not in (victim["id"], lost["id"]))
    assert (out / victim["path"] / "fragment" / fragments[0].name).exists()
    assert not (out / "pagefind-shards" / ".new-leftover").exists()


def state_safe(out: Path) -> dict[str, tuple]:
    got = {}
    for entry in shard_list(out):
        try:
            st = (out / entry["path"] / "pagefind-entry.json").stat()
        except OSError:
            got[entry["id"]] = None
            continue
        got[entry["id"]] = (entry["path"], st.st_ino, st.st_mtime_ns)
    return got


def test_a_site_smaller_than_one_shard_is_one_index_as_before(tmp_path):
    for n in range(3):
        write(tmp_path, n)
    build(tmp_path, "--set", "PAGEFIND_NEW_SHARD_SIZE=8")
    out = tmp_path / "output"
    assert not (out / "pagefind-shards").exists()
    assert [s["path"] for s in shard_list(out)] == ["pagefind/"]
    assert (out / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == 3


def test_what_search_reads_of_a_page():
    page = (b'<html lang="en"><body><article data-pagefind-body>'
            b'<p class="kicker" data-pagefind-ignore><a data-pagefind-filter="kind:News">News</a></p>'
            b"<h1>Title</h1><p>Body text</p>"
            b'<footer data-pagefind-ignore><ul><li><a data-pagefind-filter="tag">Harbour</a></li></ul>'
            b'<nav><a href="/newer.html">Newer release</a></nav></footer>'
            b'<aside data-pagefind-ignore><div><div>More from: <a href="/x.html">X</a></div></div></aside>'
            b"</article><script>var x = '<aside>';</script></body></html>")
    fp = search.fingerprint(page)
    assert search.is_search_page(page) and not search.is_search_page(b"<p>data-pagefind-body</p>")
    # not searched: the newer/older links, the side column, scripts
    assert search.fingerprint(page.replace(b"/newer.html", b"/other.html")) == fp
    assert search.fingerprint(page.replace(b">X<", b">Y<")) == fp
    assert search.fingerprint(page.replace(b"var x", b"var y")) == fp
    # searched: the body, a filter inside an ignored element, its kind, the language
    for a, b in ((b"Body text", b"Body texts"), (b">Harbour<", b">Port<"),
                 (b"kind:News", b"kind:Other"), (b'lang="en"', b'lang="kk"')):
        assert search.fingerprint(page.replace(a, b)) != fp, a


def _output_without_search(site: Path, dest: Path) -> Path:
    shutil.copytree(site / "output", dest, ignore=shutil.ignore_patterns("pagefind", "pagefind-shards"))
    return dest


def test_shards_indexed_two_at_a_time_are_those_indexed_one_by_one(site, tmp_path, monkeypatch):
    site, _ = site
    real, running, most = search._run_pagefind, [0], [0]

    def counted(*args):          # the real Pagefind, counting how many run at once
        running[0] += 1
        most[0] = max(most[0], running[0])
        try:
            real(*args)
        finally:
            running[0] -= 1

    monkeypatch.setattr(search, "_run_pagefind", counted)
    found = {}
    for workers in (1, 2):
        out = _output_without_search(site, tmp_path / f"out-{workers}")
        pages = [f"releases/{p.name}" for p in (out / "releases").glob("*.html")]
        most[0] = 0
        report = search.index_shards(str(out), pages, shard_size=12, new_shard_size=4, force_language="en",
                                     stage_root=str(tmp_path / "stage"), workers=workers)
        assert most[0] == workers, (workers, most[0])
        assert len(report.built) >= 4
        # Pagefind's own files differ from run to run (its hashes), even one by one: each
        # shard's pages (our manifest) and the number its index holds are what must agree
        found[workers] = ([(e["id"], e["path"], e["pages"]) for e in shard_list(out)], page_counts(out),
                          {e["id"]: [p[:4] for p in manifest(out, e)["pages"]] for e in shard_list(out)})
    assert found[1] == found[2]


def test_a_shard_that_fails_fails_the_indexing_and_leaves_nothing_half_made(site, tmp_path, monkeypatch):
    site, _ = site
    real, calls = search._run_pagefind, []

    def second_fails(stage, dest, lang):
        calls.append(dest.name)
        if len(calls) == 2:
            raise RuntimeError("pagefind failed (1): disk full")
        real(stage, dest, lang)

    monkeypatch.setattr(search, "_run_pagefind", second_fails)
    out = _output_without_search(site, tmp_path / "out")
    pages = [f"releases/{p.name}" for p in (out / "releases").glob("*.html")]
    with pytest.raises(RuntimeError, match="disk full"):
        search.index_shards(str(out), pages, shard_size=12, new_shard_size=4, force_language="en",
                            stage_root=str(tmp_path / "stage"), workers=2)
    assert len(calls) >= 4                       # the others ran to their end: none left running
    assert not list((out / search.CLOSED).glob(".new-*"))
    assert not (out / "pagefind").exists()       # nothing published half-made
