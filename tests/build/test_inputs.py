"""plugins/fastbuild/inputs.py: the no-change check hashes every input file, seeds/ included,
where anything may sit. A FIFO must not block it, a link to /dev/zero must not read for
ever, an unreadable file or a name that is not UTF-8 must not crash it; a whole build
with such a seeds/ folder succeeds, twice (the second one skipped as unchanged)."""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from fastbuild import inputs
from support import as_nobody, build_site, deadline, nobody_owns

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


def test_digest_never_opens_a_fifo_or_a_device(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    os.symlink("/dev/zero", tmp_path / "zero")
    (tmp_path / "f").write_bytes(b"abc")
    with deadline(10):
        assert inputs._digest(str(tmp_path / "fifo")).startswith("special:")
        assert inputs._digest(str(tmp_path / "zero")).startswith("special:")
    assert inputs._digest(str(tmp_path / "f")) == inputs._digest(str(tmp_path / "f"))
    assert len(inputs._digest(str(tmp_path / "f"))) == 32


def test_digest_of_an_unreadable_file_is_a_value_not_a_crash():
    work = Path(tempfile.mkdtemp(prefix="fastbuild-unreadable-"))
    try:
        (work / "locked").write_text("x")
        nobody_owns(work, work / "locked")
        os.chmod(work / "locked", 0)
        assert as_nobody(lambda: inputs._digest(str(work / "locked"))) == "unreadable:13"
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


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
