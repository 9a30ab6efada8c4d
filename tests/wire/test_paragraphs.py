"""wire/paragraphs.py on its own: the three ways agencies mark paragraphs, tables kept as
rows, sign-offs dropped, About and contact sections, phone numbers."""
from __future__ import annotations

import pytest

from wire import paragraphs as P

LONG = ("The company said on Tuesday that it would open a new plant in the region next year, "
        "adding about two hundred jobs to its payroll there, its chief executive said.")


@pytest.mark.parametrize("body, expected", [
    # blank lines part paragraphs; hard-wrapped lines inside one are joined
    ("First paragraph line one\nline two of it.\n\nSecond paragraph here.\n",
     ["First paragraph line one line two of it.", "Second paragraph here."]),
    # Reuters-21578 and ANPA: an indented first line starts a paragraph, no blank line between
    ("    The first paragraph starts\nand wraps here.\n    The second one starts\nand wraps too.\n",
     ["The first paragraph starts and wraps here.", "The second one starts and wraps too."]),
    # many releases: one paragraph a line, no wrapping (lines longer than any wrap width)
    (f"{LONG}\n{LONG.replace('Tuesday', 'Monday')}\n",
     [LONG, LONG.replace("Tuesday", "Monday")]),
    # short lines with no blank line between them are one wrapped paragraph
    ("Acme Corp said\nits sales rose\nin March.\n", ["Acme Corp said its sales rose in March."]),
    # a word broken at the end of a line is joined again
    ("The company said its inter-\nnational sales rose.\n", ["The company said its inter-national sales rose."]),
    # runs of spaces inside prose are one space
    ("Acme   said  it  grew.\n", ["Acme said it grew."]),
    ("\n\n\n", []),
])
def test_paragraphs_as_agencies_mark_them(body, expected):
    paras, tables = P.split(body)
    assert paras == expected and tables == set()


def test_a_table_keeps_its_rows_and_is_marked():
    rows = ("    Shr profit    1.20 dlrs    vs    1.10 dlrs\n"
            "    Net           5.0 mln      vs    4.5 mln\n"
            "    Revs          50.0 mln     vs    45.0 mln")
    paras, tables = P.split("Results:\n\n" + rows + "\n")
    assert paras == ["Results:", rows] and tables == {1}


def test_a_heading_line_starts_a_section_without_a_blank_line():
    paras, _ = P.split("About Acme\nAcme makes machines in Ohio.\n\nMedia contact:\nJane Doe\n+1 555 123 4567\n")
    assert paras == ["About Acme", "Acme makes machines in Ohio.", "Media contact:", "Jane Doe\n+1 555 123 4567"]


def test_too_many_paragraphs_is_a_rejection_not_a_stall():
    with pytest.raises(P.TooManyParagraphs):
        P.split("word\n\n" * (P.MAX_PARAGRAPHS + 1))


@pytest.mark.parametrize("signoff", ["Reuter", "REUTERS", "-30-", "###", "# # #", "(END)", "NNNN", "ENDS", "+++"])
def test_signoffs_are_dropped_from_the_end(signoff):
    assert P.strip_signoff(["Body text here.", signoff], set()) == ["Body text here."]


def test_a_signoff_word_inside_the_story_stays():
    paras = ["Reuters reported the deal first.", "Body text here."]
    assert P.strip_signoff(paras, set()) == paras


def test_about_and_contact_sections_leave_the_body():
    body, sections = P.sections(["Acme opened a plant.", "About Acme",
                                 "Acme makes things in Ohio since 1900 and more.", "Media contact:",
                                 "Jane Doe, jane@acme.com, +1 555 123 4567"])
    assert body == ["Acme opened a plant."]
    assert [(s.kind, s.heading, s.paragraphs) for s in sections] == [
        ("about", "About Acme", ["Acme makes things in Ohio since 1900 and more."]),
        ("contact", "Media contact", ["Jane Doe, jane@acme.com, +1 555 123 4567"])]


def test_phone_numbers_but_not_dates():
    found = [m.group() for m in P.phone_numbers("Call +1 555 123 4567 or (02) 9999 1234 on 2026-03-04.")]
    assert found == ["+1 555 123 4567", "(02) 9999 1234"]
