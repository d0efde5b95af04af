"""Overdue informing tasks for the dashboards (P06, P07).

For an employee: per purpose they work under, the residents whose informing deadline has
passed, read inside one processing context per purpose (one after the other; contexts do not
nest across purposes). Each context is closed -- and its reads logged -- before the page is
rendered, so a log failure still stops the page (fail closed).

For the privacy officer: counts per processing activity, no names
(``informing_overdue_summary``, run by the gate's system actor ``informing-monitor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zorgvuldig.core.errors import GateRefused
from zorgvuldig.core.gate import processing
from zorgvuldig.people.informing import informing_overdue_summary, informing_tasks
from zorgvuldig.staff.models import Role

# Enough to act on; the rest is a count with a link to the purpose's residents.
SHOWN_PER_PURPOSE = 10


@dataclass
class OverduePurpose:
    activity: object
    count: int
    tasks: list = field(default_factory=list)


def overdue_for_employee(*, employee, activities) -> list[OverduePurpose]:
    """The employee's overdue informing tasks, per purpose, oldest deadline first."""
    result = []
    for activity in activities:
        try:
            with processing(actor=employee, purpose=activity):
                overdue = informing_tasks(
                    actor=employee, purpose=activity, overdue_only=True
                ).filter(activity=activity)
                count = overdue.count()
                tasks = (
                    list(overdue.select_related("resident")[:SHOWN_PER_PURPOSE]) if count else []
                )
        except GateRefused:
            continue  # a purpose the gate will not open shows its reason on its own pages
        if count:
            result.append(OverduePurpose(activity=activity, count=count, tasks=tasks))
    return result


def overdue_summary_for(employee) -> list[dict] | None:
    """Counts per activity for the privacy officer; None for every other role."""
    if employee.role != Role.PRIVACY_OFFICER:
        return None
    return informing_overdue_summary()
