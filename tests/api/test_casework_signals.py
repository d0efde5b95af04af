"""Signals over the API: intake with the source, triage, and the Art. 14 task (P01, P03, P07)."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Signal
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.people.models import InformingTask

pytestmark = pytest.mark.django_db

LIST = "/api/purposes/signalen/signals/"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def signals(db):
    return factories.activity("signalen", purpose="Signalen over inwoners")


def _payload(about, /, **overrides) -> dict:
    payload = {
        "resident": str(about.public_id),
        "kind": "problem",
        "description": "Post stapelt zich op, gordijnen blijven dicht",
        "reporter_kind": "resident",
        "channel": "phone",
    }
    payload.update(overrides)
    return payload


def _signal(client, resident, **overrides) -> dict:
    response = client.post(LIST, _payload(resident, **overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_p01_create_signal_records_source_and_logs_create(signals, worker, client_for):
    resident = factories.resident(purpose="signalen", assign_to=worker)

    response = client_for(worker).post(
        LIST, _payload(resident, reporter_kind="gp", reporter_detail="Huisarts Jansen"), "json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == f"{LIST}{body['id']}/"
    assert body["resident"]["public_id"] == str(resident.public_id)
    assert (body["reporter_kind"], body["reporter_detail"]) == ("gp", "Huisarts Jansen")
    assert body["outcome"] == "open"
    record = ProcessingLogRecord.objects.get(action="create", object_type="casework.signal")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)
    assert record.activity_version_id == signals.current_version_id


def test_p01_list_filters_open_signals_and_logs_reads(signals, worker, north, client_for):
    resident = factories.resident(purpose="signalen", assign_to=worker)
    client = client_for(worker)
    triaged = _signal(client, resident)
    still_open = _signal(client, resident, kind="opportunity")
    client.post(f"{LIST}{triaged['id']}/triage/", {"urgency": "low", "outcome": "nothing"}, "json")
    before = ProcessingLogRecord.objects.count()

    everything = client.get(LIST).json()
    only_open = client.get(LIST, {"open": "true"}).json()

    assert everything["count"] == 2
    assert [s["id"] for s in only_open["results"]] == [still_open["id"]]
    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert {(r.action, r.actor_ref, r.object_type) for r in reads} >= {
        ("read", f"employee:{worker.pk}", "casework.signal")
    }


def test_p01_search_signals_via_post_is_filtered_and_scoped(
    signals, worker, other_worker, client_for
):
    mine = factories.resident(purpose="signalen", assign_to=worker, surname="Zwanenburg")
    other = factories.resident(purpose="signalen", assign_to=worker, surname="Bakker")
    foreign = factories.resident(purpose="signalen", assign_to=other_worker, surname="Zwanenburg")
    client = client_for(worker)
    by_surname = _signal(client, mine)
    by_text = _signal(client, other, description="Schimmel in de badkamer")
    triaged = _signal(client, mine, description="Schimmel op zolder")
    client.post(f"{LIST}{triaged['id']}/triage/", {"urgency": "low", "outcome": "nothing"}, "json")
    _signal(client_for(other_worker), foreign)
    before = ProcessingLogRecord.objects.count()

    surname = client.post(f"{LIST}search/", {"search": "zwanen"}, format="json")
    text = client.post(f"{LIST}search/", {"search": "schimmel", "open": True}, format="json")

    assert surname.status_code == text.status_code == 200, surname.json()
    assert {s["id"] for s in surname.json()["results"]} == {by_surname["id"], triaged["id"]}
    assert surname.json()["count"] == 2  # not the other worker's resident's signal
    assert [s["id"] for s in text.json()["results"]] == [by_text["id"]]
    assert str(foreign.public_id) not in surname.content.decode()
    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert {r.subject_ref for r in reads} == {subject_ref(mine.pk), subject_ref(other.pk)}


def test_search_in_the_signal_list_url_is_refused(signals, worker, client_for):
    response = client_for(worker).get(LIST, {"search": "zwanen", "open": "true"})

    assert response.status_code == 400
    assert response.json()["code"] == "search_in_url_not_allowed"
    assert "zwanen" not in response.content.decode()


def test_p01_retrieve_and_triage_a_signal(signals, worker, north, client_for):
    resident = factories.resident(purpose="signalen", assign_to=worker)
    client = client_for(worker)
    created = _signal(client, resident)
    url = f"{LIST}{created['id']}/"

    assert client.get(url).json() == created
    response = client.post(
        url + "triage/", {"urgency": "high", "team": north.pk, "outcome": "trajectory"}, "json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["urgency"], body["team"], body["outcome"]) == ("high", north.pk, "trajectory")
    assert body["triaged_at"] is not None
    assert ProcessingLogRecord.objects.filter(
        action="update", object_type="casework.signal", actor_ref=f"employee:{worker.pk}"
    ).exists()


def test_p01_triage_to_a_project_needs_the_project(signals, worker, client_for):
    resident = factories.resident(purpose="signalen", assign_to=worker)
    client = client_for(worker)
    created = _signal(client, resident)
    url = f"{LIST}{created['id']}/triage/"

    without = client.post(url, {"urgency": "low", "outcome": "project"}, "json")
    unknown = client.post(url, {"urgency": "low", "outcome": "project", "project": 999}, "json")
    project = factories.project()
    with_project = client.post(
        url, {"urgency": "low", "outcome": "project", "project": project.pk}, "json"
    )

    assert without.status_code == unknown.status_code == 400
    assert set(without.json()["fields"]) == set(unknown.json()["fields"]) == {"project"}
    assert with_project.json()["project"] == project.pk


def test_p13_signal_of_unassigned_resident_is_404_like_missing(
    signals, worker, other_worker, client_for
):
    resident = factories.resident(purpose="signalen", assign_to=other_worker)
    foreign = _signal(client_for(other_worker), resident)
    client = client_for(worker)

    answers = [
        client.get(f"{LIST}{foreign['id']}/"),
        client.get(f"{LIST}999999/"),
        client.post(f"{LIST}{foreign['id']}/triage/", {"urgency": "low"}, "json"),
        client.post(LIST, _payload(resident), "json"),
        client.post(LIST, _payload(resident, resident=str(uuid.uuid4())), "json"),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert client.get(LIST).json()["count"] == 0
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{worker.pk}", status="refused", reason_code="need_to_know"
    ).exists()


BAD_INPUT = {
    "future_received_at": ({"received_at": "2999-01-01T10:00:00+01:00"}, {"received_at"}),
    "long_ago": ({"received_at": "2001-01-01T10:00:00+01:00"}, {"received_at"}),
    "not_a_moment": ({"received_at": "gisteren"}, {"received_at"}),
    "bad_reporter": ({"reporter_kind": "buurman"}, {"reporter_kind"}),
    "bad_channel": ({"channel": "duif"}, {"channel"}),
    "bad_kind": ({"kind": "klacht"}, {"kind"}),
    "empty_description": ({"description": "  "}, {"description"}),
    "other_without_detail": ({"reporter_kind": "other"}, {"reporter_detail"}),
    "bad_resident_id": ({"resident": "geen-uuid"}, {"resident"}),
    "unknown_field": ({"melder": "buurman"}, {"melder"}),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_p12_bad_signal_input_is_400_and_stores_nothing(
    signals, worker, client_for, rows, writes, case
):
    changes, expected = case
    resident = factories.resident(purpose="signalen", assign_to=worker)
    before = (rows(Signal), rows(InformingTask), writes())

    response = client_for(worker).post(LIST, _payload(resident, **changes), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert set(response.json()["fields"]) == expected
    assert (rows(Signal), rows(InformingTask), writes()) == before
    for value in ("buurman", "duif", "klacht", "geen-uuid"):
        assert value not in response.content.decode()


def test_p07_third_party_signal_opens_informing_task_due_one_calendar_month_later(
    signals, worker, client_for, time_machine
):
    time_machine.move_to(dt.datetime(2026, 2, 15, 10, 0, tzinfo=AMSTERDAM), tick=False)
    resident = factories.resident(purpose="signalen", assign_to=worker)
    client = client_for(worker)

    _signal(
        client,
        resident,
        reporter_kind="neighbour",
        reporter_detail="buurvrouw",
        received_at="2026-01-31T09:30:00+01:00",
    )

    url = f"/api/purposes/signalen/residents/{resident.public_id}/informing-tasks/"
    tasks = [t for t in client.get(url).json()["results"] if t["reason"] == "source"]
    assert len(tasks) == 1
    task = tasks[0]
    # 31 January + 1 calendar month = 28 February (Art. 14(3)(a), Art. 12(3) month counting).
    assert dt.datetime.fromisoformat(task["deadline"]) == dt.datetime(
        2026, 2, 28, 9, 30, tzinfo=AMSTERDAM
    )
    assert dt.datetime.fromisoformat(task["obtained_at"]) == dt.datetime(
        2026, 1, 31, 9, 30, tzinfo=AMSTERDAM
    )
    assert task["status"] == "open"
    assert task["is_overdue"] is False
    assert "buurvrouw" in task["source_description"]
    # The purpose-wide list shows it too; it is not overdue yet, then it is.
    assert (
        client.get("/api/purposes/signalen/informing-tasks/", {"overdue": "true"}).json()["count"]
        == 0
    )
    time_machine.move_to(dt.datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM), tick=False)
    overdue = client.get("/api/purposes/signalen/informing-tasks/", {"overdue": "true"}).json()
    assert [t["id"] for t in overdue["results"]] == [task["id"]]
    assert overdue["results"][0]["is_overdue"] is True


def test_p07_signal_from_the_resident_opens_no_source_task(signals, worker, client_for):
    resident = factories.resident(purpose="signalen", assign_to=worker)
    client = client_for(worker)

    _signal(client, resident, reporter_kind="resident")

    url = f"/api/purposes/signalen/residents/{resident.public_id}/informing-tasks/"
    assert [t for t in client.get(url).json()["results"] if t["reason"] == "source"] == []
