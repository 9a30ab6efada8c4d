"""plugins/pelicancompat.py: every private Pelican/feedgen name we use works on the installed
versions, an unknown version turns each use off with one warning, and a site built that way
(public APIs only) is byte for byte the site the speedups build."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from feedgen.feed import FeedGenerator
from lxml import etree

import pelicancompat

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_versions_are_known():
    assert pelicancompat.known("pelican") and pelicancompat.known("feedgen")
    assert pelicancompat.counting_writer_supported()


def test_an_unknown_version_is_named_once_and_each_use_is_off(monkeypatch, caplog):
    monkeypatch.setattr(pelicancompat, "KNOWN", {"pelican": ("3.7",), "feedgen": ("0.9",)})
    monkeypatch.setattr(pelicancompat, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="pelicancompat"):
        assert not pelicancompat.known("pelican")
        assert not pelicancompat.known("pelican")
        assert not pelicancompat.counting_writer_supported()
        assert not pelicancompat.content_cache_on(object())
        assert not pelicancompat.wrap_period_archives(lambda original: original)

        class Generator:
            _build_period_archives = staticmethod(lambda *a: pytest.fail("a private name was called"))
            dates, articles, settings = [], [], {}

        assert pelicancompat.period_archives(Generator()) is None
    warnings = [r.getMessage() for r in caplog.records]
    assert len([w for w in warnings if w.startswith("pelican ")]) == 1, warnings
    assert "3.7" in warnings[0] and pelicancompat.version("pelican") in warnings[0]


def _feed():
    fg = FeedGenerator()
    fg.id("https://news.example/feeds/all.atom.xml")
    fg.title("Wire & co <news>")
    fg.author(name="Newsroom")
    fg.subtitle("Releases")
    fg.description("Releases")
    fg.language("en")
    fg.updated("2026-03-02T09:00:00+00:00")
    fg.link(href="https://news.example/feeds/all.atom.xml", rel="self")
    fg.link(href="https://news.example/", rel="alternate")
    return fg


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_feed_element_is_the_same_by_the_public_path(fmt, monkeypatch):
    _, fast_doc = pelicancompat.feed_document(_feed(), fmt)
    monkeypatch.setenv(pelicancompat.PUBLIC_ONLY_ENV, "1")
    _, slow_doc = pelicancompat.feed_document(_feed(), fmt)
    # feedgen stamps lastBuildDate with the clock: compare what it does not
    strip = (lambda b: re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", b))
    assert strip(etree.tostring(slow_doc)) == strip(etree.tostring(fast_doc))


def test_a_site_built_with_public_apis_only_is_the_same_site(tmp_path):
    """The seeds-like synthetic site built twice in fresh processes, as `invoke build` does:
    with every speedup (forked page writer, parallel pre-read, linear archives,
    compare-then-write), and with WIREPRESS_PUBLIC_API_ONLY (Pelican's own paths)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthwire import write_wire_files
    from test_incremental import assert_same_tree

    sites = {}
    for kind, env in (("fast", {}), ("public", {pelicancompat.PUBLIC_ONLY_ENV: "1"})):
        site = tmp_path / kind
        write_wire_files(site / "seeds", 60, seed=11)
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site), "--verbose",
             "--set", "FASTBUILD_PARALLEL_MIN=10", "--set", "DEFAULT_PAGINATION=5"],
            cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **env})
        assert done.returncode == 0, done.stderr[-3000:]
        sites[kind] = (site, done.stderr)
    assert "is not a version Wirepress knows" in sites["public"][1]
    assert "is not a version Wirepress knows" not in sites["fast"][1]
    assert_same_tree(sites["fast"][0] / "output", sites["public"][0] / "output")
