"""Dates as wire copy writes them, year inference and time zones."""
import datetime as dt

import pytest

from wire import dates


@pytest.mark.parametrize("text,ymd", [
    ("On June 28, 2018, a telephone", (2018, 6, 28)),
    ("LOS ANGELES, Feb 26 -", (None, 2, 26)),
    ("MOSCOW, December 26. /TASS/.", (None, 12, 26)),
    ("17:36, 30 Qańtar 2026", (2026, 1, 30)),
    ("Nueva Delhi, 21 ene (EFE)", (None, 1, 21)),
    ("Facebook-innlegg, 29.08.2020", (2020, 8, 29)),
    ("released 2018-06-28 at noon", (2018, 6, 28)),
    ("December 5th, 2024 --", (2024, 12, 5)),
    ("2. März 2026 (dpa)", (2026, 3, 2)),
])
def test_find_date(text, ymd):
    found = dates.find_date(text)
    assert (found.year, found.month, found.day) == ymd


@pytest.mark.parametrize("text", ["Feb 30, 2018", "June 45", "the may 5 plan", "no date at all", "Mars 2020 rover"])
def test_impossible_or_absent_dates(text):
    assert dates.find_date(text) is None


def test_time_and_zone_near_the_date():
    found = dates.find_date("11:17, 30 Qańtar 2026 | GMT +5")
    assert (found.hour, found.minute, found.zone) == (11, 17, "+05:00")


def test_missing_year_is_the_latest_before_the_reference():
    ref = dt.datetime(2026, 1, 10, tzinfo=dt.timezone.utc)
    moment, inferred = dates.resolve(dates.DateFound(None, 12, 26), ref, "Europe/Moscow")
    assert inferred and moment.date() == dt.date(2025, 12, 26)
    assert moment.utcoffset() == dt.timedelta(hours=3)
    moment, _ = dates.resolve(dates.DateFound(None, 1, 9), ref, None)
    assert moment.date() == dt.date(2026, 1, 9)


def test_iso_always_has_an_offset():
    moment, _ = dates.resolve(dates.DateFound(2018, 6, 28), dt.datetime.now(dt.timezone.utc), "Asia/Almaty")
    assert dates.iso(moment) == "2018-06-28T00:00:00+06:00"


def test_embargo_line():
    moment = dates.parse_embargo("EMBARGOED UNTIL 09:00 CET, 1 December 2026\n", None, "UTC")
    assert moment == dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
    moment = dates.parse_embargo("HOLD FOR RELEASE UNTIL 6:00 a.m. EDT March 3, 2026", None, "UTC")
    assert moment == dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.timezone.utc)
    assert dates.parse_embargo("The embargo on oil was lifted", None, "UTC") is None


def test_missing_year_is_the_nearest_day_month_before_or_just_after():
    utc = dt.timezone.utc
    # "Jan 1" that arrived on Dec 31 is next year's (the wire's clock, its time zone)
    moment, _ = dates.resolve(dates.DateFound(None, 1, 1), dt.datetime(2026, 12, 31, 20, tzinfo=utc), None)
    assert moment.date() == dt.date(2027, 1, 1)
    moment, _ = dates.resolve(dates.DateFound(None, 12, 30), dt.datetime(2027, 1, 2, tzinfo=utc), None)
    assert moment.date() == dt.date(2026, 12, 30)
    # never months after the arrival: copy is not filed after it arrived (a future date
    # would keep it a draft), so "Feb 26" that arrived on Dec 1 is of that February
    moment, _ = dates.resolve(dates.DateFound(None, 2, 26), dt.datetime(2026, 12, 1, tzinfo=utc), None)
    assert moment.date() == dt.date(2026, 2, 26)
    # Feb 29: the nearest leap year's
    moment, _ = dates.resolve(dates.DateFound(None, 2, 29), dt.datetime(2027, 3, 1, tzinfo=utc), None)
    assert moment.date() == dt.date(2024, 2, 29)
    moment, _ = dates.resolve(dates.DateFound(None, 2, 29), dt.datetime(2028, 2, 28, tzinfo=utc), None)
    assert moment.date() == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text,month", [
    ("17:36, 30 Qańtar 2026", 1), ("3. März 2024", 3), ("12 Mei 2023", 5), ("5 июня 2022", 6),
    ("14 heinäkuuta 2021", 7), ("2 août 2020", 8), ("9 dicembre 2019", 12),
])
def test_month_names_of_each_language_file(text, month):
    # one per data/months/<lang>.txt: a language's file left out or misread fails here
    found = dates.find_date(text)
    assert found is not None and found.month == month
