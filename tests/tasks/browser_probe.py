"""Headless Chromium watching one page of the dev server, in its own process.

    python browser_probe.py URL HEADLINE [TIMEOUT_S]

Prints READY once the page is open and livereload.js is connected; the caller then saves a
wire file. Prints one JSON line when HEADLINE shows in the page (or the timeout passes):
{"seen": bool, "reloaded": bool}. A process of its own because Playwright's sync API cannot
run while another test module's Playwright session is open in the same pytest process.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tasks_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def main(url: str, headline: str, timeout: float = 15.0) -> int:
    from playwright.sync_api import TimeoutError as PWTimeout
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="wp-chromium-") as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM,
                                                    headless=True, args=CHROMIUM_ARGS)
        page = ctx.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function("() => !!window.LiveReload", timeout=15_000)
        time.sleep(0.5)   # livereload.js hello/info handshake over its websocket
        # A marker that only a real reload removes.
        page.evaluate("() => { window.__notReloaded = true; }")
        print("READY", flush=True)
        try:
            page.wait_for_function("(h) => document.body && document.body.innerText.includes(h)",
                                   arg=headline, timeout=timeout * 1000)
            seen = True
        except PWTimeout:
            seen = False
        reloaded = page.evaluate("() => window.__notReloaded === undefined")
        print(json.dumps({"seen": seen, "reloaded": reloaded}), flush=True)
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 15.0))
