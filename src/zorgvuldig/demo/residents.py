"""The demo organisation's residents: fake Dutch people, registered and assigned (P03, P07, P13).

Each resident is registered through :func:`zorgvuldig.people.services.resident_register` by the
``demo-loader`` system actor, inside the processing gate, so every write leaves its
processing-log record and every datum its source. Residents are then assigned to a worker (and
some to a team) with :func:`zorgvuldig.staff.services.assignment_create`. All data is invented
with Faker ``nl_NL`` from a seed: the same seed gives the same residents.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass

from django.utils import timezone
from faker import Faker

from zorgvuldig.core.gate import processing
from zorgvuldig.demo.bsn import fake_bsn
from zorgvuldig.demo.organisation import TEAMS, ascii_slug
from zorgvuldig.people.models import SourceKind
from zorgvuldig.people.services import resident_register
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import Employee, Role, Team
from zorgvuldig.staff.services import assignment_create

# How many residents each activity gets (242 in all).
RESIDENTS_PER_ACTIVITY = {
    "hulptrajecten": 100,
    "signalen": 65,
    "projecten": 30,
    "buurtbemiddeling": 20,
    "vrijwilligers": 15,
    "klachten": 12,
}
# The main case-worker login gets this many support trajectories of their own (pagination).
MAIN_WORKER = "hulpverlener"
MAIN_WORKER_TRAJECTORIES = 26
BSN_SHARE = 0.6  # of support trajectories; the BSN is recorded nowhere else

# Where a resident's data came from, per activity: (kind, source name, weight).
_R, _T, _V = SourceKind.RESIDENT, SourceKind.THIRD_PARTY, SourceKind.REFERRER
SOURCES = {
    "signalen": [
        (_R, "", 25),
        (_T, "buurman", 15),
        (_T, "buurvrouw", 10),
        (_T, "familielid", 10),
        (_T, "mantelzorger", 5),
        (_V, "huisarts", 10),
        (_V, "wijkagent", 8),
        (_V, "woningcorporatie", 10),
        (_V, "gemeente", 7),
    ],
    "hulptrajecten": [
        (_R, "", 50),
        (_V, "gemeente", 18),
        (_V, "huisarts", 15),
        (_V, "woningcorporatie", 10),
        (_T, "familielid", 7),
    ],
    "projecten": [(_R, "", 90), (_T, "familielid", 10)],
    "buurtbemiddeling": [
        (_R, "", 50),
        (_V, "woningcorporatie", 30),
        (_V, "wijkagent", 10),
        (_T, "buurman", 10),
    ],
    "vrijwilligers": [(_R, "", 100)],
    "klachten": [(_R, "", 85), (_T, "familielid (vertegenwoordiger)", 15)],
}
AGES = {"vrijwilligers": (18, 75), "projecten": (18, 92)}
DEFAULT_AGES = (18, 95)


@dataclass
class _Staffing:
    """The case workers and team leads residents are assigned to, in a fixed order."""

    casework: list[Employee]
    leads: list[Employee]
    main_worker: Employee

    @classmethod
    def load(cls) -> _Staffing:
        casework = list(
            Employee.objects.filter(role__in=[Role.CASE_WORKER, Role.TEAM_LEAD])
            .select_related("team", "user")
            .order_by("team__name", "role", "user__username")
        )
        leads = [e for e in casework if e.role == Role.TEAM_LEAD]
        main = next(e for e in casework if e.user.get_username() == MAIN_WORKER)
        return cls(casework=casework, leads=leads, main_worker=main)

    def owner(self, code: str, index: int) -> Employee:
        """The worker a resident of ``code`` is assigned to: spread evenly over everyone."""
        if code == "klachten":  # complaints go to a team lead, away from the worker concerned
            return self.leads[index % len(self.leads)]
        if code == "hulptrajecten" and index < MAIN_WORKER_TRAJECTORIES:
            return self.main_worker
        return self.casework[index % len(self.casework)]


def _split_surname(surname: str) -> tuple[str, str]:
    """Split a Dutch surname into its prefix (tussenvoegsel) and the rest: 'van der', 'Berg'."""
    words = surname.split()
    prefix = []
    while len(words) > 1 and words[0].islower():
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


def _birth_date(rng: random.Random, code: str) -> dt.date:
    low, high = AGES.get(code, DEFAULT_AGES)
    today = timezone.localdate()
    return today - dt.timedelta(days=rng.randint(low * 365 + 1, high * 365 - 1))


def _address(rng: random.Random, faker: Faker, team: Team) -> dict:
    city = rng.choice(sorted(TEAMS[team.name]))
    digits = rng.choice(TEAMS[team.name][city])
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    number = str(rng.randint(1, 180))
    if rng.random() < 0.1:
        number += rng.choice(string.ascii_lowercase[:4])
    return {
        "street": faker.street_name(),
        "house_number": number,
        "postcode": f"{digits} {letters}",
        "city": city,
    }


def _payload(rng: random.Random, faker: Faker, code: str, team: Team) -> dict:
    """Invented personal data for one resident of activity ``code`` living in ``team``'s area."""
    first = faker.first_name_female() if rng.random() < 0.55 else faker.first_name_male()
    prefix, surname = _split_surname(faker.last_name())
    data = {"given_names": first, "surname_prefix": prefix, "surname": surname}
    if rng.random() < 0.95:
        data["birth_date"] = _birth_date(rng, code).isoformat()
    data.update(_address(rng, faker, team))
    if rng.random() < 0.85:
        mobile = rng.random() < 0.7
        number = "".join(str(rng.randint(0, 9)) for _ in range(8 if mobile else 6))
        data["phone"] = f"06-{number}" if mobile else f"072-5{number}"
    if rng.random() < 0.55:
        data["email"] = f"{ascii_slug(first)}.{ascii_slug(surname)}{rng.randint(1, 99)}@example.com"
    if code == "hulptrajecten" and rng.random() < BSN_SHARE:
        data["bsn"] = fake_bsn(rng)
    return data


def _source(rng: random.Random, code: str) -> tuple[str, str]:
    options = SOURCES[code]
    kind, name, _weight = rng.choices(options, weights=[o[2] for o in options])[0]
    return kind, name


def _assign(*, actor, resident_id: int, code: str, index: int, owner: Employee, activities):
    """Assign a new resident: to their worker, and for some also to a team or a second purpose."""
    activity = activities[code]
    if code == "signalen" and index % 3 == 2:
        # Signals are often picked up by the team as a whole.
        assignment_create(
            assigned_by=actor, resident_id=resident_id, activity=activity, team=owner.team
        )
        return
    assignment_create(assigned_by=actor, resident_id=resident_id, activity=activity, employee=owner)
    if code == "signalen" and index % 5 == 0:
        # The signal led to a support trajectory with the same worker.
        assignment_create(
            assigned_by=actor,
            resident_id=resident_id,
            activity=activities["hulptrajecten"],
            employee=owner,
        )
    if code == "hulptrajecten" and index % 6 == 5:
        # Shared with the worker's team, e.g. for cover during leave.
        assignment_create(
            assigned_by=actor, resident_id=resident_id, activity=activity, team=owner.team
        )


def residents_load(
    *,
    actor,
    activities: dict[str, ProcessingActivity],
    faker: Faker,
    rng: random.Random,
    progress,
) -> int:
    """Register and assign every demo resident; call ``progress(done, total)`` as it goes."""
    staffing = _Staffing.load()
    total = sum(RESIDENTS_PER_ACTIVITY.values())
    done = 0
    for code, count in RESIDENTS_PER_ACTIVITY.items():
        activity = activities[code]
        # One context per purpose; resident_register joins it instead of opening its own.
        with processing(actor=actor, purpose=activity):
            for index in range(count):
                owner = staffing.owner(code, index)
                kind, source_name = _source(rng, code)
                resident = resident_register(
                    actor=actor,
                    purpose=activity,
                    data=_payload(rng, faker, code, owner.team),
                    source_kind=kind,
                    source_name=source_name,
                )
                _assign(
                    actor=actor,
                    resident_id=resident.pk,
                    code=code,
                    index=index,
                    owner=owner,
                    activities=activities,
                )
                done += 1
                progress(done, total)
    return done
