"""Headless Chromium: a page open on the dev server reloads by itself when a wire file lands."""
from __future__ import annotations

import time

import pytest

from tasks_helpers import wire_text

pytestmark = pytest.mark.browser


def test_open_page_reloads_itself_and_shows_new_headline(dev_server, dev_project, chromium):
    page = chromium.new_page()
    page.goto(dev_server.url + "/", wait_until="load")
    # livereload.js has connected when the server lists this page as a waiter; its websocket
    # is opened from the injected script, so wait for the script to load.
    page.wait_for_function("() => !!window.LiveReload", timeout=10_000)
    time.sleep(0.5)   # the hello/info handshake
    page.evaluate("() => { window.__notReloaded = true; }")

    headline = "Browser test: Shelbyville council approves monorail"
    t0 = time.monotonic()
    (dev_project / "seeds" / "monorail.txt").write_text(
        wire_text(headline, city="SHELBYVILLE", agency="Springfield Shopper Wire"), encoding="utf-8")
    page.wait_for_function("(h) => document.body && document.body.innerText.includes(h)",
                           arg=headline, timeout=15_000)
    elapsed = time.monotonic() - t0
    # The marker is gone: the page was reloaded (by livereload), not patched in place.
    assert page.evaluate("() => window.__notReloaded === undefined")
    print(f"\nsaved wire file -> reloaded page shows headline: {elapsed:.2f}s")
    assert elapsed < 10
    page.close()
