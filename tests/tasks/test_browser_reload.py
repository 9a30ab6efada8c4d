"""Headless Chromium: a page open on the dev server reloads by itself when a wire file lands."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tasks_helpers import wire_text

pytestmark = pytest.mark.browser
PROBE = Path(__file__).with_name("browser_probe.py")


def test_open_page_reloads_itself_and_shows_new_headline(dev_server, dev_project, chromium_ready):
    headline = "Browser test: Shelbyville council approves monorail"
    probe = subprocess.Popen([sys.executable, str(PROBE), dev_server.url + "/", headline, "15"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = probe.stdout.readline().strip()
        assert ready == "READY", f"browser probe failed: {ready}\n{probe.stderr.read()}"
        t0 = time.monotonic()
        (dev_project / "seeds" / "monorail.txt").write_text(
            wire_text(headline, city="SHELBYVILLE", agency="Springfield Shopper Wire"),
            encoding="utf-8")
        line = probe.stdout.readline()
        elapsed = time.monotonic() - t0
        assert line, f"browser probe died\n{probe.stderr.read()}"
        result = json.loads(line)
    finally:
        try:
            probe.wait(30)
        except subprocess.TimeoutExpired:
            probe.kill()
            probe.wait()
    assert result["seen"], f"headline never showed\n{dev_server.log()[-2000:]}"
    # The marker set before the save is gone: livereload reloaded the page by itself.
    assert result["reloaded"]
    print(f"\nsaved wire file -> reloaded page shows headline: {elapsed:.2f}s")
    assert elapsed < 10
