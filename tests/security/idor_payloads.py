"""Valid request bodies for the IDOR matrix: only authorisation may stop these calls.

Each takes the world (``idor_world.World``) and returns the data a form or API operation
accepts, as the existing back-office and API tests send it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.security.idor_world import WORKER, World, pdf


def local_now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def today() -> str:
    return timezone.localdate().isoformat()


def resident_form(w: World, **changes) -> dict:
    data = {
        "given_names": "Fatima",
        "surname_prefix": "",
        "surname": "El Amrani",
        "birth_date": "1984-03-12",
        "street": "Lindenlaan",
        "house_number": "12",
        "postcode": "1234 AB",
        "city": "Amersfoort",
        "phone": "",
        "email": "",
        "source_kind": "resident",
        "source_name": "",
    }
    return data | changes


def signal_form(w: World, **changes) -> dict:
    data = {
        "kind": "problem",
        "description": "De huisarts maakt zich zorgen over vereenzaming.",
        "reporter_kind": "gp",
        "reporter_detail": "Huisartsenpraktijk De Linde",
        "channel": "phone",
        "received_at": timezone.localtime(timezone.now() - dt.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    }
    return data | changes


def note_form(w: World) -> dict:
    return {
        "occurred_on": today(),
        "kind": "home_visit",
        "text": "Kort gesprek.",
        "special_kind": "",
    }


def consent_form(w: World) -> dict:
    return {
        "categories": [str(w.naw)],
        "method": "written",
        "notice_version": "hulptrajecten v1",
        "given_at": local_now(),
    }


def consent_json(w: World) -> dict:
    return {"categories": ["naw"], "method": "written", "notice_version": "2026-1"}


def informed_form(w: World) -> dict:
    return {
        "actie": "geinformeerd",
        "geinformeerd-informed_at": local_now(),
        "geinformeerd-method": "letter",
    }


def trajectory_form(w: World) -> dict:
    return {
        "question": "Hulp bij het huishouden",
        "start_date": today(),
        "workers": [str(w.employees[WORKER].pk)],
    }


def trajectory_json(w: World) -> dict:
    return {
        "resident": w.a.public_id,
        "question": "Hulp bij het ordenen van de administratie",
        "start_date": today(),
        "workers": [w.employees[WORKER].pk],
    }


def goal_progress_form(w: World) -> dict:
    prefix = f"doel-{w.a.goal}"
    return {f"{prefix}-progress": "working", f"{prefix}-progress_note": "Map gemaakt"}


def upload(w: World) -> dict:
    return {"title": "Ondertekend plan", "file": pdf("plan.pdf")}


def join_project(w: World) -> dict:
    return {
        "inwoner": w.a.public_id,
        "consent": str(w.a.project_consent),
        "joined_on": today(),
        "may_contact": "on",
    }


def emergency_body(w: World) -> dict:
    return {
        "reason": "Buurvrouw belt: mevrouw reageert niet op de deur, haar hulpverlener is ziek.",
        "surname": w.a.marker,
        "birth_date": w.a.birth_date,
    }


# Search terms matching residents A and B (their given name, their signals' description), so a
# search shows what the gate lets through; not markers, as a list repeats the term it searched.
BOTH = "Idor"
BOTH_SIGNALS = "Buurvrouw"  # in the description of both residents' signals
