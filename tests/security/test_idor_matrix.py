"""P13 need-to-know: the IDOR matrix over every API and back-office URL that names an object.

Generated from the URL configuration: every route of the ``api`` and ``backoffice`` namespaces
with a path parameter (a resident's public id, a note, signal, trajectory, goal, consent,
informing task, document, project, assignment, emergency access or alert id, or the purpose
itself) needs a rule in :data:`RULES`, or ``test_p13_every_object_endpoint_has_an_idor_rule``
fails. A rule says how to build the URL from the world (``idor_world.py``) and, per HTTP
method the view accepts, the exact answer each actor gets -- anonymous, another team's worker,
the assigned worker, their team lead, the privacy officer and another team's lead. Methods a
rule does not list must answer 405.

Every (route, method, actor) is one test. Besides the status it checks:

- **no foreign rows**: the answer never contains the marker or public id of a resident out of
  the actor's reach (lists included);
- **no writes without permission**: a call by an actor who may not write leaves the domain
  tables (people, casework, staff, oversight, registry) and the uploaded files unchanged,
  byte for byte; a call by one who may does change them (so the payload is a real write).

Anonymous callers get 401 from the API and the login page from the back-office. A resident out
of reach answers 404, the same as a missing one, as the gate promises; 403 is for a role that
may not use a function at all. The world is built once for the module and each test runs in
its own transaction, so writes never leak into the next test.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests import append_only
from tests.security.idor_payloads import (
    BOTH,
    BOTH_SIGNALS,
    consent_form,
    consent_json,
    emergency_body,
    goal_progress_form,
    informed_form,
    join_project,
    note_form,
    resident_form,
    signal_form,
    today,
    trajectory_form,
    trajectory_json,
    upload,
)
from tests.security.idor_world import (
    ACTORS,
    ANONYMOUS,
    OTHER_LEAD,
    OTHER_WORKER,
    PRIVACY_OFFICER,
    PROJECTS,
    SUPPORT,
    TEAM_LEAD,
    WORKER,
    World,
    build_world,
)
from tests.security.logins import login as _login

NAMESPACES = ("api", "backoffice")
METHODS = ("get", "post", "put", "patch", "delete")
LOGIN = "login"  # the back-office's answer to anonymous callers: a redirect to the login page
DOMAIN_APPS = ("people", "casework", "staff", "oversight", "registry")

# -- who is allowed what ------------------------------------------------------------------------

ASSIGNED = frozenset({WORKER, TEAM_LEAD})  # the assigned worker and the lead of their team
EMPLOYEES = frozenset(ACTORS) - {ANONYMOUS}
CASEWORKERS = frozenset({WORKER, TEAM_LEAD, OTHER_WORKER, OTHER_LEAD})
REVIEWERS = frozenset({TEAM_LEAD, PRIVACY_OFFICER})  # of alerts about the north worker


def need_to_know(ok: int, refused: int = 404) -> dict[str, int]:
    """The resident's file: the assigned worker and their lead get ``ok``, others the 404."""
    return {actor: ok if actor in ASSIGNED else refused for actor in EMPLOYEES}


def everyone(status: int) -> dict[str, int]:
    """Every employee gets ``status`` (lists filtered by the gate, public information)."""
    return dict.fromkeys(EMPLOYEES, status)


def only(allowed, ok: int, refused: int) -> dict[str, int]:
    return {actor: ok if actor in allowed else refused for actor in EMPLOYEES}


def casework_roles(ok: int) -> dict[str, int]:
    """Functions of the casework roles; the privacy officer does no casework (403)."""
    return {**everyone(ok), PRIVACY_OFFICER: 403}


@dataclass(frozen=True)
class Call:
    """One HTTP method on a route: the expected status per actor and what the call sends."""

    expect: dict[str, int]
    data: Callable[[World], dict] | None = None
    writers: frozenset[str] = frozenset()  # actors whose call must change the database
    query: Callable[[World], dict] | None = None
    multipart: bool = False
    follow: bool = False  # a search POST: follow the redirect to the (filtered) list
    reveals: bool = False  # success brings the resident into reach (emergency access)
    lists: bool = False  # a list or search: it shows the residents in reach (not just none)
    kwargs: Callable[[World], dict] | None = None  # other URL parameters than the rule's


@dataclass(frozen=True)
class Rule:
    kwargs: Callable[[World], dict]
    calls: dict[str, Call] = field(default_factory=dict)


# -- URL parameters from the world ---------------------------------------------------------------


def purpose(code: str = SUPPORT) -> Callable[[World], dict]:
    return lambda w: {"activity_code": code}


def file_of_a(**extra: Callable[[World], object]) -> Callable[[World], dict]:
    """Resident A's file under the support purpose, plus ``extra`` ids taken from the world."""

    def build(w: World) -> dict:
        kwargs = {"activity_code": SUPPORT, "public_id": w.a.public_id}
        return kwargs | {name: value(w) for name, value in extra.items()}

    return build


def object_of_a(attribute: str, name: str = "pk") -> Callable[[World], dict]:
    return lambda w: {"activity_code": SUPPORT, name: getattr(w.a, attribute)}


# -- the rule table ------------------------------------------------------------------------------
# Expected answers for anonymous callers are added per namespace (API 401, back-office login).

RULES: dict[str, Rule] = {
    # ---- back-office: the resident's file ------------------------------------------------------
    "backoffice:resident_list": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),
            "post": Call(everyone(200), data=lambda w: {"q": BOTH}, follow=True, lists=True),
        },
    ),
    "backoffice:resident_create": Rule(
        purpose(),
        {
            "get": Call(casework_roles(200)),
            "post": Call(casework_roles(302), data=resident_form, writers=CASEWORKERS),
        },
    ),
    "backoffice:resident_detail": Rule(file_of_a(), {"get": Call(need_to_know(200))}),
    "backoffice:resident_edit": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(
                need_to_know(302),
                data=lambda w: resident_form(
                    w,
                    given_names="Idor",
                    surname=w.a.marker,
                    birth_date=w.a.birth_date,
                    street=f"{w.a.marker}straat",
                    city="Utrecht",
                ),
                writers=ASSIGNED,
            ),
        },
    ),
    "backoffice:note_create": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(302), data=note_form, writers=ASSIGNED),
        },
    ),
    "backoffice:consent_create": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(302), data=consent_form, writers=ASSIGNED),
        },
    ),
    "backoffice:consent_withdraw": Rule(
        file_of_a(pk=lambda w: w.a.consent),
        {"post": Call(need_to_know(302), writers=ASSIGNED)},
    ),
    "backoffice:consent_evidence": Rule(
        file_of_a(pk=lambda w: w.a.consent), {"get": Call(need_to_know(200))}
    ),
    "backoffice:informing_task": Rule(
        file_of_a(pk=lambda w: w.a.task),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(302), data=informed_form, writers=ASSIGNED),
        },
    ),
    "backoffice:resident_processing_history": Rule(file_of_a(), {"get": Call(need_to_know(200))}),
    # ---- back-office: signals ------------------------------------------------------------------
    "backoffice:signal_list": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),
            "post": Call(
                everyone(200), data=lambda w: {"q": BOTH_SIGNALS}, follow=True, lists=True
            ),
        },
    ),
    "backoffice:signal_create": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),  # the residents to choose from
            # A resident out of reach is not among the form's choices: a field error, no write.
            "post": Call(
                only(ASSIGNED, 302, 200),
                data=lambda w: signal_form(w, resident=w.a.public_id),
                writers=ASSIGNED,
            ),
        },
    ),
    "backoffice:signal_create_new_resident": Rule(
        purpose(),
        {
            "get": Call(casework_roles(200)),
            "post": Call(
                casework_roles(302),
                data=lambda w: signal_form(
                    w,
                    given_names="Anouk",
                    surname="Visser",
                    birth_date="1950-02-03",
                    street="Dorpsstraat",
                    house_number="7",
                    postcode="1234 AB",
                    city="Heerhugowaard",
                ),
                writers=CASEWORKERS,
            ),
        },
    ),
    "backoffice:signal_detail": Rule(
        object_of_a("signal"),
        {
            "get": Call(need_to_know(200)),
            "post": Call(
                need_to_know(302),
                data=lambda w: {"urgency": "low", "outcome": "nothing"},
                writers=ASSIGNED,
            ),
        },
    ),
    # ---- back-office: trajectories and goals ---------------------------------------------------
    "backoffice:trajectory_list": Rule(purpose(), {"get": Call(everyone(200), lists=True)}),
    "backoffice:trajectory_detail": Rule(
        object_of_a("trajectory"), {"get": Call(need_to_know(200))}
    ),
    "backoffice:trajectory_open": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(302), data=trajectory_form, writers=ASSIGNED),
        },
    ),
    # GET on the form-only routes is a bare redirect to the trajectory page: it reads nothing.
    "backoffice:trajectory_status": Rule(
        object_of_a("trajectory"),
        {
            "get": Call(everyone(302)),
            "post": Call(need_to_know(302), data=lambda w: {"status": "intake"}, writers=ASSIGNED),
        },
    ),
    "backoffice:goal_add": Rule(
        object_of_a("trajectory"),
        {
            "get": Call(everyone(302)),
            "post": Call(
                need_to_know(302), data=lambda w: {"description": "Schulden"}, writers=ASSIGNED
            ),
        },
    ),
    "backoffice:goal_update": Rule(
        lambda w: {"activity_code": SUPPORT, "pk": w.a.trajectory, "goal_pk": w.a.goal},
        {
            "get": Call(everyone(302)),
            "post": Call(need_to_know(302), data=goal_progress_form, writers=ASSIGNED),
        },
    ),
    # ---- back-office: documents ----------------------------------------------------------------
    "backoffice:document_upload": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(302), data=upload, multipart=True, writers=ASSIGNED),
        },
    ),
    "backoffice:document_download": Rule(object_of_a("document"), {"get": Call(need_to_know(200))}),
    # ---- back-office: projects (no personal data) and their participants -----------------------
    "backoffice:project_detail": Rule(
        lambda w: {"pk": w.garden},
        {"get": Call(everyone(200), lists=True)},  # participants
    ),
    "backoffice:project_activity_add": Rule(
        lambda w: {"pk": w.garden},
        {
            "get": Call(everyone(302)),
            # Coordinators (the north worker) and the project team's lead plan activities.
            "post": Call(
                only(ASSIGNED, 302, 403),
                data=lambda w: {"date": today(), "title": "Zaaidag"},
                writers=ASSIGNED,
            ),
        },
    ),
    "backoffice:participation_add": Rule(
        lambda w: {"pk": w.kitchen},
        {
            "get": Call(need_to_know(200), query=lambda w: {"inwoner": w.a.public_id}),
            "post": Call(need_to_know(302), data=join_project, writers=ASSIGNED),
        },
    ),
    # ---- back-office: register, team, emergency access, alerts ---------------------------------
    "backoffice:register_detail": Rule(lambda w: {"code": SUPPORT}, {"get": Call(everyone(200))}),
    "backoffice:assignment_end": Rule(
        lambda w: {"pk": w.a.assignment},
        {"post": Call({**everyone(403), TEAM_LEAD: 302, OTHER_LEAD: 404}, writers={TEAM_LEAD})},
    ),
    "backoffice:emergency_access_end": Rule(
        lambda w: {"pk": w.grant},
        {"post": Call(only({WORKER}, 302, 404), writers={WORKER})},
    ),
    "backoffice:alert_detail": Rule(
        lambda w: {"pk": w.alert},
        {
            "get": Call({**everyone(403), **dict.fromkeys(REVIEWERS, 200), OTHER_LEAD: 404}),
            "post": Call(
                {**everyone(403), **dict.fromkeys(REVIEWERS, 302), OTHER_LEAD: 404},
                data=lambda w: {"decision": "justified", "note": ""},
                writers=REVIEWERS,
            ),
        },
    ),
    # ---- API: register and projects (no personal data) -----------------------------------------
    "api:activity-detail": Rule(lambda w: {"code": SUPPORT}, {"get": Call(everyone(200))}),
    "api:project-detail": Rule(lambda w: {"pk": w.garden}, {"get": Call(everyone(200))}),
    "api:participant-list": Rule(
        lambda w: {"activity_code": PROJECTS, "pk": w.kitchen},
        {
            "get": Call(
                everyone(200), kwargs=lambda w: {"activity_code": PROJECTS, "pk": w.garden}
            ),
            "post": Call(
                need_to_know(201),
                data=lambda w: {
                    "resident": w.a.public_id,
                    "consent": w.a.project_consent,
                    "may_contact": True,
                },
                writers=ASSIGNED,
            ),
        },
    ),
    # ---- API: residents and their file ---------------------------------------------------------
    "api:resident-list": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),
            "post": Call(
                casework_roles(201),
                data=lambda w: {
                    "given_names": "Fatima",
                    "surname": "El Amrani",
                    "birth_date": "1984-03-12",
                },
                writers=CASEWORKERS,
            ),
        },
    ),
    "api:resident-search": Rule(
        purpose(), {"post": Call(everyone(200), data=lambda w: {"search": BOTH}, lists=True)}
    ),
    "api:resident-detail": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "patch": Call(need_to_know(200), data=lambda w: {"city": "Utrecht"}, writers=ASSIGNED),
        },
    ),
    "api:note-list": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(
                need_to_know(201),
                data=lambda w: {"occurred_on": today(), "kind": "phone", "text": "Gebeld."},
                writers=ASSIGNED,
            ),
        },
    ),
    "api:consent-list": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(201), data=consent_json, writers=ASSIGNED),
        },
    ),
    "api:document-list": Rule(
        file_of_a(),
        {
            "get": Call(need_to_know(200)),
            "post": Call(need_to_know(201), data=upload, multipart=True, writers=ASSIGNED),
        },
    ),
    "api:resident-informing-list": Rule(file_of_a(), {"get": Call(need_to_know(200))}),
    "api:resident-processing-history": Rule(file_of_a(), {"get": Call(need_to_know(200))}),
    # ---- API: casework under a purpose ---------------------------------------------------------
    "api:signal-list": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),
            "post": Call(
                need_to_know(201),
                data=lambda w: {
                    "resident": w.a.public_id,
                    "kind": "problem",
                    "description": "Post stapelt zich op",
                    "reporter_kind": "resident",
                    "channel": "phone",
                },
                writers=ASSIGNED,
            ),
        },
    ),
    "api:signal-search": Rule(
        purpose(),
        {"post": Call(everyone(200), data=lambda w: {"search": BOTH_SIGNALS}, lists=True)},
    ),
    "api:signal-detail": Rule(object_of_a("signal"), {"get": Call(need_to_know(200))}),
    "api:signal-triage": Rule(
        object_of_a("signal"),
        {
            "post": Call(
                need_to_know(200),
                data=lambda w: {"urgency": "low", "outcome": "nothing"},
                writers=ASSIGNED,
            )
        },
    ),
    "api:trajectory-list": Rule(
        purpose(),
        {
            "get": Call(everyone(200), lists=True),
            "post": Call(need_to_know(201), data=trajectory_json, writers=ASSIGNED),
        },
    ),
    "api:trajectory-detail": Rule(object_of_a("trajectory"), {"get": Call(need_to_know(200))}),
    "api:trajectory-status": Rule(
        object_of_a("trajectory"),
        {"post": Call(need_to_know(200), data=lambda w: {"status": "intake"}, writers=ASSIGNED)},
    ),
    "api:goal-list": Rule(
        object_of_a("trajectory"),
        {
            "post": Call(
                need_to_know(201), data=lambda w: {"description": "Schulden"}, writers=ASSIGNED
            )
        },
    ),
    "api:goal-detail": Rule(
        lambda w: {"activity_code": SUPPORT, "pk": w.a.trajectory, "goal_id": w.a.goal},
        {
            "patch": Call(
                need_to_know(200),
                data=lambda w: {"progress": "working", "progress_note": "Eerste gesprek"},
                writers=ASSIGNED,
            )
        },
    ),
    "api:consent-withdraw": Rule(
        object_of_a("consent"), {"post": Call(need_to_know(200), writers=ASSIGNED)}
    ),
    "api:informing-list": Rule(purpose(), {"get": Call(everyone(200), lists=True)}),
    "api:informing-complete": Rule(
        object_of_a("task"),
        {
            "post": Call(
                need_to_know(200),
                data=lambda w: {"informed_at": timezone.now().isoformat(), "method": "letter"},
                writers=ASSIGNED,
            )
        },
    ),
    "api:informing-exempt": Rule(
        object_of_a("task"),
        {
            "post": Call(
                need_to_know(200),
                data=lambda w: {
                    "exemption": "d",
                    "exemption_reason": "Beroepsgeheim: de melding is vertrouwelijk",
                },
                writers=ASSIGNED,
            )
        },
    ),
    "api:informing-contact": Rule(
        object_of_a("task"),
        {
            "post": Call(
                need_to_know(200),
                data=lambda w: {
                    "first_contact_at": (
                        timezone.localtime().replace(microsecond=0) - dt.timedelta(hours=1)
                    ).isoformat()
                },
                writers=ASSIGNED,
            )
        },
    ),
    "api:document-download": Rule(object_of_a("document"), {"get": Call(need_to_know(200))}),
    # ---- API: break the glass, alerts ----------------------------------------------------------
    # Emergency access is for a resident *not* assigned to you (P13, logged and alerted, P14):
    # another team's case worker or lead may open it; for the assigned ones it is not needed.
    "api:emergency-access-open": Rule(
        purpose(),
        {
            "post": Call(
                {**casework_roles(201), WORKER: 400, TEAM_LEAD: 400},  # not needed
                data=emergency_body,
                writers={OTHER_WORKER, OTHER_LEAD},
                reveals=True,
            )
        },
    ),
    "api:emergency-access-end": Rule(
        lambda w: {"pk": w.grant}, {"post": Call(only({WORKER}, 200, 404), writers={WORKER})}
    ),
    "api:alert-review": Rule(
        lambda w: {"pk": w.alert},
        {
            "post": Call(
                {**everyone(403), **dict.fromkeys(REVIEWERS, 200), OTHER_LEAD: 404},
                data=lambda w: {"decision": "justified"},
                writers=REVIEWERS,
            )
        },
    ),
}

# -- the URL configuration ------------------------------------------------------------------------


def _patterns(patterns=None, namespace=None):
    """(namespaced name, pattern) for every route, through nested includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and namespace in NAMESPACES:
            yield f"{namespace}:{pattern.name}", pattern


def parameterised_routes() -> dict[str, URLPattern]:
    """Every api/backoffice route whose path takes a parameter (an object id or a purpose)."""
    return {name: p for name, p in _patterns() if p.pattern.converters or p.pattern.regex.groups}


def _api_writes():
    """(route, method) of every API operation that takes a body and writes."""
    for name, rule in RULES.items():
        for method, call in rule.calls.items():
            if name.startswith("api:") and method != "get" and call.data and call.writers:
                yield pytest.param(name, method, id=f"{name} {method.upper()}")


def _cases():
    for name, rule in RULES.items():
        for method in rule.calls:
            for actor in ACTORS:
                yield pytest.param(name, method, actor, id=f"{name} {method.upper()} {actor}")


# -- the world, once per module -------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("idor-media")
    with override_settings(MEDIA_ROOT=media):
        with django_db_blocker.unblock():
            built = build_world()
            # One logged-in session per actor, reused by every test (each test's own changes
            # to it are rolled back with the rest of its transaction).
            built.sessions = {
                actor: _login(APIClient(), employee).cookies
                for actor, employee in built.employees.items()
            }
        yield built
        with django_db_blocker.unblock(), append_only.suspended():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def domain_state() -> str:
    """A digest of every domain table's rows and of the stored uploads ("nothing changed")."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for label in DOMAIN_APPS:
            for model in apps.get_app_config(label).get_models():
                if issubclass(model, AbstractBaseSession):
                    continue  # the caller's own session (a saved search), not domain data
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608
                digest.update(repr(cursor.fetchall()).encode())
    for path in sorted(settings.MEDIA_ROOT.rglob("*")):
        digest.update(str(path).encode())
    return digest.hexdigest()


def expected_status(name: str, call: Call, actor: str):
    if actor == ANONYMOUS:
        return 401 if name.startswith("api:") else LOGIN
    return call.expect[actor]


def _request(client, method: str, url: str, call: Call, world: World, follow=False, extra=None):
    data = (call.data(world) if call.data else {}) | (extra or {})
    query = call.query(world) if call.query else {}
    if query:
        url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
    if url.startswith("/api/") and method != "get":
        fmt = "multipart" if call.multipart else "json"
        return getattr(client, method)(url, data, format=fmt, follow=follow)
    return getattr(client, method)(url, data, follow=follow)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the file without closing the database.
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def client_as(world: World, actor: str) -> APIClient:
    """A client with ``actor``'s session (none for anonymous)."""
    client = APIClient()
    if actor != ANONYMOUS:
        client.cookies = copy.deepcopy(world.sessions[actor])
    return client


def _status(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("backoffice:login")):
        return LOGIN
    return response.status_code


# -- the tests ------------------------------------------------------------------------------------


def test_p13_every_object_endpoint_has_an_idor_rule():
    routes = parameterised_routes()
    missing = sorted(set(routes) - set(RULES))
    assert not missing, f"add an IDOR rule to tests/security/test_idor_matrix.py for {missing}"
    stale = sorted(set(RULES) - set(routes))
    assert not stale, f"these IDOR rules name routes that no longer exist: {stale}"


def test_p13_every_rule_names_every_actor():
    for name, rule in RULES.items():
        assert rule.calls, name
        for method, call in rule.calls.items():
            assert method in METHODS, (name, method)
            assert set(call.expect) == EMPLOYEES, (name, method)
            assert call.writers <= EMPLOYEES, (name, method)


def test_p13_rules_list_exactly_the_methods_of_api_views():
    routes = parameterised_routes()
    for name, rule in RULES.items():
        view = getattr(routes[name].callback, "cls", None)
        if view is not None:
            implemented = {m for m in METHODS if hasattr(view, m)}
            assert set(rule.calls) == implemented, name


@pytest.mark.parametrize("name", sorted(RULES))
def test_p13_methods_without_a_rule_are_not_allowed(world, db, name):
    """A method the rule does not list answers 405, even to the assigned worker."""
    rule = RULES[name]
    # The actor allowed the most on this route, so a role check cannot answer first.
    probe = max(
        sorted(EMPLOYEES), key=lambda a: sum(c.expect[a] < 400 for c in rule.calls.values())
    )
    client = client_as(world, probe)
    url = reverse(name, kwargs=rule.kwargs(world))
    for method in set(METHODS) - set(rule.calls):
        assert getattr(client, method)(url).status_code == 405, f"{method.upper()} {url}"


@pytest.mark.parametrize(("name", "method", "actor"), list(_cases()))
def test_p13_idor_matrix(world, db, name, method, actor):
    call = RULES[name].calls[method]
    url = reverse(name, kwargs=(call.kwargs or RULES[name].kwargs)(world))
    client = client_as(world, actor)
    before = domain_state()

    response = _request(client, method, url, call, world, follow=call.follow and actor != ANONYMOUS)

    expected = expected_status(name, call, actor)
    body = _body(response)
    assert _status(response) == expected, f"{method.upper()} {url} as {actor}: {body[:500]}"
    if actor in call.writers:
        assert domain_state() != before, "an allowed write changed nothing: check the payload"
    else:
        assert domain_state() == before, "a call that may not write changed the database"
    if not (call.reveals and actor in call.writers):
        leaked = [marker for marker in world.markers_out_of_reach(actor) if marker in body]
        assert not leaked, f"{url} showed {actor} residents out of reach: {leaked}"
    if call.lists:
        shown = world.marker_in_reach(actor)
        assert shown is None or shown in body, f"{url} did not list {actor}'s own resident"


def protected_fields(world: World) -> dict:
    """Fields no operation takes: ids, ownership, the purpose, time stamps -- aimed at B."""
    return {
        "id": world.b.note,
        "public_id": world.b.public_id,
        "resident_id": world.b.resident_pk,
        "author": world.employees[OTHER_WORKER].pk,
        "employee": world.employees[OTHER_WORKER].pk,
        "activity": PROJECTS,
        "created_at": "2001-01-01T00:00:00+01:00",
    }


@pytest.mark.parametrize(("name", "method"), list(_api_writes()))
def test_p13_api_writes_refuse_protected_fields(world, db, name, method):
    """The allowed writer sends fields the operation does not take: 400, nothing is stored."""
    call = RULES[name].calls[method]
    url = reverse(name, kwargs=(call.kwargs or RULES[name].kwargs)(world))
    client = client_as(world, sorted(call.writers)[0])
    before = domain_state()

    response = _request(client, method, url, call, world, extra=protected_fields(world))

    assert response.status_code == 400, _body(response)[:500]
    body = response.json()
    assert body["code"] == "validation_failed"
    assert set(protected_fields(world)) <= set(body["fields"])
    assert domain_state() == before
