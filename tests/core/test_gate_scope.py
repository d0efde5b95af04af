"""P13 and P09: who reaches which resident, for every personal-data model and every role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.core.gate_builders import build, personal_data_models
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.errors import GateRefused
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import Assignment, Role
from zorgvuldig.staff.services import assignment_create, declaration_revoke

MODELS = personal_data_models()
pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(support, north, south):
    """A resident assigned to one case worker of Team Noord, and everyone around them."""
    people = {
        "assigned_worker": factories.employee(team_obj=north),
        "colleague_same_team": factories.employee(team_obj=north),
        "lead_same_team": factories.employee(role=Role.TEAM_LEAD, team_obj=north),
        "worker_other_team": factories.employee(team_obj=south),
        "lead_other_team": factories.employee(role=Role.TEAM_LEAD, team_obj=south),
        "privacy_officer": factories.employee(role=Role.PRIVACY_OFFICER),
        "administrator": factories.employee(role=Role.ADMINISTRATOR),
    }
    resident = factories.resident(assign_to=people["assigned_worker"])
    return people, resident


# Who sees a resident assigned to one worker: that worker and their team lead. Nobody else.
EXPECTED = {
    "assigned_worker": True,
    "colleague_same_team": False,
    "lead_same_team": True,
    "worker_other_team": False,
    "lead_other_team": False,
    "privacy_officer": False,
    "administrator": False,
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_p13_need_to_know_per_role_and_model(cast, support, role, model):
    people, resident = cast
    row = build(model, resident, support)
    with processing(actor=people[role], purpose=support):
        visible = list(model.objects.all())
        found = model.objects.filter(pk=row.pk).exists()
    assert (row in visible) is EXPECTED[role]
    assert found is EXPECTED[role]
    if not EXPECTED[role]:
        assert visible == [], "no foreign rows in lists"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_p13_unassigned_get_answers_like_missing_and_logs_refusal(cast, support, model):
    people, resident = cast
    row = build(model, resident, support)
    outsider = people["worker_other_team"]
    with processing(actor=outsider, purpose=support):
        with pytest.raises(model.DoesNotExist) as hidden:
            model.objects.get(pk=row.pk)
        with pytest.raises(model.DoesNotExist) as missing:
            model.objects.get(pk=row.pk + 10_000)
    assert type(hidden.value) is type(missing.value)
    assert str(hidden.value) == str(missing.value)
    refused = ProcessingLogRecord.objects.filter(actor_ref=outsider.actor_ref, status="refused")
    assert list(refused.values_list("reason_code", "subject_ref")) == [
        ("need_to_know", subject_ref(resident.pk))
    ]


def test_p13_team_assignment_reaches_every_team_member(support, north, south):
    member = factories.employee(team_obj=north)
    outsider = factories.employee(team_obj=south)
    resident = factories.resident(team_obj=north)
    with processing(actor=member, purpose=support):
        assert list(Resident.objects.all()) == [resident]
    with processing(actor=outsider, purpose=support):
        assert list(Resident.objects.all()) == []


def test_p13_assignment_is_bound_to_its_purpose(support, worker):
    other_purpose = factories.activity("buurtbemiddeling")
    factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=other_purpose):
        assert list(Resident.objects.all()) == []


def test_p13_ended_assignment_no_longer_gives_access(support, worker):
    resident = factories.resident(assign_to=worker)
    Assignment.objects.filter(employee=worker).update(
        valid_until=timezone.now() - dt.timedelta(minutes=1)
    )
    with processing(actor=worker, purpose=support):
        assert not Resident.objects.filter(pk=resident.pk).exists()


def test_p13_future_assignment_does_not_give_access_yet(support, worker):
    resident = factories.resident()
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        employee=worker,
    )
    Assignment.objects.filter(employee=worker).update(
        valid_from=timezone.now() + dt.timedelta(days=1)
    )
    with processing(actor=worker, purpose=support):
        assert list(Resident.objects.all()) == []


def test_p13_select_related_from_plain_model_cannot_reach_foreign_resident(
    support, worker, other_worker
):
    factories.resident(assign_to=worker)
    with processing(actor=other_worker, purpose=support), pytest.raises(GateRefused) as exc:
        list(Assignment.objects.select_related("resident"))
    assert exc.value.code == "need_to_know"


def test_p13_relation_traversal_inside_context_is_scoped(support, worker, other_worker):
    factories.resident(assign_to=worker)
    assignment = Assignment.objects.get(employee=worker)
    with processing(actor=other_worker, purpose=support), pytest.raises(Resident.DoesNotExist):
        _ = assignment.resident
    assignment = Assignment.objects.get(employee=worker)
    with processing(actor=worker, purpose=support):
        assert assignment.resident.pk == assignment.resident_id


def test_p13_worker_cannot_write_data_of_unassigned_resident(support, worker, other_worker):
    from zorgvuldig.people.models import DataSource

    resident = factories.resident(assign_to=worker)
    with processing(actor=other_worker, purpose=support), pytest.raises(GateRefused):
        DataSource(
            resident_id=resident.pk, field_name="phone", kind="resident", activity=support
        ).save()
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        assert not DataSource.objects.filter(field_name="phone").exists()


def test_p13_only_casework_roles_register_residents(support):
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    with processing(actor=officer, purpose=support), pytest.raises(GateRefused) as exc:
        Resident(given_names="A", surname="B").save()
    assert exc.value.code == "role_not_allowed"


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("no_declaration", "no_confidentiality_declaration"),
        ("revoked", "no_confidentiality_declaration"),
        ("old_version", "no_confidentiality_declaration"),
        ("inactive", "actor_inactive"),
    ],
)
def test_p09_staff_without_current_declaration_or_inactive_reach_nothing(
    support, north, setup, code, settings
):
    declared = setup not in ("no_declaration",)
    employee = factories.employee(team_obj=north, declared=declared)
    factories.resident(assign_to=employee)
    if setup == "revoked":
        declaration_revoke(employee=employee)
    if setup == "old_version":
        settings.CONFIDENTIALITY_DECLARATION_VERSION = "2099-1"
    if setup == "inactive":
        employee.user.is_active = False
        employee.user.save()
    with pytest.raises(GateRefused) as exc, processing(actor=employee, purpose=support):
        pass
    assert exc.value.code == code
    record = ProcessingLogRecord.objects.get(actor_ref=employee.actor_ref)
    assert (record.status, record.reason_code) == ("refused", code)


def test_p08_work_recorded_under_one_purpose_is_not_reachable_under_another(support, worker):
    """Purpose limitation: assigned under both purposes, a note of one is absent in the other."""
    from zorgvuldig.casework.models import Note
    from zorgvuldig.casework.services.notes import note_write

    signals = factories.activity("signalen")
    resident = factories.resident(assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=signals,
        employee=worker,
    )
    with processing(actor=worker, purpose=support):
        resident = Resident.objects.get(pk=resident.pk)
        note = note_write(
            actor=worker,
            purpose=support,
            resident=resident,
            occurred_on=timezone.localdate(),
            kind="phone",
            text="Over schulden",
        )
    with processing(actor=worker, purpose=signals):
        assert list(Note.objects.all()) == []
        with pytest.raises(Note.DoesNotExist):
            Note.objects.get(pk=note.pk)
    with processing(actor=worker, purpose=support):
        assert list(Note.objects.all()) == [note]
    refused = ProcessingLogRecord.objects.get(actor_ref=worker.actor_ref, status="refused")
    assert refused.reason_code == "wrong_purpose"


def test_p13_get_excluded_by_own_filter_is_plain_not_found(support, worker):
    """A row the actor may see, left out by the caller's filter, is 'not found', not refused."""
    first = factories.resident(assign_to=worker)
    second = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support), pytest.raises(Resident.DoesNotExist):
        Resident.objects.filter(pk=first.pk).get(public_id=second.public_id)
    assert not ProcessingLogRecord.objects.filter(status="refused").exists()
