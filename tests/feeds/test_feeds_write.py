"""plugins/feeds/write.py: two writers of one feed at once (two builds, or a build and a
stray process) never collide on a temporary name: every write is whole, none fails. (Every
feed file goes through atomicfile.write_if_changed, the one compare-then-write.)"""
from __future__ import annotations

import multiprocessing as mp
import os

import atomicfile


def _writer(path: str, payload: bytes, rounds: int, errors) -> None:
    for _ in range(rounds):
        try:
            atomicfile.write_if_changed(path, payload)
        except OSError as exc:
            errors.put(repr(exc))
            return


def test_two_concurrent_writers_of_one_feed_never_collide(tmp_path):
    path = str(tmp_path / "feeds" / "all.atom.xml")
    a, b = b"<feed>" + b"a" * 200_000 + b"</feed>", b"<feed>" + b"b" * 300_000 + b"</feed>"
    ctx = mp.get_context("fork")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, data, 300, errors)) for data in (a, b)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems[:3]
    assert open(path, "rb").read() in (a, b)
    assert sorted(os.listdir(tmp_path / "feeds")) == ["all.atom.xml"]        # no temporaries left
    assert oct(os.stat(path).st_mode & 0o777) == "0o644"


def test_a_feed_the_file_system_refuses_is_that_feeds_error_not_the_builds(tmp_path, caplog):
    """A folder where one feed file should go (a stray mkdir, a full disk is the same kind of
    error): one error line names that file, the build goes on, every other feed is written."""
    import logging

    import feedparser
    from feedsite import build, write_releases

    content = write_releases(tmp_path / "content")
    (tmp_path / "output" / "feeds" / "tag" / "acme.rss.xml").mkdir(parents=True)
    caplog.set_level(logging.ERROR)
    out = build(tmp_path, content)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert [m for m in errors if "acme.rss.xml" in m] and all("not written" in m for m in errors), errors
    assert len(errors) == 1, errors
    assert feedparser.parse((out / "feeds" / "tag" / "acme.atom.xml").read_bytes()).entries
    assert feedparser.parse((out / "feeds" / "all.rss.xml").read_bytes()).entries
    assert (out / "sitemap.xml").is_file() and (out / "index.html").is_file()
