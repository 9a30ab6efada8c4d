"""The built site (tests/site/newsroom_site.py): every page type exists, links resolve,
releases are reachable, release pages carry what a wire release shows."""
from __future__ import annotations

import datetime as dt
import re
from collections import deque

from newsroom_site import CORPUS, EDITOR_SLUG, HOSTILE_WORD, MIN_CORPUS_FILES, Site, build
from site_pages import file_for, json_ld, links, release_pages, releases_with, soup, url_of

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def md_meta(site, slug):
    """Metadata of the Markdown release the wire ingest wrote for `slug`."""
    for md in (site.content / "releases").glob("*.md"):
        head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        if meta.get("Slug") == slug:
            return meta, md.read_text(encoding="utf-8")
    raise AssertionError(f"no release with slug {slug}")


def crawl(site, start):
    """Breadth-first over links from `start`: ({page: clicks}, [broken links])."""
    depth, queue, broken = {start: 0}, deque([start]), []
    while queue:
        page = queue.popleft()
        for tag, url in links(site, page):
            target = file_for(site, url)
            if target is None:
                continue                       # another host
            if not target.is_file():
                broken.append((url_of(site, page), tag, url))
                continue
            if target.suffix == ".html" and target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    return depth, broken


def test_build_has_the_corpus_and_every_page_type(site):
    if CORPUS.is_dir():
        assert site.corpus_files >= MIN_CORPUS_FILES
        assert site.releases >= MIN_CORPUS_FILES
    assert len(release_pages(site)) == site.releases
    out = site.output
    for name in ("index.html", "page/1.html", "tags.html", "categories.html", "sources.html",
                 "archives.html", "404.html", "search.html", "sitemap.xml", "news-sitemap.xml",
                 "robots.txt", "pagefind/pagefind.js"):
        assert (out / name).is_file(), name
    for folder in ("tag", "category", "source"):
        assert list((out / folder).glob("*.html")), folder
    assert list(out.glob("archives/[0-9][0-9][0-9][0-9]/index.html"))
    assert list(out.glob("archives/[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert (out / "pages" / "about-this-newsroom.html").is_file()     # page.html
    # A source with more releases than DEFAULT_PAGINATION has numbered pages (from the oldest).
    assert list((out / "source").glob("*/page/1.html"))


def test_crawl_from_index_every_link_resolves_and_releases_within_3_clicks(site):
    depth, broken = crawl(site, site.output / "index.html")
    assert broken == []
    releases = release_pages(site)
    unreached = [p.name for p in releases if p not in depth]
    assert unreached == []
    too_deep = [(p.name, depth[p]) for p in releases if depth[p] > 3]
    assert too_deep == []
    # Every page carries the search box, which submits to the search page.
    for page in depth:
        form = soup(page).find("form", role="search")
        assert form is not None and form["action"] == f"{site.siteurl}/search.html", page
        assert form.find("input", attrs={"name": "q"}) is not None
    # Every page of the site is reachable by links, except the 404 page.
    all_html = {p for p in site.output.rglob("*.html")}
    assert all_html - set(depth) == {site.output / "404.html"}


def test_release_page_wire_dateline_time_source_tags(site):
    page = site.output / "releases" / f"{site.seed_slug}.html"
    meta, _ = md_meta(site, page.stem)
    doc = soup(page)
    art = doc.find("article", class_="release")
    assert art.h1.get_text(strip=True) == meta["Title"]
    first_p = art.find("div", class_="release-body").find("p")
    assert first_p.find("span", class_="dateline").get_text() == "ASTANA, June 28, 2018 (Kazinform) \u2014"
    assert first_p.get_text().startswith("ASTANA, June 28, 2018 (Kazinform) \u2014 On June 28, 2018")
    time = art.find("p", class_="release-meta").time
    # the wire states the day, no time (Date-Only): the page shows the date alone
    assert time["datetime"] == "2018-06-28" and time.get_text(strip=True) == "June 28, 2018"
    src = art.find("p", class_="release-meta").find("a")
    assert src["href"] == f"{site.siteurl}/source/kazinform.html" and src.get_text() == "Kazinform"
    tag_links = {a.get_text(): a["href"] for a in art.select("ul.tags a[rel=tag]")}
    assert set(tag_links) == {t.strip() for t in meta["Tags"].split(",")}
    for href in tag_links.values():
        assert file_for(site, href).is_file()
    assert doc.find("link", rel="canonical")["href"] == url_of(site, page)
    nav = art.find("nav", class_="prev-next")
    assert nav.find("a", class_="newer") or nav.find("a", class_="older")
    more = [h.get_text(" ", strip=True) for h in art.select(".more-list h2")]
    assert "More from Kazinform" in more and any(m.startswith("More on ") for m in more)


def _day(value: str) -> dt.date:
    """A <time datetime> as its day: a date-only story ("2018-06-28") is ordered by an
    arrival time the page does not show, so order is checked by day."""
    return dt.date.fromisoformat(value[:10])


def _moment(value: str) -> dt.datetime:
    """datePublished as an aware datetime; a date-only one at the start of its day (UTC)."""
    return dt.datetime.fromisoformat(value + "T00:00:00+00:00" if len(value) == 10 else value)


def _when(value: str):
    """A <time datetime> with a time of day as an aware instant (two stories in different
    zones have different local days around midnight UTC: their order is by instant), a
    date-only one as its day."""
    return dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)


def test_prev_next_follow_dates(site):
    for page in release_pages(site)[:40]:
        doc = soup(page)
        own = _when(doc.find("p", class_="release-meta").time["datetime"])
        for cls, newer in (("newer", True), ("older", False)):
            a = doc.find("a", class_=cls)
            if a is None:
                continue
            other = soup(file_for(site, a["href"]))
            when = _when(other.find("p", class_="release-meta").time["datetime"])
            mine = own
            if not (isinstance(mine, dt.datetime) and isinstance(when, dt.datetime)):
                mine, when = _day(str(mine)), _day(str(when))
            assert (when >= mine) if newer else (when <= mine)


def test_about_and_media_contact_are_set_apart(site):
    found = 0
    for slug, _ in releases_with(site, "\n## About ", "\n## Media contact"):
        meta, _ = md_meta(site, slug)
        doc = soup(site.output / "releases" / f"{meta['Slug']}.html")
        body = doc.find("div", class_="release-body")
        # About and the media contact are the side column's (a second column on wide screens)
        aside = doc.find("aside", class_="release-aside")
        about = aside.find("section", class_="boilerplate-about")
        contact = aside.find("section", class_="boilerplate-contact")
        assert about.h2.get_text().startswith("About ")
        assert contact.h2.get_text() == "Media contact"
        assert not body.find("section", class_=["boilerplate-about", "boilerplate-contact"])
        # The story's paragraphs come first, outside the boilerplate.
        assert body.find("p").find_parent("section") is None
        found += 1
    assert found >= (5 if CORPUS.is_dir() else 0)


def test_json_ld_news_article(site):
    pages = release_pages(site)
    assert pages
    for page in pages:
        (data,) = json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        h1 = soup(page).find("article").h1.get_text()
        # the whole headline, or its words up to 110 characters and an ellipsis
        assert data["headline"] == h1 or (data["headline"].endswith("…") and len(data["headline"]) <= 110
                                          and h1.startswith(data["headline"][:-1])
                                          and h1[len(data["headline"]) - 1] in " ,;:-–—")
        # a datetime with its offset, or a date-only story's day (never an invented 00:00)
        for key in ("datePublished", "dateModified"):
            assert ISO_WITH_OFFSET.match(data[key]) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", data[key])
        assert data["url"] == url_of(site, page)
        source = soup(page).find("p", class_="release-meta").find("a")
        if source is not None:
            org = data["author"][-1] if isinstance(data["author"], list) else data["author"]
            assert org["@type"] == "Organization"
            if data.get("articleSection") != "Press Releases":
                assert org["name"] == source.get_text()     # an agency's story: the agency
        # the newsroom publishes; an agency is never a Person
        assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Wirepress Newsroom"
        authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
        assert not [a for a in authors if a["@type"] == "Person" and "Associated Press" in a["name"]]
        tags = [a.get_text() for a in soup(page).select("ul.tags a")]
        assert data.get("keywords", []) == tags
    meta, _ = md_meta(site, site.seed_slug)
    (seed,) = json_ld(site.output / "releases" / f"{meta['Slug']}.html")
    assert seed["dateline"] == "ASTANA" and seed["datePublished"] == "2018-06-28"


def test_hostile_wire_text_is_text(site):
    page = next(p for p in release_pages(site) if HOSTILE_WORD in p.read_text(encoding="utf-8"))
    raw = page.read_text(encoding="utf-8")
    assert "<script>window" not in raw and "<img src=x" not in raw and "<b>bold" not in raw
    doc = soup(page)
    text = doc.find("div", class_="release-body").get_text()
    assert "<script>window.__wirepwned = 1</script>" in text
    assert '<img src=x onerror="window.__wirepwned = 2">' in text
    # The only scripts on a release page are data (JSON-LD), none executable.
    assert_only_our_scripts(site, doc)
    assert doc.find("img", src="x") is None


def assert_only_our_scripts(site, doc):
    """The page's scripts: its JSON-LD (inline, data only) and the theme's own files."""
    inline = [s.get("type") for s in doc.find_all("script") if not s.get("src")]
    assert inline == ["application/ld+json"]
    for script in doc.find_all("script", src=True):
        assert script["src"].startswith(f"{site.siteurl}/theme/js/"), script
        assert not script.get_text().strip()


def test_markup_in_every_metadata_field_is_escaped(site):
    page = site.output / "releases" / f"{EDITOR_SLUG}.html"
    raw = page.read_text(encoding="utf-8")
    assert "<script>window" not in raw and "<b>PARIS" not in raw and "<i>Wire" not in raw
    assert "<em>Markup" not in raw
    doc = soup(page)
    title = 'Editor\'s <script>window.__wirepwned = 3</script> headline & "more"'
    assert doc.find("article").h1.get_text() == title
    assert doc.title.get_text().startswith(title)
    assert doc.find("meta", property="og:title")["content"] == title
    assert doc.find("span", class_="dateline").get_text() == "<b>PARIS</b>, March 5, 2024 (Evil <i>Wire</i>) \u2014"
    assert [a.get_text() for a in doc.select("ul.tags a")] == ["<em>Markup</em>", "Kazakhstan"]
    (data,) = json_ld(page)
    assert data["headline"] == title and data["dateline"] == "<b>PARIS</b>"
    assert data["author"]["name"] == "Evil <i>Wire</i>"
    assert_only_our_scripts(site, doc)
    # Listings escape it too: its source page, a tag page and the sources index.
    source_link = doc.find("p", class_="release-meta").find("a")
    assert source_link.get_text() == "Evil <i>Wire</i>"
    for listing in (file_for(site, source_link["href"]), site.output / "sources.html",
                    file_for(site, doc.select("ul.tags a")[0]["href"])):
        text = listing.read_text(encoding="utf-8")
        assert "<i>Wire" not in text and "<script>window" not in text and "<em>Markup" not in text


def test_open_graph_twitter_and_feed_autodiscovery(site):
    page = release_pages(site)[0]
    head = soup(page).head
    og = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    assert og["og:type"] == "article" and og["og:url"] == url_of(site, page)
    assert og["og:title"] == soup(page).find("article").h1.get_text()
    assert og["og:description"] and "article:published_time" in og
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    # Tag, category and source pages link their own feeds (plugins/feeds) in <head>.
    for kind in ("tag", "category", "source"):
        for listing in sorted((site.output / kind).glob("*.html"))[:3]:
            if listing.stem[-1].isdigit() and listing.with_name(listing.stem.rstrip("0123456789") + ".html").exists():
                continue                          # a later page of a paginated listing
            feeds = [l["href"] for l in soup(listing).head.find_all("link", rel="alternate")]
            assert any(f"/{kind}/{listing.stem}." in h for h in feeds), (listing, feeds)
            assert all(file_for(site, h).is_file() for h in feeds)


def test_navigation_lists_the_configured_sources_and_tags(site):
    nav = soup(site.output / "index.html").find("nav", class_="site-nav")
    hrefs = {a.get_text(): a["href"] for a in nav.find_all("a")}
    assert hrefs["Kazinform"] == f"{site.siteurl}/source/kazinform.html"
    assert hrefs["#Kazakhstan"] == f"{site.siteurl}/tag/kazakhstan.html"
    assert "No Such Agency" not in hrefs           # a name with no releases is left out
    for label in ("Latest", "Sources", "Tags", "Categories", "Archives"):
        assert label in hrefs


def listing_pages(site, first):
    """A listing's pages, newest first, by its "Older" links (plugins/newsroom/listings.py)."""
    pages, page = [], first
    while page is not None:
        pages.append(page)
        older = soup(page).select_one('nav.pagination a[rel="next"]')
        page = file_for(site, older["href"]) if older else None
    return pages


def test_index_is_paginated_newest_first(site):
    """The newest page (index.html) holds 20-39 releases, every older page exactly 20, numbered
    from the oldest (page/1.html holds the oldest 20)."""
    dates = []
    pages = listing_pages(site, site.output / "index.html")
    assert len(pages) == max(1, site.listed // 20)
    for k, page in enumerate(pages):
        cards = soup(page).select("ol.cards > li")
        assert (20 <= len(cards) < 40) if k == 0 else len(cards) == 20, (page, len(cards))
        for li in cards:
            assert li.h2.a["href"] and li.find("time")["datetime"]
        dates += [li.h2.a["href"].rsplit("/", 1)[-1][: -len(".html")] for li in cards]
    assert pages[-1] == site.output / "page" / "1.html"
    assert [p.name for p in pages[1:]] == [f"{n}.html" for n in range(len(pages) - 1, 0, -1)]
    assert len(dates) == site.listed
    # newest first by the instant each release's Date states: a card shows the day in the
    # release's own zone (a date-only one the day alone), and days in different zones need
    # not follow the instants' order, so the order is checked on the Markdown's Date
    instants = _dates_by_slug(site)
    dates = [instants[slug] for slug in dates]
    assert dates == sorted(dates, reverse=True)


def _dates_by_slug(site) -> dict:
    out = {}
    for md in (site.content / "releases").glob("*.md"):
        head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
        slug = re.search(r"^Slug: (.+)$", head, re.M)
        date = re.search(r"^Date: (.+)$", head, re.M).group(1).strip()
        out[slug.group(1).strip() if slug else md.stem] = dt.datetime.fromisoformat(date)
    return out


def test_tag_and_source_indexes_count_their_releases(site):
    for index, folder in (("tags.html", "tag"), ("sources.html", "source")):
        items = soup(site.output / index).select("ul.index-list li")
        assert items
        for li in items[:25]:
            count = int(li.find("span", class_="n").get_text())
            first = file_for(site, li.a["href"])
            pages = [first] + sorted((first.parent / first.stem / "page").glob("*.html"))
            listed = sum(len(soup(p).select("ol.cards > li")) for p in pages)
            assert listed == count, (index, li.a.get_text())
    kinds = {li.a.get_text(): li.find("span", class_="kind").get_text()
             for li in soup(site.output / "sources.html").select("ul.index-list li")}
    assert kinds["Kazinform"] == "News"
    if CORPUS.is_dir():
        assert "Press Releases" in kinds.values()


def test_archives_list_every_release(site):
    years = soup(site.output / "archives.html").select("ul.years > li > h2 > a")
    listed = set()
    for a in years:
        year_page = file_for(site, a["href"])          # a year lists its months
        months = soup(year_page).select("ul.months a")
        assert months
        for month in months:                           # a month lists its releases, in pages
            for page in listing_pages(site, file_for(site, month["href"])):
                for link in soup(page).select("ul.archive-list a"):
                    listed.add(file_for(site, link["href"]))
    translations = {site.output / "releases" / f"{slug}.html" for slug in site.translations}
    assert translations          # the test stories (fixtures/i18n): listed in their language only
    assert listed == set(release_pages(site)) - translations


def test_sitemaps_and_robots(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    import xml.etree.ElementTree as ET
    index = ET.parse(site.output / "sitemap.xml").getroot()      # a sitemap index
    assert index.tag == f"{{{ns['s']}}}sitemapindex"
    locs = []
    for sm in index.findall("s:sitemap/s:loc", ns):
        root = ET.parse(file_for(site, sm.text)).getroot()
        assert root.tag == f"{{{ns['s']}}}urlset"
        locs += [e.text for e in root.findall("s:url/s:loc", ns)]
        assert all(e.text for e in root.findall("s:url/s:lastmod", ns))
        assert len(root.findall("s:url/s:lastmod", ns)) == len(root.findall("s:url", ns))
    assert all(loc.startswith(site.siteurl + "/") for loc in locs)
    assert all(file_for(site, loc).is_file() for loc in locs)
    assert {url_of(site, p) for p in release_pages(site)} <= set(locs)
    assert url_of(site, site.output / "404.html") not in locs

    news = ET.parse(site.output / "news-sitemap.xml").getroot()
    assert news.tag == f"{{{ns['s']}}}urlset"
    entries = news.findall("s:url", ns)
    assert entries
    stated = {url_of(site, p): json_ld(p)[0]["datePublished"] for p in release_pages(site)}
    published = {u: _moment(v) for u, v in stated.items()}
    newest = max(published.values())
    expected = {u for u, d in published.items() if newest - dt.timedelta(days=2) <= d}
    got = set()
    for e in entries:
        loc = e.find("s:loc", ns).text
        got.add(loc)
        news_el = e.find("n:news", ns)
        assert news_el.find("n:publication/n:name", ns).text == "Wirepress Newsroom"
        assert news_el.find("n:publication/n:language", ns).text
        assert news_el.find("n:publication_date", ns).text == stated[loc]
        assert news_el.find("n:title", ns).text
    assert got == expected

    robots = (site.output / "robots.txt").read_text()
    assert f"Sitemap: {site.siteurl}/sitemap.xml" in robots
    assert f"Sitemap: {site.siteurl}/news-sitemap.xml" in robots


def test_development_build_root_relative_links_resolve(tmp_path):
    """SITEURL = "" (pelicanconf.py, the dev server): links are root-relative, there is
    no canonical link (it must be absolute), and every link still resolves."""
    build(tmp_path, "", [])
    dev = Site(tmp_path / "output", tmp_path / "content", "", 0, 0, 0, "")
    depth, broken = crawl(dev, dev.output / "index.html")
    assert broken == []
    assert len(release_pages(dev)) >= 2 and set(release_pages(dev)) <= set(depth)
    page = release_pages(dev)[0]
    assert soup(page).find("link", rel="canonical") is None
    assert soup(page).find("link", rel="icon")["href"].startswith("/theme/")   # the CSS is inlined
