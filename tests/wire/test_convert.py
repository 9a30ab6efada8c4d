"""Wire bytes -> Story: the client's sample, headlines, tags, body, bad input."""
import datetime as dt

import pytest

from support import ROOT
from wire import convert, headline

REF = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
SAMPLE = ROOT / "seeds" / "000_a197b5cc5a53a806.txt"


def story_of(text, name="t.txt", **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return convert.convert(data, name, REF, **kw)


def test_client_sample():
    s = story_of(SAMPLE.read_bytes(), SAMPLE.name)
    assert (s.dateline, s.source, s.category) == ("ASTANA", "Kazinform", "News")
    assert s.date.isoformat().startswith("2018-06-28") and s.date.utcoffset() is not None
    for tag in ("Kazakhstan", "United States", "Michael Pompeo", "Kairat Abdrakhmanov"):
        assert tag in s.tags
    assert 3 <= len(s.tags) <= 8
    assert s.headline_generated and len(s.headline) <= 100
    assert "Abdrakhmanov" in s.headline and "Pompeo" in s.headline   # who, whole names
    assert s.summary.startswith("On June 28, 2018") and s.summary.endswith(".")
    assert len(s.paragraphs) == 6 and s.wire_hash.startswith("sha256:")


def test_generated_headline_is_short_whole_words_and_no_dangling_clause():
    lead = ("Northwind Solar Inc., a maker of photovoltaic panels based in Denver, today opened a "
            "400-megawatt assembly plant in Tucson that will employ 650 people by the end of the year, "
            "the company said in a statement released to reporters.")
    h = headline.generate(lead)
    assert len(h) <= 100 and h.split()[-1].lower() not in {"of", "and", "the", "a", "to", "in"}
    assert h.startswith("Northwind Solar") and " opens " in h          # headlines speak in the present
    assert all(w in lead for w in h.replace(",", "").split() if w != "opens")


def test_reuters_style_headline_is_tidied_but_words_kept():
    s = story_of("TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER\n\n    LOS ANGELES, Feb 26 - BankAmerica "
                 "Corp is not under\npressure to act quickly, analysts said.\n    Some analysts said "
                 "they have\nrecommended a delay.\n Reuter\n")
    assert "<BAC>" not in s.headline and "bankamerica" in s.headline.lower()
    assert s.paragraphs == ["BankAmerica Corp is not under pressure to act quickly, analysts said.",
                            "Some analysts said they have recommended a delay."]   # indents, no sign-off
    assert (s.date.month, s.date.day) == (2, 26)
    assert s.date_note and "year" in s.date_note


def test_about_and_contact_sections():
    s = story_of((ROOT / "seeds" / "001_northwind_solar_prnewswire.txt").read_bytes())
    kinds = [(sec.kind, sec.heading) for sec in s.sections]
    assert ("about", "About Northwind Solar") in kinds and kinds[-1][0] == "contact"
    assert not any(p.startswith("About Northwind") for p in s.paragraphs)


def test_no_date_says_so_and_uses_the_file_time():
    s = story_of("Acme opens a plant\n\nAcme Corp opened a new plant on the edge of town, "
                 "its chief executive told a crowd of workers and officials.")
    assert s.date == REF and "no date" in s.date_note


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"), (b"   \n\t\r\n  ", "whitespace"), (bytes(range(256)) * 40, "binary"),
    (b"x" * (convert.DEFAULT_MAX_BYTES + 1), "over the size limit"),
])
def test_bad_input_is_rejected_with_a_reason(data, reason):
    with pytest.raises(convert.Rejected, match=reason):
        story_of(data)


def test_no_dateline_and_impossible_date_still_convert():
    s = story_of("Plain story\n\nIt happened on February 30, 2025 in a town with no name at all, "
                 "people said, and nobody could agree on what had happened there.")
    assert s.dateline is None and s.source is None
    assert s.date == REF           # Feb 30 is no date: the file's time, said in the log
    assert s.date_note


@pytest.mark.parametrize("year", ["2999", "1066", "0000"])
def test_absurd_years_are_not_taken(year):
    s = story_of(f"Time capsule\n\nLONDON, January 1, {year} (Reuters) - A time capsule was opened "
                 "in the city centre on Thursday, officials said to a crowd.")
    assert (s.date.month, s.date.day) == (1, 1) and str(s.date.year) != year
    assert "inferred" in s.date_note


def test_control_characters_html_and_script_stay_text():
    s = story_of("Hack <script>alert(1)</script>\n\nNEW YORK (Reuters) - Text with \x07bell and "
                 "<b>bold</b> & <script>alert('x')</script> inside, officials said on Monday.")
    assert s.headline == "Hack <script>alert(1)</script>"   # raw text: escaped by the writer/theme
    assert "\x07" not in s.paragraphs[0] and "<script>" in s.paragraphs[0]


def test_language_is_detected():
    s = story_of("BERLIN (dpa) - Die Stadtwerke wollen bis 2030 alle Busse auf Strom umstellen, teilte "
                 "der Verkehrsbetrieb am Montag mit. Die Kosten tragen Bund und Land.")
    assert s.lang == "de"
    assert story_of(SAMPLE.read_bytes()).lang is None      # the site default is not written


def test_html_entities_in_wire_text_are_decoded_once():
    s = story_of("Q&amp;A with Acme&#8217;s chief\n\nNEW YORK (Reuters) - Acme &amp; Beta said &lt;b&gt; "
                 "tags were shown as text on Monday, officials told reporters in the city.")
    assert s.headline == "Q&amp;A with Acme&#8217;s chief"      # the headline line as written
    assert "Acme & Beta said <b> tags" in s.paragraphs[0]


def test_the_region_picks_the_city_and_its_time_zone():
    fl = story_of("Launch\n\nMELBOURNE, FL, April 8, 2024 (PR Karma) - Taktiful Software launched a new "
                  "product line for printers in Florida on Monday, the company said.")
    au = story_of("Launch\n\nMELBOURNE, April 8, 2024 (AAP) - A new product line for printers was launched "
                  "in the city on Monday, the company said in a statement.")
    assert fl.date.isoformat() == "2024-04-08T00:00:00-04:00"
    assert au.date.isoformat() == "2024-04-08T00:00:00+10:00"


def test_a_dateline_line_and_a_repeated_dateline_in_the_lead():
    s = story_of("MELBOURNE, FL / PR Karma / April 8, 2024 10:58\n\nMelbourne, FL, April 8th, 2024- Taktiful "
                 "Software Solutions today announced its official launch in the print embellishment space.\n")
    assert s.paragraphs[0].startswith("Taktiful Software Solutions today announced")
    assert s.headline.startswith("Taktiful Software Solutions")


def test_an_image_line_is_not_the_lead():
    s = story_of("New tech for airports\n\n![Source: Freepik](https://example.org/a/very/long/path/to/an/image.jpg)\n"
                 "Airport security delays are becoming a common headache for travellers across the country, "
                 "experts said on Monday.\n")
    assert s.summary.startswith("Airport security delays")
    # the image line is the release's picture (wire.photos), not text
    assert s.paragraphs[0].startswith("Airport security delays")
    assert [(i.href, i.caption) for i in s.images] == [
        ("https://example.org/a/very/long/path/to/an/image.jpg", "Source: Freepik")]


@pytest.mark.parametrize("text,source,place", [
    ("ВЛАДИВОСТОК /Приморский край/, 28 июня 2025. /ТАСС/. Губернатор края заявил в пятницу, что новый "
     "мост через бухту откроют в следующем году.\n\nСтроительство началось в 2023 году.\n",
     "TASS", "ВЛАДИВОСТОК, Приморский край"),
    ("АЛМАТЫ /Казахстан/, 5 марта 2025. /Казинформ/ - Городской акимат сообщил во вторник, что новая "
     "линия метро откроется осенью.\n\nСтроительство ведется с 2021 года.\n",
     "Kazinform", "АЛМАТЫ, Казахстан"),
])
def test_a_region_in_slashes_is_part_of_the_place_not_the_source(text, source, place):
    s = story_of(text)
    assert (s.source, s.dateline, s.category) == (source, place, "News")
    assert s.lang == "ru"


# A missing year (issue 11): the years a story mentions are not the year it was filed. The
# wire's own timestamp first, then the file's arrival (the day-month nearest it), then
# WIRE_DEFAULT_YEAR; the mentioned years only where no time or setting is known.
YEARLESS = ("Acme results\n\n    NEW YORK, March 3 - Acme Corp said its 1986 net profit rose on "
            "higher sales, and it expects 1987 sales to rise again, the company said.\n Reuter\n")


def test_missing_year_comes_from_the_arrival_not_the_years_mentioned():
    # live copy: "1986 net profit" in a story that arrived in 1987 (or 1988) is dated by its arrival
    s = convert.convert(YEARLESS.encode(), "t.txt", dt.datetime(1988, 3, 4, 9, tzinfo=dt.timezone.utc))
    assert s.date.date() == dt.date(1988, 3, 3)
    assert "arrival" in s.date_note
    live = YEARLESS.replace("1986", "2025").replace("1987", "2026")
    s = convert.convert(live.encode(), "t.txt", dt.datetime(2026, 3, 4, 9, tzinfo=dt.timezone.utc))
    assert s.date.date() == dt.date(2026, 3, 3) and "arrival" in s.date_note
    # an archive copied into the drop folder: the file "arrived" decades after every year the
    # story names, so its time is the copy's, and the named years date it (said in the note)
    s = convert.convert(YEARLESS.encode(), "t.txt", dt.datetime(2026, 3, 4, 9, tzinfo=dt.timezone.utc))
    assert s.date.date() == dt.date(1987, 3, 3) and "archive copy" in s.date_note
    # arrival on New Year's Eve, "Jan 1" in the dateline: the day after, next year
    s = convert.convert(live.replace("March 3", "Jan 1").encode(), "t.txt",
                        dt.datetime(2026, 12, 31, 22, tzinfo=dt.timezone.utc))
    assert s.date.date() == dt.date(2027, 1, 1)
    # the setting stands in where the file's time says nothing (unpacked without times)
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    s = convert.convert(YEARLESS.encode(), "t.txt", epoch, default_year=1987)
    assert s.date.date() == dt.date(1987, 3, 3) and "WIRE_DEFAULT_YEAR" in s.date_note
    # and only then the years the story mentions
    s = convert.convert(YEARLESS.encode(), "t.txt", epoch)
    assert s.date.date() == dt.date(1987, 3, 3) and "mentions" in s.date_note
    # an arrival time wins over the setting too (the order: arrival, then settings)
    s = convert.convert(YEARLESS.encode(), "t.txt", dt.datetime(1988, 3, 4, tzinfo=dt.timezone.utc),
                        default_year=1987)
    assert s.date.year == 1988
