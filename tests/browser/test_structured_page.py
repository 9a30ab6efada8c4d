"""A structured wire item's page in headless Chromium: the picture is a figure with its
caption and credit, the agency's markup runs nothing, nothing scrolls sideways; screenshots
at phone and desktop widths go to tests/artifacts/."""
from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wire"))
from newsroom_site import free_port, serve  # noqa: E402  (conftest puts tests/site on the path)
from test_formats_structured import G2_ITEM, NITF_DOC  # noqa: E402

IMAGE_HOST = "https://media.example.org/"


def _png(width: int, height: int) -> bytes:
    """A small grey PNG (the picture the page loads; no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x90" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def structured_site(tmp_path_factory):
    from support import build_site

    base = tmp_path_factory.mktemp("structured-site")
    seeds = base / "seeds"
    seeds.mkdir()
    item = G2_ITEM.replace("<embargoed>2026-03-03T06:00:00Z</embargoed>", "").replace(
        '<img src="https://example.org/track.gif" width="1" height="1"/>',
        f'<figure><img src="{IMAGE_HOST}rocket.png" width="1600"/>'
        '<figcaption>The rocket on its launch pad before the first flight</figcaption></figure>')
    (seeds / "rocket.xml").write_text(item, encoding="utf-8")
    (seeds / "wallabies.xml").write_bytes(NITF_DOC.encode("latin-1"))
    out = build_site(base, seeds)
    server = serve(out, free_port())
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("width", [375, 1280])
def test_structured_release_page_in_chromium(structured_site, page, artifacts, width):
    png = _png(160, 90)
    page.route(IMAGE_HOST + "**", lambda route: route.fulfill(status=200, content_type="image/png", body=png))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{structured_site}/releases/corrected-acme-unveils-a-reusable-rocket.html")
    figure = page.locator("figure.release-figure")
    assert figure.count() == 1
    page.wait_for_function("document.querySelector('figure.release-figure img').complete")
    assert page.evaluate("document.querySelector('figure.release-figure img').naturalWidth") == 160
    assert figure.locator("figcaption").inner_text().startswith("The rocket on its launch pad")
    # the agency's <b onclick> and <script> run nothing; its escaped text shows as text
    assert page.locator("[onclick]").count() == 0
    assert "<script>safe</script>" in page.locator(".release-body").inner_text()
    assert page.locator(".release-body h3").inner_text() == "What it does"
    path = artifacts / f"structured-release-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    assert page.js_errors == []
