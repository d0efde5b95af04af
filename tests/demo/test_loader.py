"""The demo organisation: what `load_demo` puts in the database, and that it does so once.

The demo is loaded once for this folder (``conftest.py``); each test reads it inside its own
transaction. The casework in it is tested in ``test_casework.py``.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Q
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.nl import bsn as stdnum_bsn

from tests.demo.stored import table_count
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import (
    Document,
    Goal,
    NeighbourhoodSignal,
    Note,
    Participation,
    Project,
    Signal,
    Trajectory,
)
from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.errors import GateRefused
from zorgvuldig.core.gate import processing
from zorgvuldig.demo.loader import DEFAULT_SEED, load_demo
from zorgvuldig.demo.logins import demo_logins, logins_table
from zorgvuldig.demo.mfa import DEMO_DEVICE_NAME, demo_totp_key
from zorgvuldig.demo.organisation import DEMO_PASSWORD, UNDECLARED_USERNAME
from zorgvuldig.demo.register import ACTIVITY_CODES, OVERSIGHT_CODES
from zorgvuldig.people.models import (
    ConsentRecord,
    DataSource,
    InformingTask,
    Resident,
    SourceKind,
)
from zorgvuldig.registry.models import ActivityVersion, LawfulGround, ProcessingActivity
from zorgvuldig.staff.models import Assignment, Employee, Role, Team

FIXTURE = SystemActor("test-fixture")
pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _employee(username: str) -> Employee:
    return Employee.objects.select_related("user", "team").get(user__username=username)


CASEWORK_MODELS = [
    Signal,
    NeighbourhoodSignal,
    Trajectory,
    Goal,
    Note,
    Document,
    Project,
    Participation,
    ConsentRecord,
    InformingTask,
]


def _counts() -> dict[str, int]:
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        residents = Resident.objects.count()
        sources = DataSource.objects.count()
    return {
        "residents": residents,
        "sources": sources,
        "employees": Employee.objects.count(),
        "teams": Team.objects.count(),
        "assignments": Assignment.objects.count(),
        "activity_versions": ActivityVersion.objects.count(),
        "loader_log": ProcessingLogRecord.objects.filter(actor_ref="system:demo-loader").count(),
        **{model._meta.label: table_count(model) for model in CASEWORK_MODELS},
    }


def test_loads_at_least_200_residents(demo):
    assert demo.loaded
    assert demo.residents >= 200
    assert _counts()["residents"] == demo.residents


def test_fifteen_staff_in_three_teams_with_a_lead_and_case_workers_each():
    assert Employee.objects.count() == 15
    teams = Team.objects.annotate(
        leads=Count("members", filter=Q(members__role=Role.TEAM_LEAD)),
        workers=Count("members", filter=Q(members__role=Role.CASE_WORKER)),
    )
    assert len(teams) == 3
    for team in teams:
        assert team.leads == 1
        assert 3 <= team.workers <= 4
    teamless = Employee.objects.filter(team__isnull=True)
    assert sorted(e.role for e in teamless) == [Role.ADMINISTRATOR, Role.PRIVACY_OFFICER]


def test_main_logins_have_the_demo_password_and_admin_rights():
    request = RequestFactory().post("/backoffice/login/")  # django-axes needs the request
    for username in ("hulpverlener", "teamleider", "privacy", "beheerder", UNDECLARED_USERNAME):
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None
    privacy, admin = _employee("privacy"), _employee("beheerder")
    assert privacy.role == Role.PRIVACY_OFFICER
    assert privacy.user.is_staff and not privacy.user.is_superuser
    assert admin.role == Role.ADMINISTRATOR
    assert admin.user.is_staff and admin.user.is_superuser
    assert not _employee("hulpverlener").user.is_staff


def test_p09_exactly_one_case_worker_has_no_declaration_and_is_refused():
    undeclared = [e for e in Employee.objects.all() if not e.has_current_declaration()]
    assert [e.user.username for e in undeclared] == [UNDECLARED_USERNAME]
    assert undeclared[0].role == Role.CASE_WORKER
    with pytest.raises(GateRefused) as refused, processing(actor=undeclared[0], purpose="signalen"):
        pass
    assert refused.value.code == "no_confidentiality_declaration"


def test_register_has_the_seven_activities_with_their_grounds():
    grounds = dict(ProcessingActivity.objects.values_list("code", "lawful_ground"))
    assert grounds == {
        "signalen": LawfulGround.PUBLIC_TASK,
        "hulptrajecten": LawfulGround.PUBLIC_TASK,
        "projecten": LawfulGround.CONSENT,
        "buurtbemiddeling": LawfulGround.LEGITIMATE_INTEREST,
        "vrijwilligers": LawfulGround.CONTRACT,
        "klachten": LawfulGround.LEGAL_OBLIGATION,
        "toegangscontrole": LawfulGround.LEGAL_OBLIGATION,  # AVG art. 32, NEN 7513
    }
    support = ProcessingActivity.objects.get(code="hulptrajecten")
    assert support.art9_exemption == "h"
    assert support.uses_bsn() and support.bsn_legal_basis
    assert "health" in support.current_version.snapshot["special_categories"]
    assert "criminal" in support.current_version.snapshot["special_categories"]
    assert [a.code for a in ProcessingActivity.objects.all() if a.uses_bsn()] == ["hulptrajecten"]


def test_register_names_recipients_retention_and_contacts():
    for activity in ProcessingActivity.objects.prefetch_related("recipients"):
        assert activity.current_version is not None
        assert activity.recipients.exists()
        assert activity.retention_policy and activity.retention_period
        assert activity.security_measures and activity.subject_categories
        assert "kwartier.example" in activity.controller_contact
        assert "kwartier.example" in activity.dpo_contact
    processor = ProcessingActivity.objects.get(code="hulptrajecten").recipients.get(
        kind="processor"
    )
    assert processor.agreement_reference


def test_every_register_activity_is_used():
    assert sorted(ACTIVITY_CODES) == sorted(
        ProcessingActivity.objects.values_list("code", flat=True)
    )
    for code in ACTIVITY_CODES:
        if code in OVERSIGHT_CODES:  # monitoring the log: nobody is registered under it
            assert not Assignment.objects.filter(activity__code=code).exists(), code
            continue
        assert Assignment.objects.filter(activity__code=code).exists(), code
        with processing(actor=FIXTURE, purpose=code):
            assert DataSource.objects.filter(activity__code=code).exists(), code


def test_bsns_pass_the_11_test_and_only_come_with_support_trajectories():
    with processing(actor=FIXTURE, purpose="hulptrajecten"):
        numbers = [r.bsn for r in Resident.objects.all() if r.bsn]
        bsn_sources = set(
            DataSource.objects.filter(field_name="bsn").values_list("activity__code", flat=True)
        )
    assert len(numbers) >= 20
    assert all(stdnum_bsn.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert bsn_sources == {"hulptrajecten"}


def test_p07_sources_are_mixed():
    with processing(actor=FIXTURE, purpose="signalen"):
        sources = {(s.kind, s.source_name) for s in DataSource.objects.all()}
    kinds = {kind for kind, _name in sources}
    names = {name for _kind, name in sources}
    assert kinds == set(SourceKind.values)
    assert {"buurman", "huisarts", "gemeente", "woningcorporatie"} <= names


def test_p13_every_worker_and_lead_has_residents_in_several_activities():
    activities = list(ProcessingActivity.objects.all())
    casework = Employee.objects.filter(role__in=[Role.CASE_WORKER, Role.TEAM_LEAD])
    assert casework.count() == 13
    for employee in casework:
        used = [a.code for a in activities if employee.resident_scope(a).exists()]
        assert len(used) >= 4, (employee.user.username, used)


def test_some_residents_are_assigned_to_a_team():
    assert Assignment.objects.filter(team__isnull=False, activity__code="signalen").exists()
    assert Assignment.objects.filter(team__isnull=False, activity__code="hulptrajecten").exists()


def test_main_case_worker_has_enough_trajectories_to_paginate():
    worker = _employee("hulpverlener")
    with processing(actor=worker, purpose="hulptrajecten"):
        assert Resident.objects.count() >= 30


def test_p12_loader_writes_are_in_the_processing_log(demo):
    records = ProcessingLogRecord.objects.filter(actor_ref="system:demo-loader")
    created = records.filter(action="create", status="ok")
    assert created.filter(object_type="people.resident").count() == demo.residents
    assert created.filter(object_type="people.datasource").exists()
    assert not records.exclude(status="ok").exists()
    assert not records.filter(subject_ref="").exists()


def test_second_run_loads_nothing():
    before = _counts()
    assert all(before[model._meta.label] for model in CASEWORK_MODELS)
    result = load_demo(seed=DEFAULT_SEED)
    assert not result.loaded
    assert _counts() == before


def test_second_run_says_so():
    out = io.StringIO()
    load_demo(stdout=out)
    assert "al geladen" in out.getvalue()


def test_logins_list_main_logins_first_and_flag_the_undeclared_worker():
    logins = demo_logins()
    assert [x.username for x in logins[:5]] == [
        "hulpverlener",
        "teamleider",
        "privacy",
        "beheerder",
        UNDECLARED_USERNAME,
    ]
    assert len(logins) == 15
    lines = logins_table(logins)
    flagged = [line for line in lines if "geheimhoudingsverklaring" in line]
    assert len(flagged) == 1
    assert flagged[0].startswith(UNDECLARED_USERNAME)
    assert all(DEMO_PASSWORD in line for line in lines[2:])


def test_p14_demo_has_alerts_to_review_for_the_team_lead_and_privacy_officer():
    from zorgvuldig.oversight.models import Alert

    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {"emergency_access", "shared_address"} <= kinds
    assert not Alert.objects.exclude(status="open").exists()


def test_p12_every_demo_login_has_the_published_demo_authenticator():
    for employee in Employee.objects.select_related("user"):
        device = TOTPDevice.objects.get(user=employee.user, name=DEMO_DEVICE_NAME)
        assert device.confirmed
        assert device.bin_key == demo_totp_key()
