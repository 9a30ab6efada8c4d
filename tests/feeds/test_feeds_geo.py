"""GeoRSS only where the dateline's place is known beyond doubt."""
from __future__ import annotations

import feedparser
import pytest
from feeds.geo import point
from feedspec import ATOM, parse_xml

GEORSS = "{http://www.georss.org/georss}point"


@pytest.mark.parametrize("dateline,lat,lon", [
    ("ASTANA", 51.18, 71.45), ("NUR-SULTAN", 51.18, 71.45),      # renamed city, same place
    ("TAMPA, FL", 27.95, -82.46), ("SANTA CRUZ, Calif.", 36.97, -122.03),
    ("PARIS, Texas", 33.66, -95.56), ("PARIS", 48.85, 2.35),      # the region decides
    ("BUENOS AIRES, Argentina", -34.61, -58.38), ("Zürich", 47.37, 8.55)])
def test_known_places_get_a_point(dateline, lat, lon):
    got_lat, got_lon = map(float, point(dateline).split())
    assert (round(got_lat, 2), round(got_lon, 2)) == (lat, lon)


@pytest.mark.parametrize("dateline", [
    "SPRINGFIELD",            # many namesakes of similar size: ambiguous
    "PORT ELLIS",             # no such city
    "PORTLAND, Narnia",       # a region we cannot read
    "", "  ,  ", "\x1f"])
def test_unknown_or_ambiguous_places_get_none(dateline):
    assert point(dateline) == ""


def test_feeds_carry_georss_only_for_known_datelines(handmade_site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        root = parse_xml((handmade_site / path).read_bytes())
        entries = root.findall(ATOM + "entry") or root.findall("channel/item")
        points = [e.findtext(GEORSS) for e in entries]
        # Only "astana" (ASTANA); "handmade" says SPRINGFIELD, the others have no dateline.
        assert points == [None, None, None, None, "51.1801 71.4460"], path
        parsed = feedparser.parse((handmade_site / path).read_bytes())
        assert parsed.bozo == 0
        assert parsed.entries[-1].where["coordinates"] == (71.446, 51.1801)
    # A feed with no located release does not even declare the namespace.
    assert b"georss" not in (handmade_site / "feeds/tag/acme.atom.xml").read_bytes()


DATELINES = ["ASTANA", "NUR-SULTAN", "TAMPA, FL", "PARIS, Texas", "PARIS", "SPRINGFIELD",
             "PORTLAND, Narnia", "Zürich", "BUENOS AIRES, Argentina"]


def test_the_geonames_index_is_made_once_per_geonames_file(tmp_path, monkeypatch):
    """The first look-up writes the index of every GeoNames name into the cache folder
    (named by the data files' hash); later builds read it and never scan GeoNames again;
    a damaged index is made again, with the same points."""
    from feeds import geo

    monkeypatch.setenv("WIREPRESS_CACHE", str(tmp_path))
    first = geo.points(DATELINES)
    assert first["ASTANA"] == "51.1801 71.4460" and first["SPRINGFIELD"] == ""
    made = list(tmp_path.glob("feeds-geo-*.sqlite"))
    assert len(made) == 1

    def no_scan():
        raise AssertionError("GeoNames scanned again although its index is on disk")

    with monkeypatch.context() as m:
        m.setattr(geo, "geonames", no_scan)
        assert geo.points(DATELINES) == first
    made[0].write_bytes(b"not a database" * 50)
    assert geo.points(DATELINES) == first
    with monkeypatch.context() as m:
        m.setattr(geo, "geonames", no_scan)
        assert geo.points(DATELINES) == first         # made again, and read again
