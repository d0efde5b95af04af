import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.registry.models import LawfulGround
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
    """An API client with a verified session (both factors) of the employee (or bare user)."""

    def make(who):
        return mfa_login(APIClient(), getattr(who, "user", who))

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


# -- casework (tests/api/test_casework_*.py) ------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a fresh folder; returns it so a test can check nothing was left behind."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def health(db):
    """A public-task purpose naming health data, allowed only with explicit consent (9(2)(a))."""
    return factories.activity(
        "zorgcontact",
        categories=[
            factories.category("naw"),
            factories.category("gezondheid", special_kind="health"),
        ],
        art9_exemption="a",
        art9_detail="Uitdrukkelijke toestemming van de inwoner",
    )


@pytest.fixture
def by_consent(db):
    """A purpose whose lawful ground is the resident's consent (projects, P04/P06)."""
    return factories.activity(
        "projecten", ground=LawfulGround.CONSENT, lawful_ground_detail="", purpose="Buurtprojecten"
    )


@pytest.fixture
def rows():
    """Count the rows of a table without reading them (and without the gate): 'nothing stored'."""

    def count(model) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            return cursor.fetchone()[0]

    return count


@pytest.fixture
def writes():
    """Write records (create/update/delete) in the processing log."""

    def count() -> int:
        return ProcessingLogRecord.objects.exclude(action="read").count()

    return count
