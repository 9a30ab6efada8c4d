import pytest

from newsroom_site import get_site


@pytest.fixture(scope="session")
def site():
    return get_site()
