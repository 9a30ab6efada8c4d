"""Fixtures for the tasks / dev-server tests; the helpers live in tasks_helpers.py."""
import os

import pytest

from tasks_helpers import CHROMIUM, DevServer, copy_project


@pytest.fixture(scope="module")
def dev_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def dev_server(dev_project):
    server = DevServer(dev_project).start()
    yield server
    server.stop()



def _missing(why: str):
    # With CI=true a browser test must run: a missing browser is a failure, not a skip.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {why}")
    pytest.skip(why)


@pytest.fixture
def chromium_ready():
    """Playwright and Debian's Chromium are there (the probe process drives them)."""
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        _missing("playwright is not installed (requirements-dev.txt)")
    if not os.path.exists(CHROMIUM):
        _missing(f"{CHROMIUM} is missing (apt-get install chromium; see .ci/run)")
