"""plugins/newsroom/sitemaps.py: sitemap.xml is a sitemap index over files of at most
SITEMAP_MAX_URLS URLs, every URL with its lastmod; checked against the protocol's structure
(an XML Schema of sitemaps.org's 0.9 elements), on its own and in a real Pelican build."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))
from newsroom import sitemaps  # noqa: E402

NS = {"s": sitemaps.SM_NS}

# The structure the protocol defines (sitemaps.org, schema 0.9): <urlset> of at most 50,000
# <url> (loc, then optional lastmod, changefreq, priority), <sitemapindex> of at most 50,000
# <sitemap> (loc, optional lastmod); loc an absolute URL of at most 2,048 characters, lastmod
# a W3C date or date-time.
SCHEMA = etree.XMLSchema(etree.XML(b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
           xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xs:simpleType name="tLoc">
    <xs:restriction base="xs:anyURI">
      <xs:minLength value="12"/><xs:maxLength value="2048"/>
      <xs:pattern value="https?://.+"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="tLastmod"><xs:union memberTypes="xs:date xs:dateTime"/></xs:simpleType>
  <xs:simpleType name="tChangeFreq">
    <xs:restriction base="xs:string">
      <xs:enumeration value="always"/><xs:enumeration value="hourly"/>
      <xs:enumeration value="daily"/><xs:enumeration value="weekly"/>
      <xs:enumeration value="monthly"/><xs:enumeration value="yearly"/>
      <xs:enumeration value="never"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="tPriority">
    <xs:restriction base="xs:decimal">
      <xs:minInclusive value="0.0"/><xs:maxInclusive value="1.0"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="urlset">
    <xs:complexType><xs:sequence>
      <xs:element name="url" minOccurs="0" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="tLoc"/>
          <xs:element name="lastmod" type="tLastmod" minOccurs="0"/>
          <xs:element name="changefreq" type="tChangeFreq" minOccurs="0"/>
          <xs:element name="priority" type="tPriority" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="sitemapindex">
    <xs:complexType><xs:sequence>
      <xs:element name="sitemap" minOccurs="1" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="tLoc"/>
          <xs:element name="lastmod" type="tLastmod" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>"""))

SITEURL = "https://news.example.org"


def valid(path: Path):
    doc = etree.parse(str(path))
    assert SCHEMA.validate(doc), f"{path.name}: {SCHEMA.error_log}"
    return doc.getroot()


def read_index(output: Path, siteurl: str = SITEURL, limit: int | None = None):
    """{sitemap file: [(loc, lastmod), ...]} of the index, each file checked on the way."""
    index = valid(output / "sitemap.xml")
    assert index.tag == f"{{{sitemaps.SM_NS}}}sitemapindex"
    files = {}
    for entry in index.findall("s:sitemap", NS):
        loc = entry.find("s:loc", NS).text
        assert loc.startswith(siteurl + "/")
        path = output / loc[len(siteurl) + 1:]
        root = valid(path)
        assert root.tag == f"{{{sitemaps.SM_NS}}}urlset"
        urls = [(u.find("s:loc", NS).text, u.find("s:lastmod", NS).text)
                for u in root.findall("s:url", NS)]
        assert urls and (limit is None or len(urls) <= limit), (path.name, len(urls))
        assert all(lastmod for _, lastmod in urls), f"a URL without lastmod in {path.name}"
        # the index's lastmod is the newest of its file's
        assert entry.find("s:lastmod", NS).text == max(
            (lm for _, lm in urls), key=dt.datetime.fromisoformat)
        files[path.name] = urls
    return files


def test_split_under_an_index_with_lastmod(tmp_path):
    day = lambda d: dt.datetime(2024, 1, d, 9, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    releases = {f"releases/r{d}.html": day(d) for d in range(1, 9)}       # 8 releases
    others = ["index.html", "page/1.html", "tag/a.html", "tags.html", "404.html"]
    written = list(releases) + others
    lastmod = dict(releases, **{"index.html": day(8), "page/1.html": day(3)})
    files = sitemaps.write_sitemap(tmp_path, SITEURL, written, lastmod, max_urls=3,
                                   release_dates=releases, default_lastmod=day(8))
    assert files == ["sitemaps/releases-1.xml", "sitemaps/releases-2.xml",
                     "sitemaps/releases-3.xml", "sitemaps/pages-1.xml", "sitemaps/pages-2.xml"]
    got = read_index(tmp_path, limit=3)
    assert list(got) == [Path(f).name for f in files]
    locs = [loc for urls in got.values() for loc, _ in urls]
    assert sorted(locs) == sorted(f"{SITEURL}/{rel}".replace("/index.html", "/")
                                  for rel in written if rel != "404.html")
    # releases by date, counted from the oldest: a new one only ever extends the last file
    assert [loc for loc, _ in got["releases-1.xml"]] == [f"{SITEURL}/releases/r{d}.html" for d in (1, 2, 3)]
    assert dict(got["pages-2.xml"])[f"{SITEURL}/tags.html"] == day(8).isoformat()   # the default

    # a smaller archive (or a larger limit) leaves no stale sitemap file behind
    sitemaps.write_sitemap(tmp_path, SITEURL, written, lastmod, max_urls=50,
                           release_dates=releases, default_lastmod=day(8))
    assert sorted(p.name for p in (tmp_path / "sitemaps").iterdir()) == ["pages-1.xml", "releases-1.xml"]
    assert len(read_index(tmp_path)) == 2


def test_lastmod_of_a_listing_page_is_its_newest_release():
    old, new = (SimpleNamespace(date=dt.datetime(2024, 1, d, tzinfo=dt.timezone.utc), modified=None)
                for d in (1, 5))
    assert sitemaps.page_lastmod({"articles_page": SimpleNamespace(object_list=[new, old]),
                                  "articles": [new, old]}) == new.date
    assert sitemaps.page_lastmod({"article": old, "articles": [new, old]}) == old.date
    assert sitemaps.page_lastmod({}) is None
    assert sitemaps.w3c(dt.datetime(2024, 1, 2, 3, 4)) == "2024-01-02"      # naive: the day alone


def test_real_build_sitemap_index(tmp_path):
    from synthwire import write_wire_files

    site = tmp_path / "site"
    write_wire_files(site / "seeds", 40, seed=11)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build_once.py"), "ours", str(site),
         "--set", "SITEMAP_MAX_URLS=25", "--set", f'SITEURL="{SITEURL}"',
         "--set", "SIDEBAR_TAGS=1000"],       # room for every tag: only the filter keeps some out
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = site / "output"
    files = read_index(out, limit=25)
    assert len(files) >= 4, sorted(files)
    assert any(name.startswith("releases-") for name in files)
    locs = [loc for urls in files.values() for loc, _ in urls]
    assert len(locs) == len(set(locs))
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")
             if not p.relative_to(out).as_posix().startswith("_build/")}
    # a tag of a single release keeps its page, but no sitemap lists it (nor the sidebar)
    cards = {rel: len(BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")
                      .select("li.card")) for rel in pages if rel.startswith("tag/")}
    single = {rel for rel, n in cards.items() if n == 1}
    assert single and len(single) < len(cards), cards       # the copy has both kinds
    expected = {sitemaps.page_url(SITEURL, rel) for rel in pages - sitemaps.NOT_IN_SITEMAP - single}
    assert set(locs) == expected
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    side = [a["href"] for a in home.select(".side-tags a")]
    assert side and not {sitemaps.page_url(SITEURL, rel) for rel in single} & set(side)
    # a release's lastmod is its own date, as its page states it; a date-only release's page
    # states its day alone, and its lastmod (a W3C date-time: when it arrived that day, or the
    # start of the day) falls on that day
    lastmod = dict(loc_lm for urls in files.values() for loc_lm in urls)
    kinds = set()
    for release in sorted((out / "releases").glob("*.html")):
        stated = re.search(r'"datePublished":\s*"([^"]+)"',
                           release.read_text(encoding="utf-8")).group(1)
        mod = lastmod[sitemaps.page_url(SITEURL, f"releases/{release.name}")]
        if len(stated) == 10:
            assert mod[:10] == stated, release.name
            kinds.add("date-only")
        else:
            assert dt.datetime.fromisoformat(mod) == dt.datetime.fromisoformat(stated), release.name
            kinds.add("timed")
    assert "date-only" in kinds, kinds       # the synthetic copy's datelines give no time
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots


@pytest.mark.parametrize("bad", [0, -1])
def test_limit_must_be_positive(tmp_path, bad):
    with pytest.raises(ValueError):
        sitemaps.write_sitemap(tmp_path, SITEURL, ["a.html"], {}, max_urls=bad)


def test_lastmod_of_pages_without_a_listing_scans_the_site_list_once_per_build():
    class Dated:
        reads = 0

        def __init__(self, day):
            self._date, self.modified = dt.datetime(2024, 1, day, tzinfo=dt.timezone.utc), None

        @property
        def date(self):
            Dated.reads += 1
            return self._date

    site = [Dated(d) for d in (9, 3, 5)]
    memo = {}
    got = [sitemaps.page_lastmod({"articles": site}, memo) for _ in range(20)]   # 20 such pages
    assert got == [site[0]._date] * 20
    assert Dated.reads <= 2 * len(site)          # one scan (date tested, then read), not 20
    # another list (a page of its own releases) is its own answer, not the memo's
    other = [Dated(1)]
    assert sitemaps.page_lastmod({"articles": other}, memo) == other[0]._date
