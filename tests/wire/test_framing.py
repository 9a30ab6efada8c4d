"""formats.framing: a framed format's header lines are metadata, never a headline,
also when the copy lost its control characters on the way."""
import datetime as dt
import re

import pytest

from wire import convert, formats
from wire.formats import framing


@pytest.mark.parametrize("line,fmt,agency", [
    ("eca062 4 i 211 ccccb   dpa 061", "iptc-7901", "dpa"),
    ("bsf025 3 ec 121   etf 967", "iptc-7901", None),           # a selector code, no agency
    ("ntb0044 4 ink 389   sda 0101", "iptc-7901", "ATS"),
    ("ecp0007 4 s 850  dpa-tns 0908", "iptc-7901", "dpa"),
    ("W1645asian", "anpa-1312", None),
    ("b a BC-US--APNewsAlert     06-29 0358", "anpa-1312", None),
    ("^BC-US--APNewsAlert,17<", "anpa-1312", None),
    ("^Chiefs-Rams-Preview,850<", "anpa-1312", None),
    ("BC-Valdoria-Ferry,412", "anpa-1312", None),
])
def test_header_lines_are_recognised(line, fmt, agency):
    found = framing.header(line)
    assert found is not None and (found.format, found.agency) == (fmt, agency)


@pytest.mark.parametrize("line", [
    "Acme Q3 2024 net rises 12 pct",
    "Harbor council approves ferry link to Kestrel Island",
    "Valdoria 3 Quillon 1",
    "Shr 75 cts vs 52 cts",
    "Chiefs-Rams 2.0? Would be a fun Super Bowl",
    "Revenue rose to 4,500,000",
    "NEW YORK, June 28, 2018 /PRNewswire/ -- Acme",
])
def test_story_lines_are_not_headers(line):
    assert framing.header(line) is None


REF = dt.datetime(2026, 3, 3, tzinfo=dt.timezone.utc)
IPTC_STRIPPED = ("xyz012 4 pl 240   dpa 0102\r\n\r\nValdoria-ferry/\r\n"
                 "Valdoria opens ferry link to Kestrel Island =\r\n\r\n"
                 "   Quillon (dpa) - The harbour council of Quillon opened the new ferry link to "
                 "Kestrel Island on Tuesday, after three years of building.\r\n\r\n"
                 "   The first boats sail on Wednesday.\r\n")
ANPA_STRIPPED = ("W1702asian\nb a BC-Valdoria-Ferry     03-03 0412\n^BC-Valdoria-Ferry,412<\n"
                 "\t   QUILLON, Valdoria (AP) _ The harbour council of Quillon opened the new ferry link "
                 "to Kestrel Island on Tuesday, after three years of building.\n \n"
                 "\t   The first boats sail on Wednesday.\n")


def test_iptc7901_without_control_characters_is_still_iptc7901():
    framed = IPTC_STRIPPED.replace("xyz012", "\x01xyz012").replace("Valdoria opens", "\x02Valdoria opens")
    for text in (IPTC_STRIPPED, framed):
        draft = formats.parse(text)
        assert (draft.format, draft.agency, draft.headline) == \
            ("iptc-7901", "dpa", "Valdoria opens ferry link to Kestrel Island")
        assert draft.keywords == ["Valdoria-ferry"]


@pytest.mark.parametrize("text", [IPTC_STRIPPED, ANPA_STRIPPED])
def test_no_header_line_becomes_the_title(text):
    story = convert.convert(text.encode(), "stripped.txt", REF)
    assert not re.search(r"\d{3}|BC-|\^|asian", story.headline), story.headline
    assert "ferry" in story.headline.lower()
    assert story.paragraphs[0].startswith("The harbour council")
