"""Calendar-month arithmetic and the Art. 14(3) deadline (P07), as properties."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zorgvuldig.core.dates import add_months
from zorgvuldig.people.deadlines import informing_deadline

UTC = dt.UTC
moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 12, 31), timezones=st.just(UTC)
)


def test_p07_one_month_after_31_january_is_end_of_february():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.integers(min_value=-36, max_value=36),
)
def test_add_months_lands_in_the_right_month_on_the_right_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@given(
    moments,
    st.one_of(st.none(), st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=90))),
    st.one_of(st.none(), st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=90))),
)
def test_p07_deadline_is_the_earliest_of_month_contact_and_disclosure(
    obtained, contact, disclosure
):
    first_contact = obtained + contact if contact is not None else None
    first_disclosure = obtained + disclosure if disclosure is not None else None
    deadline = informing_deadline(
        obtained_at=obtained, first_contact_at=first_contact, first_disclosure_at=first_disclosure
    )
    month_later = add_months(obtained, 1)
    assert obtained <= deadline <= month_later
    for moment in (first_contact, first_disclosure):
        if moment is not None:
            assert deadline <= moment
    assert deadline in {month_later, first_contact, first_disclosure}


def test_leap_day_arithmetic_does_not_crash(monkeypatch):
    import time_machine

    from zorgvuldig.casework.services._checks import years_ago

    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=UTC)):
        assert years_ago(1) == dt.date(2027, 2, 28)
