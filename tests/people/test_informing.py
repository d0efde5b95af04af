"""P07 and P06: data from others and processing on interest grounds create informing tasks with
the Art. 14(3) deadline; completing them records how, or which Art. 14(5) exception applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.casework.services.signals import signal_register
from zorgvuldig.core.dates import add_months
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.informing import (
    informing_complete,
    informing_exempt,
    informing_overdue_summary,
    informing_record_contact,
)
from zorgvuldig.people.models import InformingTask, Resident
from zorgvuldig.people.services import resident_register
from zorgvuldig.registry.models import LawfulGround

pytestmark = pytest.mark.django_db
PERSON = {"given_names": "Sanne", "surname": "de Vries"}


def _tasks(purpose, **filters):
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return list(InformingTask.objects.filter(**filters).order_by("id"))


@pytest.fixture
def contract(db):
    return factories.activity("vrijwilligers", ground=LawfulGround.CONTRACT)


def test_p07_third_party_source_opens_task_due_within_a_month(contract, worker):
    before = timezone.now()
    resident_register(
        actor=worker, purpose=contract, data=PERSON, source_kind="referrer", source_name="huisarts"
    )
    [task] = _tasks(contract)
    assert task.reason == "source"
    assert task.source_description.endswith("huisarts")
    assert task.status == "open"
    assert add_months(before, 1) <= task.deadline <= add_months(timezone.now(), 1)


def test_p07_data_from_the_resident_on_a_contract_needs_no_task(contract, worker):
    resident_register(actor=worker, purpose=contract, data=PERSON)
    assert _tasks(contract) == []


def test_p06_interest_grounds_open_an_informing_task(support, worker):
    resident_register(actor=worker, purpose=support, data=PERSON)
    [task] = _tasks(support)
    assert task.reason == "interest"


def test_p07_signal_from_a_neighbour_opens_task_from_when_it_was_received(worker):
    signals = factories.activity("signalen")
    resident = factories.resident(purpose="signalen", assign_to=worker)
    received = timezone.now() - dt.timedelta(days=40)
    with processing(actor=worker, purpose=signals):
        resident = Resident.objects.get(pk=resident.pk)
        signal_register(
            actor=worker,
            purpose=signals,
            resident=resident,
            kind="problem",
            description="Post stapelt zich op",
            reporter_kind="neighbour",
            channel="phone",
            received_at=received,
        )
    [task] = _tasks(signals, reason="source")
    assert task.deadline == add_months(received, 1)
    assert task.deadline < timezone.now(), "overdue: obtained 40 days ago"
    assert [row["count"] for row in informing_overdue_summary()] == [1]


def test_p07_first_contact_brings_the_deadline_forward(contract, worker):
    resident_register(
        actor=worker,
        purpose=contract,
        data=PERSON,
        source_kind="third_party",
        source_name="buurman",
    )
    [task] = _tasks(contract)
    contact = task.obtained_at + dt.timedelta(minutes=1)
    with processing(actor=worker, purpose=contract):
        task = InformingTask.objects.get(pk=task.pk)
        informing_record_contact(
            actor=worker, purpose=contract, task=task, first_contact_at=contact
        )
    assert _tasks(contract)[0].deadline == contact


def _open_task(contract, worker):
    resident_register(
        actor=worker,
        purpose=contract,
        data=PERSON,
        source_kind="third_party",
        source_name="buurman",
    )
    with processing(actor=worker, purpose=contract):
        return InformingTask.objects.get()


def test_p07_informing_is_recorded_with_how_and_when(contract, worker):
    task = _open_task(contract, worker)
    with processing(actor=worker, purpose=contract):
        informing_complete(
            actor=worker, purpose=contract, task=task, informed_at=timezone.now(), method="letter"
        )
    [done] = _tasks(contract)
    assert (done.status, done.method, done.completed_by) == ("informed", "letter", worker.actor_ref)
    with pytest.raises(ValidationFailed), processing(actor=worker, purpose=contract):
        informing_complete(
            actor=worker, purpose=contract, task=done, informed_at=timezone.now(), method="letter"
        )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("informed_at", {"informed_at": timezone.now() + dt.timedelta(days=3), "method": "letter"}),
        ("informed_at", {"informed_at": timezone.now() - dt.timedelta(days=3), "method": "letter"}),
        ("method", {"informed_at": timezone.now(), "method": "duif"}),
    ],
)
def test_p07_meaningless_informing_input_is_refused(contract, worker, field, kwargs):
    task = _open_task(contract, worker)
    with pytest.raises(ValidationFailed) as exc, processing(actor=worker, purpose=contract):
        informing_complete(actor=worker, purpose=contract, task=task, **kwargs)
    assert field in exc.value.fields
    assert _tasks(contract)[0].status == "open"


def test_p07_art14_5_exception_needs_a_reason(contract, worker):
    task = _open_task(contract, worker)
    with pytest.raises(ValidationFailed) as exc, processing(actor=worker, purpose=contract):
        informing_exempt(actor=worker, purpose=contract, task=task, exemption="d", reason="")
    assert "exemption_reason" in exc.value.fields
    with processing(actor=worker, purpose=contract):
        informing_exempt(
            actor=worker,
            purpose=contract,
            task=task,
            exemption="d",
            reason="Beroepsgeheim: melding van huisarts over mogelijk geweld",
        )
    [done] = _tasks(contract)
    assert (done.status, done.exemption) == ("exempted", "d")


def test_p07_earlier_obtained_data_moves_an_open_task_forward(worker):
    signals = factories.activity("signalen")
    resident_register(
        actor=worker, purpose=signals, data=PERSON, source_kind="third_party", source_name="buurman"
    )
    [task] = _tasks(signals, reason="source")
    received = timezone.now() - dt.timedelta(days=20)
    with processing(actor=worker, purpose=signals):
        resident = Resident.objects.get()
        signal_register(
            actor=worker,
            purpose=signals,
            resident=resident,
            kind="problem",
            description="Zorgen",
            reporter_kind="gp",
            channel="phone",
            received_at=received,
        )
    [moved] = _tasks(signals, reason="source")
    assert moved.pk == task.pk
    assert moved.deadline == add_months(received, 1)
