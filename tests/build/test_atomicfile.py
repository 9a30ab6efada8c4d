"""plugins/atomicfile.py: output files are replaced atomically, so a reader (a web server)
never sees half a file: the helper on its own, then a reader polling a real site's files
while a build rewrites every page, feed and sitemap (and every rewritten file is a new inode
renamed into place, which is what makes it atomic)."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))
import atomicfile  # noqa: E402


def test_write_replaces_whole_file_with_plain_mode(tmp_path):
    path = tmp_path / "deep" / "page.html"
    assert atomicfile.write_bytes(path, b"old")
    assert atomicfile.write_bytes(path, b"new bytes")
    assert path.read_bytes() == b"new bytes"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask       # not mkstemp's 0600
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.html"]   # no temporary left


def test_if_changed_leaves_identical_file_alone(tmp_path):
    path = tmp_path / "feed.xml"
    atomicfile.write_bytes(path, b"<feed/>")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not atomicfile.write_bytes(path, b"<feed/>", if_changed=True)
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert atomicfile.write_bytes(path, b"<feed></feed>", if_changed=True)


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "page.html"
    atomicfile.write_bytes(path, b"complete old page")


    with pytest.raises(TypeError):
        atomicfile.write_bytes(path, object())       # fails while writing the temporary
    assert path.read_bytes() == b"complete old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_concurrent_writers_and_a_reader(tmp_path):
    """Two writers (as the forked page writer and the main process may be) and a reader:
    every read is one complete version; unique temporaries never collide."""
    path = tmp_path / "index.html"
    versions = [(b"<html>" + bytes([65 + i]) * (50_000 + 997 * i) + b"</html>") for i in range(8)]
    atomicfile.write_bytes(path, versions[0])
    stop = threading.Event()
    bad = []

    def reader():
        while not stop.is_set():
            data = path.read_bytes()
            if data not in versions:
                bad.append(len(data))

    def writer(offset):
        for k in range(200):
            atomicfile.write_bytes(path, versions[(k + offset) % len(versions)])

    threads = [threading.Thread(target=reader)] + [threading.Thread(target=writer, args=(o,)) for o in (0, 3)]
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join()
    stop.set()
    threads[0].join()
    assert not bad, f"{len(bad)} partial reads, e.g. {bad[:5]} bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


# ---- a real build, read while it writes -------------------------------------------------------

SKIP = ("theme/", "_build/")     # the theme's static files are copied by Pelican (unchanged
                                 # bytes here), the dev report is written after the build


def complete(rel: str, data: bytes) -> bool:
    if rel.endswith(".html"):
        return data.rstrip().endswith(b"</html>")
    if rel.endswith(".xml"):
        try:
            ET.fromstring(data)
        except ET.ParseError:
            return False
        return True
    if rel.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    return True


def test_reader_never_sees_a_half_written_file_during_a_build(tmp_path):
    from synthwire import write_wire_files

    site = tmp_path / "site"
    write_wire_files(site / "seeds", 80, seed=5)

    def build(name):
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
                               "--set", f'SITENAME="{name}"', "--set", "FASTBUILD_PARALLEL_MIN=20"],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]

    build("Newsroom One")
    out = site / "output"
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                   and not p.relative_to(out).as_posix().startswith(SKIP))
    assert len(files) > 300
    inode = {rel: (out / rel).stat().st_ino for rel in files}
    stop = threading.Event()
    partial, reads, renamed = [], [0], set()

    def reader():
        while not stop.is_set():
            for rel in files:
                try:
                    data = (out / rel).read_bytes()
                except FileNotFoundError:
                    partial.append((rel, "missing"))      # a replace never leaves a gap
                    continue
                reads[0] += 1
                if not complete(rel, data):
                    partial.append((rel, len(data)))
                elif b"Newsroom Two" in data:
                    renamed.add(rel)
                if stop.is_set():
                    break

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        time.sleep(0.2)
        build("Newsroom Two")        # a settings change: every page and feed is rewritten
    finally:
        stop.set()
        thread.join()
    assert not partial, f"{len(partial)} half-written reads, e.g. {partial[:5]}"
    assert reads[0] > len(files)                           # it really read during the build
    assert len(renamed) > len(files) // 3                  # ... and saw the new files arrive
    left = [p.name for p in out.rglob("*.tmp")]
    assert not left, left[:5]
    # Deterministic proof of the same: every rewritten file is a new inode renamed over the old
    # path (written in place, a file keeps its inode and is truncated for a moment).
    in_place = [rel for rel in files if b"Newsroom Two" in (out / rel).read_bytes()
                and (out / rel).stat().st_ino == inode[rel]]
    assert not in_place, f"{len(in_place)} files rewritten in place, e.g. {in_place[:5]}"


def test_copy_file_replaces_the_target_and_skips_identical_bytes(tmp_path):
    src, dst = tmp_path / "photo.jpg", tmp_path / "out" / "images" / "photo.jpg"
    src.write_bytes(os.urandom(3 << 20))          # bigger than one copy chunk
    assert atomicfile.copy_file(src, dst)
    assert dst.read_bytes() == src.read_bytes()
    inode = dst.stat().st_ino
    assert not atomicfile.copy_file(src, dst) and dst.stat().st_ino == inode
    src.write_bytes(b"a new photo")
    assert atomicfile.copy_file(src, dst) and dst.stat().st_ino != inode
    assert stat.S_IMODE(dst.stat().st_mode) == atomicfile._MODE
    assert not [p for p in dst.parent.iterdir() if p.name.startswith(".")]


def test_publish_tree_moves_each_file_and_keeps_the_last_generation_a_while(tmp_path):
    """Pagefind's index: every file renamed into place, the entry last; files of the previous
    generation stay for readers that loaded its entry, and go once they are old."""
    target, staged = tmp_path / "pagefind", tmp_path / ".pagefind-new"
    (target / "index").mkdir(parents=True)
    (target / "pagefind-entry.json").write_text('{"old": 1}')
    (target / "index" / "old_recent.pf_index").write_bytes(b"recent")
    (target / "index" / "old_stale.pf_index").write_bytes(b"stale")
    os.utime(target / "index" / "old_stale.pf_index", (time.time() - 3600,) * 2)
    entry_inode = (target / "pagefind-entry.json").stat().st_ino
    (staged / "index").mkdir(parents=True)
    (target / "index" / "same.pf_index").write_bytes(b"same")
    same_inode = (target / "index" / "same.pf_index").stat().st_ino
    (staged / "pagefind-entry.json").write_text('{"new": 1}')
    (staged / "index" / "new.pf_index").write_bytes(b"new")
    (staged / "index" / "same.pf_index").write_bytes(b"same")
    assert atomicfile.publish_tree(staged, target, first=("pagefind-entry.json",)) == 2
    assert (target / "index" / "same.pf_index").stat().st_ino == same_inode   # left alone
    assert json.loads((target / "pagefind-entry.json").read_text()) == {"new": 1}
    assert (target / "pagefind-entry.json").stat().st_ino != entry_inode
    assert (target / "index" / "new.pf_index").read_bytes() == b"new"
    assert (target / "index" / "old_recent.pf_index").exists()
    assert not (target / "index" / "old_stale.pf_index").exists()
    assert not staged.exists()


def test_write_if_changed_counts_each_file_on_the_tally_it_is_given(tmp_path):
    tally = atomicfile.WriteTally()
    path = tmp_path / "feeds" / "all.atom.xml"
    assert atomicfile.write_if_changed(path, b"<feed/>", tally)             # new: written
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not atomicfile.write_if_changed(path, b"<feed/>", tally)         # same bytes: left alone
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert atomicfile.write_if_changed(path, b"<feed></feed>", tally)
    assert (tally.written, tally.unchanged) == (2, 1)
    assert atomicfile.write_if_changed(tmp_path / "robots.txt", b"User-agent: *\n")   # no tally: fine

    class Build:
        pass

    one = Build()
    assert atomicfile.tally_of(one) is atomicfile.tally_of(one)             # one per build
    assert atomicfile.tally_of(Build()) is not atomicfile.tally_of(one)     # a new build: its own


def test_fastbuild_counts_every_file_of_the_build_pages_feeds_and_sitemaps(tmp_path, caplog):
    """fastbuild's closing line counts what the feeds and newsroom plugins write too (through
    atomicfile.write_if_changed, on the build's tally): a rebuild that renders everything again
    leaves every one of those files unchanged, and says so."""
    import logging

    from support import build_site, copy_seeds

    seeds = copy_seeds(tmp_path / "seeds", ["001_northwind_solar_prnewswire.txt", "002_harbor_council_agency.txt"])
    again = {"FASTBUILD_SKIP_UNCHANGED": False, "FASTBUILD_SKIP_RENDER": False, "FASTBUILD_WORKERS": 1}

    def counts():
        lines = [r.getMessage() for r in caplog.records if "files written" in r.getMessage()]
        assert len(lines) == 1, lines
        caplog.clear()
        written, unchanged = (int(n) for n in
                              lines[0].replace("fastbuild: ", "").replace(" files written,", "")
                              .replace(" unchanged", "").split())
        return written, unchanged

    with caplog.at_level(logging.INFO, logger="fastbuild"):
        out = build_site(tmp_path, seeds, again)
        first = counts()
        build_site(tmp_path, seeds, again)
        second = counts()
    ours = [p for p in out.rglob("*") if p.is_file() and (
        p.suffix == ".html" or p.parts[len(out.parts)] in ("feeds", "sitemaps")
        or p.name in ("sitemap.xml", "news-sitemap.xml", "robots.txt"))]
    feeds = [p for p in ours if p.parts[len(out.parts)] == "feeds"]
    assert feeds and len(ours) > len(feeds)
    assert first == (len(ours), 0), (first, len(ours))
    assert second == (0, len(ours)), (second, len(ours))
