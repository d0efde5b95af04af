"""Who processed my data: the resident's overview of the processing log (P17, CJEU C-579/21).

Log records are made by processing through the gate, never inserted by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from zorgvuldig.core.errors import GateClosed, NotFound
from zorgvuldig.core.gate import log_writes, processing, subject_ref
from zorgvuldig.oversight.transparency import (
    IncidentalMonth,
    ProcessingEntry,
    processing_history,
)
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.people.selectors import resident_get, resident_list, resident_sources
from zorgvuldig.registry.services import activity_save
from zorgvuldig.staff.models import Employee
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 12, 10, 30, tzinfo=dt.UTC)
FEBRUARY = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


def two_residents(worker):
    """Two residents assigned to ``worker`` since February 2026 (before the reads in March)."""
    with time_machine.travel(FEBRUARY, tick=False):
        return factories.resident(assign_to=worker), factories.resident(assign_to=worker)


def read(actor, purpose, *residents, focus=None) -> None:
    """Open each resident's data in one operation, as a view would."""
    with processing(actor=actor, purpose=purpose) as ctx:
        if focus is not None:
            ctx.focus(focus.pk)
        for resident in residents:
            resident_get(actor=actor, purpose=purpose, public_id=resident.public_id)


def history(resident, purpose="hulptrajecten", **kwargs):
    """The overview, as the test fixture (it reaches every resident) would show it."""
    actor = factories.FIXTURE_ACTOR
    with processing(actor=actor, purpose=purpose):
        return processing_history(actor=actor, purpose=purpose, resident=resident, **kwargs)


def entries(resident, **kwargs) -> list[ProcessingEntry]:
    return list(history(resident, **kwargs).page.object_list)


def test_p17_resident_sees_purpose_team_and_action_of_each_processing(support, worker):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    with time_machine.travel(MARCH + dt.timedelta(hours=2), tick=False):
        read(worker, "hulptrajecten", resident)

    newest, registered = entries(resident)

    assert newest.at == MARCH + dt.timedelta(hours=2)
    assert str(newest.at.tzinfo) == "Europe/Amsterdam"
    assert newest.at.hour == 13  # 12:30 UTC is 13:30 CET (before the switch to summer time)
    assert (newest.activity_name, newest.purpose) == ("Hulptrajecten", support.purpose)
    assert (newest.action, newest.action_label) == ("read", "inzien")
    assert (newest.team_name, newest.role_label) == ("Team Noord", "Hulpverlener")
    assert not (newest.is_system or newest.emergency or newest.disclosure)
    assert (registered.action_label, registered.is_system) == ("aanmaken", True)
    assert registered.role_label == "Systeem (automatische verwerking)"
    assert registered.team_name == ""


def test_p17_purpose_is_shown_as_it_was_when_the_data_was_processed(support, worker):
    resident = factories.resident(assign_to=worker)
    read(worker, "hulptrajecten", resident)
    support.purpose = "Hulp bij geldzaken en wonen"
    activity_save(
        changed_by="test", activity=support, data_categories=list(support.data_categories.all())
    )
    read(worker, "hulptrajecten", resident)

    newest, older, _registered = entries(resident)

    assert newest.purpose == "Hulp bij geldzaken en wonen"
    assert older.purpose == "Ondersteuning van inwoners"


def test_p17_one_operation_is_one_line_whatever_it_read(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        found = resident_get(actor=worker, purpose=support, public_id=resident.public_id)
        resident_sources(actor=worker, purpose=support, resident=found)  # a second model

    assert [e.action for e in entries(resident)] == ["read", "create"]


def test_p17_employee_name_hidden_by_default_and_shown_when_configured(support, worker, settings):
    resident = factories.resident(assign_to=worker)
    read(worker, "hulptrajecten", resident)
    name = worker.user.get_full_name()

    hidden = history(resident)
    assert not hidden.shows_names
    assert {e.employee_name for e in hidden.page.object_list} == {""}
    assert name not in repr(hidden.page.object_list)

    settings.AUDIT_SHOW_EMPLOYEE_NAMES = True
    shown = history(resident)
    assert shown.shows_names
    assert [e.employee_name for e in shown.page.object_list] == [name, ""]  # system: no name


def test_p17_line_about_another_residents_file_is_filtered(support, worker):
    a, b = two_residents(worker)
    with time_machine.travel(MARCH, tick=False):
        read(worker, "hulptrajecten", a, b, focus=b)  # B's file is open; A is read in it

    a_history = history(a)
    b_history = history(b)

    assert [e.action for e in a_history.page.object_list] == ["create"]  # registration only
    assert a_history.incidental_months == [IncidentalMonth(month=dt.date(2026, 3, 1), count=1)]
    assert a_history.incidental_months[0].sentence == (
        "In maart 2026 zijn uw gegevens 1 keer ingezien of gebruikt in het dossier van iemand "
        "anders."
    )
    assert [e.action for e in b_history.page.object_list] == ["read", "create"]
    assert b_history.page.object_list[0].at.date() == dt.date(2026, 3, 12)
    assert b_history.incidental_months == []


def test_p17_incidental_reads_are_counted_per_month_by_operation(support, worker):
    a, b = two_residents(worker)
    for moment in (MARCH, MARCH + dt.timedelta(days=1), MARCH + dt.timedelta(days=31)):
        with time_machine.travel(moment, tick=False), processing(actor=worker, purpose=support):
            # Two models of A in one operation on B's file: one time, not two.
            read(worker, "hulptrajecten", a, b, focus=b)
            found = resident_get(actor=worker, purpose=support, public_id=a.public_id)
            resident_sources(actor=worker, purpose=support, resident=found)

    months = history(a).incidental_months

    assert [(m.month, m.count) for m in months] == [
        (dt.date(2026, 4, 1), 1),
        (dt.date(2026, 3, 1), 2),
    ]


def test_p17_month_of_an_incidental_read_is_the_dutch_month(support, worker):
    a, b = two_residents(worker)
    # 23:30 UTC on 31 March is 1 April in Amsterdam.
    with time_machine.travel(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        read(worker, "hulptrajecten", a, b, focus=b)

    assert history(a).incidental_months[0].month == dt.date(2026, 4, 1)


def test_p17_entries_never_carry_another_residents_reference(support, worker):
    a = factories.resident(assign_to=worker, surname="Zoekvanger")
    b = factories.resident(assign_to=worker, surname="Zoekvanger")
    with processing(actor=worker, purpose=support):  # one search, two hits
        assert len(list(resident_list(actor=worker, purpose=support, search="Zoekvanger"))) == 2

    a_entries = entries(a)

    fields = {f.name for f in dataclasses.fields(ProcessingEntry)}
    assert not fields & {"trace_id", "operation_id", "subject_ref", "resident", "object_type"}
    text = repr(a_entries)
    assert subject_ref(b.pk) not in text
    assert subject_ref(a.pk) not in text
    assert [e.action for e in a_entries] == ["read", "create"]


def test_p17_refusals_are_not_processing_and_not_listed(support, worker, other_worker):
    resident = factories.resident(assign_to=worker)
    with pytest.raises(NotFound):
        read(other_worker, "hulptrajecten", resident)  # logged as refused (need_to_know)

    assert [e.action for e in entries(resident)] == ["create"]


def test_p17_emergency_access_is_marked(support, worker, monkeypatch):
    resident = factories.resident(assign_to=worker)
    read(worker, "hulptrajecten", resident)
    # The gate asks the actor which residents it reaches only through emergency access
    # (staff: break-the-glass); here the answer is given directly.
    monkeypatch.setattr(
        Employee,
        "emergency_resident_ids",
        lambda self, activity: {resident.pk},
        raising=False,
    )
    read(worker, "hulptrajecten", resident)

    emergency, normal, _registered = entries(resident)

    assert emergency.emergency
    assert not normal.emergency


def test_p17_disclosure_is_marked(support, worker):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support) as ctx:
        # How a disclosure service logs what it gave to a recipient.
        log_writes(ctx, "disclose", "people.resident", [resident.pk])

    disclosed = entries(resident)[0]

    assert (disclosed.action, disclosed.action_label, disclosed.disclosure) == (
        "disclose",
        "verstrekken",
        True,
    )


def test_p17_times_are_shown_to_the_minute(support, worker):
    a, b = two_residents(worker)
    odd_moment = MARCH + dt.timedelta(seconds=17, microseconds=123456)
    with (
        time_machine.travel(odd_moment, tick=False),
        processing(actor=worker, purpose=support),
    ):
        # One search that finds both: their records share the start time to the microsecond.
        assert {r.pk for r in resident_list(actor=worker, purpose=support)} == {a.pk, b.pk}

    (a_line, _), (b_line, _) = entries(a), entries(b)

    assert a_line.at == b_line.at == MARCH  # 11:30 in Amsterdam, no seconds
    assert (a_line.at.second, a_line.at.microsecond) == (0, 0)


def test_p17_lookup_for_an_employee_shows_their_team_and_role(
    support, worker, other_worker, settings
):
    stranger = factories.resident(assign_to=other_worker)
    emergency_access_open(
        employee=worker,
        purpose=support,
        reason="Buurvrouw belt: meneer reageert niet, zijn hulpverlener is ziek.",
        surname=stranger.surname,
        birth_date=stranger.birth_date,
    )

    lines = entries(stranger)
    granted = next(e for e in lines if e.action == "emergency_access")
    lookup = next(e for e in lines if e.is_system and e.action == "read")

    assert granted.by == "Hulpverlener, Team Noord"
    assert (lookup.role_label, lookup.team_name, lookup.via) == (
        "Hulpverlener",
        "Team Noord",
        "automatische zoekactie",
    )
    assert lookup.by == "Hulpverlener, Team Noord (via automatische zoekactie)"
    assert lookup.employee_name == ""
    registered = lines[-1]
    assert (registered.action, registered.by) == ("create", "Systeem (automatische verwerking)")

    settings.AUDIT_SHOW_EMPLOYEE_NAMES = True
    lookup = next(e for e in entries(stranger) if e.is_system and e.action == "read")
    assert lookup.employee_name == worker.user.get_full_name()


def test_p17_newest_first_in_pages(support, worker):
    with time_machine.travel(MARCH, tick=False):
        resident = factories.resident(assign_to=worker)
    for hour in (1, 2, 3):
        with time_machine.travel(MARCH + dt.timedelta(hours=hour), tick=False):
            read(worker, "hulptrajecten", resident)

    first = history(resident, page_size=2)
    second = history(resident, page_size=2, page_number=2)

    assert [e.at.hour for e in first.page.object_list] == [14, 13]
    assert [e.at.hour for e in second.page.object_list] == [12, 11]
    assert first.page.paginator.count == 4
    assert history(resident, page_size=2, page_number=9).page.number == 2
    with pytest.raises(NotFound):
        history(resident, page_size=2, page_number=9, strict=True)


def test_p17_only_one_activity_when_asked(support, worker):
    other = factories.activity("schuldhulp", purpose="Schulden regelen")
    resident = factories.resident(assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=other,
        employee=worker,
    )
    read(worker, "schuldhulp", resident)

    everything = entries(resident)
    one = entries(resident, only_activity=support)

    assert [e.activity_name for e in everything] == ["Schuldhulp", "Hulptrajecten"]
    assert [e.activity_name for e in one] == ["Hulptrajecten"]


def test_p17_overview_is_read_inside_the_gate_and_within_reach(support, worker, other_worker):
    resident = factories.resident(assign_to=worker)
    with pytest.raises(GateClosed):
        processing_history(actor=worker, purpose="hulptrajecten", resident=resident)
    with processing(actor=other_worker, purpose=support), pytest.raises(NotFound):
        processing_history(actor=other_worker, purpose="hulptrajecten", resident=resident)


def test_p17_queries_do_not_grow_with_the_number_of_lines(support, worker, north, south, settings):
    settings.AUDIT_SHOW_EMPLOYEE_NAMES = True
    resident = factories.resident(assign_to=worker)
    read(worker, "hulptrajecten", resident)

    def count_queries() -> int:
        with (
            processing(actor=factories.FIXTURE_ACTOR, purpose=support),
            CaptureQueriesContext(connection) as captured,
        ):
            processing_history(actor=factories.FIXTURE_ACTOR, purpose=support, resident=resident)
        return len(captured)

    few = count_queries()
    other = factories.activity("schuldhulp")
    for team in (north, south, factories.team("Team West")):
        colleague = factories.employee(team_obj=team)
        for purpose in (support, other):
            assignment_create(
                assigned_by=factories.FIXTURE_ACTOR,
                resident_id=resident.pk,
                activity=purpose,
                employee=colleague,
            )
            read(colleague, purpose.code, resident)

    assert count_queries() == few
    assert len(entries(resident)) == 8
