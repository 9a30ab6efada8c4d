"""Wire text stays text through Markdown: rendered with the real Python-Markdown."""
import markdown
import pytest
from bs4 import BeautifulSoup

from wire.mdwriter import escape


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script> & <b>bold</b>",
    "*not emphasis* and _not either_ and **nor this**",
    "# not a heading",
    "1. not a list item",
    "- not a bullet",
    "+ nor this",
    "> not a quote",
    "[not a link](http://example.org) and ![no image](x.png)",
    "`not code` and \\ backslashes \\\\",
    "100% of 3 < 4 > 2 &amp; literally",
    "Price: $5 * 3 = $15; ticker <BAC>",
])
def test_escaped_text_renders_back_as_the_same_text(text):
    html = markdown.markdown(escape(text))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text() == text
    assert [t.name for t in soup.find_all()] == ["p"]        # one paragraph, no other element
