"""Issue 12 item 5: a typo in a date does not cost the story.

An impossible value (Feb 30, GMT+30, UTC+25, month 13, year 0 or 99999, an embargo at an
impossible offset) is ignored with a warning naming it; the story is dated as if the value
were absent and published. Historical local mean time (+00:09:21) never reaches the
Markdown, and a release Pelican cannot read is named in the build log."""
import datetime as dt
import logging

import pytest
from bs4 import BeautifulSoup

from support import build_site
from wire import convert, dates, ingest, mdwriter

REF = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
LEAD = "Acme Corp opened a new plant in Ohio on Monday, the company said in a statement."


def story(dateline: str, top: str = "") -> bytes:
    return f"{top}Acme opens plant\n\n{dateline} - {LEAD}\n".encode()


# (with the impossible value, the same story without it, the value the warning names)
CASES = [
    ("WASHINGTON, Feb 30, 2026 (Reuters)", "WASHINGTON (Reuters)", "Feb 30, 2026"),
    ("WASHINGTON, April 31 (Reuters)", "WASHINGTON (Reuters)", "April 31"),
    ("WASHINGTON, 30 February 2026 (Reuters)", "WASHINGTON (Reuters)", "30 February 2026"),
    ("WASHINGTON, 2026-13-01 (Reuters)", "WASHINGTON (Reuters)", "2026-13-01"),
    ("WASHINGTON, Dec 32 (Reuters)", "WASHINGTON (Reuters)", "Dec 32"),
    ("WASHINGTON, March 3, 99999 (Reuters)", "WASHINGTON, March 3 (Reuters)", "March 3, 99999"),
    ("WASHINGTON, March 3, 0 (Reuters)", "WASHINGTON, March 3 (Reuters)", "March 3, 0"),
    ("WASHINGTON, March 3, 2026 10:00 GMT+30 (Reuters)", "WASHINGTON, March 3, 2026 10:00 (Reuters)", "GMT+30"),
    ("WASHINGTON, March 3, 2026 10:00 UTC+25 (Reuters)", "WASHINGTON, March 3, 2026 10:00 (Reuters)", "UTC+25"),
    ("WASHINGTON, March 3, 2026 10:00 GMT-13 (Reuters)", "WASHINGTON, March 3, 2026 10:00 (Reuters)", "GMT-13"),
]


@pytest.mark.parametrize("bad, good, value", CASES, ids=[c[2] for c in CASES])
def test_impossible_value_is_ignored_with_a_warning(bad, good, value):
    got = convert.convert(story(bad), "bad.txt", REF)
    clean = convert.convert(story(good), "good.txt", REF)
    assert got.date == clean.date and got.date.utcoffset() == clean.date.utcoffset()
    assert got.dateline == clean.dateline == "WASHINGTON"
    assert any(value in w and "ignored" in w for w in got.warnings), got.warnings
    assert not any("ignored" in w for w in clean.warnings)


@pytest.mark.parametrize("embargo", [
    "EMBARGOED UNTIL 09:00 UTC+25, 1 December 2026",
    "EMBARGOED UNTIL 09:00 GMT+30, 1 December 2026",
    "HOLD FOR RELEASE UNTIL 09:00 UTC-26 1 December 2026",
])
def test_embargo_at_an_impossible_offset(embargo):
    got = convert.convert(story("WASHINGTON, March 3, 2026 (Reuters)", embargo + "\n\n"), "e.txt", REF)
    plain = embargo.replace("UTC+25", "").replace("GMT+30", "").replace("UTC-26", "")
    clean = convert.convert(story("WASHINGTON, March 3, 2026 (Reuters)", plain + "\n\n"), "e.txt", REF)
    assert got.embargo == clean.embargo == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dates.tzinfo("America/New_York"))
    assert any("impossible UTC offset" in w for w in got.warnings)


def test_possible_values_give_no_warning():
    for text in ["June 1, 2026", "Feb 29, 2024", "10:00 GMT+5", "UTC-12", "UTC+14", "Feb 3, 15 people", "may 40"]:
        assert dates.impossible(text) == [], text
    assert dates.impossible("Feb 29, 2025") and dates.impossible("UTC+14:30") and dates.impossible("GMT+5:75")


def test_offsets_no_zone_uses_are_not_zones():
    assert dates.tzinfo("+30:00") is None and dates.tzinfo("-13:00") is None
    assert dates.tzinfo("+14:00").utcoffset(None) == dt.timedelta(hours=14)


def test_routing_header_date_that_does_not_exist():
    # ANPA selector line with month 13, day 45: the header date is ignored, not an internal error
    data = b"\x16\x16\x01a0123 BC-Acme 13-45 0421\r\n\x02Acme opens plant\r\n\tWASHINGTON (AP) _ " + \
        LEAD.encode() + b"\r\n\x03"
    got = convert.convert(data, "anpa.txt", REF)
    assert got.headline and got.date


def test_historical_local_mean_time_gives_a_date_pelican_reads(tmp_path):
    data = (b"Fair opens\n\nPARIS, June 1, 1900 (Reuters) - The Exposition Universelle drew large "
            b"crowds on Friday, officials of the city said in a statement.\n")
    got = convert.convert(data, "paris.txt", REF)
    assert got.date.utcoffset() == dt.timedelta(minutes=9, seconds=21)      # Paris mean time, 1900
    md = mdwriter.render(got, "fair-opens")
    assert "Date: 1900-06-01T00:00:00+00:09\n" in md
    assert dates.iso(dt.datetime(1900, 6, 1, tzinfo=dates.tzinfo("Europe/Paris"))) == "1900-06-01T00:00:00+00:09"
    # and a real build publishes it
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "paris.txt").write_bytes(data)
    out = build_site(tmp_path, seeds)
    page = out / "releases" / "fair-opens.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find("time", attrs={"datetime": lambda v: v and v.startswith("1900-06-01")})


def test_stories_with_impossible_dates_are_published_and_logged(tmp_path, caplog):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i, (bad, _, _) in enumerate(CASES):
        (seeds / f"typo-{i}.txt").write_bytes(story(bad).replace(b"Ohio", f"Ohio {i}".encode()))
    caplog.set_level(logging.INFO, logger="wire")
    report = ingest.ingest_folder(seeds, tmp_path / "content", workers=1)
    assert not report.rejected and len(report.converted) == len(CASES)
    for i, (_, _, value) in enumerate(CASES):
        assert any(f"typo-{i}.txt" in r.getMessage() and value in r.getMessage() for r in caplog.records), value
    out = build_site(tmp_path, seeds)
    assert len(list((out / "releases").glob("*.html"))) == len(CASES)


def test_a_release_pelican_cannot_read_is_named(tmp_path, caplog):
    content = tmp_path / "content"
    (content / "releases").mkdir(parents=True)
    (content / "releases" / "odd.md").write_text("Title: Odd\nDate: 1900-01-01T00:00:00+00:09:21\n\nBody.\n")
    (content / "releases" / "fine.md").write_text("Title: Fine\nDate: 2026-01-01T00:00:00+00:00\n\nBody.\n")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    caplog.set_level(logging.ERROR)
    out = build_site(tmp_path, seeds)
    assert (out / "releases" / "fine.html").exists() and not (out / "releases" / "odd.html").exists()
    named = [r.getMessage() for r in caplog.records if r.name == "newsroom.unpublished"]
    assert "release releases/odd.md was not published: Pelican could not read it (see the error above)" in named
    assert "newsroom: 1 release(s) written but not published" in named
