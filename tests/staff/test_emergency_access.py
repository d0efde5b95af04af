"""P13/P14: break-the-glass emergency access -- a reason, a time limit, a log record, no hints."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.core.errors import GateRefused, NotFound, ValidationFailed
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.oversight.alerts import review as alert_reviews
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.alerts.review import alert_review
from zorgvuldig.oversight.models import Alert, AlertKind, AlertStatus
from zorgvuldig.people.emergency import (
    EmergencyAccessNotNeeded,
    ResidentNotIdentified,
    emergency_access_open,
)
from zorgvuldig.people.models import Resident
from zorgvuldig.people.selectors import resident_get, resident_list
from zorgvuldig.staff.emergency import emergency_access_end, emergency_access_end_by_review
from zorgvuldig.staff.models import EmergencyAccess, Role
from zorgvuldig.staff.selectors import activities_for_employee, employee_for_user
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db

REASON = "Buurvrouw belt: meneer reageert niet op de deur, zijn vaste hulpverlener is ziek."


@pytest.fixture
def stranger(other_worker):
    """A resident of another team: not in the reach of ``worker``."""
    return factories.resident(assign_to=other_worker, birth_date="1950-03-04")


@pytest.fixture
def bsn_activity(db):
    return factories.activity(
        "wmo-toegang",
        categories=[factories.category("naw"), factories.category("bsn", is_bsn=True)],
        bsn_legal_basis="Wmo 2015, art. 5.2.1",
    )


def _open(employee, resident, *, purpose="hulptrajecten", reason=REASON, **identification):
    if not identification:
        identification = {"surname": resident.surname, "birth_date": resident.birth_date}
    return emergency_access_open(
        employee=employee, purpose=purpose, reason=reason, **identification
    )


def _can_open_file(employee, resident, purpose="hulptrajecten") -> bool:
    with processing(actor=employee, purpose=purpose):
        try:
            resident_get(actor=employee, purpose=purpose, public_id=resident.public_id)
        except NotFound:
            return False
        return True


def _records(**filters):
    return ProcessingLogRecord.objects.filter(**filters)


# -- the reason -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "Nood.", "x" * 19, "x" * 1001])
def test_p13_emergency_access_requires_a_reason(support, worker, stranger, reason):
    with pytest.raises(ValidationFailed) as caught:
        _open(worker, stranger, reason=reason)

    assert set(caught.value.fields) == {"reason"}
    assert not EmergencyAccess.objects.exists()
    assert not _records(action="emergency_access").exists()
    assert not _can_open_file(worker, stranger)


def test_p13_identification_needs_surname_and_birth_date_or_bsn(support, worker, stranger):
    with pytest.raises(ValidationFailed) as caught:
        emergency_access_open(employee=worker, purpose="hulptrajecten", reason=REASON)

    assert set(caught.value.fields) == {"surname", "birth_date"}
    assert not EmergencyAccess.objects.exists()


# -- the time limit -------------------------------------------------------------------------------


def test_p13_emergency_access_opens_the_file_for_a_limited_time(
    support, worker, stranger, settings
):
    settings.EMERGENCY_ACCESS_MINUTES = 30
    assert not _can_open_file(worker, stranger)

    opened = _open(worker, stranger)

    access = opened.access
    assert opened.resident_public_id == stranger.public_id
    assert access.reason == REASON
    assert access.expires_at - access.started_at == dt.timedelta(minutes=30)
    assert _can_open_file(worker, stranger)
    with time_machine.travel(access.expires_at - dt.timedelta(seconds=1), tick=False):
        assert _can_open_file(worker, stranger)
    with time_machine.travel(access.expires_at, tick=False):
        assert not _can_open_file(worker, stranger)
        assert not EmergencyAccess.objects.active().exists()
    with time_machine.travel(access.expires_at + dt.timedelta(days=1), tick=False):
        assert not _can_open_file(worker, stranger)


def test_p13_emergency_access_is_for_one_purpose_only(support, worker, other_worker):
    other = factories.activity("buurtbemiddeling")
    resident = factories.resident(assign_to=other_worker, birth_date="1960-01-01")
    # The same resident is known under the other purpose too.
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=other,
        employee=other_worker,
    )

    _open(worker, resident)

    assert _can_open_file(worker, resident, "hulptrajecten")
    assert not _can_open_file(worker, resident, "buurtbemiddeling")


def test_p13_ending_early_closes_the_file(support, worker, other_worker, stranger):
    access = _open(worker, stranger).access
    with pytest.raises(NotFound):
        emergency_access_end(employee=other_worker, access_id=access.pk)
    with pytest.raises(NotFound):
        emergency_access_end(employee=worker, access_id="niet-een-getal")

    ended = emergency_access_end(employee=worker, access_id=access.pk)

    assert ended.ended_at is not None
    assert not _can_open_file(worker, stranger)
    with pytest.raises(NotFound):  # ending twice: it is no longer active
        emergency_access_end(employee=worker, access_id=access.pk)


# -- the processing log ---------------------------------------------------------------------------


def test_p14_emergency_access_writes_an_emergency_log_record(support, worker, stranger):
    access = _open(worker, stranger).access

    record = _records(action="emergency_access").get()
    assert record.status == "ok"
    assert record.emergency is True
    assert record.actor_ref == worker.actor_ref
    assert record.actor_role == Role.CASE_WORKER
    assert record.subject_ref == subject_ref(stranger.pk)
    assert record.object_type == "staff.emergencyaccess"
    assert record.activity_version_id == support.current_version_id
    assert record.reason_code == ""
    # The reason is free text and stays in the grant: nothing of it reaches the log.
    row = " ".join(str(v) for v in _records(pk=record.pk).values()[0].values())
    assert "Buurvrouw" not in row and access.reason not in row


def test_p14_reads_under_emergency_access_are_marked_emergency(support, worker, stranger):
    own = factories.resident(assign_to=worker)
    _open(worker, stranger)

    with processing(actor=worker, purpose=support):
        listed = {r.pk for r in resident_list(actor=worker, purpose=support)}

    assert listed == {own.pk, stranger.pk}
    reads = _records(actor_ref=worker.actor_ref, action="read", status="ok")
    assert reads.get(subject_ref=subject_ref(stranger.pk)).emergency is True
    assert reads.get(subject_ref=subject_ref(own.pk)).emergency is False


def test_p14_writes_under_emergency_access_are_marked_emergency(support, worker, stranger):
    _open(worker, stranger)

    with processing(actor=worker, purpose=support):
        resident = resident_get(actor=worker, purpose=support, public_id=stranger.public_id)
        note_write(
            actor=worker,
            purpose=support,
            resident=resident,
            occurred_on=timezone.localdate(),
            kind="phone",
            text="Gebeld met de buurvrouw; huisarts ingeschakeld.",
        )

    created = _records(actor_ref=worker.actor_ref, action="create", object_type="casework.note")
    assert created.get().emergency is True


def test_p14_a_resident_also_assigned_is_not_an_emergency(support, worker, stranger):
    _open(worker, stranger)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=stranger.pk,
        activity=support,
        employee=worker,
    )

    assert worker.emergency_resident_ids(support) == set()
    with processing(actor=worker, purpose=support):
        resident_get(actor=worker, purpose=support, public_id=stranger.public_id)
    read = _records(actor_ref=worker.actor_ref, action="read").get()
    assert read.emergency is False


# -- the lookup -----------------------------------------------------------------------------------


def test_p13_lookup_gives_no_hint_whether_a_resident_exists(support, worker, other_worker):
    twin_a = factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    factories.resident(assign_to=other_worker, surname="Bakker", birth_date="1970-05-05")
    unknown_here = factories.resident(purpose="buurtbemiddeling", assign_to=other_worker)

    answers = []
    for surname, born in [
        ("Nergens", "1970-05-05"),  # nobody
        ("Bakker", "1970-05-05"),  # two people
        (unknown_here.surname, unknown_here.birth_date),  # exists, not under this purpose
    ]:
        with pytest.raises(ResidentNotIdentified) as caught:
            _open(worker, twin_a, surname=surname, birth_date=born)
        answers.append((caught.value.code, caught.value.message, caught.value.fields))

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == "resident_not_identified"
    assert "Geen eenduidige inwoner gevonden" in answers[0][1]
    assert not EmergencyAccess.objects.exists()
    refusals = _records(status="refused", reason_code="resident_not_identified")
    assert refusals.count() == 3
    assert set(refusals.values_list("on_behalf_of_ref", flat=True)) == {worker.actor_ref}
    assert set(refusals.values_list("subject_ref", flat=True)) == {""}


def test_p13_lookup_runs_through_the_gate_as_a_named_system_actor(support, worker, stranger):
    _open(worker, stranger)

    lookup = _records(actor_ref="system:emergency-lookup", action="read", status="ok").get()
    assert lookup.on_behalf_of_ref == worker.actor_ref
    assert lookup.subject_ref == subject_ref(stranger.pk)
    assert lookup.activity_version_id == support.current_version_id


def test_p13_surname_matches_with_or_without_its_prefix(support, worker, other_worker):
    resident = factories.resident(
        assign_to=other_worker, surname_prefix="van der", surname="Berg", birth_date="1980-02-29"
    )

    for typed in ("van der Berg", "VAN DER BERG", "Berg", "  van  der   berg "):
        opened = _open(worker, resident, surname=typed, birth_date="1980-02-29")
        assert opened.resident_public_id == resident.public_id
        emergency_access_end(employee=worker, access_id=opened.access.pk)
    with pytest.raises(ResidentNotIdentified):
        _open(worker, resident, surname="der Berg", birth_date="1980-02-29")
    with pytest.raises(ResidentNotIdentified):
        _open(worker, resident, surname="van der Berg", birth_date="1980-02-28")


def test_p13_bsn_lookup_only_under_a_purpose_that_uses_the_bsn(
    support, bsn_activity, worker, other_worker
):
    bsn = factories.fake_bsn()
    resident = factories.resident(purpose="wmo-toegang", assign_to=other_worker, bsn=bsn)

    with pytest.raises(ValidationFailed) as caught:
        _open(worker, resident, purpose="hulptrajecten", bsn=bsn)
    assert set(caught.value.fields) == {"bsn"}
    with pytest.raises(ValidationFailed) as caught:
        _open(worker, resident, purpose="wmo-toegang", bsn="123456789")  # fails the 11-test
    assert set(caught.value.fields) == {"bsn"}

    opened = _open(worker, resident, purpose="wmo-toegang", bsn=f"{bsn[:4]} {bsn[4:]}")

    assert opened.resident_public_id == resident.public_id
    assert _can_open_file(worker, resident, "wmo-toegang")


def test_p13_every_datum_given_must_match(support, bsn_activity, worker, other_worker):
    bsn = factories.fake_bsn()
    resident = factories.resident(
        purpose="wmo-toegang", assign_to=other_worker, bsn=bsn, birth_date="1990-01-01"
    )

    with pytest.raises(ResidentNotIdentified):
        _open(worker, resident, purpose="wmo-toegang", bsn=bsn, birth_date="1990-01-02")


# -- who may break the glass ----------------------------------------------------------------------


def test_p09_employee_without_declaration_cannot_break_the_glass(support, north, stranger):
    undeclared = factories.employee(team_obj=north, declared=False)

    with pytest.raises(GateRefused) as caught:
        _open(undeclared, stranger)

    assert caught.value.code == "no_confidentiality_declaration"
    assert not _records(actor_ref="system:emergency-lookup").exists()
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.ADMINISTRATOR])
def test_p13_only_casework_roles_break_the_glass(support, stranger, role):
    officer = factories.employee(role=role)

    with pytest.raises(GateRefused) as caught:
        _open(officer, stranger)

    assert caught.value.code == "role_not_allowed"
    assert _records(actor_ref=officer.actor_ref, status="refused").get().reason_code == (
        "role_not_allowed"
    )
    assert not _records(actor_ref="system:emergency-lookup").exists()
    assert not EmergencyAccess.objects.exists()


def test_p13_team_lead_may_break_the_glass_outside_the_team(support, south, stranger):
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=factories.team("Team West"))

    _open(lead, stranger)

    assert _can_open_file(lead, stranger)


def test_p13_no_emergency_access_when_already_assigned(support, worker, north):
    own = factories.resident(assign_to=worker)
    teams = factories.resident(team_obj=north)

    for resident in (own, teams):
        with pytest.raises(EmergencyAccessNotNeeded) as caught:
            _open(worker, resident)
        assert caught.value.code == "emergency_access_not_needed"
        assert caught.value.resident_public_id == resident.public_id
    assert not EmergencyAccess.objects.exists()
    assert not _records(action="emergency_access").exists()


def test_p13_no_second_grant_while_one_is_active(support, worker, stranger):
    _open(worker, stranger)

    with pytest.raises(EmergencyAccessNotNeeded) as caught:
        _open(worker, stranger)

    assert caught.value.code == "emergency_access_already_active"
    assert EmergencyAccess.objects.count() == 1
    assert _records(action="emergency_access").count() == 1


# -- the scope ------------------------------------------------------------------------------------


def test_p13_emergency_access_counts_on_the_dashboard(support, worker, stranger):
    assert activities_for_employee(employee=worker) == []

    _open(worker, stranger)

    (activity,) = activities_for_employee(employee=worker)
    assert activity.code == "hulptrajecten"
    assert activity.resident_count == 1


def test_p13_employee_loaded_for_a_request_knows_whether_a_grant_is_active(
    support, worker, stranger
):
    plain = employee_for_user(worker.user)
    assert plain.may_have_emergency_access() is False
    assert "UNION" not in plain.resident_scope_sql(support)[0]
    assert plain.emergency_resident_ids(support) == set()

    opened = emergency_access_open(
        employee=plain,
        purpose="hulptrajecten",
        reason=REASON,
        surname=stranger.surname,
        birth_date=stranger.birth_date,
    )

    # The grant made in this request is seen at once (the employee object was told) ...
    assert plain.may_have_emergency_access() is True
    assert plain.emergency_resident_ids(support) == {stranger.pk}
    # ... and by the next request's employee.
    again = employee_for_user(worker.user)
    assert again.may_have_emergency_access() is True
    sql, params = again.resident_scope_sql(support)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert {row[0] for row in cursor.fetchall()} == {stranger.pk}
    emergency_access_end(employee=again, access_id=opened.access.pk)
    assert employee_for_user(worker.user).may_have_emergency_access() is False


def test_p13_erasing_the_resident_removes_the_grant(support, worker, stranger):
    _open(worker, stranger)

    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        Resident.objects.get(pk=stranger.pk).delete()

    assert not EmergencyAccess.objects.exists()


def test_p13_grant_cannot_end_before_it_starts(support, worker, stranger):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        EmergencyAccess.objects.create(
            employee=worker,
            resident_id=stranger.pk,
            activity=support,
            reason=REASON,
            started_at=now,
            expires_at=now,
        )


# -- the review (P14) -----------------------------------------------------------------------------

NOT_JUSTIFIED_NOTE = "Geen spoed: de eigen hulpverlener was die dag bereikbaar."


def _alert_about(access) -> Alert:
    run_rules()
    return Alert.objects.get(kind=AlertKind.EMERGENCY_ACCESS, emergency_access=access)


def _judge(reviewer, alert, decision=AlertStatus.NOT_JUSTIFIED):
    note = NOT_JUSTIFIED_NOTE if decision == AlertStatus.NOT_JUSTIFIED else ""
    return alert_review(reviewer=reviewer, pk=alert.pk, decision=decision, note=note)


def test_p14_not_justified_review_ends_the_emergency_access(support, worker, stranger, team_lead):
    access = _open(worker, stranger).access
    alert = _alert_about(access)

    reviewed = _judge(team_lead, alert)

    access.refresh_from_db()
    assert access.ended_at is not None
    assert access.ended_at == reviewed.reviewed_at
    assert not EmergencyAccess.objects.active().exists()
    assert alert_reviews.grant_ended_by_review(reviewed)


def test_p13_resident_out_of_the_workers_scope_after_a_not_justified_review(
    support, worker, stranger, team_lead
):
    access = _open(worker, stranger).access
    assert _can_open_file(worker, stranger)

    _judge(team_lead, _alert_about(access))

    assert not _can_open_file(worker, stranger)
    assert not _can_open_file(employee_for_user(worker.user), stranger)  # the next request
    assert worker.emergency_resident_ids(support) == set()


def test_p14_justified_review_leaves_the_emergency_access_running(
    support, worker, stranger, team_lead
):
    access = _open(worker, stranger).access

    _judge(team_lead, _alert_about(access), AlertStatus.JUSTIFIED)

    access.refresh_from_db()
    assert access.ended_at is None
    assert _can_open_file(worker, stranger)


def test_p14_review_leaves_a_grant_that_already_ended_as_it_was(
    support, worker, stranger, team_lead
):
    access = _open(worker, stranger).access
    alert = _alert_about(access)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5), tick=False):
        ended_at = emergency_access_end(employee=worker, access_id=access.pk).ended_at
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10), tick=False):
        reviewed = _judge(team_lead, alert)

    access.refresh_from_db()
    assert access.ended_at == ended_at
    assert not alert_reviews.grant_ended_by_review(reviewed)
    assert emergency_access_end_by_review(access=access, reviewer=team_lead) is None


def test_p14_ending_by_review_is_part_of_the_review_transaction(
    support, worker, stranger, team_lead, monkeypatch
):
    access = _open(worker, stranger).access
    alert = _alert_about(access)

    def failing_end(**kwargs):
        raise IntegrityError("could not end the grant")

    monkeypatch.setattr(alert_reviews, "emergency_access_end_by_review", failing_end)
    with pytest.raises(IntegrityError):
        _judge(team_lead, alert)

    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN  # no judgement without the grant ended
    assert _can_open_file(worker, stranger)
