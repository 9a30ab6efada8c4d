"""plugins/buildstate.py: each build's state is its own object, on its Pelican object. Two
different sites built one after the other in one process: the second's sitemaps, feeds and
figures hold nothing of the first (the newsroom and feeds plugins gather their state on a
fresh object each build), fastbuild's record and catalog are the second site's, the second's
tally counts its own files (every page, feed and sitemap: none of the first's), and the
first's state is left as its build ended."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from pelican import Pelican
from pelican.settings import read_settings

from buildstate import InProgress

ROOT = Path(__file__).resolve().parents[1]


def _release(slug: str, title: str, tag: str, date: str) -> str:
    return (f"Title: {title}\nDate: {date}\nSource: Wirepress Desk\nCategory: News\nTags: {tag}\n"
            f"Summary: {title}.\nSlug: {slug}\n\n{title}, in a sentence or two.\n")


def _site(tmp: Path, name: str, stories: dict[str, tuple[str, str]], **extra) -> Pelican:
    """A site of its own (content, output, cache) with `stories` {slug: (title, tag)}."""
    root = tmp / name
    releases = root / "content" / "releases"
    releases.mkdir(parents=True)
    (root / "seeds").mkdir()
    for n, (slug, (title, tag)) in enumerate(stories.items()):
        (releases / f"{slug}.md").write_text(_release(slug, title, tag, f"2024-0{n + 1}-02T10:00:00+00:00"),
                                            encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
        "WIRE_SEEDS_PATH": str(root / "seeds"), "WIRE_CONTENT_PATH": str(root / "content"),
        "CACHE_PATH": str(root / "cache"), "LOAD_CONTENT_CACHE": False, "PAGEFIND": False, **extra})
    pelican = Pelican(settings)
    pelican.run()
    return pelican


def _sitemap_urls(output: Path) -> set[str]:
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = set()
    for path in [output / "sitemap.xml", output / "news-sitemap.xml", *(output / "sitemaps").glob("*.xml")]:
        urls |= {loc.text for loc in ET.parse(path).getroot().iterfind(".//sm:loc", ns)}
    return urls


def _files_written(output: Path) -> int:
    """The files a build into an empty output folder writes itself (not the theme's static copy)."""
    return sum(1 for f in output.rglob("*") if f.is_file() and f.relative_to(output).parts[0] != "theme")


def test_a_second_site_in_the_same_process_has_nothing_of_the_first(tmp_path):
    first = _site(tmp_path, "first", {"alpha-harbour-opens": ("Alpha harbour opens", "Alphaport"),
                                      "alpha-ferry-sails": ("Alpha ferry sails", "Alphaport")})
    first_build, first_feeds = first.newsroom_build, first.feeds_build
    first_fast, first_tally = first.fastbuild_build, first.output_tally
    assert (first_tally.written, first_tally.unchanged) == (_files_written(Path(first.output_path)), 0)
    assert any("alpha-harbour-opens" in rel for rel in first_fast.inputs["files"]["content"])
    first_seconds = first_feeds.seconds
    assert any("alpha-harbour-opens" in page for page in first_build.written)
    assert first_seconds > 0

    second = _site(tmp_path, "second", {"beta-bridge-closes": ("Beta bridge closes", "Betatown")})
    out = Path(second.output_path)
    # the sitemaps list the second site's pages only
    urls = _sitemap_urls(out)
    assert any("beta-bridge-closes" in u for u in urls), urls
    assert not [u for u in urls if "alpha" in u], urls
    assert not [p for p in second.newsroom_build.written if "alpha" in p]
    # its feeds, read back, have its story and none of the first site's
    feed = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Beta bridge closes"]
    assert not (out / "feeds" / "tags" / "alphaport.atom.xml").exists()
    assert not list(out.rglob("*alpha*"))
    # fastbuild's state is the second site's: its inputs, its catalog, its files counted
    fast = second.fastbuild_build
    assert fast is not first_fast and fast.settings is second.settings
    assert not [rel for rel in fast.inputs["files"]["content"] if "alpha" in rel], fast.inputs["files"]["content"]
    assert Path(fast.catalog.path).is_relative_to(tmp_path / "second")
    assert fast.tally is second.output_tally is not first_tally
    assert (fast.tally.written, fast.tally.unchanged) == (_files_written(out), 0)
    # the first build's state is as that build left it
    assert first_feeds.seconds == first_seconds
    assert first.fastbuild_build is first_fast and first.output_tally is first_tally
    assert any("alpha-harbour-opens" in page for page in first_build.written)
    assert second.newsroom_build is not first_build and second.feeds_build is not first_feeds


def test_the_forked_page_writers_files_are_counted_on_the_builds_tally(tmp_path, monkeypatch):
    """fastbuild's second page writer (parallel.py, forced on for three releases) writes half
    the pages in a forked child: its files written reach the build's tally at the join."""
    from fastbuild import parallel

    forked = []
    real = parallel.fork_writers
    monkeypatch.setattr(parallel, "fork_writers", lambda *a, **k: forked.append(1) or real(*a, **k))
    site = _site(tmp_path, "forked", {"gamma-mill-reopens": ("Gamma mill reopens", "Gammaford"),
                                      "gamma-school-opens": ("Gamma school opens", "Gammaford"),
                                      "gamma-road-closes": ("Gamma road closes", "Gammaford")},
                 FASTBUILD_PARALLEL_MIN=1, FASTBUILD_WORKERS=2)
    assert forked, "no forked writer: the test would prove nothing"
    tally = site.output_tally
    assert (tally.written, tally.unchanged) == (_files_written(Path(site.output_path)), 0)


def test_in_progress_hands_each_build_its_own_state():
    class Build:       # what Pelican's object is to it: something to set an attribute on
        pass

    holder: InProgress[dict] = InProgress("example_build")
    one, two = Build(), Build()
    holder.start(one, {"pages": ["a.html"]})
    assert holder.of(one) == {"pages": ["a.html"]} and holder.state is one.example_build
    holder.start(two, {"pages": []})
    assert holder.state is two.example_build and holder.of(one) == {"pages": ["a.html"]}
    assert holder.of(Build()) is None        # a build it never started
