"""plugins/buildinputs.py (fastbuild's record): the no-change check hashes every input file, seeds/ included,
where anything may sit (tests/test_stathash.py: the digest never opens a FIFO or a device);
a name that is not UTF-8 must not crash it; a whole build with such a seeds/ folder
succeeds, twice (the second one skipped as unchanged)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from support import build_site, deadline

STORY = ("{title}\n\nNEW YORK, March 3, 2026 (Reuters) - Acme Corp bought Beta Inc for $5 million on "
         "Tuesday, the companies said, ending a year of talks.\n")


def hostile_seeds(seeds: Path, outside: Path) -> None:
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
    (seeds / os.fsdecode(b"caf\xe9.txt")).write_text(STORY.format(title="Cafe chain opens in Lyon"))
    (seeds / "two\nlines.txt").write_text(STORY.format(title="Newline in a file name"))
    os.mkfifo(seeds / "pipe.txt")
    os.symlink("/dev/zero", seeds / "zero.txt")
    outside.write_text("root:x:0:0:SECRET-OUTSIDE\n")
    os.symlink(outside, seeds / "passwd.txt")
    os.symlink("nowhere.txt", seeds / "dangling.txt")
    (seeds / ".hidden.txt").write_text(STORY.format(title="Hidden story"))
    (seeds / "sub").mkdir()


def test_a_build_with_a_hostile_seeds_folder_succeeds_and_is_then_skipped(tmp_path, caplog):
    seeds = tmp_path / "seeds"
    hostile_seeds(seeds, tmp_path / "outside.txt")
    with deadline(240), caplog.at_level(logging.INFO):
        out = build_site(tmp_path, seeds, {"LOAD_CONTENT_CACHE": True})
        pages = sorted(p.name for p in (out / "releases").glob("*.html"))
        assert len(pages) == 3, pages           # good, café, newline; nothing else
        caplog.clear()
        build_site(tmp_path, seeds, {"LOAD_CONTENT_CACHE": True})
    assert any("nothing changed" in rec.getMessage() for rec in caplog.records)
    site = "".join(p.read_text(errors="replace") for p in out.rglob("*.html"))
    assert "SECRET-OUTSIDE" not in site


def test_a_build_where_nothing_changed_writes_nothing_under_content(tmp_path, caplog, monkeypatch):
    """The ingest of a no-change build records the hashes of the files it found unchanged
    (plugins/stathash.py) under CACHE_PATH, never in content/: content/ (an input of fastbuild's
    no-change check) keeps every file's bytes and mtime, and the build is skipped."""
    import stathash

    monkeypatch.setattr(stathash, "SETTLED_SECONDS", 0.0)   # record them now, not 2 s on
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(5):
        (seeds / f"{i}.txt").write_text(STORY.format(title=f"Acme buys Beta unit {i}"))
    content = tmp_path / "content"

    def state():
        return {p.relative_to(content).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
                for p in sorted(content.rglob("*")) if p.is_file()}

    with deadline(240):
        build_site(tmp_path, seeds)
        before = state()
        assert ".wire-manifest.sqlite" in before
        [record] = (tmp_path / "cache").glob("fastbuild-*.json")
        built = record.stat().st_mtime_ns
        for i in range(2):
            caplog.clear()
            with caplog.at_level(logging.INFO):
                build_site(tmp_path, seeds)
            assert state() == before
            # skipped: fastbuild did not write its record again (and said so, the first time:
            # Pelican's log filter drops a message the same as one before)
            assert record.stat().st_mtime_ns == built
            assert i or any("nothing changed" in rec.getMessage() for rec in caplog.records)
    assert list((tmp_path / "cache").glob("wire-hashes-*.json"))     # recorded, and there


def _output_tree(root: Path) -> Path:
    """An output tree whose top holds names that sort around one another ("a-b/", "a.html",
    "a/", "ab", "ab.x/"), links, a folder walks skip and a name that is not UTF-8."""
    out = root / "output"
    for i in range(300):
        page = out / f"releases/{i % 7}/r{i}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{i}</p>")
    for rel in ("ab", "a.html", "a-b/x.html", "a/b/c.html", "a/b.html", "ab.x/y", "index.html", "page/2.html",
                "tag/x/index.html", "__pycache__/skipped.pyc", "tag/__pycache__/also.pyc"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel)
    (out / "dangling.html").symlink_to(root / "nowhere")
    (out / "linked-folder").symlink_to(out / "page", target_is_directory=True)   # not entered
    (out / "linked.html").symlink_to(out / "index.html")
    os.makedirs(os.path.join(os.fsencode(out), b"caf\xe9"))
    Path(os.fsdecode(os.path.join(os.fsencode(out), b"caf\xe9", b"m\xe9nu.html"))).write_text("x")
    (out / "_build").mkdir()
    (out / "_build" / "index.html").write_text("report")     # ignored by the snapshot
    return out


def _whole_walk_digest(out: Path) -> str:
    """What the output digest is defined as: one blake2b of the lines "path, size, mtime"
    of the whole sorted walk (stathash.walk), _build/ left out."""
    import hashlib

    import stathash

    lines = "".join(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n" for rel, st in stathash.walk(str(out))
                    if not rel.startswith("_build/"))
    return hashlib.blake2b(lines.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def test_the_output_digest_made_by_top_folders_is_the_whole_walks_digest(tmp_path):
    """The digest is made from the top-level folders' lines, put together in the walk's
    order (so that children can walk the folders): it must be the digest of the whole walk,
    whatever the names at the top, in this process and from 1, 2 or 3 children."""
    import buildinputs

    out = _output_tree(tmp_path)
    expected = _whole_walk_digest(out)
    assert buildinputs.output_snapshot(str(out)) == expected
    for workers in (1, 2, 3):
        assert buildinputs.OutputDigestBeside(str(out), fork=True, workers=workers).result() == expected
    assert buildinputs.OutputDigestBeside(str(out), fork=False).result() == expected
    (out / "a-b" / "x.html").write_text("longer than before")
    assert buildinputs.OutputDigestBeside(str(out), fork=True).result() == _whole_walk_digest(out) != expected
    assert _no_children_left()


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_output_digest_made_beside_the_check_is_the_snapshot_and_its_child_is_reaped(tmp_path):
    """nochange.py walks output/ in a forked child while it checks the inputs
    (buildinputs.OutputDigestBeside): its digest must be output_snapshot's, a changed tree
    must give another, and neither an answer nor a cancel may leave a child behind."""
    import buildinputs

    out = _output_tree(tmp_path)
    expected = buildinputs.output_snapshot(str(out))
    beside = buildinputs.OutputDigestBeside(str(out), fork=True, workers=2)
    assert len(beside.children) == 2 and os.getpid() not in {pid for pid, _ in beside.children}
    assert beside.result() == expected
    assert _no_children_left()

    (out / "releases/3/r3.html").unlink()                # a deleted output file
    changed = buildinputs.OutputDigestBeside(str(out), fork=True).result()
    assert changed != expected and changed == buildinputs.output_snapshot(str(out))

    cancelled = buildinputs.OutputDigestBeside(str(out), fork=True)
    cancelled.cancel()                                   # an input decided first
    assert cancelled.children == [] and _no_children_left()
    assert cancelled.result() == changed                 # asked anyway: made here


def test_why_build_with_the_digest_beside_tells_a_changed_output_and_reaps_on_a_changed_input(tmp_path):
    import buildinputs

    out = _output_tree(tmp_path)
    inputs = tmp_path / "content"
    inputs.mkdir()
    (inputs / "a.md").write_text("Title: A\n\nA.\n")
    roots = {"content": str(inputs)}
    recorded = {"version": buildinputs.RECORD_VERSION, "settings": "k",
                "inputs": buildinputs.snapshot_inputs({"PATH": str(inputs)}, now=0.0),
                "output": buildinputs.output_snapshot(str(out))}

    def check():
        return buildinputs.why_build(recorded, "k", roots, str(out), now=1.0,
                                     output_digest=buildinputs.OutputDigestBeside(str(out), fork=True))

    assert check() is None
    (out / "releases/1/r1.html").write_text("<p>changed by hand, longer</p>")
    assert check() == "the output folder was changed since the last build"
    (inputs / "a.md").write_text("Title: A\n\nEdited, longer.\n")
    assert check().startswith("input changed: content/a.md")
    assert _no_children_left()


def test_the_check_from_a_snapshot_says_what_the_walk_says(tmp_path, monkeypatch):
    """fastbuild makes the snapshot its new record needs first and compares it with the record
    (buildinputs.changed_between) instead of walking the inputs a second time: for a new, a
    removed, an edited (same size), a touched and a racy file the answer must be the walk's
    (changed_input), seeds/ looked at first."""
    import time

    import buildinputs
    import stathash

    seeds, content = tmp_path / "seeds", tmp_path / "content"
    for folder in (seeds, content / "releases"):
        folder.mkdir(parents=True)
    for i in range(20):
        (seeds / f"w{i}.txt").write_text(f"wire {i:02d}")
        (content / "releases" / f"r{i}.md").write_text(f"Title: {i:02d}\n")
    settings = {"PATH": str(content), "WIRE_SEEDS_PATH": str(seeds)}
    roots = buildinputs.input_roots(settings)
    later = time.time() + 60               # every file settled when recorded
    recorded = buildinputs.snapshot_inputs(settings, now=later)

    def both():
        walk = buildinputs.changed_input(roots, recorded)
        snap = buildinputs.changed_between(buildinputs.snapshot_inputs(settings, recorded, now=later), recorded)
        assert snap == walk
        return snap

    assert both() is None
    os.utime(content / "releases" / "r3.md", ns=(1, 10**18))       # touched: same bytes
    assert both() is None
    (content / "releases" / "r4.md").write_text("Title: XX\n")     # edited, same size
    assert both() == "content/releases/r4.md"
    (content / "releases" / "r4.md").write_text("Title: 04\n")
    (seeds / "w99.txt").write_text("a new wire file")
    (content / "releases" / "r5.md").unlink()
    assert both() == "seeds/w99.txt (new)"                       # seeds/ first
    (seeds / "w99.txt").unlink()
    assert both() == "content: a file was removed"
    (content / "releases" / "r5.md").write_text("Title: 05\n")
    assert both() is None
    racy = buildinputs.snapshot_inputs(settings, recorded, now=0.0)   # recorded unsettled
    assert buildinputs.changed_between(buildinputs.snapshot_inputs(settings, racy, now=later), racy) is None
    assert buildinputs.changed_between(recorded, {**recorded, "roots": {}}) == "the set of input folders"


def test_fastbuild_checks_its_snapshot_and_does_not_walk_the_inputs_twice(tmp_path, monkeypatch, caplog):
    """A build through Pelican (no early check) makes the snapshot its record needs and
    compares it with the record: the walk-based check is never called, and a second build
    with nothing changed is still skipped, a third after an edit is not."""
    import buildinputs

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(STORY.format(title="Acme buys Beta"))

    def walked(*_args, **_kw):
        raise AssertionError("fastbuild walked the inputs a second time (changed_input)")

    monkeypatch.setattr(buildinputs, "changed_input", walked)
    with deadline(240):
        build_site(tmp_path, seeds)
        with caplog.at_level(logging.INFO, logger="fastbuild"):
            build_site(tmp_path, seeds)
        assert any("nothing changed" in r.getMessage() for r in caplog.records)
        (seeds / "a.txt").write_text(STORY.format(title="Acme buys Beta, a later version"))
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="fastbuild"):
            build_site(tmp_path, seeds)
        assert any("full build (input changed: seeds/a.txt)" in r.getMessage() for r in caplog.records)
