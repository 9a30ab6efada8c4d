"""Feeds of a site ingested from real wire files: the project's seeds/ plus, where the
shared corpus is checked out, a few stories of each of its dev collections."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from feeds.items import tie_rank
from feedsite import AUTHORITY, DOMAIN, ROOT, build
from feedspec import check_atom, check_json_feed, check_rss

CORPUS = ROOT.parent / "shared" / "wire-corpus" / "dev"
PER_COLLECTION = 6


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds-seeds")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    if CORPUS.is_dir():
        for collection in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            for story in sorted(collection.rglob("*.txt"))[:PER_COLLECTION]:
                shutil.copyfile(story, seeds / f"{collection.name}--{story.name}")
    (tmp / "content").mkdir()
    output = build(tmp, tmp / "content", seeds=seeds)
    return tmp / "content", output


def published_releases(content: Path) -> list[tuple[datetime, str]]:
    """(Date, expected entry id) of each published release the ingest wrote."""
    found = []
    for path in sorted((content / "releases").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", head, re.M))
        if meta.get("Status", "published").lower() != "published":
            continue
        date = datetime.fromisoformat(meta["Date"])
        specific = meta.get("Wire-Hash") or f"file:releases/{path.name}"
        found.append((date, f"tag:{AUTHORITY},{date:%Y-%m-%d}:{specific}"))
    return found


def test_site_feeds_hold_the_newest_releases_in_order(seeded):
    content, output = seeded
    releases = published_releases(content)
    assert releases, "the ingest wrote no release"
    # newest first; releases of one instant in the order of their ids' own ranks (a release
    # that joins an instant later must not reorder the others: feeds/items.tie_rank)
    expected = [i for _, i in sorted(releases, key=lambda r: (r[0].timestamp(), tie_rank(r[1]), r[1]),
                                     reverse=True)][:50]
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse((output / path).read_bytes())
        assert parsed.bozo == 0
        assert [e.id for e in parsed.entries] == expected, path
    items = json.loads((output / "feeds/all.json").read_bytes())["items"]
    assert [i["id"] for i in items] == expected


def test_every_feed_is_valid(seeded):
    _, output = seeded
    feeds = sorted((output / "feeds").rglob("*.xml"))
    assert any("/source/" in p.as_posix() for p in feeds) and any("/tag/" in p.as_posix() for p in feeds)
    for path in feeds:
        rel = path.relative_to(output).as_posix()
        data = path.read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (rel, parsed.get("bozo_exception"))
        assert parsed.entries, rel
        if rel.endswith(".atom.xml"):
            assert check_atom(data, f"{DOMAIN}/{rel}") == [], rel
        else:
            page = parsed.feed.link[len(DOMAIN) + 1:]
            # channel link: a real page (a folder URL, as a language's listing de/, is its index.html)
            assert (output / (page if page and not page.endswith("/") else page + "index.html")).is_file(), rel
            assert check_rss(data, f"{DOMAIN}/{rel}", f"{DOMAIN}/{page}") == [], rel
        if "/source/" in rel:  # a source's feed holds that source's releases only
            assert len({e.author for e in parsed.entries}) == 1, rel
    assert check_json_feed((output / "feeds/all.json").read_bytes(), f"{DOMAIN}/feeds/all.json") == []


def test_editing_a_generated_release_keeps_its_entry_ids(tmp_path):
    """An editor corrects Title and Slug in the Markdown the ingest wrote; the next build
    keeps the editor's file, and every feed keeps the entry's id and updated."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    content = tmp_path / "content"
    content.mkdir()
    output = build(tmp_path, content, seeds=tmp_path / "seeds")
    feeds = sorted(p.relative_to(output).as_posix() for p in (output / "feeds").rglob("*.atom.xml"))

    def entries():
        return {path: [(e.id, e.updated, e.title)
                       for e in feedparser.parse((output / path).read_bytes()).entries]
                for path in feeds}

    before = entries()
    release = sorted((content / "releases").glob("*.md"))[0]
    text = release.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^Title: .*$", "Title: Corrected headline", text, count=1)
    text = re.sub(r"(?m)^Slug: .*$", "Slug: corrected-headline", text, count=1)
    release.write_text(text, encoding="utf-8")
    build(tmp_path, content, seeds=tmp_path / "seeds")
    after = entries()

    assert [e[:2] for e in after["feeds/all.atom.xml"]] == [e[:2] for e in before["feeds/all.atom.xml"]]
    assert {path: [e[:2] for e in v] for path, v in after.items()} == \
        {path: [e[:2] for e in v] for path, v in before.items()}
    titles = [e[2] for e in after["feeds/all.atom.xml"]]
    assert "Corrected headline" in titles  # the edit reached the feeds; the ingest kept it
