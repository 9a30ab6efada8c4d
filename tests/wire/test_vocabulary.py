"""The parsers' word lists as data files (plugins/wire/data/<concept>/<lang>.txt|json)."""
import re

from wire import vocabulary


def test_entries_in_file_order_without_comments_or_blank_lines():
    got = vocabulary.words("time_prepositions")
    assert got[:3] == ("back on", "on", "in")          # "back on" before "on": the file's order is kept
    assert not any(w.startswith("#") or not w.strip() or w != w.strip() for w in got)


def test_loaded_once():
    assert vocabulary.words("weekdays") is vocabulary.words("weekdays")
    assert vocabulary.table("irregular_verbs") is vocabulary.table("irregular_verbs")


def test_a_concept_in_several_languages_is_their_union_english_first():
    assert vocabulary.languages("dangling_words")[0] == "en"
    assert {"of", "der", "la"} <= vocabulary.word_set("dangling_words")
    assert "der" not in vocabulary.word_set("dangling_words", ("en",))


def test_table_drops_its_about():
    assert vocabulary.table("irregular_verbs")["sold"] == "sells"
    assert "_about" not in vocabulary.table("irregular_verbs")


def test_alternation_is_literal():
    pattern = re.compile(vocabulary.alternation(["S.A", "Co"]))
    assert pattern.fullmatch("S.A") and not pattern.fullmatch("SxA")


def test_every_list_is_clean():
    # no entry twice in one file (a second copy would hide an edit to the first)
    for path in sorted(vocabulary.DATA.glob("*/*.txt")):
        entries = vocabulary.words(path.parent.name, path.stem)
        assert entries, path
        assert len(entries) == len(set(entries)), path


def test_month_files_give_twelve_months_in_order():
    for lang in vocabulary.languages("months"):
        numbers = [int(line.split()[0]) for line in vocabulary.words("months", lang)]
        assert numbers == list(range(1, 13)), lang


def test_stop_words_and_abbreviations_are_one_list_each():
    from wire import dateline, entities, headline

    stop = vocabulary.word_set("stop_words")
    assert stop <= dateline._STOP and stop <= entities._FUNCTION_WORDS
    for abbreviation in vocabulary.words("abbreviations"):
        assert headline._ABBREVIATION.fullmatch(abbreviation), abbreviation
        assert entities._ABBREVIATION.fullmatch(abbreviation + "."), abbreviation


def test_agency_table_is_well_formed():
    from zoneinfo import ZoneInfo

    rows = vocabulary.data("agencies")["agencies"]
    assert len({r["name"] for r in rows}) == len(rows)
    for row in rows:
        assert row["kind"] in ("agency", "distributor"), row
        assert row["timezone"] is None or ZoneInfo(row["timezone"]), row
        assert all(s == s.casefold().strip() for s in row["spellings"]), row


def test_company_suffixes_are_one_list_each_use_takes_its_part():
    """data/company_suffixes: one table of spellings; entities and agencies take every one,
    the headline's two case-sensitive uses the spellings that list them."""
    from wire import agencies, entities, headline

    table = vocabulary.table("company_suffixes")
    for spelling, its in table.items():
        assert set(its) <= {"headline", "aside"}, spelling      # a misspelt use would drop it silently
    assert vocabulary.used_for("company_suffixes", "headline")[:2] == ("Corp", "Corporation")
    assert "AS" not in vocabulary.used_for("company_suffixes", "headline")   # "SHARES RISE AS ..."
    # entities: a name ends at any of them ("Daewoo Group and General Motors Corp" is two)
    assert entities._LEGAL_SUFFIXES == {s.casefold() for s in table}
    assert {"gmbh", "corp.", "group"} <= entities._LEGAL_SUFFIXES
    # agencies: any of them is trimmed off an agency's name, in any case and spacing
    for suffix in table:
        for spelt in (suffix, suffix.upper(), suffix.replace(" ", "  ")):
            assert "Interfax" in agencies._spellings(f"Interfax {spelt}"), spelt
    for name in ("Interfax Ltd", "Interfax, LLC", "Interfax L.L.C.", "Interfax GmbH", "Interfax Pty Ltd",
                 "Interfax Oy", "Interfax Holdings"):
        assert "Interfax" in agencies._spellings(name), name
    assert "Interfax" not in agencies._spellings("Interfax News")
    # headline: dropped from a headline, case as written; an aside may follow one after a comma
    assert headline.generate("Acme Corp said it has launched a rocket.") == "Acme launches rocket"
    for suffix in ("Inc", "Corp", "Ltd", "LLC", "Co", "Plc", "S.A", "AG", "N.V"):
        assert headline._APPOSITIVE.match(f"Acme, {suffix}., a maker of panels, said"), suffix
    assert not headline._APPOSITIVE.match("Acme, GmbH., a maker of panels, said")   # not an aside's
