"""wire.sanitise: clean text (no control, escape or bidi characters) and the HTML
allow-list; and the property that hostile wire copy in any position, through the real
converter, mdwriter and Pelican's Markdown reader, yields only allow-listed markup."""
import datetime as dt

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import FORBIDDEN_CHARS, PAYLOADS, SHAPES, foreign_markup, hostile_story, live_hazards
from support import ROOT
from wire import mdwriter
from wire.convert import Rejected, convert
from wire.sanitise import clean_text, sanitise_html

REF = dt.datetime(2026, 3, 5, tzinfo=dt.timezone.utc)


# --- clean_text ------------------------------------------------------------------------
@pytest.mark.parametrize("dirty, clean", [
    ("Acme\u202e txt.exe", "Acme txt.exe"),                           # right-to-left override
    ("\u2066Acme\u2069 \u202aBeta\u202c \u200fGamma\u200e", "Acme Beta Gamma"),   # isolates, embeddings, marks
    ("By \x1b[1;31mAnna Berg\x1b[0m", "By Anna Berg"),               # ANSI colours, whole
    ("\x1b]0;pwned\x07Title", "Title"),                              # OSC (window title)
    ("\x1b[2J\x1b[HClear", "Clear"),
    ("\x1b(Bplain \x1b7saved\x1b8", "plain saved"),                # charset, cursor save/restore
    ("stray \x1bnews", "stray news"),                             # a lone ESC: the word stays
    ("a\x00b\x07c\x08d\x7fe\x85f\x9bg", "abcdefg"),                   # C0, DEL, C1
    ("one\r\ntwo\rthree\u2028four", "one\ntwo\nthree\nfour"),
    ("tab\tkept", "tab\tkept"),
    ("no\ufffebad\uffff\ufeffchars", "nobadchars"),
])
def test_clean_text_drops_controls_escapes_and_bidi(dirty, clean):
    assert clean_text(dirty) == clean


@pytest.mark.parametrize("text", [
    "Алматы метрополитені", "Qazaqstanda jer silkіndі: ǵ ı ý ń", "東京で地震", "שלום עולם",
    "مرحبا بالعالم", "नमस्ते", "👩\u200d🔬 scientist", "می\u200cخواهم",   # ZWJ, ZWNJ are letters' business
])
def test_clean_text_keeps_every_script(text):
    assert clean_text(text) == text


def test_an_unterminated_osc_does_not_swallow_the_story():
    assert clean_text("\x1b]0;title\nThe story goes on.") == "\nThe story goes on."


# --- sanitise_html ---------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_removes_everything_off_the_allow_list(payload):
    html = sanitise_html(f"<p>before {payload} after</p><h2>About {payload}</h2>")
    assert foreign_markup(html) == []
    assert live_hazards(BeautifulSoup(html, "html.parser")) == []
    assert "before" in html          # text around it stays (an unclosed <style> may take the rest)


def test_sanitiser_keeps_what_our_markdown_makes():
    html = ('<p>Lead &amp; more</p>\n<div class="highlight"><pre><span></span><code><span class="n">Acme</span>'
            '     12\n</code></pre></div>\n<h2>Media contact</h2>\n<p>Anna Berg<br>\nanna@example.com</p>')
    assert sanitise_html(html) == html


def test_sanitiser_drops_unknown_classes_ids_and_styles():
    html = sanitise_html('<p id="x" style="color:red" class="c">t</p><div class="highlight evil">'
                         '<span class="n evil">x</span></div>')
    assert html == '<p>t</p><div class="highlight"><span class="n">x</span></div>'


# --- the property: hostile wire copy through the real render path ----------------------
@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """Pelican's Markdown reader with the project's settings (MARKDOWN included)."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    tmp = tmp_path_factory.mktemp("reader")
    s = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(tmp), "OUTPUT_PATH": str(tmp / "out"), "CACHE_PATH": str(tmp / "cache"),
        "WIRE_SEEDS_PATH": None, "PAGEFIND": False})
    return MarkdownReader(s), tmp


def render_path(reader, name: str, text: str):
    """Wire text -> Story -> Markdown -> (HTML, metadata) as Pelican reads it; None if rejected."""
    md_reader, tmp = reader
    try:
        story = convert(text.encode("utf-8"), name, REF)
    except Rejected:
        return None
    path = tmp / "release.md"
    path.write_text(mdwriter.render(story, "the-slug"), encoding="utf-8")
    return md_reader.read(str(path))


def check_rendered(content: str, metadata: dict) -> None:
    # The first wall alone: mdwriter's Markdown becomes only allow-listed markup.
    assert foreign_markup(content) == [], content
    assert foreign_markup(metadata.get("summary", "")) == []
    for key in ("title", "dateline", "source", "byline", "organisation", "wire-source"):
        value = str(metadata.get(key) or "")
        assert not FORBIDDEN_CHARS.search(value), (key, value)
        assert "\n" not in value
    for tag in metadata.get("tags", []):
        assert not FORBIDDEN_CHARS.search(str(tag))
    assert not FORBIDDEN_CHARS.search(content)
    # and the second wall changes nothing in it
    assert foreign_markup(sanitise_html(content)) == []


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("payload", [PAYLOADS[0], PAYLOADS[2], PAYLOADS[10]])
def test_every_shape_renders_to_allow_listed_markup(reader, shape, payload):
    got = render_path(reader, f"{shape}.txt", SHAPES[shape](payload))
    assert got is not None
    check_rendered(*got)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(story=hostile_story())
def test_property_hostile_wire_text_never_becomes_markup(reader, story):
    name, text = story
    got = render_path(reader, name, text)
    if got is not None:
        check_rendered(*got)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=80),
       shape=st.sampled_from(sorted(SHAPES)))
def test_property_any_text_in_any_shape(reader, line, shape):
    got = render_path(reader, f"{shape}.txt", SHAPES[shape](line))
    if got is not None:
        check_rendered(*got)
