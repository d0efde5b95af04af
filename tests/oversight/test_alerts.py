"""P14: snooping rules over the processing log raise alerts for review.

Every log record here is made by processing through the gate (``alerts_data.read``), except the
emergency-access grant, which is written with ``log_writes`` as its service does.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from tests import factories
from tests.oversight.alerts_data import (
    OFFICE,
    SATURDAY_NIGHT,
    alerts,
    break_the_glass,
    emergency_access,
    failed_lookup,
    monitoring_activity,
    read,
)
from zorgvuldig.audit.selectors import log_for_actor
from zorgvuldig.core import gate
from zorgvuldig.core.errors import GateLogFailure
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.oversight.alerts import rules_relations, run_rules
from zorgvuldig.oversight.alerts.review import alert_review, alerts_for_reviewer
from zorgvuldig.oversight.models import AlertCursor, AlertKind, AlertStatus, EmployeeHomeAddress
from zorgvuldig.staff.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(OFFICE, tick=False)


def _named(employee, last_name: str):
    employee.user.last_name = last_name
    employee.user.save()
    return employee


# -- emergency access ---------------------------------------------------------------------------


def test_p14_emergency_access_record_alerts_until_reviewed(support, worker, team_lead):
    resident = factories.resident()
    emergency_access(worker, resident)

    made = run_rules()

    assert made[AlertKind.EMERGENCY_ACCESS] == 1
    alert = alerts(AlertKind.EMERGENCY_ACCESS).get()
    assert alert.status == AlertStatus.OPEN
    assert alert.employee == worker
    assert alert.team == worker.team
    assert alert.activity == support
    assert alert.subject_ref == subject_ref(resident.pk)
    assert run_rules()[AlertKind.EMERGENCY_ACCESS] == 0
    assert alerts(AlertKind.EMERGENCY_ACCESS, status=AlertStatus.OPEN).count() == 1

    alert_review(reviewer=team_lead, pk=alert.pk, decision=AlertStatus.JUSTIFIED, note="")
    emergency_access(worker, resident)  # a new grant is a new alert, even after a review
    assert run_rules()[AlertKind.EMERGENCY_ACCESS] == 1
    assert alerts(AlertKind.EMERGENCY_ACCESS, status=AlertStatus.OPEN).count() == 1


def test_p14_emergency_alert_is_linked_to_its_grant(support, worker, other_worker):
    first, second = (factories.resident(assign_to=other_worker) for _ in range(2))
    grant_first = break_the_glass(worker, first)
    grant_second = break_the_glass(worker, second)  # the same moment (the clock stands still)

    run_rules()

    by_resident = {a.subject_ref: a for a in alerts(AlertKind.EMERGENCY_ACCESS)}
    assert by_resident[subject_ref(first.pk)].emergency_access == grant_first
    assert by_resident[subject_ref(second.pk)].emergency_access == grant_second


def test_p14_emergency_record_without_a_matching_grant_still_alerts(support, worker):
    emergency_access(worker, factories.resident())  # a record, but no grant behind it

    assert run_rules()[AlertKind.EMERGENCY_ACCESS] == 1
    assert alerts(AlertKind.EMERGENCY_ACCESS).get().emergency_access is None


def test_p14_emergency_alerts_of_before_the_upgrade_are_linked_by_the_migration(
    support, worker, other_worker
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "zorgvuldig.oversight.migrations.0002_alert_emergency_access"
    )
    grant = break_the_glass(worker, factories.resident(assign_to=other_worker))
    run_rules()
    alerts(AlertKind.EMERGENCY_ACCESS).update(emergency_access=None)

    migration.link_emergency_alerts(apps, None)

    assert alerts(AlertKind.EMERGENCY_ACCESS).get().emergency_access == grant


def test_p14_ordinary_reads_raise_no_alert(support, worker):
    read(worker, [factories.resident(assign_to=worker) for _ in range(3)])

    assert sum(run_rules().values()) == 0
    assert not alerts().exists()


# -- failed emergency lookups ---------------------------------------------------------------------


def test_p14_repeated_failed_emergency_lookups_raise_one_alert_per_day(
    support, worker, time_machine
):
    failed_lookup(worker)
    failed_lookup(worker)
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0  # two may be typing errors

    failed_lookup(worker)
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 1
    alert = alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS).get()
    assert alert.get_kind_display() == "Herhaald mislukte noodtoegang"
    assert (alert.actor_ref, alert.employee, alert.team) == (
        worker.actor_ref,
        worker,
        worker.team,
    )
    assert (alert.key, alert.count, alert.subject_ref) == ("day:2026-03-04", 3, "")
    assert alert.activity == support

    failed_lookup(worker)  # the same day: joins the open alert
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0
    assert alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS).get().count == 4

    time_machine.move_to(OFFICE + dt.timedelta(days=1), tick=False)
    for _ in range(3):
        failed_lookup(worker)
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 1
    assert alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS).count() == 2


def test_p14_failed_emergency_lookups_are_counted_per_employee(support, worker, other_worker):
    for employee in (worker, worker, other_worker, other_worker):
        failed_lookup(employee)
    break_the_glass(worker, factories.resident(assign_to=other_worker))  # a lookup that worked

    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0


def test_p14_failed_emergency_lookups_alert_is_idempotent(support, worker):
    for _ in range(3):
        failed_lookup(worker)
    # One record a batch: the day is counted from the log, not from the batch.
    assert run_rules(batch_size=1)[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 1
    snapshot = list(alerts().values_list("fingerprint", "count", "last_record_id"))

    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0
    AlertCursor.objects.all().delete()  # even from the start of the log again
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0
    assert list(alerts().values_list("fingerprint", "count", "last_record_id")) == snapshot


def test_p14_failed_emergency_lookups_after_a_review(support, worker, team_lead):
    for _ in range(3):
        failed_lookup(worker)
    run_rules()
    alert = alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS).get()
    alert_review(
        reviewer=team_lead, pk=alert.pk, decision=AlertStatus.NOT_JUSTIFIED, note="Gezocht."
    )

    failed_lookup(worker)  # one more is not yet "repeated" again
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 0
    failed_lookup(worker)
    failed_lookup(worker)
    assert run_rules()[AlertKind.FAILED_EMERGENCY_LOOKUPS] == 1
    assert alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS, status=AlertStatus.OPEN).get().count == 3


def test_p14_failed_emergency_lookups_go_to_the_team_lead_and_privacy_officer(
    support, worker, team_lead, privacy_officer, south
):
    for _ in range(3):
        failed_lookup(worker)
    run_rules()
    alert = alerts(AlertKind.FAILED_EMERGENCY_LOOKUPS).get()

    assert list(alerts_for_reviewer(reviewer=team_lead)) == [alert]
    assert list(alerts_for_reviewer(reviewer=privacy_officer)) == [alert]
    other_lead = factories.employee(role=Role.TEAM_LEAD, team_obj=south)
    assert list(alerts_for_reviewer(reviewer=other_lead)) == []


# -- bulk access --------------------------------------------------------------------------------


def test_p14_bulk_access_raises_one_alert(support, worker, settings, time_machine):
    settings.ALERT_BULK_RESIDENTS = 5
    residents = [factories.resident(assign_to=worker) for _ in range(8)]
    read(worker, residents[:4])
    time_machine.move_to(OFFICE + dt.timedelta(minutes=3), tick=False)
    read(worker, residents[4:])
    read(worker, residents)  # again: the same residents do not count twice

    assert run_rules()[AlertKind.BULK_ACCESS] == 1
    alert = alerts(AlertKind.BULK_ACCESS).get()
    assert alert.count == 8
    assert alert.subject_ref == ""
    assert alert.employee == worker
    assert alert.window_start == OFFICE
    assert alert.window_end == OFFICE + dt.timedelta(minutes=3)


def test_p14_bulk_access_grows_the_open_alert_across_runs(support, worker, settings, time_machine):
    settings.ALERT_BULK_RESIDENTS = 5
    residents = [factories.resident(assign_to=worker) for _ in range(10)]
    read(worker, residents[:6])
    assert run_rules()[AlertKind.BULK_ACCESS] == 1
    time_machine.move_to(OFFICE + dt.timedelta(minutes=5), tick=False)
    read(worker, residents[6:])

    assert run_rules()[AlertKind.BULK_ACCESS] == 0
    assert alerts(AlertKind.BULK_ACCESS).get().count == 10


def test_p14_bulk_access_after_a_review_is_a_new_alert(
    support, worker, team_lead, settings, time_machine
):
    settings.ALERT_BULK_RESIDENTS = 5
    residents = [factories.resident(assign_to=worker) for _ in range(6)]
    read(worker, residents)
    run_rules()
    alert = alerts(AlertKind.BULK_ACCESS).get()
    alert_review(reviewer=team_lead, pk=alert.pk, decision=AlertStatus.JUSTIFIED)

    time_machine.move_to(OFFICE + dt.timedelta(hours=2), tick=False)
    read(worker, residents)

    assert run_rules()[AlertKind.BULK_ACCESS] == 1
    assert alerts(AlertKind.BULK_ACCESS).count() == 2


def test_p14_reading_few_residents_or_spread_out_is_no_bulk(
    support, worker, settings, time_machine
):
    settings.ALERT_BULK_RESIDENTS = 5
    settings.ALERT_BULK_MINUTES = 10
    residents = [factories.resident(assign_to=worker) for _ in range(10)]
    read(worker, residents[:5])  # exactly the limit
    time_machine.move_to(OFFICE + dt.timedelta(minutes=11), tick=False)
    read(worker, residents[5:])  # five more, but outside the window

    assert run_rules()[AlertKind.BULK_ACCESS] == 0


# -- outside working hours ----------------------------------------------------------------------


def test_p14_access_outside_working_hours_alerts(support, worker, time_machine):
    residents = [factories.resident(assign_to=worker) for _ in range(2)]
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    read(worker, residents[:1])
    time_machine.move_to(SATURDAY_NIGHT + dt.timedelta(minutes=20), tick=False)
    read(worker, residents[1:])

    assert run_rules()[AlertKind.OUTSIDE_HOURS] == 1  # one per employee per day
    alert = alerts(AlertKind.OUTSIDE_HOURS).get()
    assert alert.key == "day:2026-03-07"
    assert alert.count == 2
    assert alert.subject_ref == ""

    time_machine.move_to(SATURDAY_NIGHT + dt.timedelta(hours=1), tick=False)  # 00:30, Sunday
    read(worker, residents)
    assert run_rules()[AlertKind.OUTSIDE_HOURS] == 1
    assert alerts(AlertKind.OUTSIDE_HOURS).count() == 2


def test_p14_working_hours_follow_the_setting_and_dutch_time(
    support, worker, settings, time_machine
):
    settings.ALERT_WORKING_HOURS = "mon-fri 07:00-19:00, sat 09:00-13:00"
    resident = factories.resident(assign_to=worker)
    # 10:30 on a Saturday in Amsterdam is 09:30 UTC: inside the Saturday hours.
    time_machine.move_to(dt.datetime(2026, 3, 7, 9, 30, tzinfo=dt.UTC), tick=False)
    read(worker, [resident])
    # 06:30 in Amsterdam on a Monday (05:30 UTC): before working hours.
    time_machine.move_to(dt.datetime(2026, 3, 9, 5, 30, tzinfo=dt.UTC), tick=False)
    read(worker, [resident])

    run_rules()
    assert list(alerts(AlertKind.OUTSIDE_HOURS).values_list("key", flat=True)) == ["day:2026-03-09"]


def test_p14_system_jobs_at_night_raise_nothing(support, time_machine):
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    factories.resident()  # the fixture actor registers a resident: a system job

    assert sum(run_rules().values()) == 0


# -- family, housemates, colleagues ---------------------------------------------------------------


def test_p14_family_surname_access_alerts(support, worker):
    monitoring_activity()
    _named(worker, "Van der  Berg")
    family = factories.resident(assign_to=worker, surname_prefix="van der", surname="Berg")
    other = factories.resident(assign_to=worker, surname="Berg")  # another name: no prefix
    read(worker, [family, other])

    made = run_rules()

    assert made[AlertKind.SHARED_SURNAME] == 1
    alert = alerts(AlertKind.SHARED_SURNAME).get()
    assert alert.subject_ref == subject_ref(family.pk)
    assert alert.employee == worker


def test_p14_shared_address_alerts(support, worker):
    monitoring_activity()
    EmployeeHomeAddress.objects.create(employee=worker, postcode="1234 ab", house_number="12 a")
    housemate = factories.resident(assign_to=worker, postcode="1234 AB", house_number="12A")
    neighbour = factories.resident(assign_to=worker, postcode="1234 AB", house_number="14")
    read(worker, [housemate, neighbour])

    assert run_rules()[AlertKind.SHARED_ADDRESS] == 1
    assert alerts(AlertKind.SHARED_ADDRESS).get().subject_ref == subject_ref(housemate.pk)


def test_p14_colleague_file_access_alerts(support, worker, other_worker):
    monitoring_activity()
    _named(other_worker, "Jansen")
    EmployeeHomeAddress.objects.create(employee=other_worker, postcode="9999 ZZ", house_number="1")
    colleague = factories.resident(
        assign_to=worker, surname="Jansen", postcode="9999 ZZ", house_number="1"
    )
    read(worker, [colleague])

    made = run_rules()

    assert made[AlertKind.COLLEAGUE_FILE] == 1
    alert = alerts(AlertKind.COLLEAGUE_FILE).get()
    assert alert.employee == worker
    assert alert.subject_ref == subject_ref(colleague.pk)
    assert made[AlertKind.SHARED_SURNAME] == made[AlertKind.SHARED_ADDRESS] == 0


def test_p14_own_file_is_a_shared_address_not_a_colleague_file(support, worker):
    monitoring_activity()
    _named(worker, "Jansen")
    EmployeeHomeAddress.objects.create(employee=worker, postcode="9999 ZZ", house_number="1")
    myself = factories.resident(
        assign_to=worker, surname="Jansen", postcode="9999 ZZ", house_number="1"
    )
    read(worker, [myself])

    made = run_rules()
    assert made[AlertKind.SHARED_ADDRESS] == 1
    assert made[AlertKind.COLLEAGUE_FILE] == 0


def test_p14_monitor_reads_only_processed_residents_and_is_logged(support, worker):
    """Names are encrypted, so the monitor compares in memory: it reads every resident the
    batch's employees processed (each read logged under monitoring), and no one else."""
    monitoring = monitoring_activity()
    _named(worker, "de Vries")
    family = factories.resident(assign_to=worker, surname_prefix="de", surname="Vries")
    strangers = [factories.resident(assign_to=worker, surname="Bakker") for _ in range(3)]
    untouched = factories.resident(assign_to=worker, surname="Vries")
    read(worker, [family, *strangers])

    run_rules()

    monitor_reads = log_for_actor(actor_ref="system:snooping-monitor").filter(action="read")
    assert sorted(monitor_reads.values_list("subject_ref", flat=True)) == sorted(
        subject_ref(r.pk) for r in [family, *strangers]
    )
    assert subject_ref(untouched.pk) not in set(monitor_reads.values_list("subject_ref", flat=True))
    assert {r.activity_version_id for r in monitor_reads} == {monitoring.current_version_id}
    assert [a.subject_ref for a in alerts(AlertKind.SHARED_SURNAME)] == [subject_ref(family.pk)]


def test_p14_justified_relation_covers_later_access_not_justified_does_not(
    support, worker, privacy_officer
):
    monitoring_activity()
    _named(worker, "Smit")
    sister, cousin = (factories.resident(assign_to=worker, surname="Smit") for _ in range(2))
    read(worker, [sister, cousin])
    run_rules()
    read(worker, [sister])
    run_rules()
    by_resident = {a.subject_ref: a for a in alerts(AlertKind.SHARED_SURNAME)}
    first, second = by_resident[subject_ref(sister.pk)], by_resident[subject_ref(cousin.pk)]
    assert first.count == 2  # still open: the new access joined it

    alert_review(reviewer=privacy_officer, pk=first.pk, decision=AlertStatus.JUSTIFIED)
    alert_review(
        reviewer=privacy_officer,
        pk=second.pk,
        decision=AlertStatus.NOT_JUSTIFIED,
        note="Geen reden.",
    )
    read(worker, [sister, cousin])

    assert run_rules()[AlertKind.SHARED_SURNAME] == 1
    assert alerts(AlertKind.SHARED_SURNAME, status=AlertStatus.OPEN).get().subject_ref == (
        subject_ref(cousin.pk)
    )


def test_p14_relation_rules_wait_for_the_monitoring_purpose(support, worker):
    _named(worker, "Mulder")
    family = factories.resident(assign_to=worker, surname="Mulder")
    read(worker, [family])
    messages: list[str] = []

    made = run_rules(report=messages.append)

    assert made[AlertKind.SHARED_SURNAME] == 0
    assert any("toegangscontrole" in m and "overgeslagen" in m for m in messages)
    assert not AlertCursor.objects.filter(name="relations").exists()
    assert not log_for_actor(actor_ref="system:snooping-monitor").exists()  # no refusal noise

    monitoring_activity()
    assert run_rules()[AlertKind.SHARED_SURNAME] == 1  # catches up on the old records


# -- the monitor's own reads are logged with its alerts (P08, P12) ---------------------------------

MONITOR_REF = "system:snooping-monitor"


def _monitor_log_fails(monkeypatch, *, after: int = 0) -> None:
    """The log refuses the monitor's reads, after ``after`` successful writes of them."""
    real = gate._insert_records
    written = []

    def insert(records):
        if any(r.actor_ref == MONITOR_REF for r in records):
            if len(written) >= after:
                raise DatabaseError("the log is unavailable")
            written.append(records)
        real(records)

    monkeypatch.setattr(gate, "_insert_records", insert)


def test_p08_p12_log_failure_leaves_no_alert_from_the_batch(support, worker, monkeypatch):
    monitoring_activity()
    _named(worker, "Smit")
    family = factories.resident(assign_to=worker, surname="Smit")
    read(worker, [family])

    with monkeypatch.context() as patch:
        _monitor_log_fails(patch)
        with pytest.raises(GateLogFailure):
            run_rules()

    assert not alerts(AlertKind.SHARED_SURNAME).exists()
    assert not AlertCursor.objects.filter(name="relations", last_record_id__gt=0).exists()
    assert not log_for_actor(actor_ref=MONITOR_REF).exists()
    # The next run does the batch again, and this time logs the read with the alert.
    assert run_rules()[AlertKind.SHARED_SURNAME] == 1
    monitor_read = log_for_actor(actor_ref=MONITOR_REF).get(action="read")
    assert monitor_read.subject_ref == alerts(AlertKind.SHARED_SURNAME).get().subject_ref


def test_p08_p12_each_batch_logs_its_reads_with_its_own_alerts(support, worker, monkeypatch):
    monitoring_activity()
    _named(worker, "Smit")
    sister, cousin = (factories.resident(assign_to=worker, surname="Smit") for _ in range(2))
    read(worker, [sister])
    read(worker, [cousin])

    with monkeypatch.context() as patch:
        _monitor_log_fails(patch, after=1)  # the first batch's reads go in, the second's not
        with pytest.raises(GateLogFailure):
            run_rules(batch_size=1)

    kept = alerts(AlertKind.SHARED_SURNAME).get()
    assert kept.subject_ref == subject_ref(sister.pk)
    logged = log_for_actor(actor_ref=MONITOR_REF).values_list("subject_ref", flat=True)
    assert list(logged) == [subject_ref(sister.pk)]
    cousin_read = log_for_actor(actor_ref=worker.actor_ref).get(
        action="read", subject_ref=subject_ref(cousin.pk)
    )
    assert AlertCursor.objects.get(name="relations").last_record_id < cousin_read.id
    assert run_rules()[AlertKind.SHARED_SURNAME] == 1  # the cousin's batch, again


def test_p08_monitor_reads_are_logged_even_when_the_rules_fail(support, worker, monkeypatch):
    monitoring_activity()
    _named(worker, "Smit")
    family = factories.resident(assign_to=worker, surname="Smit")
    read(worker, [family])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(rules_relations, "raise_keyed", broken)
    with pytest.raises(RuntimeError):
        run_rules()

    assert not alerts(AlertKind.SHARED_SURNAME).exists()
    monitor_read = log_for_actor(actor_ref=MONITOR_REF).get(action="read")
    assert monitor_read.subject_ref == subject_ref(family.pk)  # the data was read: it is logged


# -- running ------------------------------------------------------------------------------------


def test_p14_rules_are_idempotent(support, worker, settings, time_machine):
    settings.ALERT_BULK_RESIDENTS = 2
    monitoring_activity()
    _named(worker, "Visser")
    residents = [factories.resident(assign_to=worker, surname="Visser") for _ in range(3)]
    emergency_access(worker, residents[0])
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    read(worker, residents)

    first = run_rules()
    snapshot = sorted(alerts().values_list("fingerprint", "count", "last_record_id"))
    assert first[AlertKind.EMERGENCY_ACCESS] == first[AlertKind.BULK_ACCESS] == 1
    assert first[AlertKind.OUTSIDE_HOURS] == 1
    assert first[AlertKind.SHARED_SURNAME] == 3

    assert sum(run_rules().values()) == 0
    AlertCursor.objects.all().delete()  # even from the start of the log again
    assert sum(run_rules().values()) == 0
    assert sorted(alerts().values_list("fingerprint", "count", "last_record_id")) == snapshot


def test_p14_small_batches_give_the_same_alerts(support, worker, settings, time_machine):
    settings.ALERT_BULK_RESIDENTS = 3
    residents = [factories.resident(assign_to=worker) for _ in range(5)]
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    for resident in residents:
        read(worker, [resident])

    made = run_rules(batch_size=2)

    assert made[AlertKind.BULK_ACCESS] == made[AlertKind.OUTSIDE_HOURS] == 1
    assert alerts(AlertKind.OUTSIDE_HOURS).get().count == 5
    assert alerts(AlertKind.BULK_ACCESS).get().count == 5


def test_p14_a_record_that_commits_late_is_still_checked(support, worker):
    resident = factories.resident()
    emergency_access(worker, resident)
    record_id = log_for_actor(actor_ref=worker.actor_ref).get(action="emergency_access").id
    # As if the record was not yet visible when the cursor passed its id (PostgreSQL).
    AlertCursor.objects.create(
        name="log", last_record_id=record_id, pending=[[record_id, time.time()]]
    )

    assert run_rules()[AlertKind.EMERGENCY_ACCESS] == 1
    assert AlertCursor.objects.get(name="log").pending == []


def test_p14_a_missing_record_is_forgotten_after_the_grace_period(support, worker, settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 60
    AlertCursor.objects.create(name="log", last_record_id=10**9, pending=[[10**9 - 1, 0]])

    run_rules()

    assert AlertCursor.objects.get(name="log").pending == []


def test_p14_alerts_hold_no_names_from_the_log(support, worker):
    monitoring_activity()
    _named(worker, "Zonneveld")
    resident = factories.resident(assign_to=worker, surname="Zonneveld", given_names="Anouk")
    read(worker, [resident])
    emergency_access(worker, resident)
    run_rules()

    stored = " ".join(str(v) for row in alerts().values() for v in row.values())
    for datum in ("Zonneveld", "Anouk", resident.postcode, str(resident.public_id)):
        assert datum not in stored


def test_p14_command_runs_the_rules_and_reports_in_dutch(support, worker, capsys):
    emergency_access(worker, factories.resident())

    call_command("audit_alerts")

    out = capsys.readouterr().out
    assert "Noodtoegang: 1" in out
    assert "Klaar: 1 nieuwe melding." in out
    assert "overgeslagen" in out  # no monitoring purpose in this test's register


def test_p14_home_address_is_checked_and_normalised(worker):
    from django.core.exceptions import ValidationError

    home = EmployeeHomeAddress(employee=worker, postcode="1234ab", house_number="12 a")
    home.full_clean()
    assert (home.postcode, home.house_number) == ("1234 AB", "12A")
    with pytest.raises(ValidationError):
        EmployeeHomeAddress(employee=worker, postcode="12345", house_number="1").full_clean()


def test_p14_home_addresses_are_entered_in_the_admin(admin_client, worker):
    response = admin_client.post(
        "/admin/oversight/employeehomeaddress/add/",
        {"employee": worker.pk, "postcode": "1234 ab", "house_number": "7"},
    )

    assert response.status_code == 302
    assert EmployeeHomeAddress.objects.get(employee=worker).postcode == "1234 AB"
