"""Trajectory pages in the back-office (P01, P12, P13): list, page, opening one, status, goals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.backoffice.views import trajectories as views
from zorgvuldig.casework.models import Goal, Trajectory
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.casework.services.trajectories import (
    goal_add,
    trajectory_open,
    trajectory_set_status,
)
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.staff.services import assignment_create

P = "hulptrajecten"
MISSING_PK = 999_999


def today() -> dt.date:
    return timezone.localdate()


def open_for(worker, resident, *, purpose=P, question="Hulp bij schulden", **kwargs):
    kwargs.setdefault("start_date", today() - dt.timedelta(days=30))
    return trajectory_open(
        actor=worker,
        purpose=purpose,
        resident=resident,
        question=question,
        workers=[worker],
        **kwargs,
    )


def trajectory_of(worker, *, purpose=P, **resident_data):
    resident = factories.resident(purpose=purpose, assign_to=worker, **resident_data)
    return open_for(worker, resident, purpose=purpose)


def count(model=Trajectory) -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        return model.objects.count()


def stored(trajectory) -> Trajectory:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        return Trajectory.objects.get(pk=trajectory.pk)


def list_url(code: str = P) -> str:
    return reverse("backoffice:trajectory_list", args=[code])


def detail_url(pk, code: str = P) -> str:
    return reverse("backoffice:trajectory_detail", args=[code, pk])


def status_url(pk) -> str:
    return reverse("backoffice:trajectory_status", args=[P, pk])


def open_url(public_id, code: str = P) -> str:
    return reverse("backoffice:trajectory_open", args=[code, public_id])


# -- the list ------------------------------------------------------------------------------


def test_p01_list_shows_the_trajectories_of_my_residents(as_employee, support, worker):
    trajectory_of(worker, surname="Eigenaar")
    body = as_employee(worker).get(list_url()).content.decode()
    assert "Eigenaar" in body
    assert "Hulp bij schulden" in body
    assert "Aangemeld" in body
    assert "1 traject" in body


def test_p13_list_leaves_out_other_teams_trajectories(as_employee, support, worker, other_worker):
    trajectory_of(other_worker, surname="Vreemdeling")
    body = as_employee(worker).get(list_url()).content.decode()
    assert "Vreemdeling" not in body
    assert "nog geen trajecten" in body


def test_list_filters_by_status(as_employee, support, worker):
    running = trajectory_of(worker, surname="Lopend-Traject")
    trajectory_set_status(actor=worker, purpose=P, trajectory=running, status="intake")
    trajectory_of(worker, surname="Nieuw-Traject")
    client = as_employee(worker)
    body = client.get(list_url(), {"status": "intake"}).content.decode()
    assert "Lopend-Traject" in body
    assert "Nieuw-Traject" not in body
    empty = client.get(list_url(), {"status": "afgesloten"}).content.decode()
    assert "Geen trajecten gevonden met dit filter" in empty
    # An unknown status is ignored rather than an error.
    assert "Nieuw-Traject" in client.get(list_url(), {"status": "x"}).content.decode()


def test_list_can_show_only_my_own_trajectories(as_employee, support, worker, north):
    colleague = factories.employee(team_obj=north)
    shared = factories.resident(team_obj=north, surname="Teamtraject")
    open_for(colleague, shared)
    client = as_employee(worker)
    assert "Teamtraject" in client.get(list_url()).content.decode()
    assert "Teamtraject" not in client.get(list_url(), {"mijn": "1"}).content.decode()


def test_list_is_paginated(as_employee, support, worker, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in range(3):
        trajectory_of(worker, surname=f"Achternaam{i}")
    client = as_employee(worker)
    first = client.get(list_url()).content.decode()
    second = client.get(list_url(), {"page": 2}).content.decode()
    assert "Pagina 1 van 2" in first
    assert "?page=2" in first
    assert first.count("/trajecten/") - second.count("/trajecten/") == 1
    assert client.get(list_url(), {"page": "onzin"}).status_code == 200


def test_list_query_count_is_bounded(as_employee, support, worker, django_assert_max_num_queries):
    for _ in range(10):
        trajectory_of(worker)
    client = as_employee(worker)
    with django_assert_max_num_queries(12):
        assert client.get(list_url()).status_code == 200


# -- one trajectory ------------------------------------------------------------------------


def test_p01_page_shows_status_workers_dates_goals_notes_and_documents(
    as_employee, support, worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    resident = factories.resident(assign_to=worker, surname="Bakker")
    trajectory = open_for(worker, resident)
    goal_add(actor=worker, purpose=P, trajectory=trajectory, description="Vaste lasten betalen")
    note_write(
        actor=worker,
        purpose=P,
        resident=resident,
        occurred_on=today(),
        kind="home_visit",
        text="Huisbezoek: post samen doorgenomen",
        trajectory=trajectory,
    )
    document = document_upload(
        actor=worker,
        purpose=P,
        resident=resident,
        uploaded=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Plan van aanpak",
        trajectory=trajectory,
    )
    body = as_employee(worker).get(detail_url(trajectory.pk)).content.decode()
    assert "Hulptraject van" in body
    assert "Bakker" in body
    assert "Hulp bij schulden" in body
    assert escape(worker.user.get_full_name()) in body
    assert "Vaste lasten betalen" in body
    assert "Nog niet gestart" in body
    assert "Huisbezoek: post samen doorgenomen" in body
    assert "Plan van aanpak" in body
    assert reverse("backoffice:document_download", args=[P, document.pk]) in body


def test_p12_reading_a_trajectory_is_logged(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    as_employee(worker).get(detail_url(trajectory.pk))
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        action="read",
        status="ok",
        object_type="casework.trajectory",
        subject_ref=subject_ref(trajectory.resident_id),
    ).exists()


def test_p13_trajectory_of_another_teams_resident_is_the_same_404_as_a_missing_one(
    as_employee, support, worker, other_worker
):
    theirs = trajectory_of(other_worker, surname="Niet-Van-Mij")
    client = as_employee(worker)
    unreachable = client.get(detail_url(theirs.pk))
    missing = client.get(detail_url(MISSING_PK))
    assert unreachable.status_code == missing.status_code == 404
    assert unreachable.content == missing.content
    assert b"Niet-Van-Mij" not in unreachable.content
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(theirs.resident_id), status="refused", reason_code="need_to_know"
    ).exists()


def test_p13_trajectory_is_not_found_under_another_purpose(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=trajectory.resident_id,
        activity=factories.activity("signalen"),
        employee=worker,
    )
    client = as_employee(worker)
    assert client.get(detail_url(trajectory.pk, "signalen")).status_code == 404
    assert "Hulp bij schulden" not in client.get(list_url("signalen")).content.decode()


def test_detail_query_count_is_bounded(as_employee, support, worker, django_assert_max_num_queries):
    trajectory = trajectory_of(worker)
    for i in range(5):
        goal_add(actor=worker, purpose=P, trajectory=trajectory, description=f"Doel {i}")
    client = as_employee(worker)
    with django_assert_max_num_queries(14):
        assert client.get(detail_url(trajectory.pk)).status_code == 200


# -- opening one -------------------------------------------------------------------------------


def test_p01_a_trajectory_is_opened_from_the_residents_file(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)
    form = client.get(open_url(resident.public_id)).content.decode()
    assert 'for="id_question"' in form
    assert f'value="{worker.pk}"' in form
    response = client.post(
        open_url(resident.public_id),
        {
            "question": "Ondersteuning bij het huishouden",
            "start_date": today().isoformat(),
            "workers": [str(worker.pk)],
        },
    )
    assert response.status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        trajectory = Trajectory.objects.get(resident_id=resident.pk)
        assert list(trajectory.workers.all()) == [worker]
    assert response["Location"] == detail_url(trajectory.pk)
    assert trajectory.status == "aangemeld"
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref, action="create", object_type="casework.trajectory"
    ).exists()
    assert "Het hulptraject is geopend." in client.get(response["Location"]).content.decode()


def test_p13_only_colleagues_assigned_to_the_resident_can_be_workers(
    as_employee, support, worker, north
):
    colleague = factories.employee(team_obj=north)
    resident = factories.resident(assign_to=worker)
    before = count()
    response = as_employee(worker).post(
        open_url(resident.public_id),
        {
            "question": "Hulpvraag",
            "start_date": today().isoformat(),
            "workers": [str(worker.pk), str(colleague.pk)],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is niet aan deze inwoner toegewezen" in body
    assert "Hulpvraag</textarea>" in body  # the input is kept
    assert count() == before


def test_open_with_bad_input_shows_field_errors_and_stores_nothing(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    before = count()
    far = today() + dt.timedelta(days=200)
    response = as_employee(worker).post(
        open_url(resident.public_id),
        {"question": "  ", "start_date": far.isoformat(), "workers": [str(worker.pk)]},
    )
    body = response.content.decode()
    assert "Dit veld is verplicht." in body
    assert 'aria-invalid="true"' in body
    assert 'href="#id_question"' in body
    response = as_employee(worker).post(
        open_url(resident.public_id),
        {"question": "Echte vraag", "start_date": far.isoformat(), "workers": [str(worker.pk)]},
    )
    assert "hoogstens drie maanden vooruit" in response.content.decode()
    assert f'value="{far.isoformat()}"' in response.content.decode()
    assert count() == before


def test_p13_opening_for_another_teams_resident_is_404(as_employee, support, worker, other_worker):
    theirs = factories.resident(assign_to=other_worker)
    client = as_employee(worker)
    before = count()
    assert client.get(open_url(theirs.public_id)).status_code == 404
    response = client.post(
        open_url(theirs.public_id),
        {"question": "X", "start_date": today().isoformat(), "workers": [str(worker.pk)]},
    )
    assert response.status_code == 404
    assert count() == before


# -- status and goals -------------------------------------------------------------------------


def test_p01_status_moves_on_and_closing_stores_the_end_date(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    client = as_employee(worker)
    assert client.post(status_url(trajectory.pk), {"status": "intake"}).status_code == 302
    assert stored(trajectory).status == "intake"
    end = today() - dt.timedelta(days=1)
    response = client.post(
        status_url(trajectory.pk), {"status": "afgesloten", "end_date": end.isoformat()}
    )
    assert response.status_code == 302
    closed = stored(trajectory)
    assert (closed.status, closed.end_date) == ("afgesloten", end)
    assert (
        ProcessingLogRecord.objects.filter(
            actor_ref=worker.actor_ref, action="update", object_type="casework.trajectory"
        ).count()
        == 2
    )
    page = client.get(detail_url(trajectory.pk)).content.decode()
    assert "De status van het traject is gewijzigd." in page
    assert "Status wijzigen" not in page  # closing is final
    assert "Doel toevoegen" not in page


@pytest.mark.parametrize(
    ("end_date", "message"),
    [
        (None, "Vul de einddatum in om het traject af te sluiten."),
        (-40, "De einddatum ligt vóór de startdatum."),
        (3, "De einddatum kan niet in de toekomst liggen."),
    ],
)
def test_closing_with_a_meaningless_end_date_is_a_field_error(
    as_employee, support, worker, end_date, message
):
    trajectory = trajectory_of(worker)
    data = {"status": "afgesloten"}
    if end_date is not None:
        data["end_date"] = (today() + dt.timedelta(days=end_date)).isoformat()
    response = as_employee(worker).post(status_url(trajectory.pk), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'href="#id_end_date"' in body
    assert "Er is niets opgeslagen." in body
    assert (stored(trajectory).status, stored(trajectory).end_date) == ("aangemeld", None)


def test_a_status_change_the_service_does_not_allow_is_a_field_error(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    response = as_employee(worker).post(status_url(trajectory.pk), {"status": "lopend"})
    assert "Deze statuswijziging is niet mogelijk." in response.content.decode()
    assert stored(trajectory).status == "aangemeld"


def test_p01_goals_are_added_and_their_progress_recorded(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    client = as_employee(worker)
    add = reverse("backoffice:goal_add", args=[P, trajectory.pk])
    assert client.post(add, {"description": "Schulden in kaart"}).status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        goal = Goal.objects.get(trajectory_id=trajectory.pk)
    update = reverse("backoffice:goal_update", args=[P, trajectory.pk, goal.pk])
    prefix = f"doel-{goal.pk}"
    response = client.post(
        update, {f"{prefix}-progress": "working", f"{prefix}-progress_note": "Map gemaakt"}
    )
    assert response.status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        goal = Goal.objects.get(pk=goal.pk)
    assert (goal.progress, goal.progress_note) == ("working", "Map gemaakt")
    page = client.get(detail_url(trajectory.pk)).content.decode()
    assert "Mee bezig" in page
    assert "Map gemaakt" in page


def test_goal_without_description_is_a_field_error(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    add = reverse("backoffice:goal_add", args=[P, trajectory.pk])
    response = as_employee(worker).post(add, {"description": ""})
    assert "Dit veld is verplicht." in response.content.decode()
    assert count(Goal) == 0


def test_goal_progress_with_an_unknown_value_is_a_field_error(as_employee, support, worker):
    trajectory = trajectory_of(worker)
    goal = goal_add(actor=worker, purpose=P, trajectory=trajectory, description="Werk vinden")
    update = reverse("backoffice:goal_update", args=[P, trajectory.pk, goal.pk])
    response = as_employee(worker).post(update, {f"doel-{goal.pk}-progress": "toverij"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_doel-{goal.pk}-progress"' in body
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        assert Goal.objects.get(pk=goal.pk).progress == "open"


def test_p13_status_and_goals_of_another_teams_trajectory_are_404(
    as_employee, support, worker, other_worker
):
    theirs = trajectory_of(other_worker)
    goal = goal_add(actor=other_worker, purpose=P, trajectory=theirs, description="Hun doel")
    mine = trajectory_of(worker)
    client = as_employee(worker)
    missing = client.get(detail_url(MISSING_PK)).content
    responses = [
        client.post(status_url(theirs.pk), {"status": "intake"}),
        client.post(reverse("backoffice:goal_add", args=[P, theirs.pk]), {"description": "X"}),
        client.post(
            reverse("backoffice:goal_update", args=[P, theirs.pk, goal.pk]),
            {f"doel-{goal.pk}-progress": "achieved"},
        ),
        # Their goal through my own trajectory's address.
        client.post(
            reverse("backoffice:goal_update", args=[P, mine.pk, goal.pk]),
            {f"doel-{goal.pk}-progress": "achieved"},
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    assert all(r.content == missing for r in responses)
    assert stored(theirs).status == "aangemeld"
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        assert Goal.objects.get(pk=goal.pk).progress == "open"
