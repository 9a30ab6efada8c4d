"""Build one real site for the site and browser tests, and serve it on 127.0.0.1.

The site is built once per test process (memoized): the project's seeds/, at least 200
wire files from ../shared/wire-corpus/dev when that folder exists, and one hostile wire
story (markup in its text) go through the real wire ingest, Pelican, the theme, the
newsroom and feeds plugins and Pagefind. SITEURL is the address the site is served at,
so canonical links, sitemaps and JSON-LD are absolute as in production."""
from __future__ import annotations

import atexit
import functools
import os
import re
import http.server
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "wire-corpus" / "dev"
MIN_CORPUS_FILES = 200
# The project's seed story (Kazinform, ASTANA, June 28, 2018): tests check its page in detail.
SEED_WIRE_FILE = "000_a197b5cc5a53a806.txt"

# A wire story whose text carries markup: it must show as text and run nothing.
HOSTILE_NAME = "zz_hostile_markup.txt"
HOSTILE_WORD = "quillzephyr"          # a word found in this story only (for the search test)
HOSTILE_STORY = f"""Ministry warns of <script>window.__wirepwned = 1</script> fake pages

ALMATY. KAZINFORM - The ministry said pages carrying <script>window.__wirepwned = 1</script> and <img src=x onerror="window.__wirepwned = 2"> were found, and named the campaign {HOSTILE_WORD} & "friends".

Officials asked readers to report any page that asks for passwords <b>bold</b> or &amp; codes.
"""


# A release an editor wrote by hand, with markup in every metadata field: the templates
# must escape each of them (autoescape), in pages, meta tags, JSON-LD and sitemaps.
EDITOR_SLUG = "zz-editor-markup"
EDITOR_RELEASE = f"""Title: Editor's <script>window.__wirepwned = 3</script> headline & "more"
Date: 2024-03-05T10:15:00+01:00
Dateline: <b>PARIS</b>
Source: Evil <i>Wire</i>
Category: News
Tags: <em>Markup</em>, Kazakhstan
Summary: A summary with &lt;script&gt; as text.
Slug: {EDITOR_SLUG}

First paragraph written by an editor.
"""


# Stories in other languages, written for these tests (fixtures/i18n/README.md): Kazakh and
# Russian wire files for the ingest, and one story in English with its Russian and Kazakh
# translations (Translation-Of) as hand-written releases.
I18N_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "i18n"
TRANSLATED_SLUG = "ishim-footbridge-opens"          # the English original; -ru and -kk translate it


def add_language_fixtures(seeds: Path, releases: Path) -> None:
    seeds.mkdir(parents=True, exist_ok=True)
    releases.mkdir(parents=True, exist_ok=True)
    for src in sorted(I18N_FIXTURES.iterdir()):
        if src.suffix == ".txt":
            shutil.copy(src, seeds / src.name)
        elif src.suffix == ".md" and src.name != "README.md":
            shutil.copy(src, releases / src.name)


@dataclass
class Site:
    output: Path
    content: Path
    siteurl: str
    port: int
    corpus_files: int
    releases: int
    seed_slug: str          # the slug the wire ingest gave SEED_WIRE_FILE
    translations: tuple = ()  # slugs of releases that translate another (Translation-Of): they
                              # have their page and their language's listing, not the others

    @property
    def listed(self) -> int:
        """Releases the home page, archives, tags and sources list: all but translations."""
        return self.releases - len(self.translations)


def corpus_sample(limit_reuters: int = 80) -> list[Path]:
    """Every non-Reuters story of the dev corpus (varied formats and sources) plus the first
    Reuters ones: comfortably above MIN_CORPUS_FILES, small enough for two shared cores."""
    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.rglob("*.txt") if not p.name.endswith(".notitle.txt"))
    reuters = [p for p in files if p.parent.name == "reuters21578"]
    return [p for p in files if p.parent.name != "reuters21578"] + reuters[:limit_reuters]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as a static host is configured to.
        if code == 404:
            page = Path(self.directory) / "404.html"
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build(base: Path, siteurl: str, extra_seeds: list[Path]) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    seeds, content = base / "seeds", base / "content"
    seeds.mkdir(parents=True)
    content.mkdir()
    for src in list((ROOT / "seeds").glob("*")) + extra_seeds:
        if src.is_file():
            shutil.copy(src, seeds / src.name)
    (seeds / HOSTILE_NAME).write_text(HOSTILE_STORY, encoding="utf-8")
    (content / "releases").mkdir()
    (content / "releases" / f"{EDITOR_SLUG}.md").write_text(EDITOR_RELEASE, encoding="utf-8")
    add_language_fixtures(seeds, content / "releases")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(
        "Title: About this newsroom\n\nPress releases and wire copy, as received.\n",
        encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(base / "output"),
        "WIRE_SEEDS_PATH": str(seeds), "WIRE_CONTENT_PATH": str(content),
        "CACHE_PATH": str(base / "cache"), "LOAD_CONTENT_CACHE": False,
        "SITEURL": siteurl, "RELATIVE_URLS": False, "WIRE_DEFAULT_YEAR": 2024,
        "NAV_SOURCES": ["Kazinform", "No Such Agency"], "NAV_TAGS": ["Kazakhstan"],
        "WIREPRESS_BUILD_REPORT": False,   # the dev-only /_build/ page is not part of the site
    })
    Pelican(settings).run()


def require_corpus() -> None:
    """The site tests need the shared corpus (volume: pagination, 200+ releases): skip
    without it, except in CI, where its absence is a failure (as for the wire tests)."""
    if not CORPUS.is_dir():
        import pytest
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing")
        pytest.skip(f"{CORPUS} is missing")


@functools.cache
def get_site() -> Site:
    base = Path(tempfile.mkdtemp(prefix="wirepress-site-"))
    atexit.register(shutil.rmtree, base, True)     # the server thread dies with the process
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    sample = corpus_sample()
    build(base, siteurl, sample)
    serve(base / "output", port)
    mds = list((base / "content" / "releases").glob("*.md"))
    translated = tuple(sorted(md.stem for md in mds if re.search(
        r"^Translation-Of:", md.read_text(encoding="utf-8").split("\n\n", 1)[0], re.M)))
    return Site(base / "output", base / "content", siteurl, port, len(sample), len(mds),
                slug_of(mds, SEED_WIRE_FILE), translated)


def slug_of(mds: list[Path], wire_file: str) -> str:
    for md in mds:
        head = md.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if f"\nWire-Source: {wire_file}\n" in head + "\n":
            return re.search(r"^Slug: (.+)$", head, re.M).group(1).strip()
    raise LookupError(f"no release from {wire_file}")
