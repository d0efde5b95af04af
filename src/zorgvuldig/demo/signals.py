"""The demo's signals: about residents under 'signalen', and about neighbourhoods (P01, P07).

About 80 signals over the last 60 days, problems and opportunities, from the resident, a
neighbour, a GP, the municipality, a housing corporation, a colleague or someone else. Most
older ones are triaged (urgency, team, and what follows: nothing, a support trajectory for the
residents who also have one, or a project of the team); recent ones mostly wait for triage.
A signal from anyone but the resident opens an Art. 14 informing task dated when the signal
came in, so signals from more than a month ago leave overdue tasks behind (P07).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from zorgvuldig.casework.models import Outcome, ReporterKind, SignalKind, Urgency
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.casework.services.signals import (
    neighbourhood_signal_register,
    signal_register,
    signal_triage,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.demo import texts
from zorgvuldig.demo.organisation import TEAMS
from zorgvuldig.demo.run import DemoRun
from zorgvuldig.people.informing import informing_complete
from zorgvuldig.people.models import InformingTask
from zorgvuldig.staff.models import Team

EXTRA_SIGNALS = 15  # residents with a second signal (65 residents, 80 signals)
MAX_DAYS_AGO = 60
LATE_AFTER_DAYS = 33  # older third-party signals leave an overdue informing task
MAIN_OPEN = 3  # open signals the main worker finds waiting
MAIN_OVERDUE = 3  # residents of the main worker with an overdue informing task
NEIGHBOURHOOD_SIGNALS = 10


@dataclass
class _Plan:
    resident_id: int
    kind: str
    reporter_kind: str
    reporter_detail: str
    channel: str
    description: str
    days_ago: int
    triage: bool


def _plan(run: DemoRun, resident_id: int, *, days_ago=None, third_party=None, triage=None):
    rng = run.rng
    kind = SignalKind.OPPORTUNITY if rng.random() < 0.3 else SignalKind.PROBLEM
    reporters = [r for r in texts.REPORTERS if not (third_party and r == ReporterKind.RESIDENT)]
    weights = [texts.REPORTERS[r][0] for r in reporters]
    reporter = rng.choices(reporters, weights=weights)[0]
    _weight, details, channels = texts.REPORTERS[reporter]
    templates = (
        texts.SIGNAL_OPPORTUNITIES if kind == SignalKind.OPPORTUNITY else texts.SIGNAL_PROBLEMS
    )
    days_ago = rng.randint(0, MAX_DAYS_AGO) if days_ago is None else days_ago
    if triage is None:
        triage = rng.random() < (0.2 if days_ago <= 5 else 0.85)
    return _Plan(
        resident_id=resident_id,
        kind=kind,
        reporter_kind=reporter,
        reporter_detail=rng.choice(details),
        channel=rng.choice(channels),
        description=rng.choice(templates[reporter]),
        days_ago=days_ago,
        triage=triage,
    )


def _plans(run: DemoRun, ids: list[int], linked: set[int]) -> tuple[list[_Plan], set[int]]:
    """Plan every signal; the main worker gets open signals and overdue tasks to work on."""
    main = [i for i in sorted(run.visible_to_main("signalen")) if i in ids and i not in linked]
    waiting, late = main[:MAIN_OPEN], main[MAIN_OPEN : MAIN_OPEN + MAIN_OVERDUE]
    plans = []
    for resident_id in ids:
        if resident_id in waiting:
            plan = _plan(run, resident_id, days_ago=run.rng.randint(0, 4), triage=False)
        elif resident_id in late:
            plan = _plan(run, resident_id, days_ago=run.rng.randint(35, 55), third_party=True)
        else:
            plan = _plan(run, resident_id, triage=True if resident_id in linked else None)
        plans.append(plan)
    for resident_id in sorted(run.rng.sample(ids, EXTRA_SIGNALS)):
        plans.append(_plan(run, resident_id, triage=True if resident_id in linked else None))
    return plans, set(late)


def _outcome(run: DemoRun, plan: _Plan, *, linked: set[int], projects) -> tuple[str, object]:
    if plan.resident_id in linked:
        return Outcome.TRAJECTORY, None
    if plan.kind == SignalKind.OPPORTUNITY and projects and run.rng.random() < 0.7:
        return Outcome.PROJECT, run.rng.choice(projects)
    return Outcome.NOTHING, None


def _urgency(run: DemoRun, plan: _Plan) -> str:
    if plan.kind == SignalKind.OPPORTUNITY:
        return run.rng.choice([Urgency.LOW, Urgency.NORMAL])
    return run.rng.choices(
        [Urgency.LOW, Urgency.NORMAL, Urgency.HIGH, Urgency.CRISIS], weights=[20, 50, 24, 6]
    )[0]


def _inform_earlier_source(run: DemoRun, resident_id: int, received_at, keep: bool) -> None:
    """Close the resident's open source task from their registration (dated today) so that
    an older third-party signal opens its own task -- overdue, as the demo wants to show."""
    task = InformingTask.objects.filter(
        resident_id=resident_id,
        activity=run.activities["signalen"],
        reason=InformingTask.Reason.SOURCE,
        status=InformingTask.Status.OPEN,
        obtained_at__gt=received_at,
    ).first()
    roll = run.rng.random()  # drawn either way: the same seed gives the same demo
    if task is not None and (keep or roll < 0.5):
        informing_complete(
            actor=run.actor,
            purpose=run.activities["signalen"],
            task=task,
            informed_at=run.now,
            method=InformingTask.Method.LETTER,
        )


def signals_load(run: DemoRun, projects) -> tuple[dict[int, dt.date], set[int]]:
    """Register and triage the signals; return each resident's latest signal date and the
    residents whose overdue informing task must stay open for the main worker."""
    activity = run.activities["signalen"]
    reach = run.reach("signalen")
    support = set(run.reach("hulptrajecten"))
    ids = sorted(reach)
    linked = {i for i in ids if i in support}
    plans, keep_overdue = _plans(run, ids, linked)
    moments = [run.moment(plan.days_ago) for plan in plans]
    order = sorted(range(len(plans)), key=lambda n: (moments[n], n))  # oldest first
    latest: dict[int, dt.date] = {}
    report = run.progress("Signalen registreren")
    with processing(actor=run.actor, purpose=activity):
        residents = run.residents(ids)
        for done, n in enumerate(order, start=1):
            plan, received_at = plans[n], moments[n]
            team = reach[plan.resident_id].team
            late = plan.days_ago >= LATE_AFTER_DAYS
            if late and plan.reporter_kind != ReporterKind.RESIDENT:
                keep = plan.resident_id in keep_overdue
                _inform_earlier_source(run, plan.resident_id, received_at, keep)
            signal = signal_register(
                actor=run.actor,
                purpose=activity,
                resident=residents[plan.resident_id],
                kind=plan.kind,
                description=plan.description,
                reporter_kind=plan.reporter_kind,
                reporter_detail=plan.reporter_detail,
                channel=plan.channel,
                received_at=received_at,
            )
            run.counts["signalen"] += 1
            received_on = timezone.localdate(received_at)
            latest[plan.resident_id] = received_on
            if plan.triage:
                team_projects = [p for p, spec in projects.get(team.name, []) if not p.end_date]
                outcome, project = _outcome(run, plan, linked=linked, projects=team_projects)
                signal_triage(
                    actor=run.actor,
                    purpose=activity,
                    signal=signal,
                    urgency=_urgency(run, plan),
                    team=team,
                    outcome=outcome,
                    project=project,
                )
            if run.rng.random() < (0.4 if plan.triage else 0.1):
                kind, text = run.rng.choice(texts.SIGNAL_NOTES)
                note_write(
                    actor=run.actor,
                    purpose=activity,
                    resident=residents[plan.resident_id],
                    occurred_on=run.day_between(received_on, received_on + dt.timedelta(days=3)),
                    kind=kind,
                    text=text,
                )
                run.counts["notities"] += 1
            report(done, len(plans))
    return latest, keep_overdue


def neighbourhood_signals_load(run: DemoRun) -> None:
    """Signals about a street or neighbourhood: no personal data, so no gate."""
    teams = {team.name: team for team in Team.objects.all()}
    places = [(team, city) for team, cities in TEAMS.items() for city in cities]
    reporters = [
        ReporterKind.NEIGHBOUR,
        ReporterKind.MUNICIPALITY,
        ReporterKind.HOUSING,
        ReporterKind.COLLEAGUE,
    ]
    for number in range(NEIGHBOURHOOD_SIGNALS):
        team_name, city = places[number % len(places)]
        opportunity = number % 2 == 1
        kind = SignalKind.OPPORTUNITY if opportunity else SignalKind.PROBLEM
        pool = texts.NEIGHBOURHOOD_OPPORTUNITIES if opportunity else texts.NEIGHBOURHOOD_PROBLEMS
        neighbourhood_signal_register(
            actor=run.actor,
            kind=kind,
            neighbourhood=f"{city}, omgeving {run.faker.street_name()}",
            description=pool[(number // 2) % len(pool)],
            reporter_kind=run.rng.choice(reporters),
            channel=run.rng.choice(["phone", "email", "visit"]),
            received_at=run.moment(run.rng.randint(0, MAX_DAYS_AGO)),
            team=teams[team_name] if number % 3 else None,
        )
        run.counts["buurtsignalen"] += 1
