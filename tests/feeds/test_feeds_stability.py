"""Reproducible feeds and stable identity: rebuilds give the same bytes; an editor's
correction of a headline or a slug keeps every entry id and its `updated`."""
from __future__ import annotations

import feedparser
from feedsite import RELEASES, build, write_releases


def feed_bytes(output):
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted((output / "feeds").rglob("*")) if p.is_file()}


def test_two_builds_give_byte_identical_feeds(tmp_path):
    content = write_releases(tmp_path / "content")
    first = feed_bytes(build(tmp_path / "a", content))
    again = feed_bytes(build(tmp_path / "a", content))       # same output, warm cache
    fresh = feed_bytes(build(tmp_path / "b", content))       # new output, cold cache
    assert len(first) == 29
    assert again == first
    assert fresh == first


def entries(output, path):
    """(id, updated, link, title) per entry; RSS has no updated, so its pubDate."""
    date = "published" if path.endswith(".rss.xml") else "updated"
    return [(e.id, e[date], e.link, e.title)
            for e in feedparser.parse((output / path).read_bytes()).entries]


def test_editing_title_and_slug_keeps_every_entry_id(tmp_path):
    content = write_releases(tmp_path / "content")
    before_out = build(tmp_path / "before", content)
    paths = sorted(p for p in feed_bytes(before_out) if p.endswith(".xml"))
    before = {p: entries(before_out, p) for p in paths}

    # An editor corrects the headline and the slug of a wire release and of a hand-made one.
    edits = {
        "astana": ("Kazakhstan and US foreign ministers discuss strategic partnership",
                   "Kazakh and US foreign ministers talk partnership (corrected)",
                   "kazakhstan-us-ministers", "kazakh-us-ministers-corrected"),
        "handmade": ("Newsroom opens", "Our newsroom opens its doors",
                     "newsroom-opens", "our-newsroom-opens"),
    }
    for name, (old_title, new_title, old_slug, new_slug) in edits.items():
        text = RELEASES[name].replace(f"Title: {old_title}", f"Title: {new_title}")
        text = text.replace(f"Slug: {old_slug}", f"Slug: {new_slug}")
        assert text != RELEASES[name]
        (content / "releases" / f"{name}.md").write_text(text, encoding="utf-8")
    after_out = build(tmp_path / "before", content)  # same site, rebuilt after the edit

    for path in paths:
        old, new = before[path], entries(after_out, path)
        assert [e[:2] for e in new] == [e[:2] for e in old], path  # same ids, same updated
    site = {e[0]: e for e in entries(after_out, "feeds/all.atom.xml")}
    changed = [e for e in site.values() if "corrected" in e[2] or "our-newsroom" in e[2]]
    assert len(changed) == 2  # the edit really reached the feed: new links and titles
    assert {e[3] for e in changed} == {"Kazakh and US foreign ministers talk partnership (corrected)",
                                       "Our newsroom opens its doors"}
