"""wire/lexicon.py: the word lists and gazetteer the tagger and the time zones use, built once
and cached; a damaged cache is rebuilt, never trusted."""
from __future__ import annotations

import pytest

from wire import lexicon


@pytest.mark.parametrize("name, key", [("São Paulo", "sao paulo"), ("SAO PAULO", "sao paulo"),
                                       ("Nur-Sultan", "nur sultan"), ("  Zürich ", "zurich"),
                                       ("ALMATY", "almaty")])
def test_fold_is_case_accent_and_hyphen_blind(name, key):
    assert lexicon.fold(name) == key


def test_cities_by_name_and_by_the_region_a_dateline_names():
    lex = lexicon.get()
    assert lex.city("Astana") == ("Asia/Almaty", "KZ")
    assert lex.city("Melbourne") == ("Australia/Melbourne", "AU")          # the largest namesake
    assert lex.city("Melbourne", "FL") == ("America/New_York", "US")       # "MELBOURNE, Fla."
    assert lex.city("Melbourne", "Florida") == ("America/New_York", "US")
    assert lex.city("Atlantis Under The Sea") is None


def test_names_and_common_words():
    lex = lexicon.get()
    assert {"maria", "john", "fatima"} <= lex.given_names
    assert "foreign" in lex.common_words and "strategic" in lex.common_words
    assert "kazinform" not in lex.common_words


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREPRESS_CACHE", str(tmp_path))
    path = lexicon._cache_file()
    path.write_bytes(b"not a pickle at all")
    rebuilt = lexicon._load()
    assert rebuilt.city("Astana") == ("Asia/Almaty", "KZ")
    assert path.read_bytes()[:1] == b"\x80"          # written again, as a pickle
    assert lexicon._load().cities == rebuilt.cities  # and read back from it


def test_the_feeds_use_the_same_folding_and_gazetteer():
    from feeds import geo

    assert geo.fold is lexicon.fold
    assert geo.point("ASTANA") and geo.point("SPRINGFIELD") == ""          # many Springfields
