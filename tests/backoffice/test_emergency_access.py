"""P13/P14 in the back-office: the "Noodtoegang" page, the banner in the file, ending early."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.auth import mfa_login
from tests.backoffice.conftest import assert_term_in_no_url, file_url, list_url, search
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.staff.models import EmergencyAccess

pytestmark = pytest.mark.django_db

PAGE = "/backoffice/noodtoegang/"
REASON = "Buurvrouw belt: meneer doet niet open en zijn vaste hulpverlener is ziek."
ERROR_SUMMARY = re.compile(r'<div class="error-summary".*?</div>', re.S)


@pytest.fixture
def stranger(other_worker):
    return factories.resident(assign_to=other_worker, surname="Zwanenburg", birth_date="1951-06-07")


def _post(client, resident=None, **overrides):
    data = {"purpose": "hulptrajecten", "reason": REASON}
    if resident is not None:
        data.update(surname=resident.surname, birth_date=resident.birth_date.isoformat())
    data.update(overrides)
    return client.post(PAGE, data)


def test_p13_page_explains_that_emergency_access_is_always_reported(
    as_employee, support, worker, settings
):
    settings.EMERGENCY_ACCESS_MINUTES = 240
    body = as_employee(worker).get(PAGE + "?doel=hulptrajecten").content.decode()

    assert "Noodtoegang wordt altijd gemeld aan uw teamleider en de privacyfunctionaris" in body
    assert "De toegang geldt 4 uur" in body
    assert '<option value="hulptrajecten" selected>' in body
    assert 'name="reason"' in body and 'aria-describedby="id_reason_helptext"' in body
    assert 'method="post"' in body
    assert 'name="bsn"' not in body  # no purpose here may use the BSN


def test_p13_emergency_access_requires_a_reason(as_employee, support, worker, stranger):
    response = _post(as_employee(worker), stranger, reason="")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Geef de reden voor de noodtoegang." in body
    assert 'class="field field--error"' in body
    assert escape(stranger.surname) in body  # the input is kept
    assert not EmergencyAccess.objects.exists()


def test_p13_emergency_access_opens_the_file_for_a_limited_time(
    as_employee, support, worker, stranger
):
    client = as_employee(worker)
    assert client.get(file_url(stranger.public_id)).status_code == 404

    response = _post(client, stranger)

    assert response.status_code == 302
    assert response["Location"] == file_url(stranger.public_id)
    assert_term_in_no_url(response, stranger.surname, "1951-06-07")
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "U heeft noodtoegang tot" in body
    access = EmergencyAccess.objects.get()
    assert reverse("backoffice:emergency_access_end", args=[access.pk]) in body
    with time_machine.travel(access.expires_at + dt.timedelta(seconds=1), tick=False):
        assert client.get(file_url(stranger.public_id)).status_code == 404


def test_p14_reads_under_emergency_access_are_marked_emergency(
    as_employee, support, worker, stranger
):
    client = as_employee(worker)
    _post(client, stranger)

    client.get(file_url(stranger.public_id))

    records = ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, subject_ref=subject_ref(stranger.pk), status="ok"
    )
    assert records.get(action="emergency_access").emergency is True
    assert records.filter(action="read").exists()
    assert set(records.values_list("emergency", flat=True)) == {True}


def test_p13_own_file_shows_no_emergency_banner(as_employee, support, worker):
    own = factories.resident(assign_to=worker)

    body = as_employee(worker).get(file_url(own.public_id)).content.decode()

    assert "noodtoegang tot" not in body


def test_p13_lookup_gives_no_hint_whether_a_resident_exists(
    as_employee, support, worker, other_worker
):
    factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    client = as_employee(worker)

    nobody = _post(client, surname="Bakker", birth_date="1970-05-06")
    twins = _post(client, surname="Bakker", birth_date="1970-05-05")

    summaries = [ERROR_SUMMARY.search(r.content.decode()).group(0) for r in (nobody, twins)]
    assert summaries[0] == summaries[1]
    assert "Geen eenduidige inwoner gevonden" in summaries[0]
    assert not EmergencyAccess.objects.exists()


def test_p13_assigned_resident_needs_no_emergency_access(as_employee, support, worker):
    own = factories.resident(assign_to=worker)

    body = _post(as_employee(worker), own).content.decode()

    assert "Noodtoegang is niet nodig" in body
    assert f'href="{file_url(own.public_id)}"' in body
    assert not EmergencyAccess.objects.exists()


def test_p13_ending_early_closes_the_file(as_employee, support, worker, stranger):
    client = as_employee(worker)
    _post(client, stranger)
    access = EmergencyAccess.objects.get()

    response = client.post(reverse("backoffice:emergency_access_end", args=[access.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dashboard")
    assert client.get(file_url(stranger.public_id)).status_code == 404
    again = client.post(reverse("backoffice:emergency_access_end", args=[access.pk]))
    assert again.status_code == 404


def test_p13_someone_elses_access_cannot_be_ended(
    as_employee, support, worker, other_worker, stranger, client
):
    own_of_other = factories.resident(assign_to=worker, birth_date="1980-01-01")
    mfa_login(client, other_worker.user)
    _post(client, own_of_other)
    access = EmergencyAccess.objects.get()

    mfa_login(client, worker.user)
    response = client.post(reverse("backoffice:emergency_access_end", args=[access.pk]))

    assert response.status_code == 404
    assert EmergencyAccess.objects.active().count() == 1


def test_p13_dashboard_links_to_emergency_access_and_lists_the_active_ones(
    as_employee, support, worker, stranger
):
    client = as_employee(worker)
    before = client.get(reverse("backoffice:dashboard")).content.decode()
    assert f'href="{PAGE}"' in before
    assert "Uw noodtoegang die nu loopt" not in before

    _post(client, stranger)
    after = client.get(reverse("backoffice:dashboard")).content.decode()

    assert "Uw noodtoegang die nu loopt" in after
    access = EmergencyAccess.objects.get()
    assert reverse("backoffice:emergency_access_end", args=[access.pk]) in after
    assert escape(stranger.surname) not in after  # no resident data on the dashboard


def test_p13_empty_search_points_to_emergency_access(as_employee, support, worker, stranger):
    client = as_employee(worker)
    search(client, list_url(), stranger.surname)

    body = client.get(list_url()).content.decode()

    assert f'href="{PAGE}?doel=hulptrajecten"' in body


def test_p13_bsn_field_only_for_purposes_that_use_it(as_employee, support, worker, other_worker):
    factories.activity(
        "wmo-toegang",
        categories=[factories.category("naw"), factories.category("bsn", is_bsn=True)],
        bsn_legal_basis="Wmo 2015, art. 5.2.1",
    )
    bsn = factories.fake_bsn()
    resident = factories.resident(purpose="wmo-toegang", assign_to=other_worker, bsn=bsn)
    client = as_employee(worker)

    page = client.get(PAGE).content.decode()
    refused = _post(client, bsn=bsn)
    opened = _post(client, purpose="wmo-toegang", bsn=bsn)

    assert 'name="bsn"' in page and "Wmo toegang" in page
    assert "geen wettelijke grondslag voor het BSN" in refused.content.decode()
    assert opened.status_code == 302
    assert opened["Location"] == file_url(resident.public_id, "wmo-toegang")
    assert_term_in_no_url(opened, bsn)


@pytest.mark.parametrize("method", ["get", "post"])
def test_p13_other_roles_get_a_refusal(as_employee, support, privacy_officer, method):
    response = getattr(as_employee(privacy_officer), method)(PAGE)

    assert response.status_code == 403


def test_p09_employee_without_declaration_is_refused(as_employee, support, north, stranger):
    undeclared = factories.employee(team_obj=north, declared=False)
    client = as_employee(undeclared)

    assert client.get(PAGE).status_code == 403
    assert _post(client, stranger).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_anonymous_is_sent_to_the_login(client, support):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert reverse("backoffice:login") in response["Location"]
