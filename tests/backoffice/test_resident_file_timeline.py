"""The resident's file: timeline, consents, informing tasks; bounded queries (P01, P04, P07)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.backoffice import casework_data as data
from tests.backoffice.conftest import file_url
from zorgvuldig.casework.models import Document, Participation, Trajectory
from zorgvuldig.casework.services.trajectories import goal_add, trajectory_open
from zorgvuldig.core.gate import processing

CODE = "hulptrajecten"
ITEM = re.compile(r'<li class="timeline__item ')


def trajectory(resident, worker, question="Hulp bij schulden"):
    with processing(actor=data.ACTOR, purpose=CODE):
        item = trajectory_open(
            actor=data.ACTOR,
            purpose=CODE,
            resident=resident,
            question=question,
            start_date=timezone.localdate() - dt.timedelta(days=10),
            workers=[worker],
        )
        goal_add(
            actor=data.ACTOR, purpose=CODE, trajectory=item, description="Vaste lasten op tijd"
        )
    return item


def document(resident, title="Plan van aanpak"):
    with processing(actor=data.ACTOR, purpose=CODE):
        item = Document(
            resident=resident,
            activity=factories.activity(CODE),
            file="documents/test.pdf",
            original_name="plan.pdf",
            content_type="application/pdf",
            size=2048,
            title=title,
            uploaded_by="test",
        )
        item.save()
    return item


def participation(resident, project):
    consent = data.give_consent(resident, CODE)
    with processing(actor=data.ACTOR, purpose=CODE):
        item = Participation(
            resident=resident, project=project, joined_on=timezone.localdate(), consent=consent
        )
        item.save()
    return item


@pytest.fixture
def full_file(support, worker, north):
    """A resident with one of every kind of record in the file."""
    resident = factories.resident(assign_to=worker, surname="Dossier")
    data.signal(resident, description="Signaal van de buurvrouw")
    data.note(resident, text="Eerste huisbezoek afgelegd", kind="home_visit")
    traj = trajectory(resident, worker)
    doc = document(resident)
    participation(resident, factories.project("Taalcafé", team_obj=north))
    return {"resident": resident, "trajectory": traj, "document": doc}


def test_p01_file_shows_the_timeline_with_every_kind_of_record(as_employee, worker, full_file):
    resident = full_file["resident"]
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    assert "Signaal van de buurvrouw" in body
    assert "Gemeld door Buurtbewoner, via telefoon" in body
    assert "Eerste huisbezoek afgelegd" in body
    assert "Hulp bij schulden" in body
    assert reverse("backoffice:trajectory_detail", args=[CODE, full_file["trajectory"].pk]) in body
    assert "Plan van aanpak" in body
    assert reverse("backoffice:document_download", args=[CODE, full_file["document"].pk]) in body
    assert "Taalcafé" in body
    assert len(ITEM.findall(body)) == 5
    assert "5 items" in body
    # Newest day first: the trajectory started ten days ago, so it comes last.
    assert body.index("Eerste huisbezoek afgelegd") < body.index("Hulp bij schulden")


def test_p04_special_category_note_is_labelled(as_employee, worker, north):
    factories.activity(
        "zorg",
        name="Zorg",
        categories=[
            factories.category("naw"),
            factories.category("gezondheid", special_kind="health"),
        ],
        art9_exemption="h",
        art9_detail="Hulpverlening",
    )
    resident = factories.resident(purpose="zorg", assign_to=worker)
    data.note(resident, "zorg", special_kind="health", text="Diabetes, insuline")
    body = as_employee(worker).get(file_url(resident.public_id, "zorg")).content.decode()
    assert "bijzonder persoonsgegeven: gezondheid" in body
    assert "Diabetes, insuline" in body


def test_file_query_count_does_not_grow_with_the_file(
    as_employee, worker, full_file, django_assert_max_num_queries
):
    resident = full_file["resident"]
    for i in range(6):
        data.signal(resident, description=f"Signaal {i}")
        data.note(resident, text=f"Notitie {i}")
    trajectory(resident, worker, question="Tweede traject")
    document(resident, title="Tweede document")
    data.give_consent(resident, CODE)
    data.overdue_signal(resident)
    client = as_employee(worker)
    # Fixed: session, user, employee, activity, resident, sources, signals, trajectories (+goals,
    # workers, their users), notes, documents, participations, consents (+categories,
    # recipients), informing tasks, one log insert. 19 today, whatever the number of rows.
    with django_assert_max_num_queries(20):
        assert client.get(file_url(resident.public_id)).status_code == 200


def test_timeline_is_paginated(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    for i in range(22):
        data.note(resident, text=f"Notitie nummer {i}")
    client = as_employee(worker)
    first = client.get(file_url(resident.public_id)).content.decode()
    assert len(ITEM.findall(first)) == 20
    assert "22 items" in first
    assert "?page=2#tijdlijn" in first
    second = client.get(file_url(resident.public_id), {"page": 2}).content.decode()
    assert len(ITEM.findall(second)) == 2


def test_file_empty_states(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    assert "Er staat nog niets in de tijdlijn" in body
    assert "Er is voor dit doel geen toestemming van de inwoner vastgelegd." in body


def test_p07_file_highlights_overdue_informing_tasks(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    data.overdue_signal(resident)
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    assert 'class="row--overdue"' in body
    assert "Te laat" in body
    assert "Huisarts: Huisarts" in body  # the source of the data


def test_p04_file_lists_consents_with_a_withdraw_button(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    consent = data.give_consent(resident, CODE)
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    action = reverse("backoffice:consent_withdraw", args=[CODE, resident.public_id, consent.pk])
    assert f'action="{action}"' in body
    assert "Toestemming intrekken" in body
    assert "Geldig" in body


def test_file_links_to_the_casework_forms(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    for name in ("note_create", "consent_create", "trajectory_open", "document_upload"):
        assert reverse(f"backoffice:{name}", args=[CODE, resident.public_id]) in body
    assert (
        f"{reverse('backoffice:signal_create', args=[CODE])}?inwoner={resident.public_id}" in body
    )


def test_p13_other_worker_gets_the_same_404_for_a_full_file(as_employee, other_worker, full_file):
    client = as_employee(other_worker)
    resident = full_file["resident"]
    hidden = client.get(file_url(resident.public_id))
    missing = client.get(file_url("00000000-0000-4000-8000-000000000000"))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert data.count(Trajectory) == 1
