"""wire.entities: tags a reader would follow: whole names of people, places and
organisations, never contact details, job titles or title-case phrases (our own copy)."""
import datetime as dt
import re

import pytest

from wire import convert, entities


def tags(text, place=None):
    return [e.name for e in entities.extract(text, place)]


def test_contact_details_run_together_are_no_tag():
    found = tags("Valdoria Toys said on Monday that sales rose. For more, contact Valdoria Toys "
                 "Office at CAwww.valdoriatoys.com310.555.0199 Office or press@valdoriatoys.com Office.")
    assert found and not [t for t in found if re.search(r"\d{3}|www|@|\.com", t)], found


@pytest.mark.parametrize("title", ["Vice President", "Chief Executive Officer", "Managing Director"])
def test_a_job_title_alone_is_no_tag(title):
    text = (f"Maria Lind, {title} of Quillon Harbour Authority, said on Monday that the ferry opens in May. "
            f"\"We are ready,\" the {title} said. The {title} added that the {title} would attend.")
    found = tags(text)
    assert title not in found
    assert "Maria Lind" in found and "Quillon Harbour Authority" in found


def test_two_companies_joined_by_and_are_two_tags():
    found = tags("Quillon Motors Corp and Harrowmere Group Inc signed a supply deal on Monday. "
                 "Quillon Motors Corp said the deal runs for five years.")
    assert "Quillon Motors Corp" in found and "Harrowmere Group Inc" in found
    assert not [t for t in found if " and " in t]


def test_one_company_with_and_in_its_name_stays_whole():
    found = tags("Harrowmere Savings and Loan Association said on Monday it raised its dividend. "
                 "Harrowmere Savings and Loan Association has 12 branches.")
    assert "Harrowmere Savings and Loan Association" in found


def test_a_title_case_heading_is_no_organisation():
    found = tags("Estavia Announces Liquidity Locker Service Launch and Trust\n\n"
                 "Estavia Labs Inc said on Monday it launched a new service.")
    assert not [t for t in found if "Announces" in t or "Launch" in t], found


def test_no_person_inside_an_organisation_or_a_place():
    found = tags("Quillon Corp shares rose on the New York Stock Exchange, said analyst Maria Lind "
                 "in Austin Texas on Monday.")
    assert "York Stock" not in found and "Austin Texas" not in found
    assert "New York Stock Exchange" in found


def test_company_names_that_begin_with_a_title_word_stay_whole():
    found = tags("General Electric Co said on Monday it sold its lighting unit. General Electric Co "
                 "will keep its jet engine business.")
    assert "General Electric Co" in found and "Electric Co" not in found


REF = dt.datetime(1987, 3, 1, tzinfo=dt.timezone.utc)


def test_an_all_caps_headline_gives_its_company_and_countries_only():
    table = convert.convert(b"COBANCO INC YEAR NET\n\n    SANTA CRUZ, Calif., March 1 -\n"
                            b"    Shr 75 cts vs 52 cts\n    Net 1,699,124 vs 1,177,786\n Reuter\n", "t.txt", REF)
    assert "Cobanco Inc" in table.tags
    story = convert.convert(b"SPANISH FARMERS BATTLE POLICE IN SPAIN\n\n"
                            b"    MADRID, March 1 - Farmers clashed with police on Sunday over prices.\n Reuter\n",
                            "caps.txt", REF)
    assert "Spain" in story.tags
    assert not [t for t in story.tags if "Farmers" in t or "Police" in t], story.tags


def test_tag_text_is_cut_between_words():
    body = ("The council met on Monday. " * 92) + "Yes, Maria Hashimoto spoke."   # the cut falls in her name
    story = convert.convert(f"QUILLON, March 1 (Wire) - {body}\n".encode(), "long.txt", REF)
    assert not [t for t in story.tags if t.startswith("Maria") and t != "Maria Hashimoto"], story.tags
