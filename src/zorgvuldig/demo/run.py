"""What every step of the demo's casework shares: the actor, the clock, the seeded randomness,
and who each resident is assigned to (read from the assignments, as the gate does)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from zorgvuldig.core.context import SystemActor
from zorgvuldig.demo.organisation import UNDECLARED_USERNAME
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import CASEWORK_ROLES, Assignment, Employee, Team

Progress = Callable[[int, int], None]


@dataclass
class Reach:
    """Who one resident is assigned to under one purpose."""

    employees: list[Employee] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)

    @property
    def team(self) -> Team:
        return self.employees[0].team if self.employees else self.teams[0]


@dataclass
class DemoRun:
    """One run of the casework loader."""

    actor: SystemActor
    activities: dict[str, ProcessingActivity]
    rng: random.Random
    faker: Faker
    progress: Callable[[str], Progress]
    main_worker: Employee
    now: dt.datetime = field(default_factory=timezone.now)
    counts: Counter = field(default_factory=Counter)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def moment(self, days_ago: int) -> dt.datetime:
        """A moment in office hours ``days_ago`` days back, never in the future."""
        local = timezone.localtime(self.now)
        clock = dt.time(self.rng.randint(8, 17), self.rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))
        moment = dt.datetime.combine(self.day(days_ago), clock, tzinfo=local.tzinfo)
        return min(moment, self.now - dt.timedelta(minutes=self.rng.randint(5, 90)))

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        last = min(last, self.today)
        span = max((last - first).days, 0)
        return first + dt.timedelta(days=self.rng.randint(0, span))

    def reach(self, code: str) -> dict[int, Reach]:
        """Every resident assigned under ``code``, with their workers and teams."""
        result: dict[int, Reach] = defaultdict(Reach)
        rows = (
            Assignment.objects.filter(activity=self.activities[code])
            .select_related("employee__team", "employee__user", "team")
            .order_by("resident_id", "pk")
        )
        for row in rows:
            if row.employee_id:
                result[row.resident_id].employees.append(row.employee)
            else:
                result[row.resident_id].teams.append(row.team)
        return dict(result)

    def visible_to_main(self, code: str) -> set[int]:
        """The residents the main case-worker login reaches under ``code``."""
        scope = self.main_worker.resident_scope(self.activities[code])
        return {row["resident_id"] for row in scope}

    @staticmethod
    def residents(ids) -> dict[int, Resident]:
        """The residents with these ids; call inside the purpose's processing context."""
        return Resident.objects.in_bulk(list(ids))


def team_workers(team: Team) -> list[Employee]:
    """The team's case workers and lead who signed the declaration, in a fixed order."""
    return [
        e
        for e in Employee.objects.filter(team=team, role__in=CASEWORK_ROLES)
        .select_related("user", "team")
        .order_by("role", "user__username")
        if e.user.get_username() != UNDECLARED_USERNAME
    ]
