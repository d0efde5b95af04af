"""Signal intake, queue and triage in the back-office (P01, P03, P07, P13)."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.auth import mfa_login
from tests.backoffice import casework_data as data
from tests.backoffice.conftest import (
    assert_term_in_no_url,
    clear_search,
    file_url,
    resident_count,
    search,
)
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import NeighbourhoodSignal, Signal
from zorgvuldig.core.dates import add_months
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.models import DataSource, InformingTask
from zorgvuldig.staff.models import Role

CODE = "hulptrajecten"
LIST_URL = reverse("backoffice:signal_list", args=[CODE])
CREATE_URL = reverse("backoffice:signal_create", args=[CODE])
CREATE_NEW_URL = reverse("backoffice:signal_create_new_resident", args=[CODE])
NEIGHBOURHOOD_URL = reverse("backoffice:neighbourhood_signals")
SIGNAL_LINK = re.compile(r'href="/backoffice/doel/hulptrajecten/signalen/\d+/"')


def detail_url(pk) -> str:
    return reverse("backoffice:signal_detail", args=[CODE, pk])


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def signal_input(resident=None, **overrides) -> dict:
    values = {
        "kind": "problem",
        "description": "De huisarts maakt zich zorgen over vereenzaming.",
        "reporter_kind": "gp",
        "reporter_detail": "Huisartsenpraktijk De Linde",
        "channel": "phone",
        "received_at": local(timezone.now() - dt.timedelta(days=2)),
    }
    if resident is not None:
        values["resident"] = str(resident.public_id)
    values.update(overrides)
    return values


def new_resident_input(**overrides) -> dict:
    values = signal_input(
        given_names="Anouk",
        surname="Visser",
        birth_date="1950-02-03",
        street="Dorpsstraat",
        house_number="7",
        postcode="1234 AB",
        city="Heerhugowaard",
    )
    values.update(overrides)
    return values


# -- intake about a known resident ------------------------------------------------------------


def test_p01_signal_intake_about_a_known_resident(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, surname="Bos")
    client = as_employee(worker)
    form = client.get(CREATE_URL, {"inwoner": resident.public_id}).content.decode()
    assert f'<option value="{resident.public_id}" selected>' in form
    assert "Kans" in form  # a signal may be an opportunity, not only a problem

    response = client.post(CREATE_URL, signal_input(resident, kind="opportunity"))

    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        signal = Signal.objects.get(resident=resident)
    assert signal.kind == "opportunity"
    assert signal.reporter_kind == "gp"
    assert signal.reporter_detail == "Huisartsenpraktijk De Linde"
    assert signal.recorded_by == worker.actor_ref
    assert signal.outcome == "open"
    assert ProcessingLogRecord.objects.filter(
        action="create", object_type="casework.signal", actor_ref=worker.actor_ref, status="ok"
    ).exists()
    body = client.get(response["Location"]).content.decode()
    assert "Het signaal is vastgelegd." in body
    assert "De huisarts maakt zich zorgen over vereenzaming." in body


def test_p07_third_party_signal_creates_informing_task_shown_on_file_with_deadline(
    as_employee, support, worker
):
    resident = factories.resident(assign_to=worker)
    received = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)
    client = as_employee(worker)

    response = client.post(CREATE_URL, signal_input(resident, received_at=local(received)))

    [task] = data.tasks(resident, reason=InformingTask.Reason.SOURCE)
    assert task.status == "open"
    assert task.source_description == "Huisarts: Huisartsenpraktijk De Linde"
    # Art. 14(3): one calendar month after the data was obtained, at the latest.
    assert task.deadline == add_months(received, 1)
    assert task.obtained_at == received
    body = client.get(response["Location"]).content.decode()
    assert "onder ‘Informatieplicht’ staat een taak" in body
    assert "Huisarts: Huisartsenpraktijk De Linde" in body
    assert date_filter(timezone.localtime(task.deadline), "j F Y") in body
    assert reverse("backoffice:informing_task", args=[CODE, resident.public_id, task.pk]) in body


def test_p07_signal_from_the_resident_opens_no_source_task(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    as_employee(worker).post(
        CREATE_URL, signal_input(resident, reporter_kind="resident", reporter_detail="")
    )
    assert data.count(Signal, resident=resident) == 1
    assert data.tasks(resident, reason=InformingTask.Reason.SOURCE) == []


def test_signal_bad_input_gets_field_errors_and_stores_nothing(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    before = data.stored(Signal)
    response = as_employee(worker).post(
        CREATE_URL,
        signal_input(
            resident,
            description="   ",
            kind="ramp",
            channel="postduif",
            received_at=local(timezone.now() + dt.timedelta(days=2)),
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in body
    assert body.count("Kies een geldige waarde.") >= 2
    assert 'aria-invalid="true"' in body
    assert data.stored(Signal) == before


def test_signal_in_the_future_is_refused_by_the_service(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    future = timezone.localtime() + dt.timedelta(days=3)
    response = as_employee(worker).post(
        CREATE_URL, signal_input(resident, received_at=local(future))
    )
    body = response.content.decode()
    assert "Deze datum ligt in de toekomst." in body
    assert 'href="#id_received_at"' in body
    assert f'value="{local(future)}"' in body  # input kept
    assert data.stored(Signal) == 0


def test_other_reporter_needs_a_description_of_the_reporter(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    response = as_employee(worker).post(
        CREATE_URL, signal_input(resident, reporter_kind="other", reporter_detail="")
    )
    assert "Vermeld wie het signaal heeft gemeld." in response.content.decode()
    assert data.stored(Signal) == 0


def test_p13_signal_form_offers_only_own_residents(as_employee, support, worker, other_worker):
    mine = factories.resident(assign_to=worker, surname="Eigen")
    theirs = factories.resident(assign_to=other_worker, surname="Vreemd")
    client = as_employee(worker)
    form = client.get(CREATE_URL).content.decode()
    assert str(mine.public_id) in form
    assert str(theirs.public_id) not in form
    response = client.post(CREATE_URL, signal_input(theirs))
    assert "Kies een inwoner uit de lijst." in response.content.decode()
    assert data.stored(Signal) == 0


# -- intake with a new resident ------------------------------------------------------------------


def test_p03_new_resident_and_signal_record_the_reporter_as_source(as_employee, support, worker):
    client = as_employee(worker)
    response = client.post(CREATE_NEW_URL, new_resident_input())
    assert response.status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        resident = factories.find_resident("Visser")
        sources = list(DataSource.objects.filter(resident=resident))
        signal = Signal.objects.get(resident=resident)
    assert response["Location"] == file_url(resident.public_id)
    assert {s.kind for s in sources} == {"referrer"}
    assert {s.source_name for s in sources} == {"Huisarts: Huisartsenpraktijk De Linde"}
    assert signal.reporter_kind == "gp"
    assert data.tasks(resident, reason=InformingTask.Reason.SOURCE)
    # The registering worker is assigned: the file opens for them.
    assert client.get(response["Location"]).status_code == 200


def test_new_resident_signal_with_bad_input_stores_neither(as_employee, support, worker):
    residents, signals = resident_count(), data.stored(Signal)
    response = as_employee(worker).post(
        CREATE_NEW_URL,
        new_resident_input(
            postcode="12345", received_at=local(timezone.now() + dt.timedelta(days=5))
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geef een Nederlandse postcode op, zoals 1234 AB." in body  # the resident's error
    assert "Deze datum ligt in de toekomst." in body  # and the signal's, together
    assert 'value="Visser"' in body
    assert resident_count() == residents
    assert data.stored(Signal) == signals
    assert data.stored(DataSource) == 0


def test_privacy_officer_may_not_register_a_new_resident_with_a_signal(
    as_employee, support, privacy_officer
):
    response = as_employee(privacy_officer).post(CREATE_NEW_URL, new_resident_input())
    assert response.status_code == 403
    assert resident_count() == 0


# -- the queue and triage -----------------------------------------------------------------------


def test_p01_queue_shows_open_signals_first(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, surname="Wachtrij")
    judged = data.signal(resident, description="Al beoordeeld", received_at=timezone.now())
    data.signal(resident, description="Nog open", received_at=timezone.now() - dt.timedelta(days=5))
    client = as_employee(worker)
    client.post(detail_url(judged.pk), {"urgency": "low", "outcome": "nothing"})
    body = client.get(LIST_URL).content.decode()
    assert body.index(f"/signalen/{judged.pk + 1}/") < body.index(f"/signalen/{judged.pk}/")
    assert "2 signalen" in body
    search(client, LIST_URL, status="open")
    only_open = client.get(LIST_URL).content.decode()
    assert f"/signalen/{judged.pk}/" not in only_open
    assert f"/signalen/{judged.pk + 1}/" in only_open


def test_queue_is_paginated_and_searchable(as_employee, support, worker):
    first = factories.resident(assign_to=worker, surname="Zoekbaar")
    second = factories.resident(assign_to=worker, surname="Anders")
    for _ in range(26):
        data.signal(first)
    data.signal(second, description="Een kans: wil de buurtmoestuin trekken")
    client = as_employee(worker)
    page_one = client.get(LIST_URL).content.decode()
    assert len(SIGNAL_LINK.findall(page_one)) == 25
    assert "Pagina 1 van 2" in page_one
    assert len(SIGNAL_LINK.findall(client.get(LIST_URL, {"page": 2}).content.decode())) == 2
    search(client, LIST_URL, "moestuin")
    found = client.get(LIST_URL).content.decode()
    assert len(SIGNAL_LINK.findall(found)) == 1
    assert "1 signaal" in found
    search(client, LIST_URL, "zoekbaar")
    assert "26 signalen" in client.get(LIST_URL).content.decode()


def test_queue_empty_states(as_employee, support, worker):
    client = as_employee(worker)
    assert "nog geen signalen" in client.get(LIST_URL).content.decode()
    search(client, LIST_URL, "niets")
    assert "Geen signalen gevonden" in client.get(LIST_URL).content.decode()


def test_queue_search_never_puts_the_term_in_a_url(as_employee, support, worker):
    wanted = factories.resident(assign_to=worker, surname="Vermeulen")
    other = factories.resident(assign_to=worker, surname="Dijkstra")
    for _ in range(27):
        data.signal(wanted)
    data.signal(other)
    client = as_employee(worker)
    posted = search(client, LIST_URL, "Vermeulen", status="open")
    assert posted.status_code == 302
    assert posted["Location"] == LIST_URL
    assert_term_in_no_url(posted, "Vermeulen")
    first = client.get(posted["Location"])
    body = first.content.decode()
    assert "27 signalen" in body
    assert "Dijkstra" not in body
    assert "U zoekt op “<strong>Vermeulen</strong>”." in body
    assert "U ziet alleen signalen die nog beoordeeld moeten worden." in body
    assert 'id="alleen-open" name="status" value="open" checked' in body
    assert 'href="?page=2"' in body
    assert_term_in_no_url(first, "Vermeulen")
    # The next page keeps the filter; its links carry only the page number.
    second = client.get(LIST_URL, {"page": 2})
    body = second.content.decode()
    assert len(SIGNAL_LINK.findall(body)) == 2
    assert "Dijkstra" not in body
    assert_term_in_no_url(second, "Vermeulen")


def test_queue_search_is_cleared_with_a_post(as_employee, support, worker):
    data.signal(factories.resident(assign_to=worker, surname="Vermeulen"))
    data.signal(factories.resident(assign_to=worker, surname="Dijkstra"))
    client = as_employee(worker)
    search(client, LIST_URL, "Vermeulen", status="open")
    assert "Dijkstra" not in client.get(LIST_URL).content.decode()
    cleared = clear_search(client, LIST_URL)
    assert (cleared.status_code, cleared["Location"]) == (302, LIST_URL)
    body = client.get(LIST_URL).content.decode()
    assert "Dijkstra" in body
    assert "Zoekopdracht wissen" not in body
    assert 'value="open" checked' not in body


def test_queue_only_open_without_a_term_offers_to_clear(as_employee, support, worker):
    client = as_employee(worker)
    search(client, LIST_URL, status="open")
    body = client.get(LIST_URL).content.decode()
    assert "U zoekt op" not in body
    assert "Zoekopdracht wissen" in body


def test_queue_ignores_search_and_filter_in_the_query_string(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, surname="Vermeulen")
    judged = data.signal(resident, description="Al beoordeeld")
    client = as_employee(worker)
    client.post(detail_url(judged.pk), {"urgency": "low", "outcome": "nothing"})
    body = client.get(LIST_URL, {"q": "niets", "status": "open"}).content.decode()
    assert f"/signalen/{judged.pk}/" in body


def test_p01_triage_sets_urgency_team_and_outcome(as_employee, support, worker, north):
    resident = factories.resident(assign_to=worker)
    signal = data.signal(resident)
    project = factories.project("Taalcafé", team_obj=north)
    client = as_employee(worker)
    page = client.get(detail_url(signal.pk)).content.decode()
    assert "Buurvrouw maakt zich zorgen" in page
    response = client.post(
        detail_url(signal.pk),
        {"urgency": "high", "team": north.pk, "outcome": "project", "project": project.pk},
    )
    assert response.status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        signal = Signal.objects.get(pk=signal.pk)
    assert (signal.urgency, signal.team_id, signal.outcome) == ("high", north.pk, "project")
    assert signal.project_id == project.pk
    assert signal.triaged_at is not None
    assert (
        "De beoordeling van het signaal is opgeslagen."
        in client.get(response["Location"]).content.decode()
    )


def test_triage_bad_input_gets_field_errors_and_changes_nothing(as_employee, support, worker):
    signal = data.signal(factories.resident(assign_to=worker))
    client = as_employee(worker)
    response = client.post(detail_url(signal.pk), {"urgency": "", "outcome": "project"})
    body = response.content.decode()
    assert "Maak een keuze." in body  # urgency
    response = client.post(detail_url(signal.pk), {"urgency": "high", "outcome": "project"})
    assert "Kies het project waar dit signaal toe leidt." in response.content.decode()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        unchanged = Signal.objects.get(pk=signal.pk)
    assert (unchanged.urgency, unchanged.outcome, unchanged.triaged_at) == ("", "open", None)


def test_p13_other_worker_gets_the_same_404_for_a_signal(
    as_employee, support, worker, other_worker
):
    signal = data.signal(factories.resident(assign_to=worker, surname="Geheim"))
    client = as_employee(other_worker)
    hidden = client.get(detail_url(signal.pk))
    missing = client.get(detail_url(signal.pk + 1000))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert b"Geheim" not in hidden.content
    assert client.post(detail_url(signal.pk), {"urgency": "low"}).content == missing.content
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(signal.resident_id), status="refused", reason_code="need_to_know"
    ).exists()
    assert "Geheim" not in client.get(LIST_URL).content.decode()


def test_p13_other_worker_file_for_a_new_resident_is_404(
    as_employee, support, worker, other_worker
):
    as_employee(worker).post(CREATE_NEW_URL, new_resident_input())
    with processing(actor=factories.FIXTURE_ACTOR, purpose=CODE):
        resident = factories.find_resident("Visser")
    other = Client()  # a browser of its own (no leftover messages of the first one)
    mfa_login(other, other_worker.user)
    hidden = other.get(file_url(resident.public_id))
    assert hidden.status_code == 404
    assert hidden.content == other.get(file_url(uuid.uuid4())).content


# -- neighbourhood signals -------------------------------------------------------------------------


def neighbourhood_input(**overrides) -> dict:
    values = {
        "kind": "opportunity",
        "neighbourhood": "Rivierenwijk",
        "description": "Bewoners willen samen een moestuin beginnen op het braakliggende veld.",
        "reporter_kind": "housing",
        "channel": "email",
        "received_at": local(timezone.now() - dt.timedelta(hours=2)),
    }
    values.update(overrides)
    return values


def test_p01_neighbourhood_signal_is_recorded_and_listed(as_employee, worker):
    client = as_employee(worker)
    page = client.get(NEIGHBOURHOOD_URL).content.decode()
    assert "Een buurtsignaal bevat geen persoonsgegevens" in page
    assert "Er zijn nog geen buurtsignalen vastgelegd." in page
    response = client.post(NEIGHBOURHOOD_URL, neighbourhood_input())
    assert response.status_code == 302
    signal = NeighbourhoodSignal.objects.get()
    assert (signal.neighbourhood, signal.kind) == ("Rivierenwijk", "opportunity")
    assert signal.recorded_by == worker.actor_ref
    body = client.get(NEIGHBOURHOOD_URL).content.decode()
    assert "Het buurtsignaal is vastgelegd." in body
    assert "Rivierenwijk" in body


def test_neighbourhood_signal_bad_input_stores_nothing(as_employee, worker):
    client = as_employee(worker)
    empty = client.post(NEIGHBOURHOOD_URL, neighbourhood_input(neighbourhood="", kind="x"))
    assert "Dit veld is verplicht." in empty.content.decode()
    assert "Kies een geldige waarde." in empty.content.decode()
    future = local(timezone.now() + dt.timedelta(days=2))
    response = client.post(NEIGHBOURHOOD_URL, neighbourhood_input(received_at=future))
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert NeighbourhoodSignal.objects.count() == 0


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_neighbourhood_signals_are_for_casework_roles(as_employee, db, role):
    client = as_employee(factories.employee(role=role))
    assert client.get(NEIGHBOURHOOD_URL).status_code == 403
    assert client.post(NEIGHBOURHOOD_URL, neighbourhood_input()).status_code == 403
    assert NeighbourhoodSignal.objects.count() == 0
