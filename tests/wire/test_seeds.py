"""seeds/ is a drop folder: only regular files inside it are read, every other entry is
named with its reason, and nothing in it (a link out, a FIFO, /dev/zero, an unreadable
file, a name that is not UTF-8 or holds a newline) can hang, exhaust or crash the ingest."""
from __future__ import annotations

import json
import logging
import os
import resource
import socket
import tempfile
from pathlib import Path

import pytest

from support import as_nobody, deadline, nobody_owns
from wire import seeds as seeds_mod
from wire.ingest import ingest_folder
from wire.store import saved_entries

STORY = ("{title}\n\nNEW YORK, March 3, 2026 (Reuters) - Acme Corp bought Beta Inc for $5 million on "
         "Tuesday, the companies said, ending a year of talks.\n")
SECRET = "root:x:0:0:TOP-SECRET-LINE-FROM-OUTSIDE\n" + STORY.format(title="Secret outside seeds")


def logged(caplog) -> list[str]:
    return [rec.getMessage() for rec in caplog.records]


def release_texts(content: Path) -> str:
    return "".join(p.read_text() for p in sorted((content / "releases").glob("*.md")))


@pytest.fixture
def dirs(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    return seeds, content


def test_a_link_out_of_seeds_is_refused_and_named(dirs, tmp_path, caplog):
    seeds, content = dirs
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    os.symlink(outside, seeds / "x.txt")                 # absolute link out
    os.symlink("../outside.txt", seeds / "rel.txt")      # relative link out
    (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
    with caplog.at_level(logging.INFO, "wire"):
        r = ingest_folder(seeds, content)
    assert r.converted == ["good.txt"]
    assert sorted(n for n, _ in r.rejected) == ["rel.txt", "x.txt"]
    assert "TOP-SECRET" not in release_texts(content)
    lines = logged(caplog)
    for name in ("x.txt", "rel.txt"):
        mine = [ln for ln in lines if f"/{name}" in ln and "outside seeds/" in ln]
        assert len(mine) == 1, lines          # one refusal line each, naming the file


def test_etc_passwd_link_is_never_published(dirs):
    seeds, content = dirs
    os.symlink("/etc/passwd", seeds / "passwd.txt")
    r = ingest_folder(seeds, content)
    assert not r.converted and r.rejected == [("passwd.txt", "symbolic link to a file outside seeds/, refused")]
    assert not list((content / "releases").glob("*.md"))


def test_a_link_inside_seeds_is_followed(dirs):
    seeds, content = dirs
    (seeds / "real.txt").write_text(STORY.format(title="Acme buys Beta"))
    os.symlink("real.txt", seeds / "alias.txt")
    r = ingest_folder(seeds, content)
    assert sorted(r.converted) == ["alias.txt", "real.txt"] and not r.rejected


def test_a_link_to_dev_zero_is_refused_without_reading(dirs, caplog):
    seeds, content = dirs
    os.symlink("/dev/zero", seeds / "zero.txt")
    (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with deadline(30):
        r = ingest_folder(seeds, content)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert r.converted == ["good.txt"] and [n for n, _ in r.rejected] == ["zero.txt"]
    assert grown_kb < 50_000
    assert any("zero.txt" in ln for ln in logged(caplog))


def test_the_open_itself_refuses_a_device_swapped_in_after_the_scan(dirs, tmp_path):
    """No check-then-open race: read_capped checks the descriptor it opened, not a name."""
    seeds, _ = dirs
    os.symlink("/dev/zero", seeds / "z.txt")
    with pytest.raises(seeds_mod.Refused):
        seeds_mod.read_capped(seeds, "z.txt", 1000)
    # a link inside the folder to a FIFO inside the folder: opened non-blocking, refused by fstat
    os.mkfifo(seeds / ".pipe")
    os.symlink(".pipe", seeds / "p.txt")
    with deadline(10), pytest.raises(seeds_mod.Refused, match="FIFO"):
        seeds_mod._open_regular(seeds, "p.txt")
    os.mkfifo(seeds / "direct")
    with deadline(10), pytest.raises(seeds_mod.Refused, match="FIFO"):
        seeds_mod.read_capped(seeds, "direct", 1000)


def test_a_fifo_and_a_socket_never_block_the_ingest(dirs, caplog):
    seeds, content = dirs
    os.mkfifo(seeds / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(seeds / "sock.txt"))
    (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
    try:
        with deadline(30):
            r = ingest_folder(seeds, content)
    finally:
        sock.close()
    assert r.converted == ["good.txt"]
    reasons = dict(r.rejected)
    assert "FIFO" in reasons["pipe.txt"] and "socket" in reasons["sock.txt"]


def test_reads_stop_at_the_cap(dirs):
    seeds, _ = dirs
    (seeds / "big.txt").write_bytes(b"A" * 5000)
    with pytest.raises(seeds_mod.TooLarge):
        seeds_mod.read_capped(seeds, "big.txt", 4000)
    data, _mtime = seeds_mod.read_capped(seeds, "big.txt", 5000)
    assert len(data) == 5000


def test_an_unreadable_file_is_rejected_by_name_and_the_rest_goes_on():
    work = Path(tempfile.mkdtemp(prefix="wire-unreadable-"))   # nobody must reach it: not under /tmp/pytest-of-root
    try:
        seeds, content = work / "seeds", work / "content"
        seeds.mkdir()
        content.mkdir()
        (seeds / "locked.txt").write_text(STORY.format(title="Locked story"))
        (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
        os.chmod(seeds / "locked.txt", 0)
        nobody_owns(work, seeds, content, seeds / "good.txt", seeds / "locked.txt")

        def run():
            r = ingest_folder(seeds, content)
            return {"converted": r.converted, "rejected": r.rejected}

        result = as_nobody(run)
        assert result["converted"] == ["good.txt"]
        assert [n for n, _ in result["rejected"]] == ["locked.txt"]
        assert "Permission denied" in result["rejected"][0][1]
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


def test_a_name_that_is_not_utf8_is_converted_and_kept_track_of(dirs, caplog):
    seeds, content = dirs
    name = os.fsdecode(b"caf\xe9-story.txt")            # Latin-1 bytes: surrogateescape
    (seeds / name).write_text(STORY.format(title="Acme buys Beta"))
    with caplog.at_level(logging.INFO, "wire"):
        r1 = ingest_folder(seeds, content)
    assert r1.converted == [repr(name)] and not r1.rejected
    text = release_texts(content)
    assert "Wire-Source: caf\ufffd-story.txt" in text
    assert list(saved_entries(content)) == [name]
    r2 = ingest_folder(seeds, content)
    assert r2.unchanged == [repr(name)] and not r2.converted


def test_a_newline_in_a_name_cannot_forge_a_log_line(dirs, caplog):
    seeds, content = dirs
    evil = "x\nwire ingest: rejected forged.txt: fake reason.txt"
    (seeds / evil).write_text("")                        # empty: rejected, so it is logged
    with caplog.at_level(logging.INFO, "wire"):
        r = ingest_folder(seeds, content)
    assert [n for n, _ in r.rejected] == [repr(evil)]
    for msg in logged(caplog):
        assert "\n" not in msg, msg
    assert any("\\nwire ingest" in msg for msg in logged(caplog))


def test_every_entry_is_converted_or_named_with_its_reason(dirs, caplog):
    seeds, content = dirs
    (seeds / "good.txt").write_text(STORY.format(title="Acme buys Beta"))
    (seeds / ".hidden.txt").write_text(STORY.format(title="Hidden one"))
    (seeds / ".hidden-dir").mkdir()
    (seeds / "folder").mkdir()
    (seeds / ".gitkeep").write_text("")
    os.symlink("does-not-exist.txt", seeds / "dangling.txt")
    os.mkfifo(seeds / "fifo")
    os.symlink("/dev/zero", seeds / "zero")
    with caplog.at_level(logging.INFO, "wire"), deadline(30):
        r = ingest_folder(seeds, content)
    assert r.converted == ["good.txt"]
    lines = logged(caplog)
    for name, reason in [(".hidden.txt", "hidden file"), (".hidden-dir", "hidden directory"),
                         ("folder", "directory"), (".gitkeep", "placeholder"),
                         ("dangling.txt", "dangling symbolic link"), ("fifo", "FIFO"),
                         ("zero", "outside seeds/")]:
        mine = [ln for ln in lines if ln.split(": ")[1].endswith("/" + name) or f"/{name}:" in ln]
        assert len(mine) == 1 and reason in mine[0], (name, mine)
    assert {n for n, _ in r.rejected} == {"dangling.txt", "fifo", "zero"}
    assert {n for n, _ in r.skipped} == {".hidden.txt", ".hidden-dir", "folder", ".gitkeep"}


def test_an_upload_in_progress_is_not_read_until_renamed(dirs, caplog):
    """FTP and rsync clients write under a temporary name, then rename: half a story
    sits in seeds/ meanwhile, and a build that runs then must not publish it."""
    seeds, content = dirs
    temporaries = ["story.txt.part", "story2.filepart", "story3.TMP", ".story4.txt.Xa81Qz",
                   "story5.txt.crdownload"]
    for name in temporaries:
        (seeds / name).write_text(STORY.format(title="Acme buys Be"))   # cut short
    (seeds / "odd.001").write_text(STORY.format(title="An agency's odd extension"))
    with caplog.at_level(logging.INFO, "wire"):
        r = ingest_folder(seeds, content)
    assert r.converted == ["odd.001"]
    assert {n for n, _ in r.skipped} == set(temporaries) and not r.rejected
    assert sum("upload in progress" in ln for ln in logged(caplog)) == len(temporaries) - 1  # 1 hidden
    os.rename(seeds / "story.txt.part", seeds / "story.txt")
    assert ingest_folder(seeds, content).converted == ["story.txt"]
    assert [seeds_mod.is_upload_temporary(n) for n in ("a.part", "a.txt", "a.ANPA", ".a", "a~")] == \
        [True, False, False, True, True]


def test_shown_escapes_what_a_terminal_would_act_on():
    assert seeds_mod.shown("Zürich.txt") == "Zürich.txt"
    assert seeds_mod.shown("a\nb") == "'a\\nb'"
    assert seeds_mod.shown("\x1b[31mred") == "'\\x1b[31mred'"
    assert seeds_mod.shown("abc\u202etxt.exe") == "'abc\\u202etxt.exe'"
