import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.staff.models import Assignment


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    # The token endpoint is throttled per client address; every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def client_for():
    """An API client logged in as the given employee (or bare user)."""

    def make(who):
        client = APIClient()
        client.force_authenticate(user=getattr(who, "user", who))
        return client

    return make


@pytest.fixture
def bsn_activity(db):
    """An activity whose register entry names the BSN, with a legal basis for it."""
    return factories.activity(
        "wmo-toegang",
        categories=[factories.category("naw"), factories.category("bsn", is_bsn=True)],
        bsn_legal_basis="Wmo 2015, art. 5.2.1",
    )


@pytest.fixture
def stored(support):
    """Count what is stored: residents, sources, assignments and create/update log records."""

    def count() -> dict:
        with processing(actor=factories.FIXTURE_ACTOR, purpose="hulptrajecten"):
            residents = Resident.objects.count()
            sources = DataSource.objects.count()
        return {
            "residents": residents,
            "sources": sources,
            "assignments": Assignment.objects.count(),
            "writes": ProcessingLogRecord.objects.exclude(action="read").count(),
        }

    return count
