"""Fixtures shared by every test folder (helpers live in support.py)."""
import pytest

from support import need_corpus


@pytest.fixture
def corpus():
    return need_corpus()
