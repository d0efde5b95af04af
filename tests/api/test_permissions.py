"""Generated access checks over every API route: a new endpoint without auth fails here.

The routes are read from the URLconf, not listed by hand. Every route answers an anonymous
client 401, a session that passed only the password 401 ``mfa_required`` (P12), and a login
without an employee 403, except the explicitly public ones.
"""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login
from zorgvuldig.api.urls import PUBLIC_ROUTES

_SKIPPED_METHODS = {"options", "head"}


def _api_patterns(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _api_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and namespace == "api":
            yield pattern


def _sample(converter):
    return str(uuid.uuid4()) if isinstance(converter, UUIDConverter) else "voorbeeld"


def _routes():
    """(route name, url, http method) for every method of every API route."""
    routes = []
    for pattern in _api_patterns():
        assert pattern.name, f"every API route needs a name: {pattern.pattern}"
        kwargs = {name: _sample(c) for name, c in pattern.pattern.converters.items()}
        url = reverse(f"api:{pattern.name}", kwargs=kwargs)
        view_class = pattern.callback.cls
        methods = [
            m
            for m in view_class.http_method_names
            if m not in _SKIPPED_METHODS and hasattr(view_class, m)
        ]
        routes.extend((f"api:{pattern.name}", url, method) for method in methods)
    return routes


ROUTES = _routes()
PROTECTED = [r for r in ROUTES if r[0] not in PUBLIC_ROUTES]


def test_routes_were_found():
    names = {name for name, _url, _method in ROUTES}
    assert names >= PUBLIC_ROUTES
    assert len(PROTECTED) >= 8


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,method", PROTECTED, ids=[f"{r[2]} {r[0]}" for r in PROTECTED])
def test_anonymous_gets_401_on_every_protected_route(name, url, method):
    response = getattr(APIClient(), method)(url, {}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,method", PROTECTED, ids=[f"{r[2]} {r[0]}" for r in PROTECTED])
def test_login_without_employee_gets_403_on_every_protected_route(name, url, method):
    client = mfa_login(APIClient(), get_user_model().objects.create_user(username="los-account"))

    response = getattr(client, method)(url, {}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,method", PROTECTED, ids=[f"{r[2]} {r[0]}" for r in PROTECTED])
def test_p12_password_only_session_gets_mfa_required_on_every_protected_route(name, url, method):
    client = APIClient()
    client.force_login(factories.employee().user)  # password step done, code step not

    response = getattr(client, method)(url, {}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
