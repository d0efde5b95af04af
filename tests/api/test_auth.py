"""Token and session authentication of the API; the second factor: tests/api/test_token_mfa.py."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login, totp_code

pytestmark = pytest.mark.django_db

TOKEN = "/api/token/"
ACTIVITIES = "/api/register/activities/"


def _credentials(worker, **extra) -> dict:
    return {
        "username": worker.user.username,
        "password": factories.PASSWORD,
        "otp_token": totp_code(),
        **extra,
    }


def test_token_auth_works(support, worker, anonymous):
    response = anonymous.post(TOKEN, _credentials(worker), format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(ACTIVITIES).status_code == 200


def test_token_is_stable_for_the_same_employee(worker, anonymous):
    first = anonymous.post(TOKEN, _credentials(worker), format="json").json()["token"]
    # A code works once; the next one (within the clock tolerance) gets the same token.
    later = _credentials(worker, otp_token=totp_code(steps_ahead=1))
    second = anonymous.post(TOKEN, later, format="json").json()["token"]

    assert first == second


def test_session_auth_works(support, worker):
    client = mfa_login(APIClient(), worker.user)

    assert client.get(ACTIVITIES).status_code == 200


def test_anonymous_is_401(anonymous):
    response = anonymous.get(ACTIVITIES)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_invalid_token_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")

    response = client.get(ACTIVITIES)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def _no_employee_user():
    return get_user_model().objects.create_user(username="geen-medewerker", password="x" * 20)


def test_wrong_password_inactive_and_non_employee_get_one_answer(north, anonymous):
    active = factories.employee(team_obj=north)
    inactive = factories.employee(team_obj=north, active=False)
    loose = _no_employee_user()

    answers = [
        anonymous.post(
            TOKEN,
            {"username": username, "password": password, "otp_token": totp_code()},
            format="json",
        )
        for username, password in [
            (active.user.username, "fout-wachtwoord"),
            (inactive.user.username, factories.PASSWORD),
            (loose.username, "x" * 20),
            ("bestaat-niet", factories.PASSWORD),
        ]
    ]

    assert {a.status_code for a in answers} == {401}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["code"] == "authentication_failed"


def test_token_request_without_password_is_validation_failed(anonymous, db):
    response = anonymous.post(TOKEN, {"username": "iemand"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert set(response.json()["fields"]) == {"password"}


def test_token_attempts_are_throttled(anonymous, db):
    wrong = {"username": "iemand", "password": "fout", "otp_token": "123456"}
    answers = [anonymous.post(TOKEN, wrong, format="json") for _ in range(11)]

    assert answers[-1].status_code == 429
    assert answers[-1].json()["code"] == "throttled"


def test_login_without_employee_is_403(client_for, db):
    response = client_for(_no_employee_user()).get(ACTIVITIES)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_session_writes_need_a_csrf_token(support, worker):
    client = mfa_login(APIClient(enforce_csrf_checks=True), worker.user)

    response = client.post(
        "/api/purposes/hulptrajecten/residents/",
        {"given_names": "Femke", "surname": "Zwanenburg"},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
