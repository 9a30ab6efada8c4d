"""Fixtures for the tasks / dev-server tests; the helpers live in tasks_helpers.py."""
import os

import pytest

from tasks_helpers import DevServer, copy_project


@pytest.fixture(scope="module")
def dev_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def dev_server(dev_project):
    server = DevServer(dev_project).start()
    yield server
    server.stop()


CHROMIUM = "/usr/bin/chromium"   # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing(why: str):
    # With CI=true a browser test must run: a missing browser is a failure, not a skip.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """A headless Chromium context with a fresh profile (user-data-dir)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (requirements-dev.txt)")
    if not os.path.exists(CHROMIUM):
        _missing(f"{CHROMIUM} is missing (apt-get install chromium; see .ci/run)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield context
        finally:
            context.close()
