"""Test data built through the real services, with Dutch fake data (Faker nl_NL).

BSNs come from :func:`zorgvuldig.demo.bsn.fake_bsn` (re-exported here), which makes random numbers
that pass the 11-test; they are only ever attached to invented people.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from faker import Faker

from tests.auth import totp_device
from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.gate import processing
from zorgvuldig.demo.bsn import fake_bsn  # noqa: F401  (the canonical generator, re-exported)
from zorgvuldig.people.models import Resident
from zorgvuldig.people.services import resident_register
from zorgvuldig.registry.models import DataCategory, LawfulGround, ProcessingActivity
from zorgvuldig.registry.services import activity_save
from zorgvuldig.staff.models import Employee, Role, Team
from zorgvuldig.staff.services import assignment_create, declaration_sign

fake = Faker("nl_NL")
FIXTURE_ACTOR = SystemActor("test-fixture")
PASSWORD = "lang-genoeg-testwachtwoord-2026"


def category(code: str, *, special_kind: str = "", is_bsn: bool = False) -> DataCategory:
    obj, _ = DataCategory.objects.get_or_create(
        code=code,
        defaults={"name": code.replace("-", " "), "special_kind": special_kind, "is_bsn": is_bsn},
    )
    return obj


def activity(
    code: str = "hulptrajecten",
    *,
    ground: str = LawfulGround.PUBLIC_TASK,
    categories=None,
    **fields,
) -> ProcessingActivity:
    existing = ProcessingActivity.objects.filter(code=code).first()
    if existing:
        return existing
    defaults = {
        "name": code.replace("-", " ").capitalize(),
        "purpose": "Ondersteuning van inwoners",
        "lawful_ground": ground,
        "lawful_ground_detail": "Wmo 2015, art. 2.2.1",
        "subject_categories": "Inwoners",
        "retention_policy": "RP-01",
        "retention_period": "15 jaar na afsluiting",
        "security_measures": "Versleuteling, toegang op basis van toewijzing",
        "controller_contact": "Kwartier, privacy@kwartier.example",
        "dpo_contact": "FG Kwartier, fg@kwartier.example",
    }
    defaults.update(fields)
    obj = ProcessingActivity(code=code, **defaults)
    return activity_save(
        changed_by="test", activity=obj, data_categories=categories or [category("naw")]
    )


def team(name: str = "Team Noord") -> Team:
    return Team.objects.get_or_create(name=name)[0]


def employee(
    *,
    role: str = Role.CASE_WORKER,
    team_obj: Team | None = None,
    declared: bool = True,
    active: bool = True,
    username: str | None = None,
    mfa: bool = True,
) -> Employee:
    """An employee with a login; with ``mfa`` (default) also a confirmed authenticator app
    holding :data:`tests.auth.TEST_TOTP_KEY`, as every staff account needs a second factor."""
    user = get_user_model().objects.create_user(
        username=username or fake.unique.user_name(),
        password=PASSWORD,
        is_active=active,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
    )
    emp = Employee.objects.create(user=user, role=role, team=team_obj)
    if mfa:
        totp_device(user)
    if declared:
        declaration_sign(employee=emp)
    return emp


def find_resident(surname: str) -> Resident:
    """The one resident with this surname, found in memory inside an open context (names are
    encrypted, so the database cannot look them up)."""
    [match] = [r for r in Resident.objects.all() if r.surname == surname]
    return match


def resident(
    *,
    purpose: str = "hulptrajecten",
    assign_to: Employee | None = None,
    team_obj: Team | None = None,
    **data,
):
    """Register a resident as a system fixture and optionally assign it."""
    act = activity(purpose)
    payload = {
        "given_names": fake.first_name(),
        "surname": fake.last_name(),
        "birth_date": fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
        "street": fake.street_name(),
        "house_number": fake.building_number(),
        "postcode": fake.postcode(),
        "city": fake.city(),
    }
    payload.update(data)
    with processing(actor=FIXTURE_ACTOR, purpose=act):
        res = resident_register(actor=FIXTURE_ACTOR, purpose=act, data=payload)
    if assign_to is not None or team_obj is not None:
        assignment_create(
            assigned_by=FIXTURE_ACTOR,
            resident_id=res.pk,
            activity=act,
            employee=assign_to,
            team=team_obj,
        )
    return res


def project(name: str = "Buurtmoestuin", team_obj: Team | None = None):
    """A community project (no personal data) of the given team."""
    from zorgvuldig.casework.models import Project

    team_obj = team_obj or team("Team Noord")
    return Project.objects.get_or_create(
        name=name,
        defaults={"description": "Samen tuinieren", "team": team_obj, "start_date": "2026-01-01"},
    )[0]
