"""The dateline grammar: each shape the agencies use, and prose that is not a dateline."""
import pytest

from wire import dateline

SHAPES = [
    # text, place, agency, (month, day) or None
    ("ASTANA. KAZINFORM - On June 28, 2018, a call", "ASTANA", "KAZINFORM", None),
    ("NEW YORK, June 28, 2018 /PRNewswire/ -- Acme Corp today", "NEW YORK", "PRNewswire", (6, 28)),
    ("WASHINGTON (Reuters) - The U.S. Senate on Tuesday", "WASHINGTON", "Reuters", None),
    ("NEW YORK--(BUSINESS WIRE)--Acme Corp said", "NEW YORK", "BUSINESS WIRE", None),
    ("NEW YORK, Jan 21 (Reuters) - The Statue of Liberty", "NEW YORK", "Reuters", (1, 21)),
    ("(ANSA) - Rome, October 11 - Italian Foreign Minister", "Rome", "ANSA", (10, 11)),
    ("København /ritzau/: En 41-årig mand", "København", "ritzau", None),
    ("BUENOS AIRES, Argentina (AP) _ For cancer patients", "BUENOS AIRES, Argentina", "AP", None),
    ("     SAITAMA, Japan, Dec. 9 Kyodo - Urawa Reds claimed", "SAITAMA, Japan", "Kyodo", (12, 9)),
    ("NEW YORK, NY - (NewMediaWire) - August 22, 2024 - Hestia Insight", "NEW YORK, NY", "NewMediaWire", (8, 22)),
    ("    LOS ANGELES, Feb 26 - BankAmerica Corp is not", "LOS ANGELES", None, (2, 26)),
    ("MOSCOW, December 26. /TASS/. The Kremlin does not", "MOSCOW", "TASS", (12, 26)),
    ("Nueva Delhi, 21 ene (EFE).- Una pareja de leones", "Nueva Delhi", "EFE", (1, 21)),
    ("HONG KONG SAR - [Media OutReach Newswire](https://example.org/) - 16 March 2026 - The",
     "HONG KONG SAR", "Media OutReach Newswire", (3, 16)),
    ("Southlake, Texas, February 6, 2026 – PRISM MediaWire (Press Release Service) – Renewal",
     "Southlake, Texas", "PRISM MediaWire", (2, 6)),
    ("TAShKENT. KAZINFORM — Byltyr Ózbekstan", "TAShKENT", "KAZINFORM", None),
    ("Berlin (dpa) - Negotiations between German conservatives", "Berlin", "dpa", None),
    ("SAO PAULO, Feb. 1, 2017 /PRNewswire-AsiaNet/ --", "SAO PAULO", "PRNewswire-AsiaNet", (2, 1)),
    ("Philadelphia, PA (Newsworthy.ai) Thursday Dec 14, 2023 @ 7:00 PM Eastern — The award",
     "Philadelphia, PA", "Newsworthy.ai", (12, 14)),
    ("November 11, 2024 - DALLAS — When older adults have", "DALLAS", None, (11, 11)),
    ("(NewMediaWire) - February 07, 2025 - NEW ORLEANS — According to the report",
     "NEW ORLEANS", "NewMediaWire", (2, 7)),
    # a region in slashes after the place (Russian-language agencies): the agency comes last
    ("ВЛАДИВОСТОК /Приморский край/, 28 июня. /ТАСС/. Губернатор края заявил",
     "ВЛАДИВОСТОК, Приморский край", "ТАСС", (6, 28)),
    ("KHABAROVSK /Khabarovsk Territory/, June 28. /TASS/. The governor said",
     "KHABAROVSK, Khabarovsk Territory", "TASS", (6, 28)),
    ("ALMATY /Kazakhstan/, March 5, 2024. /Kazinform/ - The city said", "ALMATY, Kazakhstan", "Kazinform", (3, 5)),
    # ... but a known agency in slashes stays the agency, comma or not
    ("NEW YORK /PRNewswire/, June 28 -- Acme said", "NEW YORK", "PRNewswire", (6, 28)),
]


@pytest.mark.parametrize("text,place,agency,month_day", SHAPES)
def test_dateline_shapes(text, place, agency, month_day):
    d = dateline.parse(text)
    assert d is not None, text
    assert d.place == place
    assert d.agency == agency
    if month_day:
        assert (d.date.month, d.date.day) == month_day
    else:
        assert d.date is None
    # the lead starts right after the dateline, without its dash
    assert not text[d.end:].startswith(("-", "—", "–", "_", ":"))


def test_dateline_date_carries_time_and_zone():
    d = dateline.parse("Philadelphia, PA (Newsworthy.ai) Thursday Dec 14, 2023 @ 7:00 PM Eastern — The")
    assert (d.date.year, d.date.hour, d.date.zone) == (2023, 19, "America/New_York")


@pytest.mark.parametrize("text", [
    "Recently, BL2 technology in Bitcoin officially launched, brings improvements",
    "The Australian Financial Security Authority today released - the figures",
    "ECONOMIC SPOTLIGHT - JAPAN EYEING FOREIGN STOCKS",
    "ARGENTINA COULD SUSPEND DEBT PAYMENTS - DEPUTY",
    "OP-ED: Ending Birthright Citizenship Would Undermine Core American Values",
    "Brainstim TMS (MeRT) Therapy Offers Groundbreaking Relief for PTSD Patients",
    "J.P. INDUSTRIES <JPI> FORMS TWO OPERATING GROUPS",
    "PA SPORT TRIVIA (OCTOBER 14)",
    "Luol Deng scored 30 points and Josh McRoberts had 19 _ season highs",
    "",
])
def test_prose_and_headlines_are_not_datelines(text):
    d = dateline.parse(text)
    assert d is None or d.place is None and d.agency is None, d


def test_agency_without_place():
    d = dateline.parse("(NewsUSA) - In many communities, the conversations")
    assert d.place is None and d.agency == "NewsUSA"
    assert "In many communities".startswith("In") and d.end > 0
