import pytest

from newsroom_site import get_site, require_corpus


@pytest.fixture(scope="session")
def site():
    require_corpus()
    return get_site()
