"""P12: repeated failed logins lock the username + address combination (django-axes).

Wrong passwords and wrong codes both count; the lock holds for ``AXES_COOLOFF_MINUTES`` and
only for that username from that address.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.auth import totp_code
from zorgvuldig.staff.lockout import client_address

pytestmark = pytest.mark.django_db

LOGIN = reverse("backoffice:login")
VERIFY = reverse("backoffice:verify")
DASHBOARD = reverse("backoffice:dashboard")


WRONG_PASSWORD = "verkeerd-wachtwoord-123"


def attempt(client, username: str, password: str = WRONG_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_p12_axes_locks_username_ip_after_failures(worker):
    username = worker.user.username
    attacker = from_address("198.51.100.7")
    answers = [attempt(attacker, username) for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert [a.status_code for a in answers[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = answers[-1]
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in body
    assert f"{settings.AXES_COOLOFF_MINUTES} minuten geblokkeerd" in body
    assert locked["Retry-After"] == str(settings.AXES_COOLOFF_MINUTES * 60)
    # Even the right password is refused now, from that address.
    assert attempt(attacker, username, factories.PASSWORD).status_code == 429
    # The same username from another address, and another username from this one, still work.
    assert attempt(from_address("203.0.113.9"), username, factories.PASSWORD).status_code == 302
    other = factories.employee()
    assert attempt(attacker, other.user.username, factories.PASSWORD).status_code == 302


def test_p12_an_unknown_username_is_locked_out_the_same_way(db):
    client = from_address("198.51.100.8")
    answers = [attempt(client, "bestaat-niet") for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert answers[-1].status_code == 429


def test_p12_lockout_ends_after_the_cool_off(worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client = from_address("198.51.100.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, worker.user.username)
    assert attempt(client, worker.user.username, factories.PASSWORD).status_code == 429

    time_machine.shift(dt.timedelta(minutes=settings.AXES_COOLOFF_MINUTES, seconds=1))

    assert attempt(client, worker.user.username, factories.PASSWORD).status_code == 302


def test_p12_wrong_codes_count_towards_the_lockout(worker):
    client = from_address("198.51.100.10")
    assert attempt(client, worker.user.username, factories.PASSWORD).status_code == 302
    wrong = "000000" if totp_code() != "000000" else "111111"

    answers = [
        client.post(VERIFY, {"otp_token": wrong, "next": DASHBOARD})
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1].status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in answers[-1].content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)  # logged out
    assert attempt(client, worker.user.username, factories.PASSWORD).status_code == 429


def test_p12_a_successful_login_clears_earlier_failures(worker):
    client = from_address("198.51.100.11")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, worker.user.username)
    assert attempt(client, worker.user.username, factories.PASSWORD).status_code == 302
    client.post(reverse("backoffice:logout"))

    assert attempt(client, worker.user.username).status_code == 200  # counting starts over


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy: the header is the client's own claim
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # a spoofed entry left of the proxy's
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.5", "192.0.2.1"),
        (2, "", "10.0.0.2"),
    ],
)
def test_p12_lockout_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
