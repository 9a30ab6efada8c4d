"""Story identity and versions (wire.identity): each agency's version convention, in text
copy and in the structured fields, read into keys, a version key and a kind."""
import datetime as dt

import pytest

from wire import convert, identity
from wire.identity import CORRECTION, KILL, ORIGINAL, REPEAT, UPDATE
from wire.story import Story

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.timezone.utc)


def ident_of(text: str, name: str = "x.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return identity.identify(convert.convert(data, name, NOW))


def reuters(headline: str, note: str | None = None, lead: str = "A fire at the Harrowmere steel plant "
            "killed two workers on Tuesday, the company said.") -> str:
    parts = [headline, ""] + ([note, ""] if note else []) + [
        f"HARROWMERE, Estavia, March 4 (Reuters) - {lead}", "",
        "Harrowmere Steelworks accounts for a fifth of the country's crude steel output.", ""]
    return "\n".join(parts)


@pytest.mark.parametrize("headline, note, kind, number, revision", [
    ("Fire at Estavian steel plant kills two", None, ORIGINAL, 0, 0),
    ("UPDATE 1-Fire at Estavian steel plant kills two", "(Adds casualties)", UPDATE, 1, 0),
    ("UPDATE 2-Fire at Estavian steel plant kills two", "(Adds analyst comment)", UPDATE, 2, 0),
    ("CORRECTED-Fire at Estavian steel plant kills two", "(Corrects number of workers in paragraph 1)",
     CORRECTION, 0, 1),
    ("CORRECTED-UPDATE 1-Fire at Estavian steel plant kills two", None, CORRECTION, 1, 1),
    ("REFILE-Fire at Estavian steel plant kills two", "(Refiles to fix typo in paragraph 2)", UPDATE, 0, 1),
    ("RPT-Fire at Estavian steel plant kills two", "(Repeats story first published on Tuesday)", REPEAT, 0, 0),
])
def test_reuters_headline_prefixes(headline, note, kind, number, revision):
    got = ident_of(reuters(headline, note))
    assert (got.kind, got.version[0], got.version[1]) == (kind, number, revision)
    assert got.headline == "Fire at Estavian steel plant kills two"
    # every version of the story is found under one headline key
    assert "head:reuters:fire at estavian steel plant kills two:harrowmere" in got.keys


def test_reuters_correction_note_and_text_digest():
    original = ident_of(reuters("Fire kills two at Harrowmere plant"))
    repeat = ident_of(reuters("RPT-Fire kills two at Harrowmere plant", "(Repeats with no changes to text)"))
    corrected = ident_of(reuters("CORRECTED-Fire kills two at Harrowmere plant",
                                 "(Corrects day to Tuesday in paragraph 1)"))
    assert corrected.note == "Corrects day to Tuesday in paragraph 1"
    assert repeat.note is None
    # the repeat's "(Repeats ...)" line is a version note, not story text: the same text
    assert repeat.text_digest == original.text_digest
    assert corrected.text_digest == original.text_digest


def test_prefix_words_in_a_headline_are_not_versions():
    for headline in ("Update on the Harrowmere fire inquiry", "Kill switch ordered for Harrowmere furnaces",
                     "Corrected figures show steel output fell"):
        assert ident_of(reuters(headline)).kind == ORIGINAL


def anpa(slugline_sel: str, slugline: str, headline: str, eds: str | None, lead: str, stamp: str) -> bytes:
    heads = [f"^{headline}<"] + ([f"^{eds}<"] if eds else [])
    text = ("\x16\x16\x01a1139\x1f-----\n"
            f"r a\x13\x11 {slugline_sel}   04-07 0270\r\n"
            f"\x02{slugline},270< \r\n" + " \r\n".join(heads) + " \r\n"
            f"\t   MIRABAY, Estavia (AP) _ {lead} \r\n"
            "\t   The bridge links the old port with the eastern districts, city officials said. \r\n"
            f"\r\n\t   \x03AP-WF-04-07-25 {stamp}GMT<\r\n\r\n\x0c\r\n\x04")
    return text.encode("latin-1")


def test_ap_slugline_versions_and_eds_correction():
    first = ident_of(anpa("BC-AF--Mirabay-Bridge", "BC-AF--Mirabay-Bridge", "Mirabay bridge opens", None,
                          "A new bridge opened Monday after 14 years of construction.", "1015"))
    second = ident_of(anpa("BC-AF--Mirabay-Bridge 1stLd-Writethru", "BC-AF--Mirabay-Bridge, 1st Ld-Writethru",
                           "Mirabay bridge opens after 4-year build",
                           "Eds: CORRECTS that construction took 4 years, not 14.",
                           "A new bridge opened Monday after four years of construction.", "1248"))
    third = ident_of(anpa("BC-AF--Mirabay-Bridge 2ndLd-Writethru", "BC-AF--Mirabay-Bridge, 2nd Ld-Writethru",
                          "Mirabay bridge draws crowds", "Eds: Updates with crowds.",
                          "Thousands walked across a new bridge on Monday.", "1400"))
    assert first.story_id == second.story_id == third.story_id == "slug:ap:bc af mirabay bridge"
    assert (first.kind, second.kind, third.kind) == (ORIGINAL, CORRECTION, UPDATE)
    assert second.note == "CORRECTS that construction took 4 years, not 14."
    assert first.version < second.version < third.version
    assert second.version[2] == "2025-04-07T12:48:00+00:00"     # the transmission time


def test_ap_kill_advisory():
    kill = ident_of(anpa("BC-AF--Mirabay-Bridge, KILL", "BC-AF--Mirabay-Bridge, KILL", "KILL",
                         "Editors: KILL BC-AF--Mirabay-Bridge, moved at 1015 GMT.",
                         "The story is withdrawn.", "1300"))
    assert kill.kind == KILL and kill.story_id == "slug:ap:bc af mirabay bridge"


def test_pr_newswire_correction_notices():
    body = ("FERRISBURG, Estavia, April 2, 2025 /PRNewswire/ -- Ferrisburg Medical Devices today announced "
            "that its dialysis system was cleared for use in patients' homes.\n\nThe system weighs 18 kilograms.\n")
    notice = ("Ferrisburg Medical Devices Receives Clearance\n\n/C O R R E C T I O N -- Ferrisburg Medical "
              "Devices/\n\nIn the news release issued earlier today, we are advised that the second paragraph "
              "should read \"18 kilograms\" rather than \"8 kilograms\".\n\n" + body)
    replacing = "CORRECTING and REPLACING Ferrisburg Medical Devices Receives Clearance\n\n" + body
    original = ident_of("Ferrisburg Medical Devices Receives Clearance\n\n" + body)
    for text in (notice, replacing):
        got = ident_of(text)
        assert got.kind == CORRECTION and got.story_id == original.story_id
        assert got.version > original.version
    assert "should read" in ident_of(notice).note


def test_dpa_berichtigung():
    text = ("Berichtigung: Hafen von Lindqvarn öffnet wieder\n\nLINDQVARN (dpa) - Der Hafen von Lindqvarn "
            "hat am Mittwoch nach zwei Wochen Streik wieder geöffnet, teilte die Gewerkschaft mit.\n")
    got = ident_of(text)
    assert got.kind == CORRECTION and got.headline == "Hafen von Lindqvarn öffnet wieder"


def story(**kw) -> Story:
    base = dict(headline="Pope leaves Peru", headline_generated=False, date=NOW, date_note=None,
                dateline="LIMA", source="Reuters", category="News", tags=[], summary="",
                paragraphs=["Pope Francis left Peru on Sunday."], wire_format="newsml-g2")
    base.update(kw)
    return Story(**base)


def test_structured_guid_version_and_status():
    v1 = identity.identify(story(guid="tag:reuters.com,0000:newsml_L1N14N0FF", version=1,
                                 version_created=NOW, pub_status="usable"))
    v2 = identity.identify(story(guid="tag:reuters.com,0000:newsml_L1N14N0FF", version=2,
                                 headline="UPDATE 1-Pope leaves Peru for Rome",
                                 version_created=NOW + dt.timedelta(hours=1)))
    killed = identity.identify(story(guid="tag:reuters.com,0000:newsml_L1N14N0FF", version=3,
                                     pub_status="canceled", paragraphs=[]))
    assert v1.story_id == v2.story_id == killed.story_id == "guid:tag:reuters.com,0000:newsml_L1N14N0FF"
    assert v1.structured and v1.version < v2.version < killed.version
    assert v1.kind == ORIGINAL and killed.kind == KILL
    # the same version re-sent later: the version number decides before the time
    late = identity.identify(story(guid="tag:reuters.com,0000:newsml_L1N14N0FF", version=1,
                                   version_created=NOW + dt.timedelta(days=1)))
    assert late.version < v2.version


def test_structured_correction_note_and_replaces():
    got = identity.identify(story(guid="urn:newsml:a:2", replaces="urn:newsml:a:1",
                                  correction_note="Corrects the date of the visit."))
    assert got.kind == CORRECTION and got.note == "Corrects the date of the visit."
    assert "guid:urn:newsml:a:1" in got.keys


def test_vocabulary_is_data(tmp_path):
    """The conventions live in data/versions.json: a word added there is recognised."""
    import json
    raw = json.loads(identity.DATA.read_text(encoding="utf-8"))
    raw["headline_prefixes"].append({"agencies": ["ANSA"], "lang": "it", "match": "RETTIFICA",
                                     "kind": "correction", "revision": 1})
    path = tmp_path / "versions.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    vocab = identity.vocabulary(str(path))
    text = story(headline="RETTIFICA-Il Papa lascia il Perù", wire_format="plain")
    assert identity.identify(text, vocab).kind == CORRECTION
    assert identity.identify(text).kind == ORIGINAL


def test_a_provider_base_urn_is_not_a_story_identity():
    """Belga sends "urn:newsml:www.belga.be" as every item's PublicIdentifier: two different
    stories of theirs stay two (their headlines decide), an item's own URN is a key."""
    from wire.identity import names_an_item

    assert not names_an_item("urn:newsml:www.belga.be") and not names_an_item("")
    assert names_an_item("urn:newsml:afp.com:20260302:TX-PAR-ABC12:2")
    assert names_an_item("urn:8d19cf88-b3ab-4972-8fec-1207599f2872")       # NTB: a uuid URN
    assert names_an_item("tag:ap.org,2026:abc") and names_an_item("AAP.1.1")
