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
    assert tag == "t" and arts[3] not in others and len(others) == 5


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
