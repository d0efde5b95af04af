"""P12: staff sessions time out, and end everywhere when the account is secured.

The timeouts are the project's defaults (``zorgvuldig.settings``: 30 minutes idle, 10 hours in
all); the rest of the suite lifts them so that time travel does not log test clients out.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login, totp_code
from zorgvuldig import settings as project_settings
from zorgvuldig.staff.models import StaffSession

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("backoffice:dashboard")
LOGIN = reverse("backoffice:login")
ACTIVITIES = "/api/register/activities/"


@pytest.fixture(autouse=True)
def _real_timeouts(settings):
    settings.SESSION_IDLE_MINUTES = project_settings.SESSION_IDLE_MINUTES
    settings.SESSION_MAX_HOURS = project_settings.SESSION_MAX_HOURS
    settings.SESSION_COOKIE_AGE = project_settings.SESSION_COOKIE_AGE


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def logged_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_p12_default_timeouts_are_30_minutes_idle_and_10_hours_in_all():
    assert project_settings.SESSION_IDLE_MINUTES == 30
    assert project_settings.SESSION_MAX_HOURS == 10
    assert project_settings.SESSION_COOKIE_AGE == 10 * 3600


def test_p12_idle_session_expires(client, worker, clock):
    mfa_login(client, worker.user)
    clock.shift(dt.timedelta(minutes=29))
    assert logged_in(client)

    clock.shift(dt.timedelta(minutes=31))

    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    page = client.get(response["Location"]).content.decode()
    assert "Uw sessie is verlopen" in page


def test_p12_activity_keeps_the_session_alive(client, worker, clock):
    mfa_login(client, worker.user)

    for _ in range(8):  # two hours, a request every quarter
        clock.shift(dt.timedelta(minutes=15))
        assert logged_in(client)


def test_p12_absolute_timeout_ends_even_an_active_session(client, worker, clock):
    mfa_login(client, worker.user)
    for _ in range(9 * 4 + 3):  # active every quarter for 9 h 45 min
        clock.shift(dt.timedelta(minutes=15))
        assert logged_in(client)

    clock.shift(dt.timedelta(minutes=16))

    assert not logged_in(client)


def test_p12_timeouts_apply_to_api_sessions(worker, support, clock):
    client = mfa_login(APIClient(), worker.user)
    assert client.get(ACTIVITIES).status_code == 200

    clock.shift(dt.timedelta(minutes=31))

    assert client.get(ACTIVITIES).status_code == 401


def test_p12_timeouts_are_configurable(client, worker, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    mfa_login(client, worker.user)

    clock.shift(dt.timedelta(minutes=6))

    assert not logged_in(client)


def test_p12_a_session_records_whose_it_is(client, worker):
    mfa_login(client, worker.user)

    assert StaffSession.objects.get(session_key=client.session.session_key).account == str(
        worker.user.pk
    )


# -- securing an account ends its sessions and token ---------------------------------------------


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_p12_password_change_ends_all_sessions_and_tokens(support, worker, other_worker):
    laptop, phone = mfa_login(Client(), worker.user), mfa_login(Client(), worker.user)
    api = _token_client(worker.user)
    colleague = mfa_login(Client(), other_worker.user)
    assert logged_in(laptop) and logged_in(phone)
    assert api.get(ACTIVITIES).status_code == 200

    user = worker.user
    user.set_password("een-heel-nieuw-wachtwoord-2026")  # e.g. by the administrator
    user.save()

    assert not logged_in(laptop)
    assert not logged_in(phone)
    assert api.get(ACTIVITIES).status_code == 401
    assert not Token.objects.filter(user=user).exists()
    assert not StaffSession.objects.filter(account=str(user.pk)).exists()
    assert logged_in(colleague)  # other accounts are untouched


def test_p12_disabling_an_account_ends_its_sessions_and_token(support, worker):
    browser = mfa_login(Client(), worker.user)
    api = _token_client(worker.user)

    worker.user.is_active = False
    worker.user.save()

    assert not logged_in(browser)
    assert api.get(ACTIVITIES).status_code == 401
    assert not Token.objects.filter(user=worker.user).exists()


def test_p12_other_changes_to_an_account_keep_its_sessions(support, worker):
    browser = mfa_login(Client(), worker.user)
    api = _token_client(worker.user)

    worker.user.first_name = "Anders"
    worker.user.save()
    worker.user.last_login = timezone.now()
    worker.user.save(update_fields=["last_login"])

    assert logged_in(browser)
    assert api.get(ACTIVITIES).status_code == 200


def test_p12_logging_in_elsewhere_keeps_the_first_session(worker):
    first = mfa_login(Client(), worker.user)
    second = Client()
    second.post(LOGIN, {"username": worker.user.username, "password": factories.PASSWORD})
    second.post(reverse("backoffice:verify"), {"otp_token": totp_code(), "next": DASHBOARD})

    assert logged_in(second)
    assert logged_in(first)
