"""The demo's support trajectories: every status, goals with their progress, contact notes,
health notes and a few documents (P01, P04).

Most residents under 'hulptrajecten' get a trajectory, worked on by the workers they are
assigned to (and a colleague when the resident is shared with the team). Health and criminal
notes are allowed here because the register records the Art. 9(2)(h) exemption for this
activity; they are classified as such when written.
"""

from __future__ import annotations

import datetime as dt

from zorgvuldig.casework.models import Goal, Note, Trajectory
from zorgvuldig.casework.services.notes import document_upload, note_write
from zorgvuldig.casework.services.trajectories import (
    goal_add,
    goal_update,
    trajectory_open,
    trajectory_set_status,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.demo import texts
from zorgvuldig.demo.organisation import ascii_slug
from zorgvuldig.demo.pdf import pdf_upload
from zorgvuldig.demo.run import DemoRun, Reach, team_workers
from zorgvuldig.registry.models import SpecialKind

S = Trajectory.Status
SHARE = 0.85  # of the residents under 'hulptrajecten' who have a trajectory
STATUS_WEIGHTS = {S.REGISTERED: 15, S.INTAKE: 15, S.ONGOING: 45, S.CLOSED: 25}
# The main worker's caseload walks through this pattern, so every status is there.
MAIN_PATTERN = [S.ONGOING, S.INTAKE, S.ONGOING, S.CLOSED, S.REGISTERED, S.ONGOING, S.CLOSED]
NOTES_PER_STATUS = {S.REGISTERED: (0, 1), S.INTAKE: (1, 2), S.ONGOING: (2, 4), S.CLOSED: (2, 3)}
PROGRESS_WEIGHTS = {
    S.REGISTERED: {Goal.Progress.OPEN: 1},
    S.INTAKE: {Goal.Progress.OPEN: 7, Goal.Progress.WORKING: 3},
    S.ONGOING: {
        Goal.Progress.OPEN: 15,
        Goal.Progress.WORKING: 50,
        Goal.Progress.ACHIEVED: 25,
        Goal.Progress.DROPPED: 10,
    },
    S.CLOSED: {Goal.Progress.ACHIEVED: 70, Goal.Progress.DROPPED: 30},
}
HEALTH_SHARE = 0.3
CRIMINAL_SHARE = 0.04
DOCUMENT_SHARE = 0.12
MAIN_DOCUMENTS = 3


def _status(run: DemoRun, *, main_index: int | None, signal_day) -> str:
    if signal_day is not None:
        waited = (run.today - signal_day).days
        return S.REGISTERED if waited < 10 else S.INTAKE if waited < 25 else S.ONGOING
    if main_index is not None:
        return MAIN_PATTERN[main_index % len(MAIN_PATTERN)]
    return run.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]


def _dates(run: DemoRun, status: str, signal_day) -> tuple[dt.date, dt.date | None]:
    rng = run.rng
    if signal_day is not None:
        return min(run.today, signal_day + dt.timedelta(days=rng.randint(1, 7))), None
    if status == S.REGISTERED:
        return run.day(rng.randint(0, 14)), None
    if status == S.INTAKE:
        return run.day(rng.randint(7, 45)), None
    if status == S.ONGOING:
        return run.day(rng.randint(30, 420)), None
    start = run.day(rng.randint(150, 700))
    length = rng.randint(60, min(420, (run.today - start).days - 3))
    return start, start + dt.timedelta(days=length)


def _workers(run: DemoRun, reach: Reach) -> list:
    workers = list(dict.fromkeys(reach.employees))
    if reach.teams:  # shared with the team: a colleague works on it too
        colleagues = [w for w in team_workers(reach.teams[0]) if w not in workers]
        workers.append(run.rng.choice(colleagues))
    return workers


def _note(run: DemoRun, trajectory, resident, day, kind, text, special_kind="") -> None:
    note_write(
        actor=run.actor,
        purpose=run.activities["hulptrajecten"],
        resident=resident,
        trajectory=trajectory,
        occurred_on=day,
        kind=kind,
        text=text,
        special_kind=special_kind,
    )
    run.counts["notities"] += 1
    if special_kind:
        run.counts[f"notities ({special_kind})"] += 1


def _notes(run: DemoRun, trajectory, resident, theme, status, start, end) -> None:
    low, high = NOTES_PER_STATUS[status]
    last = end or run.today
    days = sorted(run.day_between(start, last) for _ in range(run.rng.randint(low, high)))
    for index, day in enumerate(days):
        kind, text = theme.notes[index % len(theme.notes)]
        _note(run, trajectory, resident, day, kind, text)
    if status != S.REGISTERED and run.rng.random() < HEALTH_SHARE:
        text = run.rng.choice(texts.HEALTH_NOTES)
        day = run.day_between(start, last)
        _note(run, trajectory, resident, day, Note.Kind.HOME_VISIT, text, SpecialKind.HEALTH)
    if status != S.REGISTERED and run.rng.random() < CRIMINAL_SHARE:
        text = run.rng.choice(texts.CRIMINAL_NOTES)
        day = run.day_between(start, last)
        _note(run, trajectory, resident, day, Note.Kind.MEETING, text, SpecialKind.CRIMINAL)
    if status == S.CLOSED:
        _note(run, trajectory, resident, end, *texts.CLOSING_NOTE)


def _goals(run: DemoRun, trajectory, theme, status) -> list:
    count = run.rng.choice([1, 2, 2, 3])
    goals = []
    for description in run.rng.sample(theme.goals, count):
        goals.append(
            goal_add(
                actor=run.actor,
                purpose=run.activities["hulptrajecten"],
                trajectory=trajectory,
                description=description,
            )
        )
        run.counts["doelen"] += 1
    return goals


def _progress(run: DemoRun, goals, status) -> None:
    weights = PROGRESS_WEIGHTS[status]
    for goal in goals:
        progress = run.rng.choices(list(weights), weights=list(weights.values()))[0]
        if progress == Goal.Progress.OPEN:
            continue
        goal_update(
            actor=run.actor,
            purpose=run.activities["hulptrajecten"],
            goal=goal,
            progress=progress,
            progress_note=run.rng.choice(texts.PROGRESS_NOTES[progress]),
        )


def _move_on(run: DemoRun, trajectory, status, end) -> None:
    steps = {
        S.REGISTERED: [],
        S.INTAKE: [S.INTAKE],
        S.ONGOING: [S.INTAKE, S.ONGOING],
        S.CLOSED: [S.INTAKE, S.ONGOING, S.CLOSED],
    }[status]
    for step in steps:
        trajectory_set_status(
            actor=run.actor,
            purpose=run.activities["hulptrajecten"],
            trajectory=trajectory,
            status=step,
            end_date=end if step == S.CLOSED else None,
        )


def _document(run: DemoRun, trajectory, resident, number: int) -> None:
    title = run.rng.choice(texts.TRAJECTORY_DOCUMENTS)
    upload = pdf_upload(
        f"{ascii_slug(title)}-{number:03d}.pdf",
        [
            title,
            "Stichting Kwartier zorg en welzijn (demo-organisatie)",
            f"Hulptraject gestart op {trajectory.start_date:%d-%m-%Y}",
            "Gegenereerd demodocument; alle gegevens zijn verzonnen.",
        ],
    )
    document_upload(
        actor=run.actor,
        purpose=run.activities["hulptrajecten"],
        resident=resident,
        uploaded=upload,
        title=title,
        trajectory=trajectory,
    )
    run.counts["documenten"] += 1


def trajectories_load(run: DemoRun, signal_days: dict[int, dt.date]) -> dict[int, str]:
    """Open, work on and close trajectories; return each resident's trajectory status."""
    activity = run.activities["hulptrajecten"]
    reach = run.reach("hulptrajecten")
    main = sorted(i for i, r in reach.items() if run.main_worker in r.employees)
    chosen = [i for i in sorted(reach) if i in main or i in signal_days or run.rng.random() < SHARE]
    statuses: dict[int, str] = {}
    report = run.progress("Hulptrajecten aanmaken")
    main_documents = 0
    with processing(actor=run.actor, purpose=activity):
        residents = run.residents(chosen)
        for done, resident_id in enumerate(chosen, start=1):
            resident = residents[resident_id]
            main_index = main.index(resident_id) if resident_id in main else None
            signal_day = signal_days.get(resident_id)
            status = _status(run, main_index=main_index, signal_day=signal_day)
            start, end = _dates(run, status, signal_day)
            theme = run.rng.choice(texts.THEMES)
            trajectory = trajectory_open(
                actor=run.actor,
                purpose=activity,
                resident=resident,
                question=run.rng.choice(theme.questions),
                start_date=start,
                workers=_workers(run, reach[resident_id]),
            )
            goals = _goals(run, trajectory, theme, status)
            _move_on(run, trajectory, status, end)
            _progress(run, goals, status)
            _notes(run, trajectory, resident, theme, status, start, end)
            wants_document = status in (S.ONGOING, S.CLOSED) and (
                run.rng.random() < DOCUMENT_SHARE
                or (main_index is not None and main_documents < MAIN_DOCUMENTS)
            )
            if wants_document:
                main_documents += main_index is not None
                _document(run, trajectory, resident, int(run.counts["documenten"]) + 1)
            statuses[resident_id] = status
            run.counts["hulptrajecten"] += 1
            run.counts[f"hulptrajecten ({status})"] += 1
            report(done, len(chosen))
    return statuses
