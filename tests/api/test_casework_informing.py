"""Informing tasks over the API: listing, informing, the Art. 14(5) exception, and the first
contact that brings the deadline forward (P06, P07)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import subject_ref

pytestmark = pytest.mark.django_db

PURPOSE = "/api/purposes/hulptrajecten/"


def _resident_url(resident):
    public_id = getattr(resident, "public_id", resident)
    return f"{PURPOSE}residents/{public_id}/informing-tasks/"


def _task_url(task_id, action):
    return f"{PURPOSE}informing-tasks/{task_id}/{action}/"


def _source_task(client, resident) -> dict:
    """A task opened because a neighbour reported a signal about the resident (P07)."""
    response = client.post(
        f"{PURPOSE}signals/",
        {
            "resident": str(resident.public_id),
            "kind": "problem",
            "description": "Buurvrouw maakt zich zorgen",
            "reporter_kind": "neighbour",
            "channel": "phone",
            "received_at": (timezone.now() - dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    tasks = client.get(_resident_url(resident)).json()["results"]
    return next(t for t in tasks if t["reason"] == "source")


def test_p06_p07_resident_tasks_are_listed_and_reads_logged(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    _source_task(client, resident)
    before = ProcessingLogRecord.objects.count()

    response = client.get(_resident_url(resident))

    assert response.status_code == 200
    tasks = response.json()["results"]
    assert {t["reason"] for t in tasks} == {"interest", "source"}
    assert {t["resident"]["public_id"] for t in tasks} == {str(resident.public_id)}
    assert {t["activity"] for t in tasks} == {"hulptrajecten"}
    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert (
        "read",
        f"employee:{worker.pk}",
        "people.informingtask",
        subject_ref(resident.pk),
    ) in {(r.action, r.actor_ref, r.object_type, r.subject_ref) for r in reads}


def test_p07_record_that_the_resident_was_informed(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    task = _source_task(client, resident)
    payload = {"informed_at": timezone.now().isoformat(), "method": "letter"}

    done = client.post(_task_url(task["id"], "complete"), payload, format="json")
    again = client.post(_task_url(task["id"], "complete"), payload, format="json")

    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["method"]) == ("informed", "letter")
    assert again.status_code == 400
    assert list(again.json()["fields"]) == ["status"]
    assert ProcessingLogRecord.objects.filter(
        action="update",
        object_type="people.informingtask",
        actor_ref=f"employee:{worker.pk}",
        subject_ref=subject_ref(resident.pk),
    ).exists()


def test_p07_record_the_art_14_5_exception_with_a_reason(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    task = _source_task(client, resident)
    url = _task_url(task["id"], "exempt")

    too_short = client.post(url, {"exemption": "d", "exemption_reason": "geheim"}, "json")
    bad_choice = client.post(url, {"exemption": "z", "exemption_reason": "x" * 20}, "json")
    done = client.post(
        url,
        {"exemption": "d", "exemption_reason": "Beroepsgeheim: de melding is vertrouwelijk"},
        "json",
    )

    assert too_short.status_code == bad_choice.status_code == 400
    assert list(too_short.json()["fields"]) == ["exemption_reason"]
    assert list(bad_choice.json()["fields"]) == ["exemption"]
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["exemption"]) == ("exempted", "d")


def test_p06_the_exception_is_only_for_data_from_someone_else(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    interest = client.get(_resident_url(resident)).json()["results"][0]

    response = client.post(
        _task_url(interest["id"], "exempt"),
        {"exemption": "b", "exemption_reason": "Adres onbekend, geen contact mogelijk"},
        "json",
    )

    assert interest["reason"] == "interest"
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["exemption"]


def test_p07_first_contact_brings_the_deadline_forward(support, worker, client_for):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    task = _source_task(client, resident)
    contact = timezone.localtime().replace(microsecond=0) - dt.timedelta(hours=1)

    response = client.post(
        _task_url(task["id"], "contact"), {"first_contact_at": contact.isoformat()}, "json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert dt.datetime.fromisoformat(body["deadline"]) == contact
    assert dt.datetime.fromisoformat(body["deadline"]) < dt.datetime.fromisoformat(task["deadline"])
    assert body["is_overdue"] is True


CONTACT_BAD_INPUT = {
    "nothing": ({}, {"first_contact_at"}),
    "future": ({"first_contact_at": "2999-01-01T10:00:00+01:00"}, {"first_contact_at"}),
    "before_obtained": (
        {"first_disclosure_at": "2001-01-01T10:00:00+01:00"},
        {"first_disclosure_at"},
    ),
    "not_a_moment": ({"first_contact_at": "straks"}, {"first_contact_at"}),
    "unknown_field": ({"deadline": "2999-01-01T10:00:00+01:00"}, {"deadline"}),
}


@pytest.mark.parametrize("case", CONTACT_BAD_INPUT.values(), ids=CONTACT_BAD_INPUT.keys())
def test_p12_bad_contact_input_is_400_and_changes_nothing(
    support, worker, client_for, writes, case
):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    task = _source_task(client, resident)
    payload, expected = case
    before = writes()

    response = client.post(_task_url(task["id"], "contact"), payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == expected
    assert writes() == before
    tasks = client.get(_resident_url(resident)).json()["results"]
    assert [t for t in tasks if t["id"] == task["id"]] == [task]


COMPLETE_BAD_INPUT = {
    "future": ({"informed_at": "2999-01-01T10:00:00+01:00", "method": "letter"}, {"informed_at"}),
    "before_obtained": (
        {"informed_at": "2001-01-01T10:00:00+01:00", "method": "letter"},
        {"informed_at"},
    ),
    "bad_method": ({"method": "postduif"}, {"method", "informed_at"}),
}


@pytest.mark.parametrize("case", COMPLETE_BAD_INPUT.values(), ids=COMPLETE_BAD_INPUT.keys())
def test_p12_bad_complete_input_is_400_and_changes_nothing(
    support, worker, client_for, writes, case
):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    task = _source_task(client, resident)
    payload, expected = case
    before = writes()

    response = client.post(_task_url(task["id"], "complete"), payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == expected
    assert writes() == before
    assert "postduif" not in response.content.decode()


def test_overdue_filter_must_be_a_boolean(support, worker, client_for):
    response = client_for(worker).get(f"{PURPOSE}informing-tasks/", {"overdue": "misschien"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["overdue"]


def test_p13_tasks_of_unassigned_resident_are_404_like_missing(
    support, worker, other_worker, client_for, writes
):
    foreign = factories.resident(assign_to=other_worker)
    task = _source_task(client_for(other_worker), foreign)
    client = client_for(worker)
    before = writes()
    informed = {"informed_at": timezone.now().isoformat(), "method": "letter"}

    answers = [
        client.get(_resident_url(foreign)),
        client.get(_resident_url(uuid.uuid4())),
        client.post(_task_url(task["id"], "complete"), informed, "json"),
        client.post(_task_url(999999, "complete"), informed, "json"),
        client.post(_task_url(task["id"], "exempt"), {"exemption": "d"}, "json"),
        client.post(_task_url(task["id"], "contact"), {}, "json"),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert writes() == before
    assert client.get(f"{PURPOSE}informing-tasks/").json()["count"] == 0
