"""Press-release structure: one contact section per release, only when it holds a way to
reach someone; e-mails, phones and URLs in contact and About sections as real links."""
import datetime as dt

import markdown
from bs4 import BeautifulSoup

from support import build_site
from wire import convert, mdwriter, paragraphs

RELEASE = """Acme opens a panel plant in Almaty

NEW YORK, June 28, 2018 /PRNewswire/ -- Acme Corp, a maker of solar panels, opened a plant in Almaty on Thursday, the company said.

For more information, please visit www.acme-panels.example.com.

About Acme
Acme makes solar panels. Visit https://acme-panels.example.com/about_us?x=1&y=2 or write to info@acme-panels.example.com.

Media Contact:
Anna Berg
anna.berg@acme-panels.example.com
+1 310.299.1717

Investor Contact:
Bob Smith, (212) 555-0100

Press contacts:
Anna Berg
"""


def test_a_pointer_sentence_is_not_a_contact_box():
    body, found = paragraphs.sections(["Acme opened a plant.",
                                       "For more information, please visit www.example.com."])
    assert found == [] and body[-1] == "For more information, please visit www.example.com."


def test_contact_blocks_merge_into_one_and_empty_ones_go_back():
    body, found = paragraphs.sections([
        "Acme opened a plant.", "Media Contact:", "Anna Berg\nanna@acme.example.com",
        "Investor Relations:", "Bob Smith, (212) 555-0100", "Contact:", "Visit our site."])
    contacts = [s for s in found if s.kind == "contact"]
    assert len(contacts) == 1
    assert contacts[0].paragraphs == ["Anna Berg\nanna@acme.example.com", "Bob Smith, (212) 555-0100",
                                      "Visit our site."]
    # a contact heading with nothing under it that reaches anyone is not a section at all
    body, found = paragraphs.sections(["Acme opened a plant.", "Contact:", "see our website."])
    assert found == [] and body == ["Acme opened a plant.", "see our website."]


def test_phone_numbers_not_dates_or_counts():
    found = [m.group(0) for m in paragraphs.phone_numbers(
        "Tel +44 20 7946 0958, (212) 555-0100 or 310.299.1717; founded 2018-06-28, 12,000 staff, 1999")]
    assert found == ["+44 20 7946 0958", "(212) 555-0100", "310.299.1717"]


def _html(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=["extra"]), "html.parser")


def test_links_are_built_escaped_and_nofollow():
    soup = _html(mdwriter.linked('Mail <b>x</b> a_b@x.example.com, call +1 310.299.1717, see '
                                 "www.x.example.com/a_b?q=1&r=2. *not emphasis*"))
    links = soup.find_all("a")
    assert [a["href"] for a in links] == ["mailto:a_b@x.example.com", "tel:+13102991717",
                                          "https://www.x.example.com/a_b?q=1&r=2"]
    assert all(a["rel"] == ["nofollow", "noopener"] for a in links)
    assert not soup.find("b") and not soup.find("em")
    assert 'href="https://www.x.example.com/a_b?q=1&amp;r=2"' in mdwriter.linked("www.x.example.com/a_b?q=1&r=2")
    assert "<b>x</b>" in soup.get_text() and "*not emphasis*" in soup.get_text()


def test_only_http_mailto_and_tel_links_come_out():
    soup = _html(mdwriter.linked("javascript:alert(1) data:text/html,x ftp://x.example.com file:///etc/passwd"))
    assert soup.find("a") is None


def test_release_page_has_one_contact_section_with_links(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "acme.txt").write_text(RELEASE)
    story = convert.convert(RELEASE.encode(), "acme.txt", dt.datetime(2018, 6, 28, tzinfo=dt.timezone.utc))
    assert [s.kind for s in story.sections] == ["about", "contact"]
    out = build_site(tmp_path, seeds)
    page = BeautifulSoup((out / "releases" / "acme-opens-a-panel-plant-in-almaty.html").read_text(),
                         "html.parser")
    boxes = page.select("section.boilerplate-contact")
    assert len(boxes) == 1
    hrefs = [a["href"] for a in boxes[0].find_all("a")]
    assert hrefs == ["mailto:anna.berg@acme-panels.example.com", "tel:+13102991717", "tel:2125550100"]
    assert all(a["rel"] == ["nofollow", "noopener"] for a in boxes[0].find_all("a"))
    assert boxes[0].get_text().count("Anna Berg") == 1          # the repeated block is merged away
    about = page.select_one("section.boilerplate-about")
    assert [a["href"] for a in about.find_all("a")] == [
        "https://acme-panels.example.com/about_us?x=1&y=2", "mailto:info@acme-panels.example.com"]
    assert "please visit www.acme-panels.example.com" in page.select_one("article").get_text()


# Hostile shape for the merging of contact blocks: thousands of them in one file (copy run
# together). Each block is merged once; re-reading the merged section for every further
# block was quadratic (minutes). The wall is a guard against a hang, not a benchmark.
def test_thousands_of_contact_blocks_merge_in_linear_time():
    from wire import budget

    paras = []
    for i in range(8_000):
        paras += [f"Media contact: Anna Berg {i}", f"anna{i}@acme.example.com\n+1 310 299 {i % 10_000:04d}"]
    with budget.limit(3.0):
        body, found = paragraphs.sections(["Acme opened a plant, the company said."] + paras)
    contact = [s for s in found if s.kind == "contact"]
    assert len(contact) == 1 and len(contact[0].paragraphs) == 16_000
