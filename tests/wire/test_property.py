"""Property-based: random text and random mutations of real stories never make the
converter raise anything but Rejected, and what it writes parses back with Pelican."""
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import CORPUS, ROOT
from wire import convert, mdwriter

REF = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
REAL = [p.read_bytes() for p in sorted((ROOT / "seeds").iterdir())]
if CORPUS.is_dir():
    REAL += [p.read_bytes() for p in sorted(CORPUS.glob("*/*.txt"))[::15]]


def _roundtrip(data: bytes, tmp: Path) -> None:
    from pelican.readers import MarkdownReader
    from pelican.settings import DEFAULT_CONFIG

    try:
        story = convert.convert(data, "h.txt", REF)
    except convert.Rejected:
        return
    text = mdwriter.render(story, "slug")
    path = tmp / "h.md"
    path.write_text(text, encoding="utf-8")
    content, meta = MarkdownReader(dict(DEFAULT_CONFIG)).read(str(path))
    assert meta["title"] == " ".join(story.headline.split())
    assert meta["slug"] == "slug"
    assert "<script" not in content.lower()


mutation = st.tuples(st.integers(0, 10_000), st.integers(0, 50), st.binary(max_size=40))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=2000))
def test_random_text(tmp_path, text):
    _roundtrip(text.encode("utf-8", errors="surrogatepass"), tmp_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(REAL), st.lists(mutation, max_size=6), st.sampled_from(["", "<script>x</script>", "\x1f\x00"]))
def test_mutated_real_stories(tmp_path, original, cuts, insert):
    data = bytearray(original)
    for at, drop, new in cuts:        # truncate, splice and corrupt the real bytes
        at = at % (len(data) + 1)
        data[at:at + drop] = new
    data[len(data) // 2: len(data) // 2] = insert.encode()
    _roundtrip(bytes(data), tmp_path)
