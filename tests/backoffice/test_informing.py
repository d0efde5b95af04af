"""Informing residents (Art. 13/14): the task page and the dashboards (P06, P07)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.auth import mfa_login
from tests.backoffice import casework_data as data
from tests.backoffice.conftest import file_url
from zorgvuldig.people.models import InformingTask
from zorgvuldig.staff.models import Role

CODE = "hulptrajecten"
DASHBOARD = reverse("backoffice:dashboard")


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def source_task(resident, **signal_fields) -> InformingTask:
    data.signal(resident, **signal_fields)
    return data.tasks(resident, reason=InformingTask.Reason.SOURCE)[0]


def task_url(resident, task) -> str:
    return reverse("backoffice:informing_task", args=[CODE, resident.public_id, task.pk])


def reload(resident, task) -> InformingTask:
    return next(t for t in data.tasks(resident) if t.pk == task.pk)


def test_p07_task_page_shows_source_deadline_and_forms(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident)
    body = as_employee(worker).get(task_url(resident, task)).content.decode()
    assert "Buurtbewoner" in body  # the source
    assert "Uiterlijk informeren op" in body
    assert "De inwoner is geïnformeerd" in body
    assert "Er geldt een uitzondering" in body
    assert "d. Beroepsgeheim of wettelijke geheimhoudingsplicht" in body
    assert "Eerste contact of verstrekking" in body


def test_p07_recording_that_the_resident_was_informed_completes_the_task(
    as_employee, support, worker
):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident)
    client = as_employee(worker)
    response = client.post(
        task_url(resident, task),
        {
            "actie": "geinformeerd",
            "geinformeerd-informed_at": local(timezone.now()),
            "geinformeerd-method": "letter",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id)
    done = reload(resident, task)
    assert (done.status, done.method, done.completed_by) == ("informed", "letter", worker.actor_ref)
    body = client.get(response["Location"]).content.decode()
    assert "Vastgelegd dat de inwoner is geïnformeerd." in body
    assert ">Geïnformeerd<" in body
    assert ", per brief" in body


def test_p07_informed_in_the_future_or_before_obtaining_is_refused(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident)
    client = as_employee(worker)
    future = client.post(
        task_url(resident, task),
        {
            "actie": "geinformeerd",
            "geinformeerd-informed_at": local(timezone.now() + dt.timedelta(days=1)),
            "geinformeerd-method": "letter",
        },
    )
    assert "Dit moment ligt in de toekomst." in future.content.decode()
    before = client.post(
        task_url(resident, task),
        {
            "actie": "geinformeerd",
            "geinformeerd-informed_at": local(timezone.now() - dt.timedelta(days=3)),
            "geinformeerd-method": "letter",
        },
    )
    assert "Dit moment ligt vóór het verkrijgen van de gegevens." in before.content.decode()
    missing = client.post(task_url(resident, task), {"actie": "geinformeerd"})
    assert "Vul een datum en tijd in." in missing.content.decode()
    assert "Maak een keuze." in missing.content.decode()
    assert reload(resident, task).status == "open"


def test_p07_exemption_needs_a_reason(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident)
    client = as_employee(worker)
    short = client.post(
        task_url(resident, task),
        {
            "actie": "uitzondering",
            "uitzondering-exemption": "d",
            "uitzondering-exemption_reason": "geheim",
        },
    )
    body = short.content.decode()
    assert "Motiveer de uitzondering (minstens 10 tekens)." in body
    assert 'href="#id_uitzondering-exemption_reason"' in body
    assert reload(resident, task).status == "open"
    reason = "De huisarts meldde dit onder zijn beroepsgeheim; informeren zou dat schenden."
    response = client.post(
        task_url(resident, task),
        {
            "actie": "uitzondering",
            "uitzondering-exemption": "d",
            "uitzondering-exemption_reason": reason,
        },
    )
    assert response.status_code == 302
    done = reload(resident, task)
    assert (done.status, done.exemption, done.exemption_reason) == ("exempted", "d", reason)


def test_p07_first_contact_brings_the_deadline_forward(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident, received_at=timezone.now() - dt.timedelta(days=2))
    contact = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    client = as_employee(worker)
    empty = client.post(task_url(resident, task), {"actie": "contact"})
    assert "Vul het moment van het eerste contact of van de eerste verstrekking in." in (
        empty.content.decode()
    )
    response = client.post(
        task_url(resident, task), {"actie": "contact", "contact-first_contact_at": local(contact)}
    )
    assert response.status_code == 302
    assert response["Location"] == task_url(resident, task)  # still open: back to the task
    moved = reload(resident, task)
    assert moved.deadline == contact
    assert moved.status == "open"
    body = client.get(response["Location"]).content.decode()
    assert "Te laat" in body  # the first contact has passed without informing


def test_p06_interest_task_has_no_art14_exemption(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)  # public task: an interest task (P06)
    [task] = data.tasks(resident, reason=InformingTask.Reason.INTEREST)
    client = as_employee(worker)
    body = client.get(task_url(resident, task)).content.decode()
    assert "Er geldt een uitzondering" not in body
    client.post(
        task_url(resident, task),
        {
            "actie": "uitzondering",
            "uitzondering-exemption": "d",
            "uitzondering-exemption_reason": "Een reden van voldoende lengte.",
        },
    )
    assert reload(resident, task).status == "open"


def test_p13_other_worker_gets_the_same_404_for_a_task(as_employee, support, worker, other_worker):
    resident = factories.resident(assign_to=worker)
    task = source_task(resident)
    client = as_employee(other_worker)
    hidden = client.get(task_url(resident, task))
    missing = client.get(
        reverse("backoffice:informing_task", args=[CODE, resident.public_id, 999999])
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_task_of_another_resident_is_not_found_through_this_file(as_employee, support, worker):
    mine = factories.resident(assign_to=worker)
    other = factories.resident(assign_to=worker)
    task = source_task(other)
    assert as_employee(worker).get(task_url(mine, task)).status_code == 404


# -- dashboards ---------------------------------------------------------------------------------


def test_p07_overdue_tasks_show_on_the_workers_dashboard(
    as_employee, support, worker, other_worker
):
    late = factories.resident(assign_to=worker, surname="Telaat")
    factories.resident(assign_to=worker, surname="Optijd")
    theirs = factories.resident(assign_to=other_worker, surname="Vaneenander")
    data.overdue_signal(late)
    data.overdue_signal(theirs)
    [task] = data.tasks(late, reason=InformingTask.Reason.SOURCE)
    body = as_employee(worker).get(DASHBOARD).content.decode()
    assert "Inwoners die u te laat informeert" in body
    assert "Telaat" in body
    assert "Optijd" not in body  # its tasks are not overdue
    assert "Vaneenander" not in body  # P13
    assert task_url(late, task) in body
    assert f"{file_url(late.public_id)}#informatieplicht" in body  # the name links to the file
    assert "1 te laat" in body


def test_dashboard_empty_state_without_overdue_tasks(as_employee, support, worker):
    factories.resident(assign_to=worker)
    body = as_employee(worker).get(DASHBOARD).content.decode()
    assert "Geen achterstand: u informeert alle inwoners op tijd." in body


def test_p07_privacy_officer_sees_counts_per_activity_without_names(support, worker, db):
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    for surname in ("Eerste", "Tweede"):
        data.overdue_signal(factories.resident(assign_to=worker, surname=surname))
    client = Client()
    mfa_login(client, officer.user)
    body = client.get(DASHBOARD).content.decode()
    assert "Informatieplicht: achterstand per verwerking" in body
    assert support.name in body
    assert '<td class="numeric">2</td>' in body
    assert "Eerste" not in body
    assert "Tweede" not in body


def test_privacy_officer_summary_empty_state(db, support):
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    client = Client()
    mfa_login(client, officer.user)
    assert "Er zijn geen te late informatietaken." in client.get(DASHBOARD).content.decode()


def test_case_worker_sees_no_privacy_officer_summary(as_employee, support, worker):
    body = as_employee(worker).get(DASHBOARD).content.decode()
    assert "achterstand per verwerking" not in body


def test_success_messages_are_translated_per_request_not_at_import():
    from django.utils.functional import Promise

    from zorgvuldig.backoffice.views.informing import ACTIONS

    assert all(isinstance(message, Promise) for _form, _service, message in ACTIONS.values())
