"""WebSub (plugins/feeds/websub.py): every feed names the hub (Atom and RSS <link rel="hub">,
JSON Feed `hubs`) and each build POSTs hub.mode=publish with the feeds that changed to a
real HTTP server on 127.0.0.1 standing in for the hub. Also the JSON Feed's icon, favicon
and item image."""
from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from pathlib import Path

import feedparser
import pytest
from feedsite import DOMAIN, build, release, write_releases

from feeds import websub


class Hub:
    """A real HTTP server that records every POST (path, form fields) it receives."""

    def __init__(self, status: int = 204):
        self.pings: list[dict] = []
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                hub.pings.append({"path": self.path, "type": self.headers.get("Content-Type"),
                                  "form": urllib.parse.parse_qs(body)})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub():
    h = Hub()
    yield h
    h.close()


IMAGE = "https://media.example.org/bridge-1200.jpg"


def releases_with_image(content: Path) -> Path:
    write_releases(content)
    (content / "releases" / "pictured.md").write_text(release(
        "Bridge opens", "2019-04-01T09:00:00+00:00", "Kazinform", "News", ["Bridge"],
        "A bridge opened.", "bridge-opens", "A bridge opened.",
        wire_hash="sha256:" + "5" * 64).replace("Slug: bridge-opens", f"Slug: bridge-opens\nImage: {IMAGE}"),
        encoding="utf-8")
    return content


def test_every_feed_names_the_hub_and_the_build_pings_it(tmp_path, hub):
    content = releases_with_image(tmp_path / "content")
    out = build(tmp_path, content, WEBSUB_HUB=hub.url, PAGEFIND=False)
    atoms = sorted(out.glob("feeds/**/*.atom.xml"))
    rsses = sorted(out.glob("feeds/**/*.rss.xml"))
    assert atoms and rsses
    for path in atoms + rsses:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        rels = {(link.get("rel"), link.get("href")) for link in parsed.feed.links}
        assert ("hub", hub.url) in rels, path
        assert any(rel == "self" for rel, _ in rels), path
    data = json.loads((out / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert data["hubs"] == [{"type": "WebSub", "url": hub.url}]

    # one ping (all feeds fit one batch), a form POST naming every feed that was written
    assert len(hub.pings) == 1
    ping = hub.pings[0]
    assert ping["path"] == "/hub" and ping["type"] == "application/x-www-form-urlencoded"
    assert ping["form"]["hub.mode"] == ["publish"]
    written = {f"{DOMAIN}/{p.relative_to(out).as_posix()}" for p in atoms + rsses} | {f"{DOMAIN}/feeds/all.json"}
    assert set(ping["form"]["hub.url"]) == written

    # the same content again: no feed changed, so the hub is not bothered
    build(tmp_path, content, WEBSUB_HUB=hub.url, PAGEFIND=False, LOAD_CONTENT_CACHE=False)
    assert len(hub.pings) == 1

    # a new release: only the feeds it is in are pinged
    (content / "releases" / "new.md").write_text(release(
        "Ferry resumes", "2019-05-01T09:00:00+00:00", "Kazinform", "News", ["Ferry"],
        "The ferry resumed.", "ferry-resumes", "The ferry resumed.",
        wire_hash="sha256:" + "6" * 64), encoding="utf-8")
    build(tmp_path, content, WEBSUB_HUB=hub.url, PAGEFIND=False, LOAD_CONTENT_CACHE=False)
    assert len(hub.pings) == 2
    second = set(hub.pings[1]["form"]["hub.url"])
    assert f"{DOMAIN}/feeds/all.atom.xml" in second and f"{DOMAIN}/feeds/tag/ferry.rss.xml" in second
    assert f"{DOMAIN}/feeds/source/kazinform.atom.xml" in second
    assert f"{DOMAIN}/feeds/source/pr-newswire.atom.xml" not in second     # unchanged


def test_no_hub_no_hub_links(handmade_site):
    for path in handmade_site.glob("feeds/**/*.xml"):
        assert 'rel="hub"' not in path.read_text(encoding="utf-8")
    assert "hubs" not in json.loads((handmade_site / "feeds" / "all.json").read_text(encoding="utf-8"))


def test_a_hub_that_fails_never_fails_the_build(tmp_path, caplog):
    failing = Hub(status=500)
    try:
        out = build(tmp_path, write_releases(tmp_path / "content"), WEBSUB_HUB=failing.url,
                    PAGEFIND=False)
    finally:
        failing.close()
    assert (out / "feeds" / "all.atom.xml").is_file()
    assert len(failing.pings) == 1
    assert any("answered 500" in r.getMessage() for r in caplog.records)
    # and a hub that is not there at all: one warning, no exception
    assert websub.ping(failing.url, ["http://localhost:8000/feeds/all.atom.xml"], timeout=2) == 0


def test_ping_batches_many_feeds(hub):
    urls = [f"http://localhost:8000/feeds/tag/t{i}.atom.xml" for i in range(websub.BATCH + 5)]
    assert websub.ping(hub.url, urls) == len(urls)
    assert [len(p["form"]["hub.url"]) for p in hub.pings] == [websub.BATCH, 5]


def test_json_feed_icon_favicon_and_item_image(tmp_path):
    out = build(tmp_path, releases_with_image(tmp_path / "content"), PAGEFIND=False)
    data = json.loads((out / "feeds" / "all.json").read_text(encoding="utf-8"))
    assert data["icon"] == f"{DOMAIN}/theme/images/logo.svg"
    assert data["favicon"] == f"{DOMAIN}/theme/images/favicon.svg"
    for key in ("icon", "favicon"):      # they exist: the theme ships them
        assert (out / data[key][len(DOMAIN) + 1:]).is_file()
    by_url = {item["url"]: item for item in data["items"]}
    assert by_url[f"{DOMAIN}/releases/bridge-opens.html"]["image"] == IMAGE
    assert all("image" not in item for url, item in by_url.items() if "bridge-opens" not in url)
