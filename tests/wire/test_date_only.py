"""Dates that tell the truth: a wire that states a day but no time keeps it a date (no
invented 00:00 on the page, in JSON-LD or the sitemaps) and is ordered by its arrival
within that day; undated copy is dated when it arrived, logged and listed on /_build/."""
import datetime as dt
import json
import os

import feedparser
from bs4 import BeautifulSoup

from support import build_site
from wire import convert, mdwriter

UTC = dt.timezone.utc
LEAD = " - The regional council approved a new ferry link to the island on Thursday, its chair said.\n"


def _story(text: str, arrived: dt.datetime):
    return convert.convert(text.encode(), "x.txt", arrived)


def test_a_day_without_a_time_is_date_only_at_its_arrival_time():
    arrived = dt.datetime(2018, 6, 28, 9, 41, 7, tzinfo=UTC)
    story = _story("Council backs ferry link\n\nASTANA, June 28, 2018 (Kazinform)" + LEAD, arrived)
    assert story.date_only and not story.undated
    assert story.date == arrived            # Astana is UTC+6: 15:41 there, the same day
    assert story.date.utcoffset() == dt.timedelta(hours=6)
    md = mdwriter.render(story, "s")
    assert "Date-Only: yes\n" in md and "Date: 2018-06-28T15:41:07+06:00\n" in md


def test_arrival_on_another_day_keeps_the_start_of_the_stated_day():
    story = _story("Council backs ferry link\n\nLONDON, June 12, 2018 (Reuters)" + LEAD,
                   dt.datetime(2018, 6, 28, 9, 0, tzinfo=UTC))
    assert story.date_only and story.date.date() == dt.date(2018, 6, 12)
    assert (story.date.hour, story.date.minute) == (0, 0)


def test_a_stated_time_is_not_date_only():
    story = _story("Council backs ferry link\n\nLONDON, June 28, 2018, 14:30 (Reuters)" + LEAD,
                   dt.datetime(2018, 6, 28, 9, 0, tzinfo=UTC))
    assert not story.date_only and (story.date.hour, story.date.minute) == (14, 30)
    assert "Date-Only" not in mdwriter.render(story, "s")


def test_undated_copy_is_dated_at_arrival_and_marked():
    arrived = dt.datetime(2018, 6, 28, 9, 41, 7, tzinfo=UTC)
    story = _story("Council backs ferry link\n\nThe regional council approved a new ferry link to the "
                   "island on Thursday, its chair told reporters in the capital.\n", arrived)
    assert story.undated and not story.date_only and story.date == arrived
    assert "modification time" in story.date_note
    assert "Wire-Undated: yes\n" in mdwriter.render(story, "s")


def _seed(seeds, name, text, arrived):
    path = seeds / name
    path.write_text(text)
    os.utime(path, (arrived.timestamp(), arrived.timestamp()))


def test_date_only_site_pages_feeds_and_jsonld(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    day = dt.datetime(2018, 6, 28, tzinfo=UTC)
    _seed(seeds, "early.txt", "Council backs ferry link\n\nLONDON, June 28, 2018 (Reuters)" + LEAD,
          day.replace(hour=8, minute=5))
    _seed(seeds, "late.txt", "Port opens new berth\n\nLONDON, June 28, 2018 (Reuters) - The port opened a "
          "new deep-water berth on Thursday, its chief executive said.\n", day.replace(hour=16, minute=20))
    _seed(seeds, "timed.txt", "Mayor names deputy\n\nLONDON, June 28, 2018, 11:00 (Reuters) - The mayor "
          "named a new deputy on Thursday, her office said in a statement.\n", day)
    out = build_site(tmp_path, seeds, {"SITEURL": "https://news.example.org"})
    page = BeautifulSoup((out / "releases" / "council-backs-ferry-link.html").read_text(), "html.parser")
    time = page.find("time", attrs={"data-pagefind-meta": "date"})
    assert time["datetime"] == "2018-06-28" and time.get_text(strip=True) == "June 28, 2018"
    assert "00:00" not in page.get_text() and "08:05" not in page.get_text()
    assert page.find("meta", property="article:published_time")["content"] == "2018-06-28"
    ld = json.loads(page.find("script", type="application/ld+json").string)
    assert ld["datePublished"] == "2018-06-28" and ld["dateModified"] == "2018-06-28"
    # a stated time is still shown with its time
    timed = BeautifulSoup((out / "releases" / "mayor-names-deputy.html").read_text(), "html.parser")
    assert "11:00" in timed.find("time", attrs={"data-pagefind-meta": "date"}).get_text()
    assert json.loads(timed.find("script", type="application/ld+json").string)["datePublished"] \
        == "2018-06-28T11:00:00+01:00"
    # listings: the card's <time> is the day; no date-only story is stamped 00:00 anywhere
    index = (out / "index.html").read_text()
    assert 'datetime="2018-06-28"' in index and "T00:00" not in index
    assert "<news:publication_date>2018-06-28</news:publication_date>" in (out / "news-sitemap.xml").read_text()
    # feeds must carry a datetime: the arrival within the day, so copy that came later is newer
    feed = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    assert titles.index("Port opens new berth") < titles.index("Mayor names deputy") < \
        titles.index("Council backs ferry link")
    late = next(e for e in feed.entries if e.title == "Port opens new berth")
    assert late.updated.startswith("2018-06-28T17:20:00+01:00")     # 16:20 UTC, London summer time


def test_undated_copy_is_listed_on_the_build_report(tmp_path):
    from buildreport.report import BuildReport, now, render_html
    from wire.ingest import ingest_folder

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "nodate.txt").write_text("Council backs ferry link\n\nThe regional council approved a new ferry "
                                      "link to the island on Thursday, its chair told reporters.\n")
    (seeds / "dated.txt").write_text("Port opens berth\n\nLONDON, June 28, 2018 (Reuters) - The port opened a "
                                     "new deep-water berth on Thursday, its chief executive said.\n")
    report = ingest_folder(seeds, tmp_path / "content")
    assert report.undated == ["nodate.txt"]
    rep = BuildReport(started=now())
    rep.add_ingest(report)
    html = BeautifulSoup(render_html(rep), "html.parser")
    assert [li.get_text() for li in html.select("#undated li")] == ["nodate.txt"]
