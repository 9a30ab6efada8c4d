"""plugins/stathash.py: a file's bytes known by its stat, the one rule of the wire ingest's
record and fastbuild's input snapshot; its folder walk and its digest of files where anything
may sit (a FIFO must not block it, a link to /dev/zero must not read for ever, an unreadable
file must not crash it)."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import stathash
import buildinputs as inputs
from support import as_nobody, deadline, nobody_owns


def _digest(path: str) -> str:
    return stathash.read_digest(path, lambda: hashlib.blake2b(digest_size=16))[0]


def test_digest_never_opens_a_fifo_or_a_device(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    os.symlink("/dev/zero", tmp_path / "zero")
    (tmp_path / "f").write_bytes(b"abc")
    with deadline(10):
        assert _digest(str(tmp_path / "fifo")).startswith("special:")
        assert _digest(str(tmp_path / "zero")).startswith("special:")
    assert _digest(str(tmp_path / "f")) == _digest(str(tmp_path / "f"))
    assert len(_digest(str(tmp_path / "f"))) == 32


def test_digest_of_an_unreadable_file_is_a_value_not_a_crash():
    work = Path(tempfile.mkdtemp(prefix="fastbuild-unreadable-"))
    try:
        (work / "locked").write_text("x")
        nobody_owns(work, work / "locked")
        os.chmod(work / "locked", 0)
        assert as_nobody(lambda: _digest(str(work / "locked"))) == "unreadable:13"
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


def test_the_input_walk_lists_what_os_walk_lists(tmp_path):
    """stathash.walk (os.scandir, one stat per file) gives the files, stats and order of the
    os.walk it replaced: nested folders, a link to a file (its target's stat), a dangling
    link (the link's), no __pycache__, a link to a folder not entered."""
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_bytes(b"x")
    (root / "a" / "b" / "deep.md").write_text("deep")
    (root / "a" / "one.md").write_text("one")
    (root / "z.md").write_text("z")
    os.symlink(root / "z.md", root / "a" / "link.md")
    os.symlink("nowhere", root / "dangling.md")
    os.symlink(root / "a", root / "linked-folder")

    def reference():
        out = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in stathash.SKIP_DIRS]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    st = os.lstat(path)
                out.append((os.path.relpath(path, root), (st.st_size, st.st_mtime_ns, st.st_ino)))
        return sorted(out)

    got = [(rel, (st.st_size, st.st_mtime_ns, st.st_ino)) for rel, st in stathash.walk(str(root))]
    assert got == reference()
    assert [rel for rel, _ in got] == ["a/b/deep.md", "a/link.md", "a/one.md", "dangling.md", "z.md"]


def _settings(root: Path) -> dict:
    return {"PATH": str(root / "content"), "THEME": str(root / "theme")}


def test_a_same_size_rewrite_in_the_recorded_tick_is_seen_as_changed(tmp_path):
    """A file snapshotted in the clock tick it was written in (unsettled) keeps its hash but
    is compared by its bytes next time: a rewrite with the same size that leaves its stat as
    it was (a coarse clock) is a changed input; unchanged bytes are no change (a build after
    an ingest stays skippable). Recorded settled, the same stat is trusted without a read."""
    for sub in ("content", "theme"):
        (tmp_path / sub).mkdir()
    (tmp_path / "theme" / "base.html").write_text("theme")
    release = tmp_path / "content" / "r.md"
    release.write_text("Title: One\n\nAcme buys Beta.\n")
    settings = _settings(tmp_path)
    written = release.stat().st_ctime_ns / 1e9

    def rewrite_in_the_same_tick(snapshot):
        """Other bytes, same size; the record then shows the file's new stat, as a clock
        that did not tick between the snapshot and the rewrite leaves it."""
        release.write_text("Title: Two\n\nAcme buys Beta.\n")
        entry = snapshot["files"]["content"]["r.md"]
        key, _, digest = entry.partition("|")
        mark = stathash.RACY if key.startswith(stathash.RACY) else ""
        snapshot["files"]["content"]["r.md"] = f"{mark}{stathash.stat_key(release.stat())}|{digest}"

    racy = inputs.snapshot_inputs(settings, now=written)           # recorded in its own tick
    assert inputs.changed_input(inputs.input_roots(settings), racy) is None            # same bytes: still skippable
    rewrite_in_the_same_tick(racy)
    assert inputs.changed_input(inputs.input_roots(settings), racy) == "content/r.md"

    release.write_text("Title: One\n\nAcme buys Beta.\n")
    settled = inputs.snapshot_inputs(settings, now=written + 60)   # recorded a minute later
    reads = []
    real = stathash.read_digest
    try:
        stathash.read_digest = lambda path, new: reads.append(path) or real(path, new)
        assert inputs.changed_input(inputs.input_roots(settings), settled) is None
    finally:
        stathash.read_digest = real
    assert reads == []                                             # trusted by its stat


def test_an_unsettled_entry_becomes_settled_when_hashed_again_later(tmp_path):
    """The racy entry of one snapshot is hashed again by the next (not dropped): once the file
    has settled, the entry is trusted by its stat."""
    for sub in ("content", "theme"):
        (tmp_path / sub).mkdir()
    (tmp_path / "content" / "r.md").write_text("x")
    settings = _settings(tmp_path)
    written = (tmp_path / "content" / "r.md").stat().st_ctime_ns / 1e9
    first = inputs.snapshot_inputs(settings, now=written)
    assert first["files"]["content"]["r.md"].startswith(stathash.RACY)
    second = inputs.snapshot_inputs(settings, first, now=written + 60)
    assert not second["files"]["content"]["r.md"].startswith(stathash.RACY)
    assert second["files"]["content"]["r.md"].partition("|")[2] == first["files"]["content"]["r.md"].partition("|")[2]
