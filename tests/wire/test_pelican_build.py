"""The plugin in a real Pelican build: seeds become release pages; embargoes hold."""
import datetime as dt
import subprocess

import pytest
from bs4 import BeautifulSoup

from support import ROOT, build_site, copy_seeds


def test_seeds_build_into_release_pages(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    out = build_site(tmp_path, seeds)
    pages = sorted((out / "releases").glob("*.html"))
    assert len(pages) == len(list(seeds.iterdir()))
    sample = next(p for p in pages if "abdrakhmanov" in p.name)
    soup = BeautifulSoup(sample.read_text(), "html.parser")
    text = soup.get_text(" ")
    assert "Kazinform" in text and "ASTANA" in text and "Kairat Abdrakhmanov" in text
    assert soup.find("time", attrs={"datetime": lambda v: v and v.startswith("2018-06-28")})
    tags = {a.get_text(strip=True) for a in soup.select("a[href*='tag/']")}
    assert {"Kazakhstan", "United States", "Michael Pompeo", "Kairat Abdrakhmanov"} <= tags


def test_script_in_wire_text_is_shown_not_run(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text(
        "Alert <script>alert(1)</script> in headline\n\nNEW YORK, March 3, 2026 (Reuters) - The text "
        "has <script>alert('body')</script> and <img src=x onerror=alert(2)> and *stars* inside it.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    runnable = [s.get_text() for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in s for s in runnable)
    # JSON-LD may carry the text, but never a raw "</script" that would end its element
    assert all("</script" not in s.get_text().lower() for s in soup.find_all("script"))
    assert not soup.find("img", attrs={"onerror": True})
    assert "<script>alert('body')</script>" in soup.get_text()
    assert "*stars*" in soup.get_text()


def test_embargoed_release_waits_for_its_moment(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)
    (seeds / "e.txt").write_text(
        f"EMBARGOED UNTIL {soon:%H:%M} GMT, {soon:%d %B %Y}\n\nAcme unveils a rocket\n\n"
        "NEW YORK, March 3, 2026 (Reuters) - Acme Corp unveiled a reusable rocket on Tuesday, "
        "the company said in a statement.\n")
    (seeds / "p.txt").write_text("Beta opens a shop\n\nLONDON, March 3, 2026 (Reuters) - Beta opened a "
                                 "shop in the city centre on Tuesday, the company said.\n")
    out = build_site(tmp_path, seeds)
    published = {p.name for p in (out / "releases").glob("*.html")}
    assert published == {"beta-opens-a-shop.html"}
    md = (tmp_path / "content" / "releases" / "acme-unveils-a-rocket.md").read_text()
    assert f"Embargo: {soon:%Y-%m-%d}" in md
    # the first build after the embargo publishes it (same Markdown, a later clock)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=4)
    out = build_site(tmp_path, seeds, {"WITH_FUTURE_DATES": True} if later > soon else {})
    assert "acme-unveils-a-rocket.html" in {p.name for p in (out / "releases").glob("*.html")}


def test_editor_change_survives_a_rebuild(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds", ["002_harbor_council_agency.txt"])
    build_site(tmp_path, seeds)
    [md] = (tmp_path / "content" / "releases").glob("*.md")
    md.write_text(md.read_text().replace("Title: Harbor council approves ferry link to Kestrel Island",
                                         "Title: Ferry to Kestrel Island approved"))
    (seeds / "002_harbor_council_agency.txt").write_text(
        (seeds / "002_harbor_council_agency.txt").read_text() + "\n    A late paragraph was added.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    assert "Ferry to Kestrel Island approved" in page.read_text()


def test_invoke_ingest_command(tmp_path):
    seeds = copy_seeds(tmp_path / "seeds")
    content = tmp_path / "content"
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "ingest", "--seeds", str(seeds),
                           "--content", str(content)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "converted" in proc.stderr
    assert len(list((content / "releases").glob("*.md"))) == len(list(seeds.iterdir()))
    (seeds / "bad.txt").write_bytes(b"")
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "ingest", "--seeds", str(seeds),
                           "--content", str(content), "--strict"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0 and "bad.txt" in proc.stderr


def test_month_archives_with_stories_in_different_time_zones(tmp_path):
    """Stories filed around midnight in different zones: each month archive written once."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, dl in [("a", "NEW YORK, January 31, 2024 11:00 PM EST (Reuters)"),
                     ("b", "ASTANA, February 1, 2024 08:00 GMT+6 (Kazinform)"),
                     ("c", "LONDON, January 31, 2024 23:00 GMT (Reuters)")]:
        (seeds / f"{name}.txt").write_text(f"Story {name} about the budget\n\n{dl} - The city council "
                                           f"approved its budget for the year on a close vote, officials said.\n")
    out = build_site(tmp_path, seeds)
    jan = (out / "archives" / "2024" / "01" / "index.html").read_text()
    feb = (out / "archives" / "2024" / "02" / "index.html").read_text()
    assert "Story a" in jan and "Story c" in jan and "Story b" in feb and "Story b" not in jan


def test_entities_in_a_wire_headline_show_as_the_text_they_mean(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "q.txt").write_text("Q&amp;A with Acme&#8217;s chief\n\nNEW YORK, March 3, 2026 (Reuters) - "
                                 "Acme &amp; Beta answered questions from readers on Tuesday, the company said.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find("h1").get_text(strip=True) == "Q&A with Acme’s chief"
    assert "Acme & Beta answered" in soup.get_text()
    assert "&amp;" not in soup.get_text()


# --- the guarantee in a real build: hostile wire copy in every position ---------------------
HOSTILE_MD = """Title: An old release <img src=x onerror=alert(1)>
Date: 2026-03-02T10:00:00+00:00
Source: Reuters
Tags: Ac\u202eme, Beta\x1b[31m
Summary: Old <b onclick="alert(1)">summary</b> <script>alert(1)</script>
Wire-Source: old.txt
Wire-Hash: sha256:0000

Written by an older converter: <img src=x onerror=alert(document.domain)>
<iframe src="javascript:alert(1)"></iframe> <a href="javascript:alert(1)">link</a>

<div class="highlight" onclick="alert(1)"><table><tr><td style="x">cell</td></tr></table></div>

Term
: <svg onload=alert(1)></svg>
"""


def test_hostile_wire_copy_reaches_pages_feeds_and_sitemaps_only_as_text(tmp_path):
    import xml.etree.ElementTree as ET

    import feedparser

    from hostile import batch, site_problems

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    stories = batch()
    for name, text in stories:
        (seeds / name.replace("\x00", "")).write_text(text, encoding="utf-8")
    # the second wall alone: a wire release whose Markdown carries raw HTML (an older
    # converter wrote it, or a bug let it through): sanitised as Pelican reads it
    releases = tmp_path / "content" / "releases"
    releases.mkdir(parents=True)
    (releases / "old-release.md").write_text(HOSTILE_MD, encoding="utf-8")
    # ...and a wire release an editor opened to markup of their own, on purpose
    (releases / "edited.md").write_text(
        "Title: Edited release\nDate: 2026-03-02T11:00:00+00:00\nWire-Source: edited.txt\n"
        "Wire-Hash: sha256:1111\nEditor-Markup: yes\n\nSee [the ministry](/pages/ministry.html).\n",
        encoding="utf-8")

    out = build_site(tmp_path, seeds, {"NEWS_SITEMAP_DAYS": 10000})
    pages = sorted((out / "releases").glob("*.html"))
    assert len(pages) >= 0.95 * len(stories)          # published, not rejected

    # pages, feeds and sitemaps through the one scan (hostile.site_problems) that the fuzz
    # harness's site sample uses too
    problems = site_problems(out, editor_pages={"edited-release.html"})
    assert problems == [], problems[:20] + [len(problems)]

    # what the wire said is still there, as text (the definition-list case)
    by_source = {}
    for md in releases.glob("*.md"):
        meta = dict(ln.split(": ", 1) for ln in md.read_text(encoding="utf-8").split("\n\n")[0].splitlines())
        if "Slug" in meta:
            by_source[meta["Wire-Source"]] = out / "releases" / f"{meta['Slug']}.html"
    definition = BeautifulSoup(by_source["definition-00.txt"].read_text(), "html.parser")
    assert "<img src=x onerror=alert(document.domain)>" in definition.select_one(".release-body").get_text()
    old = BeautifulSoup(next(p for p in pages if "older converter" in p.read_text()).read_text(), "html.parser")
    assert "Written by an older converter" in old.get_text()
    assert not old.select(".release-body img, .release-body iframe, .release-body table, .release-body a")
    assert "<b" not in str(old.select_one(".release-body"))
    edited = BeautifulSoup((out / "releases" / "edited-release.html").read_text(), "html.parser")
    assert edited.select_one(".release-body a[href='/pages/ministry.html']")

    assert sorted((out / "feeds").rglob("*.xml"))
    all_atom = feedparser.parse((out / "feeds" / "all.atom.xml").read_text())
    assert len(all_atom.entries) == 50
    news = ET.fromstring((out / "news-sitemap.xml").read_bytes())
    titles = [t.text for t in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert len(titles) >= 0.95 * len(stories)


def _settings(tmp_path):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "cache"),
        "WIRE_SEEDS_PATH": None, "PAGEFIND": False})


def test_the_reader_sanitises_wire_releases_so_the_cache_holds_safe_html(tmp_path):
    import wire
    from pelican.readers import Readers

    wire.register()                        # as Pelican does on start (signals dedupe)
    (tmp_path / "old.md").write_text(HOSTILE_MD, encoding="utf-8")
    (tmp_path / "mine.md").write_text("Title: Hand <b>made</b>\nDate: 2026-03-02\n\n"
                                      "<iframe src=\"/embed\"></iframe>\n", encoding="utf-8")
    readers = Readers(_settings(tmp_path))
    assert type(readers.readers["md"]).__name__ == "WireMarkdownReader"
    content, meta = readers.readers["md"].read(str(tmp_path / "old.md"))
    assert "<img" not in content and "<iframe" not in content and "<dl" not in content
    assert "older converter" in content
    assert "<script" not in meta["summary"] and "onclick" not in meta["summary"]
    assert meta[wire.SANITISED] == wire._sanitiser_stamp()
    assert [str(t) for t in meta["tags"]] == ["Acme", "Beta"]
    mine, _ = readers.readers["md"].read(str(tmp_path / "mine.md"))
    assert "<iframe" in mine                # the newsroom's own release: as written


def test_a_wire_release_from_a_stale_cache_is_sanitised_as_pelican_creates_it(tmp_path):
    import wire
    from pelican.contents import Article

    wire.register()
    meta = {"title": "Old &#8238;title &amp; more", "wire-source": "old.txt", "byline": "Anna\x1b[31m Berg",
            "summary": "<p onclick=x>s</p>", wire.SANITISED: "0/nh3-0.0"}   # an older sanitiser's mark
    art = Article("<p>ok</p><img src=x onerror=alert(1)>", metadata=meta, settings=_settings(tmp_path))
    assert art.content == "<p>ok</p>"
    assert art.summary == "<p>s</p>"
    assert art.title == "Old title & more"          # entities decoded, then cleaned: no U+202E
    assert art.byline == "Anna Berg"


def test_on_an_unknown_pelican_a_release_not_read_by_our_reader_is_refused(tmp_path, monkeypatch):
    """pelicancompat cannot rewrite a content object of a Pelican it does not know: the
    release is refused (Pelican's reading loop names the file and leaves it out) rather than
    published with the wire's markup."""
    import pelicancompat
    import wire
    from pelican.contents import Article

    wire.register()
    monkeypatch.setattr(pelicancompat, "KNOWN", dict(pelicancompat.KNOWN, pelican=("3.7",)))
    meta = {"title": "Old", "wire-source": "old.txt", wire.SANITISED: "0/nh3-0.0"}
    with pytest.raises(ValueError, match="without the wire sanitiser"):
        Article("<p>ok</p><img src=x onerror=alert(1)>", metadata=meta, settings=_settings(tmp_path))


def test_on_an_unknown_pelican_every_release_is_read_by_our_reader(tmp_path, monkeypatch):
    """...so that case does not arise from the content cache: a build on an unknown Pelican
    does not load it, and a release whose cached HTML is stale is read (and sanitised) again."""
    import pelicancompat
    from pelican import Pelican

    settings = _settings(tmp_path)
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "old.md").write_text(HOSTILE_MD, encoding="utf-8")
    Pelican(dict(settings)).run()
    monkeypatch.setattr(pelicancompat, "KNOWN", dict(pelicancompat.KNOWN, pelican=("3.7",)))
    unknown = dict(settings)
    Pelican(unknown).run()
    assert unknown["LOAD_CONTENT_CACHE"] is False
    page = next((tmp_path / "out" / "releases").glob("*.html")).read_text(encoding="utf-8")
    assert "older converter" in page
    assert not BeautifulSoup(page, "html.parser").select("[onerror], iframe, script:not([src]):not([type=\"application/ld+json\"])")
