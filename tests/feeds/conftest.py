"""Fixtures of the feed tests; the helpers live in feedsite.py."""
from __future__ import annotations

import pytest
from feedsite import build, write_releases


@pytest.fixture(scope="module")
def handmade_site(tmp_path_factory):
    """The hand-written releases (feedsite.RELEASES), built once per test module."""
    tmp = tmp_path_factory.mktemp("feeds-site")
    return build(tmp, write_releases(tmp / "content"))
