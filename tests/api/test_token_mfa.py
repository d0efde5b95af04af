"""P12: an API token stands for both factors: password and a current TOTP code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.auth import totp_code

pytestmark = pytest.mark.django_db

TOKEN = "/api/token/"
ACTIVITIES = "/api/register/activities/"


def request_token(client, worker, **fields):
    data = {"username": worker.user.username, "password": factories.PASSWORD, **fields}
    return client.post(TOKEN, data, format="json")


def wrong_code() -> str:
    return "000000" if totp_code() != "000000" else "111111"


def test_p12_token_needs_a_totp_code(anonymous, worker):
    for fields in ({}, {"otp_token": ""}, {"otp_token": "   "}):
        response = request_token(anonymous, worker, **fields)

        assert response.status_code == 401
        assert response.json()["code"] == "mfa_required"
        assert response["WWW-Authenticate"] == "Token"
    assert not Token.objects.exists()


def test_p12_missing_code_says_nothing_about_the_password(anonymous, worker):
    right = request_token(anonymous, worker)
    wrong = request_token(anonymous, worker, password="fout-wachtwoord")

    assert right.content == wrong.content


def test_p12_token_with_password_and_code_works(anonymous, support, worker):
    response = request_token(anonymous, worker, otp_token=totp_code())

    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(ACTIVITIES).status_code == 200


def test_p12_wrong_code_and_wrong_password_get_one_answer(anonymous, worker):
    wrong_password = request_token(anonymous, worker, password="fout", otp_token=totp_code())
    bad_code = request_token(anonymous, worker, otp_token=wrong_code())
    nonsense_code = request_token(anonymous, worker, otp_token="abcdef")

    answers = [wrong_password, bad_code, nonsense_code]
    assert {a.status_code for a in answers} == {401}
    assert len({a.content for a in answers}) == 1
    assert wrong_password.json()["code"] == "authentication_failed"
    assert not Token.objects.exists()


def test_p12_a_code_gets_a_token_only_once(anonymous, worker):
    code = totp_code()

    first = request_token(anonymous, worker, otp_token=code)
    again = request_token(anonymous, worker, otp_token=code)

    assert first.status_code == 200
    assert again.status_code == 401
    assert again.json()["code"] == "authentication_failed"


def test_p12_account_without_authenticator_app_gets_no_token(anonymous, north):
    newcomer = factories.employee(team_obj=north, mfa=False)

    response = request_token(anonymous, newcomer, otp_token=totp_code())

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_p12_token_endpoint_locks_username_ip_after_failures(anonymous, worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    answers = [
        request_token(anonymous, worker, otp_token=wrong_code())
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert [a.json()["code"] for a in answers[:-1]] == ["authentication_failed"] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert answers[-1].status_code == 429
    assert answers[-1].json()["code"] == "locked_out"
    assert answers[-1]["Retry-After"] == str(settings.AXES_COOLOFF_MINUTES * 60)
    # Now even the right password and code are refused from this address.
    locked = request_token(anonymous, worker, otp_token=totp_code())
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert not Token.objects.exists()
    # From another address the same account still gets its token, once the device's own
    # back-off after the wrong codes (django-otp: 2^(failures-1) seconds) has passed.
    time_machine.shift(dt.timedelta(seconds=2**settings.AXES_FAILURE_LIMIT))
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.20")
    assert request_token(elsewhere, worker, otp_token=totp_code()).status_code == 200


def test_p12_wrong_passwords_lock_the_token_endpoint_too(anonymous, worker):
    answers = [
        request_token(anonymous, worker, password="fout", otp_token=totp_code())
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1].status_code == 429
    assert answers[-1].json()["code"] == "locked_out"


def test_p12_token_schema_asks_for_the_code(anonymous):
    schema = anonymous.get("/api/schema/", {"format": "json"}).json()

    request = schema["components"]["schemas"]["TokenRequest"]
    assert "otp_token" in request["properties"]
    operation = schema["paths"]["/api/token/"]["post"]
    for code in ("mfa_required", "authentication_failed", "locked_out", "throttled"):
        assert f"`{code}`" in operation["description"]
    assert {"401", "429"} <= set(operation["responses"])
