import pytest

from tests import factories


@pytest.fixture
def support(db):
    """The 'hulptrajecten' processing activity (public task, no special categories)."""
    return factories.activity("hulptrajecten")


@pytest.fixture
def north(db):
    return factories.team("Team Noord")


@pytest.fixture
def south(db):
    return factories.team("Team Zuid")


@pytest.fixture
def worker(north):
    return factories.employee(team_obj=north)


@pytest.fixture
def other_worker(south):
    return factories.employee(team_obj=south)


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
