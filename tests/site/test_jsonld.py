"""newsroom.jsonld: the NewsArticle data of a release (headline length, who publishes,
who wrote it)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from newsroom import _is_organisation, jsonld

WHEN = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.timezone.utc)
NEWSROOM = jsonld.publisher("Quillon Newsroom", "https://news.example.org", "theme/images/logo.svg")


def article(title="Harbor council approves ferry link", category="News", **meta):
    return SimpleNamespace(title=title, date=WHEN, url="releases/x.html", metadata=meta, category=category,
                           tags=[], summary="")


def test_a_long_headline_is_cut_at_a_word():
    title = ("Quillon Harbour Authority and the Valdoria Ferry Company announce a twelve-year "
             "agreement on the Kestrel Island crossing")
    got = jsonld.news_article(article(title), "", NEWSROOM)["headline"]
    assert len(got) <= 110 and got.endswith("…")
    assert title.startswith(got[:-1]) and title[len(got) - 1] == " "
    short = jsonld.news_article(article("Harbor council approves ferry link"), "", NEWSROOM)["headline"]
    assert short == "Harbor council approves ferry link"


def test_the_newsroom_publishes_and_the_agency_is_the_author():
    data = jsonld.news_article(article(source="AP", byline="The Associated Press"), "https://news.example.org",
                               NEWSROOM, _is_organisation)
    assert data["publisher"] == {"@type": "Organization", "name": "Quillon Newsroom",
                                 "url": "https://news.example.org/",
                                 "logo": {"@type": "ImageObject",
                                          "url": "https://news.example.org/theme/images/logo.svg"}}
    authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
    assert {"@type": "Person", "name": "The Associated Press"} not in authors
    assert {"@type": "Organization", "name": "AP"} in authors


def test_a_reporter_is_a_person_beside_the_agency():
    data = jsonld.news_article(article(source="Reuters", byline="Maria Lind"), "", NEWSROOM, _is_organisation)
    assert data["author"] == [{"@type": "Person", "name": "Maria Lind"},
                              {"@type": "Organization", "name": "Reuters"}]


def test_a_press_release_is_written_by_its_issuer():
    data = jsonld.news_article(article(category="Press Releases", source="PR Newswire",
                                       organisation="Valdoria Ferry Company"), "", NEWSROOM, _is_organisation)
    assert data["author"] == {"@type": "Organization", "name": "Valdoria Ferry Company"}
    assert data["publisher"]["name"] == "Quillon Newsroom"
