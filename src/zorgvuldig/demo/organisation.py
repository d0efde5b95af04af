"""The demo organisation's staff: three teams, fifteen employees and their logins (P09, P13).

Every employee signs the confidentiality declaration through
:func:`zorgvuldig.staff.services.declaration_sign`, except one case worker, ``nieuwecollega``,
who deliberately has not: logging in as them shows the gate refusing all personal data (P09).
All demo logins share :data:`DEMO_PASSWORD`; it is printed by ``zorgvuldig demo`` and only
ever used on the demo database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from faker import Faker

from zorgvuldig.staff.models import Employee, Role, Team
from zorgvuldig.staff.services import declaration_sign

DEMO_PASSWORD = "Kwartier-demo-2026"  # noqa: S105 (a published demo password, demo data only)

# Team name -> the places its residents live in, with their postcode digits.
TEAMS = {
    "Team Noord": {"Heerhugowaard": ["1701", "1702", "1703"]},
    "Team Zuid": {"Heerhugowaard": ["1704", "1705", "1706"]},
    "Team Langedijk": {
        "Broek op Langedijk": ["1721"],
        "Zuid-Scharwoude": ["1722"],
        "Noord-Scharwoude": ["1723"],
        "Oudkarspel": ["1724"],
        "Sint Pancras": ["1834"],
    },
}
TEAM_DESCRIPTIONS = {
    "Team Noord": "Sociaal werk in Heerhugowaard-Noord.",
    "Team Zuid": "Sociaal werk in Heerhugowaard-Zuid.",
    "Team Langedijk": "Sociaal werk in de dorpen van Langedijk.",
}

# The main demo logins, one per role; the others get a name-based username.
MAIN_LOGINS = {
    "hulpverlener": (Role.CASE_WORKER, "Team Noord"),
    "teamleider": (Role.TEAM_LEAD, "Team Noord"),
    "privacy": (Role.PRIVACY_OFFICER, None),
    "beheerder": (Role.ADMINISTRATOR, None),
}
UNDECLARED_USERNAME = "nieuwecollega"
CASE_WORKERS_PER_TEAM = {"Team Noord": 4, "Team Zuid": 3, "Team Langedijk": 3}


@dataclass(frozen=True)
class _Planned:
    username: str
    role: str
    team: str | None
    declared: bool = True


def teams_exist() -> bool:
    """Whether the demo teams are there: the marker that the demo has been loaded."""
    return Team.objects.filter(name__in=TEAMS).exists()


def ascii_slug(text: str) -> str:
    """Return ``text`` as lower-case ASCII letters and digits only (for usernames, e-mail)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _plan(faker: Faker) -> list[tuple[_Planned, str, str]]:
    """Decide every employee (username, role, team) with a first and last name."""
    plans = [_Planned(name, role, team) for name, (role, team) in MAIN_LOGINS.items()]
    plans.append(_Planned(UNDECLARED_USERNAME, Role.CASE_WORKER, "Team Noord", declared=False))
    for team, count in CASE_WORKERS_PER_TEAM.items():
        named = sum(1 for p in plans if p.team == team and p.role == Role.CASE_WORKER)
        plans += [_Planned("", Role.CASE_WORKER, team)] * (count - named)
        if team != "Team Noord":
            plans.append(_Planned("", Role.TEAM_LEAD, team))
    result, taken = [], {p.username for p in plans}
    for plan in plans:
        first, last = faker.first_name(), faker.last_name()
        username = plan.username
        if not username:
            base = f"{ascii_slug(first)}.{ascii_slug(last.split()[-1])}"
            username, n = base, 2
            while username in taken:
                username, n = f"{base}{n}", n + 1
            taken.add(username)
        result.append((_Planned(username, plan.role, plan.team, plan.declared), first, last))
    return result


def staff_load(*, faker: Faker) -> dict[str, Team]:
    """Create the teams and the fifteen employees with their logins; return the teams."""
    teams = {
        name: Team.objects.get_or_create(
            name=name, defaults={"description": TEAM_DESCRIPTIONS[name]}
        )[0]
        for name in TEAMS
    }
    # One Argon2 hash for the shared password: hashing is slow on purpose, once is enough.
    password_hash = make_password(DEMO_PASSWORD)
    user_model = get_user_model()
    for plan, first, last in _plan(faker):
        user = user_model.objects.create(
            username=plan.username,
            password=password_hash,
            first_name=first,
            last_name=last,
            email=f"{plan.username}@kwartier.example",
            is_staff=plan.role in (Role.PRIVACY_OFFICER, Role.ADMINISTRATOR),
            is_superuser=plan.role == Role.ADMINISTRATOR,
        )
        employee = Employee.objects.create(
            user=user, role=plan.role, team=teams[plan.team] if plan.team else None
        )
        if plan.declared:
            declaration_sign(employee=employee)
    return teams
