"""The real stories in ../shared/wire-corpus/dev: every file converts, and the
fields the sources state come out right often enough (the same rules wire-eval scores)."""
import datetime as dt
import json
import re

import pytest

from support import need_corpus
from wire import convert

REF = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)


def alnum(s):
    return re.sub(r"[\W_]+", "", (s or "").casefold())


@pytest.fixture(scope="module")
def cases():
    corpus = need_corpus()
    out = []
    for js in sorted(corpus.glob("*/*.json")):
        case = json.loads(js.read_text(encoding="utf-8"))
        for variant in (js.with_suffix(".txt"), js.with_name(js.stem + ".notitle.txt")):
            if variant.exists():
                out.append((case, variant, convert.convert(variant.read_bytes(), variant.name, REF)))
    return out


def test_every_corpus_file_converts(cases):
    assert len(cases) > 900
    for _case, path, story in cases:
        assert story.headline and story.paragraphs, path
        assert story.date.utcoffset() is not None, path
        assert 0 <= len(story.tags) <= 8, path


def test_datelines_and_titles_match_what_the_sources_state(cases):
    titled = [(c, s) for c, p, s in cases if not p.name.endswith(".notitle.txt")]
    with_city = [(c, s) for c, s in titled if c.get("dateline_city")]
    right = sum(alnum(s.dateline).startswith(alnum(c["dateline_city"])) for c, s in with_city)
    assert right / len(with_city) >= 0.95
    words = lambda t: re.findall(r"\w+", re.sub(r"<[^>]*>", " ", t or "").casefold())
    with_title = [(c, s) for c, s in titled if c.get("title")]
    right = sum(words(s.headline) == words(c["title"]) for c, s in with_title)
    assert right / len(with_title) >= 0.97


def test_generated_headlines_are_short_and_never_cut_mid_name(cases):
    for _case, path, story in cases:
        if story.headline_generated:
            assert len(story.headline) <= 100, path
            assert story.headline.split()[-1].casefold() not in {"of", "and", "the", "a", "to"}, path
