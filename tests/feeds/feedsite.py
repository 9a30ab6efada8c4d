"""Real Pelican builds into temp folders for the feed tests, from releases in the
shape the wire ingest writes (plugins/wire/mdwriter.py) written by hand, or from wire files via the ingest.
(A uniquely named module: several test folders have a conftest.py.)"""
from __future__ import annotations

from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "http://localhost:8000"  # WIRE_FEED_DOMAIN when SITEURL is "" (pelicanconf)
AUTHORITY = "localhost"


def build(tmp: Path, content: Path, seeds: Path | None = None, output: Path | None = None,
          **override) -> Path:
    """Build the site with the project's pelicanconf.py, every path inside `tmp`."""
    if seeds is None:
        seeds = tmp / "seeds"
        seeds.mkdir(parents=True, exist_ok=True)
    output = output or tmp / "output"
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "WIRE_SEEDS_PATH": str(seeds),
        "WIRE_CONTENT_PATH": str(content), "CACHE_PATH": str(tmp / "cache"), **override})
    Pelican(settings).run()
    return output


def release(title, date, source, category, tags, summary, slug, body, wire_hash=None,
            modified=None, dateline=None, editor_markup=False) -> str:
    head = [f"Title: {title}", f"Date: {date}"]
    if modified:
        head.append(f"Modified: {modified}")
    if dateline:
        head.append(f"Dateline: {dateline}")
    head += [f"Source: {source}", f"Category: {category}", f"Tags: {', '.join(tags)}",
             f"Summary: {summary}", f"Slug: {slug}"]
    if wire_hash:
        head += [f"Wire-Source: {slug}.txt", f"Wire-Hash: {wire_hash}",
                 "Wire-Format: plain", "Wire-Encoding: utf-8"]
    if editor_markup:      # an editor added links/images to a wire release (wire.sanitise)
        head.append("Editor-Markup: yes")
    return "\n".join(head) + "\n\n" + body + "\n"


# name -> release. Dates in several zones: the order must follow the instant, not the text.
RELEASES = {
    "astana": release(
        "Kazakhstan and US foreign ministers discuss strategic partnership",
        "2018-06-28T00:00:00+06:00", "Kazinform", "News",
        ["Kazakhstan", "United States", "Michael Pompeo"],
        "On June 28, 2018, a telephone conversation took place.",
        "kazakhstan-us-ministers",
        "On June 28, 2018, a telephone conversation took place.\n\n"
        "See [the ministry](/pages/ministry.html) and ![map](images/map.png).",
        wire_hash="sha256:" + "1" * 64, dateline="ASTANA", editor_markup=True),
    "acme": release(
        "Acme launches the Widget 2", "2019-01-02T10:00:00-05:00", "PR Newswire",
        "Press Releases", ["Acme", "United States"], "Acme launched a widget.",
        "acme-launches-widget-2", "NEW YORK, Jan. 2, 2019 /PRNewswire/ -- Acme launched.\n\n"
        "## About Acme Corp\n\nAcme makes things.",
        wire_hash="sha256:" + "2" * 64, modified="2019-01-03T09:30:00-05:00"),
    # 20:00 in Almaty is 14:00 UTC: older than "acme" (15:00 UTC) though its text is later.
    "almaty": release(
        "Almaty hosts a trade forum", "2019-01-02T20:00:00+06:00", "Kazinform", "News",
        ["Kazakhstan", "Trade"], "A trade forum opened in Almaty.", "almaty-trade-forum",
        "A trade forum opened in Almaty.", wire_hash="sha256:" + "3" * 64),
    # Wire copy with control characters (a unit separator, an escape, a vertical tab) and
    # markup: the contract escapes wire text in the body; the Title is raw metadata.
    "nasty": release(
        "Breaking\x1f <script>alert('x')</script> & \x1bnews\x0b", "2019-03-01T08:00:00+00:00",
        "Agence \x01Test", "News", ["Security\x7f", "Trade"],
        "A \x1fsummary with &lt;script&gt;.", "breaking-news-script",
        "Wire text\x1f with &lt;script&gt;alert(1)&lt;/script&gt; &amp; \x01noise\x02.",
        wire_hash="sha256:" + "4" * 64),
    # Written by an editor by hand: no Wire-Hash, so its id comes from its file path.
    "handmade": release(
        "Newsroom opens", "2019-02-01T12:00:00+01:00", "Wirepress Desk", "Press Releases",
        ["Newsroom"], "We opened.", "newsroom-opens", "We opened.", dateline="SPRINGFIELD"),
}


def write_releases(content: Path, releases: dict = RELEASES) -> Path:
    folder = content / "releases"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in releases.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return content
