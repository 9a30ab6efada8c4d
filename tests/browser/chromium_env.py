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
