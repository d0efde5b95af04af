"""The demo's casework: a day's work waiting for every case worker (P01, P03, P04, P06, P07).

Loaded after the residents, by the same ``demo-loader`` system actor through the real services
and the processing gate, in this order: projects; signals (about residents and about
neighbourhoods) with their triage; support trajectories with goals, notes and documents;
participants of projects with their consents (a few withdrawn); notes under the other purposes;
and finally the informing tasks, part of them completed or exempted.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from faker import Faker

from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.gate import processing
from zorgvuldig.demo import texts
from zorgvuldig.demo.informing import informing_load
from zorgvuldig.demo.projects import participants_load, projects_load
from zorgvuldig.demo.residents import MAIN_WORKER
from zorgvuldig.demo.run import DemoRun, Progress
from zorgvuldig.demo.signals import neighbourhood_signals_load, signals_load
from zorgvuldig.demo.trajectories import trajectories_load
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import Employee

OTHER_NOTE_SHARE = 0.6


def other_notes_load(run: DemoRun) -> None:
    """Contact notes under mediation, volunteering and complaints."""
    for code, notes in texts.OTHER_NOTES.items():
        activity = run.activities[code]
        ids = sorted(run.reach(code))
        with processing(actor=run.actor, purpose=activity):
            residents = run.residents(ids)
            for resident_id in ids:
                if run.rng.random() >= OTHER_NOTE_SHARE:
                    continue
                first = run.rng.randint(0, len(notes) - 1)
                days = sorted(run.rng.sample(range(1, 120), run.rng.randint(1, 2)), reverse=True)
                for step, days_ago in enumerate(days):
                    kind, text = notes[(first + step) % len(notes)]
                    note_write(
                        actor=run.actor,
                        purpose=activity,
                        resident=residents[resident_id],
                        occurred_on=run.day(days_ago),
                        kind=kind,
                        text=text,
                    )
                    run.counts["notities"] += 1


def casework_load(
    *,
    actor: SystemActor,
    activities: dict[str, ProcessingActivity],
    faker: Faker,
    rng: random.Random,
    say: Callable[[str], None],
    progress: Callable[[str], Progress],
) -> dict[str, int]:
    """Load the casework of the demo organisation; return what was made, counted by kind."""
    run = DemoRun(
        actor=actor,
        activities=activities,
        rng=rng,
        faker=faker,
        progress=progress,
        main_worker=Employee.objects.select_related("user", "team").get(user__username=MAIN_WORKER),
    )
    say("Projecten en activiteiten aanmaken…")
    projects = projects_load(run)
    signal_days, keep_overdue = signals_load(run, projects)
    neighbourhood_signals_load(run)
    statuses = trajectories_load(run, signal_days)
    participants_load(run, projects)
    say("Notities bij buurtbemiddeling, vrijwilligers en klachten…")
    other_notes_load(run)
    say("Informatieplicht: geïnformeerd, uitzonderingen en openstaande taken…")
    informing_load(run, statuses=statuses, keep_overdue=keep_overdue)
    return dict(sorted(run.counts.items()))
