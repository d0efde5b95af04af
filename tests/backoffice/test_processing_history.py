"""The page 'Verwerkingen' in a resident's file: who processed this resident's data (P17)."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.backoffice.conftest import file_url
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.backoffice.views import residents as resident_views
from zorgvuldig.core.gate import log_writes, processing, subject_ref
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.models import Employee
from zorgvuldig.staff.services import assignment_create

MARCH = dt.datetime(2026, 3, 12, 10, 30, tzinfo=dt.UTC)
ROW = re.compile(r"<tr[^>]*>\s*<td><time", re.MULTILINE)


def history_url(public_id, code: str = "hulptrajecten") -> str:
    return reverse("backoffice:resident_processing_history", args=[code, public_id])


def rows(body: str) -> int:
    """Number of processing lines in the page's table."""
    return len(ROW.findall(body))


def read(actor, *residents, purpose="hulptrajecten", focus=None) -> None:
    with processing(actor=actor, purpose=purpose) as ctx:
        if focus is not None:
            ctx.focus(focus.pk)
        for resident in residents:
            resident_get(actor=actor, purpose=purpose, public_id=resident.public_id)


def test_p17_file_links_to_processing_history(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)

    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()

    assert f'href="{history_url(resident.public_id)}"' in body


def test_p17_resident_sees_purpose_team_and_action_of_each_processing(
    as_employee, support, worker, team_lead
):
    resident = factories.resident(assign_to=worker)
    as_employee(worker).get(file_url(resident.public_id))

    response = as_employee(team_lead).get(history_url(resident.public_id))
    body = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert "Wie verwerkte de gegevens van" in body
    assert "<caption" in body
    assert body.count('<th scope="col">') == 5
    assert rows(body) == 2  # the worker opening the file; the registration
    assert "Hulptrajecten" in body
    assert support.purpose in body
    assert "Inzien" in body
    assert "Aanmaken" in body
    assert "Hulpverlener, Team Noord" in body
    assert "Systeem (automatische verwerking)" in body
    assert "<script" not in body


def test_p17_employee_name_hidden_by_default_and_shown_when_configured(
    as_employee, support, worker, team_lead, settings
):
    resident = factories.resident(assign_to=worker)
    read(worker, resident)
    name = worker.user.get_full_name()
    client = as_employee(team_lead)

    hidden = html.unescape(client.get(history_url(resident.public_id)).content.decode())
    assert name not in hidden
    assert "het team en de rol van de medewerker, niet de naam" in hidden

    settings.AUDIT_SHOW_EMPLOYEE_NAMES = True
    shown = html.unescape(client.get(history_url(resident.public_id)).content.decode())
    assert name in shown


def test_p17_viewing_the_overview_is_itself_logged(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)

    first = client.get(history_url(resident.public_id)).content.decode()
    second = client.get(history_url(resident.public_id)).content.decode()

    assert rows(first) == 1  # the registration; this view is logged when it has been shown
    assert rows(second) == 2
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        subject_ref=subject_ref(resident.pk),
        action="read",
        status="ok",
        incidental=False,
    ).exists()


def test_p17_line_about_another_residents_file_is_filtered(as_employee, support, worker):
    with time_machine.travel(MARCH - dt.timedelta(days=30), tick=False):
        a = factories.resident(assign_to=worker)
        b = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH, tick=False):
        read(worker, a, b, focus=b)
    client = as_employee(worker)

    a_page = html.unescape(client.get(history_url(a.public_id)).content.decode())
    b_page = html.unescape(client.get(history_url(b.public_id)).content.decode())

    assert rows(a_page) == 1  # only the registration
    assert "12 maart 2026" not in a_page
    assert "In maart 2026 zijn uw gegevens 1 keer ingezien of gebruikt in het dossier" in a_page
    assert rows(b_page) == 2
    assert "12 maart 2026, 11:30" in b_page
    assert "In het dossier van iemand anders" not in b_page


def test_p17_opening_a_file_marks_other_residents_read_there_as_incidental(
    as_employee, support, worker, monkeypatch
):
    relative = factories.resident(assign_to=worker)
    resident = factories.resident(assign_to=worker)
    real_context = resident_views.resident_file_context

    def file_naming_a_relative(**kwargs):
        # A file that shows something of another resident (say, a family member named in it).
        resident_get(actor=worker, purpose="hulptrajecten", public_id=relative.public_id)
        return real_context(**kwargs)

    monkeypatch.setattr(resident_views, "resident_file_context", file_naming_a_relative)

    assert as_employee(worker).get(file_url(resident.public_id)).status_code == 200

    reads = ProcessingLogRecord.objects.filter(actor_ref=worker.actor_ref, action="read")
    assert not reads.filter(subject_ref=subject_ref(resident.pk), incidental=True).exists()
    assert reads.filter(subject_ref=subject_ref(relative.pk), incidental=True).exists()


def test_p17_emergency_access_and_disclosure_are_marked(
    as_employee, support, worker, team_lead, monkeypatch
):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support) as ctx:
        log_writes(ctx, "disclose", "people.resident", [resident.pk])  # as a disclosure would
    with monkeypatch.context() as patch:
        # The gate asks the actor which residents it reaches only by emergency access.
        patch.setattr(
            Employee, "emergency_resident_ids", lambda self, a: {resident.pk}, raising=False
        )
        read(worker, resident)

    body = as_employee(team_lead).get(history_url(resident.public_id)).content.decode()

    assert body.count('class="row--emergency"') == 1
    assert body.count(">Noodtoegang<") == 1
    assert body.count(">Verstrekt aan een ander<") == 1


def test_p17_times_are_shown_to_the_minute(as_employee, support, worker):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH + dt.timedelta(seconds=17, microseconds=123456), tick=False):
        read(worker, resident)

    body = as_employee(worker).get(history_url(resident.public_id)).content.decode()

    stamps = re.findall(r'<time datetime="([^"]+)"', body)
    assert stamps == ["2026-03-12T11:30:00+01:00", "2026-03-12T11:30:00+01:00"]
    assert ":17" not in body and "123456" not in body


def test_p17_lookup_for_an_employee_shows_their_team_and_role(
    as_employee, support, worker, other_worker
):
    stranger = factories.resident(assign_to=other_worker)
    emergency_access_open(
        employee=worker,
        purpose=support,
        reason="Buurvrouw belt: meneer reageert niet, zijn hulpverlener is ziek.",
        surname=stranger.surname,
        birth_date=stranger.birth_date,
    )

    response = as_employee(other_worker).get(history_url(stranger.public_id))
    body = html.unescape(response.content.decode())

    assert "Hulpverlener, Team Noord (via automatische zoekactie)" in body


def test_p17_empty_overview_says_so(as_employee, support, worker):
    other = factories.activity("schuldhulp")
    resident = factories.resident(purpose="schuldhulp")  # registered under another purpose
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        employee=worker,
    )

    body = as_employee(worker).get(history_url(resident.public_id)).content.decode()

    assert rows(body) == 0
    assert "<table" not in body
    assert "nog geen verwerkingen" in body
    assert other.name not in body


def test_p17_processing_under_another_purpose_is_not_shown(as_employee, support, worker):
    other = factories.activity("schuldhulp", name="Schuldhulp", purpose="Schulden regelen")
    resident = factories.resident(assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=other,
        employee=worker,
    )
    read(worker, resident, purpose="schuldhulp")
    client = as_employee(worker)

    here = client.get(history_url(resident.public_id)).content.decode()
    there = client.get(history_url(resident.public_id, "schuldhulp")).content.decode()

    assert "Schulden regelen" not in here
    assert rows(here) == 1
    assert "Schulden regelen" in there


def test_p17_fifty_lines_a_page_newest_first(as_employee, support, worker):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    for minute in range(1, 52):
        with time_machine.travel(MARCH + dt.timedelta(minutes=minute), tick=False):
            read(worker, resident)
    client = as_employee(worker)

    first = client.get(history_url(resident.public_id)).content.decode()
    second = client.get(history_url(resident.public_id), {"page": 2}).content.decode()

    assert rows(first) == 50
    assert 'href="?page=2"' in first
    assert "52 verwerkingen" in first
    assert first.index("12 maart 2026, 12:21") < first.index("12 maart 2026, 12:20")
    # Looking at the first page was processing too: it is now the newest line.
    assert "53 verwerkingen" in second
    assert rows(second) == 3
    assert "12 maart 2026, 11:30" in second  # the registration, oldest, on the last page


def test_p17_overview_query_count_is_bounded(
    as_employee, support, worker, north, south, django_assert_max_num_queries
):
    resident = factories.resident(assign_to=worker)
    for team in (north, south):
        colleague = factories.employee(team_obj=team)
        assignment_create(
            assigned_by=factories.FIXTURE_ACTOR,
            resident_id=resident.pk,
            activity=support,
            employee=colleague,
        )
        for _ in range(3):
            read(colleague, resident)
    client = as_employee(worker)
    # Session, user, employee, activity, resident, scope, count, rows, incidental months,
    # activity versions, teams, the log insert: 12 today, whatever the number of lines.
    with django_assert_max_num_queries(14):
        assert client.get(history_url(resident.public_id)).status_code == 200


def test_p13_unassigned_worker_cannot_open_processing_history(
    as_employee, support, worker, other_worker
):
    theirs = factories.resident(assign_to=other_worker, surname="Niet-Van-Mij")
    client = as_employee(worker)

    unassigned = client.get(history_url(theirs.public_id))
    missing = client.get(history_url(uuid.uuid4()))

    assert unassigned.status_code == missing.status_code == 404
    assert unassigned.content == missing.content
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(theirs.pk), status="refused", reason_code="need_to_know"
    ).exists()


def test_p09_worker_without_declaration_cannot_open_processing_history(as_employee, support, north):
    undeclared = factories.employee(team_obj=north, declared=False)
    resident = factories.resident(assign_to=undeclared)

    response = as_employee(undeclared).get(history_url(resident.public_id))

    assert response.status_code == 403


def test_p17_overview_needs_a_login(client, support, worker):
    resident = factories.resident(assign_to=worker)

    response = client.get(history_url(resident.public_id))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_p17_overview_is_read_only(as_employee, support, worker, method):
    resident = factories.resident(assign_to=worker)

    response = getattr(as_employee(worker), method)(history_url(resident.public_id))

    assert response.status_code == 405
