"""Issue 12 item 4: no pattern in the converter backtracks on hostile shapes.

Each reproducer is a shape that made a pattern super-linear (long runs of spaces or
markers, asterisks, repeated day names, giant lines, deep indents, many short lines),
sized so that the old code would run for minutes. Each must finish inside the
conversion budget (`budget.limit`, which raises Rejected when it is exceeded): the
bound is a wall against a hang, seconds above what the code needs, not a benchmark.
Where a pattern was replaced, the old one is kept here as the reference on short inputs.
"""
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wire import budget, convert, dates, headline, mdwriter, paragraphs
from wire.formats import _lines, plain

REF = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
WALL = 3.0       # seconds; the shapes below took 14 s to "forever" before the fix


def within_wall(fn, *args):
    with budget.limit(WALL):
        return fn(*args)


LEAD = ("WASHINGTON, March 3, 2026 (Reuters) - Acme Corp said on Tuesday it would buy a stake in "
        "Beta Inc for 20 million dollars.\n\n")

SHAPES = {
    "word then spaces": "hello" + " " * 20_000 + "x\n",
    "word then spaces and markers": "hello" + " <=+ " * 5_000 + "x\n",
    "asterisks": "*" * 60_000,
    "asterisks under a story": LEAD + "*" * 60_000 + "\nx",
    "press release then spaces": "press release" + " " * 20_000 + "x\n\n" + LEAD,
    "source then spaces": "Source: Acme" + " " * 20_000 + "x\n\n" + LEAD,
    "day names line": LEAD.replace("on Tuesday", "on " + "Monday Tuesday morning " * 10_000),
    "day names lead": "Acme said on " + "Monday " * 30_000,
    "abbreviations": "Acme said " + "A. B. " * 40_000 + "the end.",
    "indented file": "    indented line of wire text here\n" * 50_000,
    "deep indents": "\n".join(" " * (i % 1000) + "word" for i in range(1_000)),      # 0.5 MB
    "many short lines": "a\n" * 400_000,
    "hyphenated lines": "inter-\nnational\n" * 100_000,
    "embargo then spaces": "EMBARGOED UNTIL 12" + " " * 20_000 + "x\n\n" + LEAD,
    "blank space lines": (" " * 50 + "\n") * 20_000 + "EMBARGOED UNTIL 09:00 GMT, 1 Dec 2026\n\n" + LEAD,
    "punctuation": ".,;:-" * 20_000,
    "commas": "Acme" + ", a" * 30_000 + ", said",
    "giant line": "Acme Corp said " + "the company said " * 20_000,
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_hostile_shape_converts_within_the_wall(name):
    data = SHAPES[name].encode()

    def run():
        try:
            mdwriter.render(convert.convert(data, f"{name}.txt", REF), "x")
        except convert.Rejected as exc:
            assert "conversion took over" not in str(exc)

    within_wall(run)


def test_clean_line_on_a_run_of_spaces():
    line = "^word" + " " * 50_000 + "x  <<==++  "
    assert within_wall(_lines.clean_line, line) == "word" + " " * 50_000 + "x"


_OLD_CLEAN = re.compile(r"\s*[<=+]*\s*$")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="^ab <=+\t\u00a0-", max_size=30))
def test_clean_line_strips_what_the_old_pattern_stripped(line):
    assert _lines.clean_line(line) == _OLD_CLEAN.sub("", line.lstrip("^").rstrip())


def test_preamble_pattern_on_a_line_of_asterisks():
    text = "*" * 100_000 + "\n\n" + LEAD
    draft = within_wall(plain.parse, text)
    assert draft.body.strip().startswith("WASHINGTON") or "WASHINGTON" in draft.body


def test_split_block_on_an_indented_file():
    body = "    Acme said the line was indented.\n" * 50_000       # 1.8 MB, every line a paragraph
    paras, _ = within_wall(paragraphs.split, body)
    assert len(paras) == 1          # every line indented: no indent marks a new paragraph


def test_split_keeps_indented_paragraphs_apart():
    body = "    First paragraph starts\nand goes on.\n    Second one\nends here."
    assert paragraphs.split(body)[0] == ["First paragraph starts and goes on.", "Second one ends here."]


def _old_join(lines):
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text = text + line
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"[ \t]{2,}", " ", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["-", "a-", "b", "B", "x -", "--", "c", "a  -", "-b", "Q-", "ab"]),
                min_size=1, max_size=8))
def test_join_hyphenates_as_before(lines):
    assert paragraphs._join(lines) == _old_join(lines)


def test_join_of_a_huge_paragraph():
    lines = ["word-", "word"] * 200_000
    assert within_wall(paragraphs._join, lines).startswith("word-word word-word")


def test_day_names_in_headlinese():
    text = "Acme said " + "Monday Tuesday morning " * 10_000 + "it bought Beta"
    out = within_wall(headline.headlinese, text)
    assert "Monday" not in out and out.endswith("bought Beta")


def test_drop_day_keeps_a_day_after_a_capitalised_word():
    assert headline.headlinese("Acme opens store on Black Friday") == "Acme opens store on Black Friday"
    assert headline.headlinese("Acme said Tuesday it bought Beta") == "Acme said it bought Beta"


def test_first_sentence_with_many_abbreviations():
    text = "A. B. " * 50_000 + "Acme said. Next"
    assert within_wall(headline.first_sentence, text).endswith("Acme said.")


def test_headline_generation_reads_a_bounded_lead():
    lead = "Acme Corp said on " + "Monday morning, Tuesday, " * 20_000 + "it bought Beta."
    title = within_wall(headline.generate, lead)
    assert title and len(title) <= headline.MAX_LENGTH


def test_embargo_line_with_a_run_of_spaces():
    text = "EMBARGOED UNTIL 12" + " " * 50_000 + "x\n" + (" " * 40 + "\n") * 5_000
    assert within_wall(dates.parse_embargo, text, None, "UTC") is None
    lifted = dates.parse_embargo("  ** EMBARGOED UNTIL 09:00 GMT, 1 December 2026", None, "UTC")
    assert lifted == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
