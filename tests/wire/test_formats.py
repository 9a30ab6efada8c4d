"""One parser per format behind one interface, chosen by sniffing the text."""
import pytest

from support import need_corpus
from wire import formats
from wire.decode import decode

ANPA = ("\x16\x16\x01W2870\x1fasian\nf l\x13\x11 BC-LT--Argentina-CancerB     11-13 1049\n"
        "\x02\x02BC-LT--Argentina-Cancer Beauty,466<\n^For Argentine chemo patients, mirrors can hurt <\n"
        "^AP Photo XNP101<\n^By PAUL BYRNE=\n^Associated Press=\n"
        "\t   BUENOS AIRES, Argentina (AP) _ For cancer patients, even the mirror is hard. \n \n"
        "\t   ``Look Good Feel Better'' is a program. \n\x03AP-WF-11-13-13 1509GMT<\n")
IPTC = ("\x01eca062 4 i 211 ccccb   dpa 061\r\n\r\nGermany-politics/\r\n"
        "\x02REFILE\r\n1ST LEAD\r\nSocial Democrats: talks could fail =\r\n\r\n"
        "   Berlin (dpa) - Negotiations between the parties could fail.\r\n\x03")
ZCZC = "   ZCZC AAP\r\n%MNETALL MFI MGD\r\n$J\r\n:\r\n:Acme Authority\r\n*X\r\nMedia release: figures rise\r\n\r\nBody text here.\r\nNNNN\r\n"
TAGGED = "zczc\nAN#1\nKN#News Bites\nPD#06 June 2016 14:00:00\nTI#UGL continues talks\nTX#\nUGL said talks go on.\nNNNN\n"


@pytest.mark.parametrize("text,name,headline,agency", [
    (ANPA, "anpa-1312", "For Argentine chemo patients, mirrors can hurt", None),
    (IPTC, "iptc-7901", "Social Democrats: talks could fail", "dpa"),
    (ZCZC, "aap-zczc", "Media release: figures rise", "Medianet"),
    (TAGGED, "aap-zczc", "UGL continues talks", "News Bites"),
    ("Acme buys Beta\n\nNEW YORK (Reuters) - Acme bought Beta.", "plain", "Acme buys Beta", None),
])
def test_sniff_and_parse(text, name, headline, agency):
    draft = formats.parse(text)
    assert draft.format == name
    assert draft.headline == headline
    if agency:
        assert draft.agency == agency


def test_anpa_framing_is_read():
    draft = formats.parse(ANPA)
    assert draft.byline == "PAUL BYRNE"
    assert draft.month_day == (11, 13)
    assert draft.stamp.isoformat() == "2013-11-13T15:09:00+00:00"
    assert "BUENOS AIRES, Argentina (AP)" in draft.body
    assert "AP-WF" not in draft.body and "BC-" not in draft.body


def test_plain_preamble_and_timestamp():
    draft = formats.parse("11:17, 30 Qańtar 2026 | GMT +5\nQyrǵyzstanda jer silkindi\n"
                          "ASTANA. KAZINFORM – Jerasty dúmpýi tirkeldi.\n")
    assert draft.headline == "Qyrǵyzstanda jer silkindi"
    assert draft.stamp.isoformat() == "2026-01-30T11:17:00+05:00"


def test_a_lead_paragraph_is_not_a_headline():
    lead = ("As Valentine's Day approaches and interest in Asia travel continues to build, China Airlines "
            "is marking the season with a combination of expanded connectivity and onboard enhancements.")
    assert formats.parse(lead + "\n\nSecond paragraph.").headline is None


@pytest.mark.parametrize("case,fmt", [
    ("ap-anpa-argentina-cancer", "anpa-1312"), ("kyodo-anpa-emperors-cup", "anpa-1312"),
    ("dpa-iptc7901-coalition", "iptc-7901"), ("ats-iptc7901-gilets-jaunes", "iptc-7901"),
    ("medianet-zczc-insolvency", "aap-zczc"), ("newsbites-zczc-ugl", "aap-zczc"), ("asianet-04", "plain"),
])
def test_real_framed_files(case, fmt):
    import json
    folder = need_corpus() / "agency-wire-text"
    text, _ = decode((folder / f"{case}.txt").read_bytes())
    truth = json.loads((folder / f"{case}.json").read_text())
    draft = formats.parse(text)
    assert draft.format == fmt
    words = lambda s: [w for w in "".join(ch if ch.isalnum() else " " for ch in s.casefold()).split()]
    assert words(draft.headline) == words(truth["title"])


def test_a_lead_without_its_full_stop_is_not_a_headline():
    draft = formats.parse("Recently, BL2 technology in Bitcoin officially launched, bringing improvements to "
                          "the Bitcoin ecosystem\n\nIn the dynamic realm of blockchain technology, more text.")
    assert draft.headline is None
