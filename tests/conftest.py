import pytest
from django.test import TransactionTestCase

from tests import append_only, factories
from zorgvuldig.staff.models import Role

_flush_tables = TransactionTestCase._fixture_teardown


def _fixture_teardown_past_append_only(self):
    """Transactional tests end with a flush, which the log's append-only triggers refuse."""
    with append_only.suspended(self._databases_names(include_mirrors=False)):
        _flush_tables(self)


TransactionTestCase._fixture_teardown = _fixture_teardown_past_append_only


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


@pytest.fixture
def team_lead(north):
    return factories.employee(role=Role.TEAM_LEAD, team_obj=north)


@pytest.fixture
def privacy_officer(db):
    return factories.employee(role=Role.PRIVACY_OFFICER)


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
