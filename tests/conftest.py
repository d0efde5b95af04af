import pytest
from django.test import TransactionTestCase

from tests import append_only, factories
from tests.auth import mfa_login
from zorgvuldig.staff.models import Role
from zorgvuldig.vault import keys

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
def _cold_key_cache():
    """Each test starts with no unwrapped data keys in memory (counts of queries stay stable)."""
    keys.evict()
    yield
    keys.evict()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, with the second factor the admin requires (P12)."""
    return mfa_login(client, admin_user)


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _sessions_outlast_time_travel(settings):
    """Tests travel in time (deadlines, emergency access); a logged-in test client should not
    be logged out by the session timeouts meanwhile. ``tests/staff/test_sessions.py`` puts the
    real limits back to test them."""
    settings.SESSION_IDLE_MINUTES = 100 * 365 * 24 * 60
    settings.SESSION_MAX_HOURS = 100 * 365 * 24
    settings.SESSION_COOKIE_AGE = 100 * 365 * 24 * 3600
