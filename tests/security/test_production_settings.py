"""Production mode: ``check --deploy`` finds nothing, and the cookies are ``__Host-`` cookies.

The settings are loaded in a subprocess with the environment of ``production_env`` (the
settings module reads the mode once, at import). Outside production the cookies keep their
plain names: browsers refuse ``__Host-`` cookies over plain HTTP, which the demo uses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests import factories
from tests.security.production_env import HOST, production_env

COOKIE_SETTINGS = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
]
TRANSPORT_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "DEBUG",
]
DUMP = (
    "import json, sys; from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}))"
)


def run_python(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """The cookie and transport settings as production mode makes them."""
    folder = tmp_path_factory.mktemp("production")
    names = COOKIE_SETTINGS + TRANSPORT_SETTINGS
    result = run_python(["-c", DUMP, *names], production_env(folder), folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_p12_production_cookies_are_host_prefixed_secure_and_same_site(production):
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    for cookie in ("SESSION", "CSRF"):
        # What the __Host- prefix demands of the cookie: Secure, Path=/, no Domain.
        assert production[f"{cookie}_COOKIE_SECURE"] is True
        assert production[f"{cookie}_COOKIE_PATH"] == "/"
        assert production[f"{cookie}_COOKIE_DOMAIN"] is None
        assert production[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict")
        assert production[f"{cookie}_COOKIE_HTTPONLY"] is True


def test_p12_production_forces_https_with_hsts(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["DEBUG"] is False
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_p12_outside_production_cookies_keep_plain_names():
    assert not settings.IS_PRODUCTION
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert settings.CSRF_COOKIE_NAME == "csrftoken"
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _set_cookies(response) -> SimpleCookie:
    jar = SimpleCookie()
    for cookie in response.cookies.values():
        jar.load(cookie.output(header="").strip())
    return jar


def test_p12_the_browser_gets_host_cookies_in_production(production, worker):
    """The production cookie settings, applied by Django's own middleware to a real login."""
    cookie_settings = {name: production[name] for name in COOKIE_SETTINGS}
    with override_settings(**cookie_settings, ALLOWED_HOSTS=[HOST]):
        client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
        page = client.get("/backoffice/login/", secure=True)
        token = page.cookies["__Host-csrftoken"].value
        response = client.post(
            "/backoffice/login/",
            {"username": worker.user.username, "password": factories.PASSWORD},
            HTTP_X_CSRFTOKEN=token,
            HTTP_REFERER=f"https://{HOST}/backoffice/login/",
            secure=True,
        )
    assert response.status_code == 302, "the login did not go through"
    sent = {**_set_cookies(page), **_set_cookies(response)}
    assert {"__Host-csrftoken", "__Host-sessionid"} <= set(sent)
    for name in ("__Host-csrftoken", "__Host-sessionid"):
        morsel = sent[name]
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["path"] == "/", name
        assert morsel["domain"] == "", name
        assert morsel["samesite"] in ("Lax", "Strict"), name


@pytest.mark.slow
def test_p12_check_deploy_finds_nothing_in_production(tmp_path):
    result = run_python(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
        tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNINGS" not in output
    assert "?: (security." not in output
