"""The size limit on one wire file (issue 12): WIRE_MAX_BYTES, 2 MiB by default.

A file of limit + 1 bytes is rejected without being read, in one log line naming the file
and the limit; a file of exactly the limit is converted and published (its page and its
download). The same with the default and with the setting, in real Pelican builds; the
setting reaches the converter, the ingest's reads and the newsroom's downloads as an
argument, and settingscheck checks it with the other WIRE_ settings.
"""
import datetime as dt
import logging
import os

import pytest

from support import build_site
from wire import check_settings, convert, seeds as seeds_mod
from wire.ingest import ingest_folder

DEFAULT = seeds_mod.DEFAULT_MAX_BYTES
REF = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
PARAGRAPH = "The plant will employ many people from the region, Acme said on Tuesday in a statement.\n\n"


def story(size: int, title: str) -> bytes:
    """A real-looking story of exactly `size` bytes (ASCII: cut anywhere)."""
    head = (f"{title}\n\nNEW YORK, March 3, 2026 (Reuters) - Acme Corp bought Beta Inc for $5 million "
            "on Tuesday, the companies said, ending a year of talks.\n\n")
    data = (head + PARAGRAPH * (size // len(PARAGRAPH) + 1)).encode()[:size]
    assert len(data) == size
    return data


def test_the_default_is_two_mib_and_convert_applies_it():
    assert DEFAULT == 2 * 1024 * 1024 == convert.DEFAULT_MAX_BYTES
    convert.warm_up()
    assert convert.convert(story(DEFAULT, "At the limit"), "at.txt", REF).headline == "At the limit"
    with pytest.raises(convert.Rejected, match=r"2,097,153 bytes .* over the size limit .* 2 MiB \(2,097,152 bytes, "
                                               r"WIRE_MAX_BYTES\)"):
        convert.convert(story(DEFAULT + 1, "Over"), "over.txt", REF)


def test_convert_takes_the_limit_as_an_argument():
    data = story(10_000, "Small limit")
    assert convert.convert(data, "a.txt", REF, max_bytes=10_000).headline == "Small limit"
    with pytest.raises(convert.Rejected, match="over the size limit"):
        convert.convert(data, "a.txt", REF, max_bytes=9_999)
    big = story(DEFAULT + 1, "Raised limit")
    assert convert.convert(big, "big.txt", REF, max_bytes=DEFAULT + 1).headline == "Raised limit"


def test_a_file_over_the_limit_is_rejected_unread_in_one_log_line(tmp_path, monkeypatch, caplog):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "over.txt").write_bytes(story(50_001, "Over the limit"))
    (seeds / "at.txt").write_bytes(story(50_000, "At the limit"))
    read_from = []
    real_read = os.read

    def spy(fd, n):
        read_from.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", spy)
    with caplog.at_level(logging.INFO, "wire"):
        report = ingest_folder(seeds, content, workers=1, max_bytes=50_000)
    monkeypatch.undo()
    assert report.converted == ["at.txt"] and [n for n, _ in report.rejected] == ["over.txt"]
    assert "over.txt" not in read_from and "at.txt" in read_from
    lines = [r.getMessage() for r in caplog.records if "over.txt" in r.getMessage()]
    assert lines == [f"wire ingest: rejected {seeds / 'over.txt'}: 50,001 bytes (48.83 KiB) is over the size "
                     "limit for a wire file, 48.83 KiB (50,000 bytes, WIRE_MAX_BYTES); not read"]


def _rejections(caplog, name):
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.ERROR and name in r.getMessage()]


@pytest.mark.parametrize("limit", [None, DEFAULT + 4096, 65_536], ids=["default", "raised", "lowered"])
def test_a_real_build_converts_a_file_at_the_limit_and_rejects_one_over_it(tmp_path, caplog, limit):
    """A real Pelican build: the file of exactly the limit becomes a page and a download;
    the one of a byte more is named in one error line with the limit, and the build goes on."""
    size = limit or DEFAULT
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "at.txt").write_bytes(story(size, "At the limit"))
    (seeds / "over.txt").write_bytes(story(size + 1, "Over the limit"))
    (seeds / "small.txt").write_bytes(story(600, "A small story"))
    extra = {} if limit is None else {"WIRE_MAX_BYTES": limit}
    with caplog.at_level(logging.INFO):
        out = build_site(tmp_path, seeds, extra)
    pages = sorted(p.name for p in (out / "releases").glob("*.html"))
    assert pages == ["a-small-story.html", "at-the-limit.html"]
    assert (out / "wire" / "at-the-limit.txt").stat().st_size == size      # offered for download
    [line] = _rejections(caplog, "over.txt")
    assert f"{size + 1:,} bytes" in line and f"({size:,} bytes, WIRE_MAX_BYTES); not read" in line
    assert not _rejections(caplog, "at.txt")


def test_wire_max_bytes_is_checked_with_the_other_wire_settings(caplog):
    for bad in ("2MB", 0, -5, True, 1.5):
        settings = {"WIRE_MAX_BYTES": bad}
        problems = check_settings(settings)
        assert settings["WIRE_MAX_BYTES"] == DEFAULT, bad
        assert len(problems) == 1 and "WIRE_MAX_BYTES" in problems[0] and "default" in problems[0], problems
    settings = {"WIRE_MAX_BYTE": 10}
    assert check_settings(settings) == ["wire: unknown setting WIRE_MAX_BYTE (did you mean WIRE_MAX_BYTES?); "
                                        "it is ignored"]
    assert settings["WIRE_MAX_BYTES"] == DEFAULT
    settings = {"WIRE_MAX_BYTES": 10 * 1024 * 1024}
    assert check_settings(settings) == [] and seeds_mod.max_bytes(settings) == 10 * 1024 * 1024
    assert seeds_mod.max_bytes({}) == DEFAULT      # the newsroom without the wire plugin's check
