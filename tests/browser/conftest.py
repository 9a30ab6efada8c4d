"""Headless Debian Chromium driven by Playwright (no browser download), on the site that
tests/site builds and serves on 127.0.0.1. With CI=true a missing browser fails the run."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from newsroom_site import ROOT, get_site, require_corpus  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium_env import ARTIFACTS, CHROMIUM, FLAGS, require as _require  # noqa: E402


@pytest.fixture(scope="session")
def site():
    require_corpus()
    return get_site()


# Module scope: one sync Playwright at a time per process, so close it before other
# folders' browser tests (tests/tasks) start their own.
@pytest.fixture(scope="module")
def browser_context():
    _require(Path(CHROMIUM).exists(), CHROMIUM)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="wirepress-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True,
            args=FLAGS)   # Playwright passes the fresh profile as --user-data-dir
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.js_errors = errors
    yield page
    page.close()


@pytest.fixture(scope="session")
def node_modules():
    """axe-core and lighthouse from package.json; `npm ci` once on a fresh clone."""
    mods = ROOT / "node_modules"
    if not (mods / "axe-core").is_dir() or not (mods / "lighthouse").is_dir():
        _require(shutil.which("npm") is not None, "npm")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True,
                       capture_output=True, timeout=600)
    return mods


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
