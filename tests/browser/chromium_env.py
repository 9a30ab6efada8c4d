"""Where Chromium is and how it is started (shared by conftest and the tests)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"      # Debian's package; Playwright downloads no browser
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"   # git-ignored; CI keeps them


def require(ok: bool, what: str):
    """Skip without `what`, except under CI=true, where a missing tool is a failure."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is missing (.ci/run installs it)")
        pytest.skip(f"{what} is missing")


def screenshot_fits(page, shot: Path, what) -> None:
    """A full-page screenshot of what `page` shows (kept in `shot`, an artifact), and the page
    no wider than the window: no sideways scrolling at this width."""
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (what, overflow)
