"""Wire furniture leftovers never reach a page: desk headings and their notes, Markdown
link syntax left in text, desk codes at the end, machine-translation markers."""
import datetime as dt

from bs4 import BeautifulSoup

from support import build_site
from wire import convert, furniture

UTC = dt.timezone.utc
DPA = """Harbour council approves ferry link

Kiel (dpa) - The harbour council approved a ferry link to the island on Thursday, its chair said in a statement to reporters.

The link will open next year, the council said, and see [the plan](https://example.org/plan.pdf) online.

# Notebook

## Note to editors
- (c)2018 The Kiel Gazette

## Internet links
- [Council news](http://example.org/news)

dpa grj rmo
"""


def test_desk_heading_and_its_notes_are_dropped():
    text = furniture.body("Story text.\n\n# Notebook\n\n## Refile\n\n## Internet links\n- [DOD](http://x.example)\n")
    assert text.strip() == "Story text."


def test_a_desk_note_of_its_own_ends_at_a_blank_line():
    text = furniture.body("Story.\n\n## Note to editors\nNot for publication.\n\nMore story.")
    assert "Not for publication" not in text and "More story." in text


def test_other_heading_marks_leave_their_words():
    assert furniture.body("## Background\nThe council met.") == "Background\nThe council met."


def test_link_syntax_becomes_its_text_and_link_only_lines_go():
    paras, tables = furniture.paragraphs(
        ["HONG KONG - [Media OutReach Newswire](https://www.example.com/) - 16 March 2026 - Text.",
         "[Original/Source Press Release](https://x.example/a) [Reddit Post](https://r.example/b)",
         "- [Council news](http://example.org/news)", "More text.", "col  [a](http://x)\nrow  2"], {4})
    assert paras == ["HONG KONG - Media OutReach Newswire - 16 March 2026 - Text.", "More text.",
                     "col  [a](http://x)\nrow  2"]
    assert tables == {2}              # tables keep their text and are renumbered


def test_desk_codes_at_the_end_only():
    for code in ("dpa grj rmo", "dpa al rmo hct rmo", "dpa/gl/xy"):
        assert furniture.paragraphs(["Story.", code], set())[0] == ["Story."], code
    # prose that happens to be short lower-case words stays
    assert furniture.paragraphs(["Story.", "and so on"], set())[0] == ["Story.", "and so on"]
    assert furniture.paragraphs(["dpa grj rmo", "Story."], set())[0] == ["dpa grj rmo", "Story."]


def test_translation_marker_and_disclaimer():
    assert furniture.headline("Parliament passes the Alcohol Act*** TRANSLATED ***") == \
        "Parliament passes the Alcohol Act"
    assert furniture.headline("Stars *** shine") == "Stars *** shine"
    story = convert.convert(
        "Parliament passes the Alcohol Act*** TRANSLATED ***\n\n*** DISCLAIMER: THIS IS AN AUTOMATED "
        "TRANSLATION FROM FINNISH ***\n\nHELSINKI, Dec 19, 2017 (STT) - Parliament approved the Alcohol Act "
        "by 124 votes to 65 on Tuesday, the speaker said.\n".encode(), "t.txt", dt.datetime(2017, 12, 19, tzinfo=UTC))
    # Title is the headline as the wire sent it; the disclaimer paragraph is dropped
    assert story.headline.startswith("Parliament passes the Alcohol Act***") and "TRANSLATED" in story.headline
    assert furniture.headline(story.headline) == "Parliament passes the Alcohol Act"
    assert not any("DISCLAIMER" in p for p in story.paragraphs)


def test_the_page_and_feeds_show_the_headline_without_the_translation_marker(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "stt.txt").write_text(
        "Parliament passes the Alcohol Act*** TRANSLATED ***\n\n*** DISCLAIMER: THIS IS AN AUTOMATED "
        "TRANSLATION FROM FINNISH ***\n\nHELSINKI, Dec 19, 2017 (STT) - Parliament approved the Alcohol Act "
        "by 124 votes to 65 on Tuesday, the speaker said.\n")
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    assert "translated" not in page.name
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.h1.get_text(strip=True) == "Parliament passes the Alcohol Act"
    assert "TRANSLATED" not in soup.title.get_text() and "DISCLAIMER" not in soup.get_text()
    assert "TRANSLATED" not in (out / "feeds" / "all.atom.xml").read_text()


def test_release_page_has_no_furniture(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "dpa.txt").write_text(DPA)
    out = build_site(tmp_path, seeds)
    [page] = (out / "releases").glob("*.html")
    text = BeautifulSoup(page.read_text(), "html.parser").select_one(".release-body").get_text(" ")
    for leftover in ("Notebook", "# ", "](", "Internet links", "Kiel Gazette", "dpa grj rmo"):
        assert leftover not in text, leftover
    assert "see the plan online" in text


# Hostile shapes for body(): a heading line with a long run of spaces inside it (a lazy
# heading pattern tried each position of the run: quadratic), and a million short lines
# with headings and asterisks among them (one scan, not a Python step per line). The wall
# is a guard against a hang, seconds above what the code needs, not a benchmark.
def test_hostile_lines_are_read_in_linear_time():
    from wire import budget

    cases = {
        "spaces in a heading": "# x" + " " * 60_000 + "y\n\nStory.",
        "many headings with spaces": ("## a" + " " * 2_000 + "b\n") * 300,
        "a million short lines": "Story.\n\n## Note to editors\nnote\n\n" + "word\n### \n*\n" * 330_000,
        "a million headings": "Story.\n\n## Note to editors\nnote\n\n" + "# a\n" * 1_250_000,
    }
    for name, text in cases.items():
        with budget.limit(3.0):
            out = furniture.body(text)
        assert "Note to editors" not in out and "note" not in out and len(out) >= len(text) // 3, name
    # past MAX_MARKED such lines (no release has as many) the rest is left as text
    text = "# a\n" * furniture.MAX_MARKED + "# Notebook\nnote"
    assert furniture.body(text) == "a\n" * furniture.MAX_MARKED + "# Notebook\nnote"
