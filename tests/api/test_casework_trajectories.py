"""Support trajectories and goals over the API: status, workers, dates (P01, P13)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Goal, Trajectory
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db

LIST = "/api/purposes/hulptrajecten/trajectories/"


def _payload(about, /, **overrides) -> dict:
    payload = {
        "resident": str(about.public_id),
        "question": "Hulp bij het ordenen van de administratie",
        "start_date": timezone.localdate().isoformat(),
    }
    payload.update(overrides)
    return payload


def _open(client, resident, **overrides) -> dict:
    response = client.post(LIST, _payload(resident, **overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_p01_open_trajectory_defaults_to_the_employee_and_logs(support, worker, client_for):
    resident = factories.resident(assign_to=worker)

    response = client_for(worker).post(LIST, _payload(resident), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == f"{LIST}{body['id']}/"
    assert body["status"] == "aangemeld"
    assert [w["id"] for w in body["workers"]] == [worker.pk]
    assert body["goals"] == []
    record = ProcessingLogRecord.objects.get(action="create", object_type="casework.trajectory")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)


def test_p01_workers_must_be_assigned_to_the_resident(
    support, north, worker, client_for, rows, writes
):
    colleague = factories.employee(team_obj=north)
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    before = (rows(Trajectory), writes())

    refused = client.post(LIST, _payload(resident, workers=[worker.pk, colleague.pk]), "json")
    unknown = client.post(LIST, _payload(resident, workers=[999999]), "json")

    assert refused.status_code == unknown.status_code == 400
    assert set(refused.json()["fields"]) == set(unknown.json()["fields"]) == {"workers"}
    assert (rows(Trajectory), writes()) == before
    # Once the team lead has assigned the colleague, it works.
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=north)
    assignment_create(
        assigned_by=lead, resident_id=resident.pk, activity=support, employee=colleague
    )
    body = _open(client, resident, workers=[worker.pk, colleague.pk])
    assert {w["id"] for w in body["workers"]} == {worker.pk, colleague.pk}


def test_p01_list_retrieve_and_filter_by_status(support, worker, client_for):
    client = client_for(worker)
    first = _open(client, factories.resident(assign_to=worker))
    second = _open(client, factories.resident(assign_to=worker))
    client.post(f"{LIST}{second['id']}/status/", {"status": "intake"}, "json")

    everything = client.get(LIST).json()
    intake = client.get(LIST, {"status": "intake"}).json()
    bad_filter = client.get(LIST, {"status": "weg"})
    detail = client.get(f"{LIST}{first['id']}/")

    assert everything["count"] == 2
    assert [t["id"] for t in intake["results"]] == [second["id"]]
    assert bad_filter.status_code == 400
    assert list(bad_filter.json()["fields"]) == ["status"]
    assert detail.status_code == 200
    assert detail.json() == first


def test_p01_status_moves_on_and_closing_needs_an_end_date(support, worker, client_for):
    client = client_for(worker)
    created = _open(client, factories.resident(assign_to=worker))
    url = f"{LIST}{created['id']}/status/"
    today = timezone.localdate()

    intake = client.post(url, {"status": "intake"}, "json")
    back = client.post(url, {"status": "aangemeld"}, "json")
    no_end = client.post(url, {"status": "afgesloten"}, "json")
    future_end = client.post(
        url,
        {"status": "afgesloten", "end_date": (today + dt.timedelta(days=3)).isoformat()},
        "json",
    )
    closed = client.post(url, {"status": "afgesloten", "end_date": today.isoformat()}, "json")

    assert intake.json()["status"] == "intake"
    assert back.status_code == no_end.status_code == future_end.status_code == 400
    assert list(back.json()["fields"]) == ["status"]
    assert list(no_end.json()["fields"]) == list(future_end.json()["fields"]) == ["end_date"]
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["end_date"]) == ("afgesloten", today.isoformat())
    assert (
        ProcessingLogRecord.objects.filter(
            action="update", object_type="casework.trajectory", actor_ref=f"employee:{worker.pk}"
        ).count()
        == 2
    )


def test_p01_goals_are_added_and_their_progress_recorded(support, worker, client_for):
    client = client_for(worker)
    created = _open(client, factories.resident(assign_to=worker))
    goals = f"{LIST}{created['id']}/goals/"

    added = client.post(goals, {"description": "Schulden in beeld"}, "json")
    goal = added.json()
    updated = client.patch(
        f"{goals}{goal['id']}/", {"progress": "working", "progress_note": "Eerste gesprek"}, "json"
    )
    only_note = client.patch(f"{goals}{goal['id']}/", {"progress_note": "Loopt goed"}, "json")

    assert added.status_code == 201
    assert goal["progress"] == "open"
    assert updated.json()["progress"] == "working"
    assert only_note.json() == {**updated.json(), "progress_note": "Loopt goed"}
    assert client.get(f"{LIST}{created['id']}/").json()["goals"] == [only_note.json()]
    assert ProcessingLogRecord.objects.filter(
        action="create", object_type="casework.goal", actor_ref=f"employee:{worker.pk}"
    ).exists()


def test_p01_goal_input_is_checked_and_nothing_stored(support, worker, client_for, rows, writes):
    client = client_for(worker)
    created = _open(client, factories.resident(assign_to=worker))
    goals = f"{LIST}{created['id']}/goals/"
    goal = client.post(goals, {"description": "Schulden in beeld"}, "json").json()
    before = (rows(Goal), writes())

    empty = client.post(goals, {"description": " "}, "json")
    too_long = client.post(goals, {"description": "x" * 301}, "json")
    bad_progress = client.patch(f"{goals}{goal['id']}/", {"progress": "klaar"}, "json")

    assert empty.status_code == too_long.status_code == bad_progress.status_code == 400
    assert list(empty.json()["fields"]) == list(too_long.json()["fields"]) == ["description"]
    assert list(bad_progress.json()["fields"]) == ["progress"]
    assert (rows(Goal), writes()) == before


BAD_INPUT = {
    "empty_question": ({"question": ""}, {"question"}),
    "far_future_start": ({"start_date": "2999-01-01"}, {"start_date"}),
    "long_ago_start": ({"start_date": "2001-01-01"}, {"start_date"}),
    "not_a_date": ({"start_date": "morgen"}, {"start_date"}),
    "workers_not_a_list": ({"workers": "iedereen"}, {"workers"}),
    "unknown_field": ({"status": "lopend"}, {"status"}),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_p12_bad_trajectory_input_is_400_and_stores_nothing(
    support, worker, client_for, rows, writes, case
):
    changes, expected = case
    resident = factories.resident(assign_to=worker)
    before = (rows(Trajectory), writes())

    response = client_for(worker).post(LIST, _payload(resident, **changes), format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == expected
    assert (rows(Trajectory), writes()) == before
    assert "iedereen" not in response.content.decode()


def test_p13_trajectory_of_unassigned_resident_is_404_like_missing(
    support, worker, other_worker, client_for
):
    resident = factories.resident(assign_to=other_worker)
    foreign = _open(client_for(other_worker), resident)
    goal = client_for(other_worker).post(
        f"{LIST}{foreign['id']}/goals/", {"description": "Werk vinden"}, "json"
    )
    client = client_for(worker)
    url = f"{LIST}{foreign['id']}/"

    answers = [
        client.get(url),
        client.get(f"{LIST}999999/"),
        client.get(f"{LIST}geen-getal/"),
        client.post(url + "status/", {"status": "intake"}, "json"),
        client.post(url + "goals/", {"description": "Ander doel"}, "json"),
        client.patch(f"{url}goals/{goal.json()['id']}/", {"progress": "dropped"}, "json"),
        client.post(LIST, _payload(resident), "json"),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert client.get(LIST).json()["count"] == 0


def test_p13_goal_of_another_trajectory_is_404(support, worker, client_for):
    client = client_for(worker)
    first = _open(client, factories.resident(assign_to=worker))
    second = _open(client, factories.resident(assign_to=worker))
    goal = client.post(f"{LIST}{first['id']}/goals/", {"description": "Doel"}, "json").json()

    response = client.patch(
        f"{LIST}{second['id']}/goals/{goal['id']}/", {"progress": "achieved"}, "json"
    )

    assert response.status_code == 404
