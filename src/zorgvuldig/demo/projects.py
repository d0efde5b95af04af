"""The demo's community projects, their participants and the consents they rest on (P01, P04).

Projects, their coordinators and activities are plain records. Taking part is processing on the
basis of consent: every participant first gives consent (how it was collected, notice version
``2026-1``, a signed form as evidence when it was written), then joins. Participants of the
meal project who want their dietary wishes from their religion taken into account give
*explicit* consent that covers religion; only then may a religion note be written (Art. 9(2)(a)).
A few consents are withdrawn at the end -- their participation and notes stop at once.
"""

from __future__ import annotations

from django.utils import timezone

from zorgvuldig.casework.models import Note, Project
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.casework.services.projects import (
    participation_add,
    project_activity_add,
    project_create,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.demo import texts
from zorgvuldig.demo.pdf import pdf_upload
from zorgvuldig.demo.residents import MAIN_WORKER
from zorgvuldig.demo.run import DemoRun, team_workers
from zorgvuldig.people.consent import consent_give, consent_withdraw
from zorgvuldig.people.models import ConsentRecord
from zorgvuldig.registry.models import SpecialKind
from zorgvuldig.staff.models import Team

NOTICE_VERSION = "2026-1"
SECOND_PROJECT_SHARE = 0.25
RELIGION_SHARE = 0.45  # of the meal project's participants
WITHDRAWN = 4  # consents withdrawn, one of them by a resident of the main worker


def projects_load(run: DemoRun) -> dict[str, list[tuple[Project, texts.ProjectSpec]]]:
    """Create the projects with coordinators and activities; return them per team name."""
    teams = {team.name: team for team in Team.objects.all()}
    result: dict[str, list[tuple[Project, texts.ProjectSpec]]] = {}
    for spec in texts.PROJECTS:
        team = teams[spec.team]
        workers = team_workers(team)
        main = [w for w in workers if w.user.get_username() == MAIN_WORKER]
        others = [w for w in workers if w not in main]
        coordinators = main if spec.meals else []
        coordinators += run.rng.sample(others, 2 if not coordinators else 1)
        project = project_create(
            actor=run.actor,
            name=spec.name,
            description=spec.description,
            team=team,
            start_date=run.day(spec.started_days_ago),
            end_date=run.day(spec.ended_days_ago) if spec.ended_days_ago else None,
            coordinators=coordinators,
        )
        for offset, title, description in spec.activities:
            project_activity_add(
                actor=run.actor,
                project=project,
                date=run.day(-offset),
                title=title,
                description=description,
            )
        result.setdefault(spec.team, []).append((project, spec))
        run.counts["projecten"] += 1
    return result


def _choose_projects(run: DemoRun, options):
    """One project of the team, sometimes two; and the window (days ago) to join both in."""
    chosen = [run.rng.choice(options)]
    rest = [o for o in options if o not in chosen]
    if rest and run.rng.random() < SECOND_PROJECT_SHARE:
        chosen.append(run.rng.choice(rest))
    latest = max(spec.ended_days_ago or 2 for _project, spec in chosen)
    earliest = min(spec.started_days_ago for _project, spec in chosen) - 1
    if latest > earliest:  # an ended project and one that started after it: keep the first
        chosen = chosen[:1]
        _project, spec = chosen[0]
        latest, earliest = spec.ended_days_ago or 2, spec.started_days_ago - 1
    return chosen, latest, earliest


def _consent(run: DemoRun, resident, *, number: int, days_ago: int, religion: bool):
    activity = run.activities["projecten"]
    categories = {c.code: c for c in activity.data_categories.all()}
    codes = ["naw", "contact", "deelname"]
    if run.rng.random() < 0.5:
        codes.append("geboortedatum")
    if religion:
        codes.append("religie")
    method = run.rng.choices(
        [ConsentRecord.Method.WRITTEN, ConsentRecord.Method.DIGITAL, ConsentRecord.Method.VERBAL],
        weights=[45, 30, 25],
    )[0]
    given_at = run.moment(days_ago)
    evidence = None
    if method == ConsentRecord.Method.WRITTEN:
        evidence = pdf_upload(
            f"toestemmingsformulier-{number:03d}.pdf",
            [
                "Toestemmingsformulier Buurtprojecten",
                "Stichting Kwartier zorg en welzijn (demo-organisatie)",
                f"Informatietekst versie {NOTICE_VERSION}",
                f"Ondertekend op {given_at:%d-%m-%Y}",
                "Gegenereerd demodocument; alle gegevens zijn verzonnen.",
            ],
        )
        run.counts["bewijsstukken"] += 1
    run.counts["toestemmingen"] += 1
    return consent_give(
        actor=run.actor,
        purpose=activity,
        resident=resident,
        categories=[categories[c] for c in codes],
        method=method,
        notice_version=NOTICE_VERSION,
        given_at=given_at,
        explicit=religion,
        evidence=evidence,
    )


def participants_load(run: DemoRun, projects) -> None:
    """Give consent and join projects for every resident under 'projecten'; withdraw a few."""
    activity = run.activities["projecten"]
    reach = run.reach("projecten")
    ids = sorted(reach)
    main_ids = sorted(run.visible_to_main("projecten"))
    consents: dict[int, ConsentRecord] = {}
    report = run.progress("Deelnemers en toestemmingen vastleggen")
    with processing(actor=run.actor, purpose=activity):
        residents = run.residents(ids)
        for number, resident_id in enumerate(ids, start=1):
            resident = residents[resident_id]
            chosen, latest, earliest = _choose_projects(run, projects[reach[resident_id].team.name])
            days_ago = run.rng.randint(latest, earliest)
            meals = any(spec.meals for _project, spec in chosen)
            religion = meals and run.rng.random() < RELIGION_SHARE
            consent = _consent(run, resident, number=number, days_ago=days_ago, religion=religion)
            consents[resident_id] = consent
            joined_on = timezone.localdate(consent.given_at)
            for project, _spec in chosen:
                participation_add(
                    actor=run.actor,
                    purpose=activity,
                    resident=resident,
                    project=project,
                    consent=consent,
                    may_contact=run.rng.random() < 0.7,
                    joined_on=joined_on,
                )
                run.counts["deelnames"] += 1
            if run.rng.random() < 0.6:
                kind, text = run.rng.choice(texts.PROJECT_NOTES)
                _note(run, resident, kind, text, run.day_between(joined_on, run.today))
            if religion:
                text = run.rng.choice(texts.RELIGION_NOTES)
                _note(run, resident, Note.Kind.MEETING, text, joined_on, SpecialKind.RELIGION)
            report(number, len(ids))
        # Withdrawing is one action and takes effect at once: the participation and the notes
        # under this purpose are no longer reachable (the gate's consent basis, P04).
        withdrawn = main_ids[:1]
        withdrawn += run.rng.sample([i for i in ids if i not in withdrawn], WITHDRAWN - 1)
        for resident_id in withdrawn:
            consent_withdraw(actor=run.actor, purpose=activity, consent=consents[resident_id])
            run.counts["ingetrokken toestemmingen"] += 1


def _note(run: DemoRun, resident, kind, text, day, special_kind: str = "") -> None:
    note_write(
        actor=run.actor,
        purpose=run.activities["projecten"],
        resident=resident,
        occurred_on=day,
        kind=kind,
        text=text,
        special_kind=special_kind,
    )
    run.counts["notities"] += 1
