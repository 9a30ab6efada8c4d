"""The newsroom plugin's pure helpers, on small inputs."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from markupsafe import Markup

from newsroom import release, sitemaps

TZ6 = dt.timezone(dt.timedelta(hours=6))


def test_dateline_text_is_wire_style():
    d = dt.datetime(2018, 6, 28, 0, 0, tzinfo=TZ6)
    assert release.dateline_text("ASTANA", d, "Kazinform") == "ASTANA, June 28, 2018 (Kazinform) \u2014"
    assert release.dateline_text(None, d, None) == "June 28, 2018 \u2014"
    assert release.wire_time(d) == "00:00 UTC+06:00"
    assert release.wire_time(d.astimezone(dt.timezone(dt.timedelta(hours=-3, minutes=-30)))) == "14:30 UTC-03:30"
    assert release.wire_time(d.astimezone(dt.timezone.utc)) == "18:00 UTC"
    assert release.wire_when("2026-12-01T09:00:00+01:00") == "December 1, 2026, 09:00 UTC+01:00"
    assert release.wire_when("next Tuesday") == "next Tuesday"


def test_dateline_goes_into_the_first_paragraph_escaped():
    out = release.with_dateline("<p>First.</p><p>Second.</p>", "<b>X</b> \u2014")
    assert isinstance(out, Markup)
    assert out == '<p><span class="dateline">&lt;b&gt;X&lt;/b&gt; \u2014</span> First.</p><p>Second.</p>'
    # A story that does not open with a paragraph gets the dateline on a line of its own.
    assert release.with_dateline("<pre>x</pre>", "Y \u2014").startswith('<p class="dateline-only">')


def test_sections_split_at_the_first_boilerplate_heading():
    html = ("<p>Story.</p><h2>Background</h2><p>More story.</p>"
            "<h2>About Acme &amp; Co</h2><p>Acme makes.</p><h2 id='x'>Media Contacts</h2><p>Jane</p>")
    story, sections = release.split_sections(html)
    assert story == "<p>Story.</p><h2>Background</h2><p>More story.</p>"
    assert [k for k, _ in sections] == ["about", "contact"]
    assert sections[0][1] == "<h2>About Acme &amp; Co</h2><p>Acme makes.</p>"
    assert release.split_sections("<p>No boilerplate.</p>") == ("<p>No boilerplate.</p>", [])


def _art(days, source="A", tags=("t",)):
    return SimpleNamespace(date=dt.datetime(2024, 1, 10, tzinfo=dt.timezone.utc) - dt.timedelta(days=days),
                           metadata={"source": source}, tags=list(tags))


def test_neighbours_and_more_from():
    arts = [_art(d, source="A" if d % 2 else "B") for d in range(8)]
    release.link_neighbours(arts)
    assert arts[0].newer is None and arts[0].older is arts[1] and arts[7].older is None
    assert arts[3].newer is arts[2]
    assert arts[3] not in arts[3].more_from_source
    assert all(a.metadata["source"] == "A" for a in arts[3].more_from_source)
    tag, others = arts[3].more_from_tag
    # the releases just before it (older), newest first (the oldest: the nearest newer ones):
    # news arriving on top changes none
    assert tag == "t" and others == arts[4:8]
    assert arts[3].more_from_source == [arts[5], arts[7]]
    assert arts[7].more_from_source == [arts[1], arts[3], arts[5]]      # the oldest has a list too
    before = arts[3].more_from_tag
    newer = [_art(-1, source="A"), *arts]
    release.link_neighbours(newer)
    assert arts[3].more_from_tag == before
    assert arts[3].more_from_source == [arts[5], arts[7]]
    assert newer[0].more_from_source == [arts[1], arts[3], arts[5], arts[7]]


def test_news_window_newest_and_now():
    arts = [_art(d) for d in (0, 1, 2, 3, 10)]
    assert sitemaps.news_window(arts, 2, "newest") == arts[:3]
    now = dt.datetime(2024, 1, 13, tzinfo=dt.timezone.utc)
    assert sitemaps.news_window(arts, 2, "now", now=now) == []
    assert sitemaps.news_window(arts, 4, "now", now=now) == arts[:2]


def test_news_sitemap_escapes_titles(tmp_path):
    art = _art(0)
    art.url, art.title, art.lang = "releases/a.html", 'Q&A <b> "x"', "de"
    sitemaps.write_news_sitemap(tmp_path, "https://n.example", "Site & Co", "en", [art])
    root = ET.parse(tmp_path / "news-sitemap.xml").getroot()
    ns = {"s": sitemaps.SM_NS, "n": sitemaps.NEWS_NS}
    assert root.find("s:url/n:news/n:title", ns).text == 'Q&A <b> "x"'
    assert root.find("s:url/n:news/n:publication/n:language", ns).text == "de"
    assert root.find("s:url/s:loc", ns).text == "https://n.example/releases/a.html"


def test_release_parts_put_contact_and_about_beside_the_story():
    art = SimpleNamespace(
        content="<p>Lead.</p><h2>About Acme Corp</h2><p>Acme makes things.</p>"
                "<h2>Forward-looking statements</h2><p>Risks.</p><h2>Media contact</h2><p>Jo, 555</p>",
        metadata={"dateline": "ASTANA", "source": "Kazinform"},
        date=dt.datetime(2018, 6, 28, 9, 30, tzinfo=TZ6))
    parts = release.release_parts(art)
    assert parts["story"].startswith('<p><span class="dateline">ASTANA, June 28, 2018 (Kazinform) \u2014</span> Lead.</p>')
    # a section that is neither About nor a contact stays with the story, after it
    assert "Forward-looking statements" in parts["story"] and "Acme makes things" not in parts["story"]
    assert [str(b).split(">", 1)[0] for b in parts["about"] + parts["contact"]] == [
        '<section class="boilerplate boilerplate-about"', '<section class="boilerplate boilerplate-contact"']
    assert "Jo, 555" in parts["contact"][0] and "Jo, 555" not in parts["story"]
    plain = release.release_parts(SimpleNamespace(content="<p>Only.</p>", metadata={}, date=art.date))
    assert plain["contact"] == plain["about"] == []


def test_time_of_day_and_search_sort_stamp():
    assert not release.has_time(dt.datetime(2018, 6, 28, 0, 0, tzinfo=TZ6))       # a date alone
    assert release.has_time(dt.datetime(2018, 6, 28, 9, 30, tzinfo=TZ6))
    # UTC, so stories of different zones sort by the moment they were issued
    assert release.sort_stamp(dt.datetime(2018, 6, 28, 1, 0, tzinfo=TZ6)) == "2018-06-27T19:00:00Z"
    assert release.sort_stamp(dt.datetime(2018, 6, 28, 1, 0)) == "2018-06-28T01:00:00Z"


def test_feed_scheme_link():
    from newsroom import feed_scheme

    assert feed_scheme("https://news.example.org/feeds/all.rss.xml") == "feed://news.example.org/feeds/all.rss.xml"
    assert feed_scheme("http://localhost:8000/feeds/x.atom.xml") == "feed://localhost:8000/feeds/x.atom.xml"
    assert feed_scheme("feeds/all.rss.xml") == "feeds/all.rss.xml"


def test_robots_txt_rule_order(tmp_path):
    sitemaps.write_robots(str(tmp_path), "https://news.example.org")
    lines = (tmp_path / "robots.txt").read_text().splitlines()
    assert lines[:3] == ["User-agent: *", "Disallow: /_build/", "Allow: /"]
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines


def test_pagefind_one_index_command():
    from newsroom import search

    assert search.command("/out")[-3:] == ["--site", "/out", "--silent"]
    assert search.command("/out", "en-GB")[-2:] == ["--force-language", "en"]


def _wire_release(slug, name, data):
    import hashlib
    return SimpleNamespace(slug=slug, metadata={"wire-source": name,
                                                "wire-hash": "sha256:" + hashlib.sha256(data).hexdigest()})


def test_wire_files_only_when_the_bytes_are_the_releases(tmp_path):
    import os
    from newsroom import wirefiles

    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(b"ASTANA. KAZINFORM - story")
    (seeds / "b.xml").write_bytes(b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>")
    (tmp_path / "secret.txt").write_bytes(b"not a wire file")
    os.mkfifo(seeds / "pipe")
    good = _wire_release("a", "a.txt", b"ASTANA. KAZINFORM - story")
    xml = _wire_release("b", "b.xml", (seeds / "b.xml").read_bytes())
    changed = _wire_release("c", "a.txt", b"an earlier version")          # the seed moved on
    escape = _wire_release("d", "../secret.txt", b"not a wire file")     # only its base name counts
    link = _wire_release("e", "link.txt", b"not a wire file")
    (seeds / "link.txt").symlink_to(tmp_path / "secret.txt")              # leaves seeds/
    pipe = _wire_release("f", "pipe", b"")
    hand = SimpleNamespace(slug="g", metadata={})
    alias = _wire_release("h", "alias.txt", b"ASTANA. KAZINFORM - story")
    (seeds / "alias.txt").symlink_to(seeds / "a.txt")                     # a link inside seeds/
    (seeds / "folder").mkdir()
    folder = _wire_release("i", "folder", b"")
    arts = [good, xml, changed, escape, link, pipe, hand, alias, folder]
    settings = {"WIRE_FILE_SAVE_AS": "wire/{slug}.txt", "WIRE_SEEDS_PATH": str(seeds)}
    wirefiles.attach(arts, settings)
    assert [a.slug for a in arts if a.wire_file] == ["a", "b", "h"]
    assert alias.wire_file["path"] == str((seeds / "a.txt").resolve())
    arts = arts[:7]
    assert xml.wire_file["save_as"] == "wire/b.txt"      # an XML file is served as text, never live
    (out / "wire").mkdir(parents=True)
    (out / "wire" / "gone.txt").write_text("a withdrawn release's copy")
    assert wirefiles.publish(arts, str(out), settings) == 2
    assert (out / "wire" / "a.txt").read_bytes() == b"ASTANA. KAZINFORM - story"
    assert sorted(p.name for p in (out / "wire").iterdir()) == ["a.txt", "b.txt"]
    assert wirefiles.publish(arts, str(out), settings) == 0        # unchanged copies are not rewritten
    # the ingest's size limit (WIRE_MAX_BYTES) is the downloads' too: a file over it is not offered
    a_size = (seeds / "a.txt").stat().st_size
    wirefiles.attach(arts, {**settings, "WIRE_MAX_BYTES": a_size})
    assert [a.slug for a in arts if a.wire_file] == ["a"]
    wirefiles.attach(arts, {**settings, "WIRE_MAX_BYTES": a_size - 1})
    assert not any(a.wire_file for a in arts)
    wirefiles.attach(arts, {"WIRE_FILE_SAVE_AS": None, "WIRE_SEEDS_PATH": str(seeds)})
    assert not any(a.wire_file for a in arts)
    assert wirefiles.human_size(900) == "900 B" and wirefiles.human_size(3 * 1024) == "3 KB"


def test_wire_files_are_checked_by_the_ingests_stat_record_not_read_again(tmp_path, monkeypatch):
    """A large archive has a wire file per release, checked on every build: one the ingest
    hashed (its stat record, IngestReport.hashes) is not read to be attached, and publishing
    reads the copy in output/ alone when it is already the release's bytes."""
    import hashlib
    import os

    import stathash
    from newsroom import wirefiles
    from wire.ingest import ingest_folder

    monkeypatch.setattr(stathash, "SETTLED_SECONDS", 0.0)   # settled at once, not 2 s on
    seeds, content, out = tmp_path / "seeds", tmp_path / "content", tmp_path / "out"
    seeds.mkdir()
    stories = {f"s{i}.txt": f"ASTANA. KAZINFORM - Story {i} of the day.\n\nMore {i}.\n".encode()
               for i in range(3)}
    for name, data in stories.items():
        (seeds / name).write_bytes(data)
    report = ingest_folder(seeds, content, hash_cache=tmp_path / "cache" / "hashes.json", workers=1)
    assert len(report.converted) == 3
    arts = [_wire_release(f"r{i}", name, data) for i, (name, data) in enumerate(stories.items())]
    settings = {"WIRE_FILE_SAVE_AS": "wire/{slug}.txt", "WIRE_SEEDS_PATH": str(seeds)}

    reads = []
    real_read = wirefiles._read
    monkeypatch.setattr(wirefiles, "_read", lambda path, limit: reads.append(path) or real_read(path, limit))
    wirefiles.attach(arts, settings, report.hashes)
    assert [a.wire_file["size"] for a in arts] == [len(d) for d in stories.values()]
    assert reads == []                                   # known by their stat: none read
    wirefiles.attach(arts, settings)                      # no record: each one read
    assert sorted(reads) == sorted(str(seeds / n) for n in stories)

    reads.clear()
    assert wirefiles.publish(arts, str(out), settings) == 3
    assert {(out / a.wire_file["save_as"]).read_bytes() for a in arts} == set(stories.values())
    reads.clear()
    assert wirefiles.publish(arts, str(out), settings) == 0
    assert all(p.startswith(str(out)) for p in reads) and len(reads) == 3    # the copies alone

    # a copy changed in output/ is written again from seeds/
    (out / "wire" / "r1.txt").write_bytes(b"tampered")
    assert wirefiles.publish(arts, str(out), settings) == 1
    assert (out / "wire" / "r1.txt").read_bytes() == stories["s1.txt"]

    # a wire file changed since the ingest (another stat): read, and no longer the release's
    (seeds / "s0.txt").write_bytes(b"ASTANA. KAZINFORM - a later version, longer than before.\n")
    reads.clear()
    wirefiles.attach(arts, settings, report.hashes)
    assert reads == [str(seeds / "s0.txt")]
    assert [a.wire_file is not None for a in arts] == [False, True, True]
    # a record that knows a file by its stat is trusted: one that says another hash
    # withholds the download without reading it
    lying = stathash.StatRecord({"seeds": str(seeds)})
    st = os.stat(seeds / "s2.txt")
    lying.learn("seeds", "s2.txt", st, st, "sha256:" + hashlib.sha256(b"other").hexdigest(), now=st.st_ctime + 60)
    reads.clear()
    wirefiles.attach(arts[2:], settings, lying.of_space("seeds"))
    assert reads == [] and arts[2].wire_file is None
