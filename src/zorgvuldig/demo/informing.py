"""The demo's informing tasks in every state (P06, P07).

Registering residents and signals opened informing tasks: Art. 14 tasks when the data came
from someone else, and Art. 13 tasks under a public-task or legitimate-interest purpose. Here
part of them is completed -- the resident was informed, in a conversation, by letter, e-mail or
the portal -- and some Art. 14 tasks record the exception of Art. 14(5)(d) (professional
secrecy) with a reason. The rest stays open: most still within their deadline, some overdue.
"""

from __future__ import annotations

import datetime as dt

from zorgvuldig.casework.models import Trajectory
from zorgvuldig.core.gate import processing
from zorgvuldig.demo import texts
from zorgvuldig.demo.run import DemoRun
from zorgvuldig.people.informing import informing_complete, informing_exempt
from zorgvuldig.people.models import InformingTask

S = Trajectory.Status
# Sources whose data came under a professional secrecy (matched in the source description).
SECRECY_SOURCES = ("huisarts", "collega", "wijkagent")
METHOD_WEIGHTS = {
    InformingTask.Method.CONVERSATION: 50,
    InformingTask.Method.LETTER: 25,
    InformingTask.Method.EMAIL: 15,
    InformingTask.Method.PORTAL: 10,
}
# Chance that a task of a support trajectory in this status has been informed.
INFORMED_BY_STATUS = {S.REGISTERED: 0.1, S.INTAKE: 0.5, S.ONGOING: 0.85, S.CLOSED: 0.9}


def _secrecy(task: InformingTask) -> bool:
    source = task.source_description.lower()
    return task.reason == InformingTask.Reason.SOURCE and any(s in source for s in SECRECY_SOURCES)


def _chances(task: InformingTask, code: str, overdue: bool, statuses) -> tuple[float, float]:
    """(chance informed, chance exempted) for one open task."""
    exempt = 0.0
    if code == "hulptrajecten":
        inform = INFORMED_BY_STATUS.get(statuses.get(task.resident_id), 0.1)
        exempt = 0.5 if _secrecy(task) else 0.0
    elif code == "signalen":
        inform = 0.45 if overdue else 0.3
        exempt = (0.3 if overdue else 0.1) if _secrecy(task) else 0.0
    else:
        inform = 0.5
    return inform, exempt


def _informed_at(run: DemoRun, task: InformingTask) -> dt.datetime:
    """Some days after the data came in, never before it nor in the future."""
    later = task.obtained_at + dt.timedelta(
        days=run.rng.randint(2, 25), hours=run.rng.randint(0, 6)
    )
    return max(task.obtained_at, min(later, run.now))


def informing_load(run: DemoRun, *, statuses: dict[int, str], keep_overdue: set[int]) -> None:
    """Complete part of the open informing tasks: informed, or exempted with a reason."""
    for code in ("signalen", "hulptrajecten", "buurtbemiddeling", "projecten", "klachten"):
        activity = run.activities[code]
        with processing(actor=run.actor, purpose=activity):
            tasks = list(
                InformingTask.objects.filter(
                    activity=activity, status=InformingTask.Status.OPEN
                ).order_by("pk")
            )
            for task in tasks:
                overdue = task.deadline < run.now
                if overdue and task.resident_id in keep_overdue:
                    continue
                inform, exempt = _chances(task, code, overdue, statuses)
                roll = run.rng.random()
                if roll < exempt:
                    informing_exempt(
                        actor=run.actor,
                        purpose=activity,
                        task=task,
                        exemption=InformingTask.Exemption.SECRECY,
                        reason=run.rng.choice(texts.SECRECY_REASONS),
                    )
                    run.counts["informatieplicht: uitzondering"] += 1
                elif roll < exempt + (1 - exempt) * inform:
                    method = run.rng.choices(
                        list(METHOD_WEIGHTS), weights=list(METHOD_WEIGHTS.values())
                    )[0]
                    informing_complete(
                        actor=run.actor,
                        purpose=activity,
                        task=task,
                        informed_at=_informed_at(run, task),
                        method=method,
                    )
                    run.counts["informatieplicht: geïnformeerd"] += 1
