"""P14: the small pure pieces of the snooping rules: working hours, bursts, name matching."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from tests.oversight.alerts_data import AMSTERDAM
from zorgvuldig.core.gate import subject_ref
from zorgvuldig.oversight.alerts.matching import (
    normalise_address,
    normalise_surname,
    resident_id_for_ref,
    resident_ids_for_refs,
)
from zorgvuldig.oversight.alerts.rules_time import bursts
from zorgvuldig.oversight.alerts.workhours import parse_working_hours, within_working_hours


def test_p14_working_hours_default_is_weekdays_seven_to_seven():
    hours = parse_working_hours("mon-fri 07:00-19:00")
    wednesday = dt.datetime(2026, 3, 4, tzinfo=AMSTERDAM)

    assert within_working_hours(wednesday.replace(hour=7), hours)
    assert within_working_hours(wednesday.replace(hour=18, minute=59), hours)
    assert not within_working_hours(wednesday.replace(hour=19), hours)
    assert not within_working_hours(wednesday.replace(hour=6, minute=59), hours)
    assert not within_working_hours(dt.datetime(2026, 3, 7, 12, tzinfo=AMSTERDAM), hours)


def test_p14_working_hours_accept_lists_several_spans_and_dutch_days():
    hours = parse_working_hours("mon,wed 08:00-12:00; za 09:00-24:00, ma 13:00-17:00")

    assert set(hours) == {0, 2, 5}
    assert len(hours[0]) == 2
    assert within_working_hours(dt.datetime(2026, 3, 7, 23, 59, tzinfo=AMSTERDAM), hours)
    assert not within_working_hours(dt.datetime(2026, 3, 3, 10, tzinfo=AMSTERDAM), hours)


def test_p14_working_hours_are_dutch_time_across_daylight_saving():
    hours = parse_working_hours("mon-fri 07:00-19:00")
    # 06:30 UTC is 07:30 in winter (CET) but 08:30 in summer (CEST): both inside.
    assert within_working_hours(dt.datetime(2026, 1, 7, 6, 30, tzinfo=dt.UTC), hours)
    # 17:30 UTC is 18:30 in winter (inside) and 19:30 in summer (outside).
    assert within_working_hours(dt.datetime(2026, 1, 7, 17, 30, tzinfo=dt.UTC), hours)
    assert not within_working_hours(dt.datetime(2026, 7, 8, 17, 30, tzinfo=dt.UTC), hours)


@pytest.mark.parametrize(
    "spec",
    ["", "weekdays 07:00-19:00", "mon-fri 7-19", "fri-mon 07:00-19:00", "mon 19:00-07:00"],
)
def test_p14_malformed_working_hours_are_refused(spec):
    with pytest.raises(ImproperlyConfigured, match="ZORGVULDIG_WORKING_HOURS"):
        parse_working_hours(spec)


T0 = dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)


def _rows(*spec):
    """(minute, resident) pairs -> log rows (id, at, subject_ref)."""
    return [(i + 1, T0 + dt.timedelta(minutes=m), f"r{r}") for i, (m, r) in enumerate(spec)]


def test_p14_bursts_need_more_than_the_threshold_within_the_window():
    window = dt.timedelta(minutes=10)
    assert bursts(_rows((0, 1), (1, 2), (2, 3)), threshold=3, window=window) == []
    found = bursts(_rows((0, 1), (1, 2), (2, 3), (9, 4)), threshold=3, window=window)
    assert len(found) == 1
    assert (found[0].first_id, found[0].last_id, found[0].residents) == (1, 4, 4)
    assert bursts(_rows((0, 1), (1, 2), (2, 3), (13, 4)), threshold=3, window=window) == []


def test_p14_one_long_burst_is_one_and_separate_bursts_are_two():
    window = dt.timedelta(minutes=10)
    steady = _rows(*[(m, m) for m in range(0, 60, 2)])  # a new resident every 2 minutes
    assert len(bursts(steady, threshold=4, window=window)) == 1
    apart = _rows(*[(m, m) for m in range(5)], *[(60 + m, 100 + m) for m in range(5)])
    assert [b.residents for b in bursts(apart, threshold=4, window=window)] == [5, 5]


def test_p14_the_same_resident_read_often_is_no_burst():
    rows = _rows(*[(m % 10, 1) for m in range(100)])
    rows.sort(key=lambda row: row[1])
    assert bursts(rows, threshold=1, window=dt.timedelta(minutes=10)) == []


@pytest.mark.parametrize(
    "employee, resident, same",
    [
        (("van der Berg",), ("van der", "Berg"), True),
        (("Van  Der BERG",), ("", "van der Berg"), True),
        (("van 't Hof",), ("van \u2019t", "Hof"), True),
        (("Berg",), ("van der", "Berg"), False),
        (("de Jong",), ("", "Jong"), False),
        (("Öztürk",), ("", "ÖZTÜRK"), True),
    ],
)
def test_p14_surnames_compare_whole_and_case_insensitive(employee, resident, same):
    assert (normalise_surname(*employee) == normalise_surname(*resident)) is same


def test_p14_addresses_compare_postcode_and_house_number():
    assert normalise_address("1234 ab", "12 a") == normalise_address("1234AB", "12A")
    assert normalise_address("1234 AB", "12") != normalise_address("1234 AB", "14")
    assert normalise_address("", "12") == ""


@given(st.sets(st.integers(min_value=1, max_value=300), max_size=5))
def test_p14_log_references_map_back_to_the_right_ids(ids):
    refs = {subject_ref(i): i for i in ids}

    assert resident_ids_for_refs(refs, max_id=300) == refs
    for ref, resident_id in refs.items():
        assert resident_id_for_ref(ref, among=range(1, 301)) == resident_id
    assert resident_id_for_ref(subject_ref(301), among=range(1, 301)) is None


def test_p14_bad_alert_settings_stop_startup(settings):
    from zorgvuldig.oversight.checks import alert_settings_check

    assert alert_settings_check(None) == []
    settings.ALERT_WORKING_HOURS = "werkdagen 9-5"
    settings.ALERT_BULK_MINUTES = 0
    assert [e.id for e in alert_settings_check(None)] == ["oversight.E001", "oversight.E002"]
