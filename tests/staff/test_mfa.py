"""P12: a second factor (code or passkey) before any personal data, on every path.

The login is real: the password through the login form (django-axes in front), then the code
from a TOTP device computed with django-otp's own TOTP, or a confirmed passkey device.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests import factories
from tests.auth import TEST_TOTP_KEY, mfa_login, totp_code
from tests.backoffice.conftest import file_url
from zorgvuldig.demo.mfa import (
    DEMO_DEVICE_NAME,
    demo_totp_code,
    demo_totp_devices_ensure,
)
from zorgvuldig.staff.mfa import totp_verify
from zorgvuldig.staff.models import Role

pytestmark = pytest.mark.django_db

LOGIN = reverse("backoffice:login")
VERIFY = reverse("backoffice:verify")
ENROL = reverse("backoffice:enrol")
DASHBOARD = reverse("backoffice:dashboard")


def password_step(client, user, *, next_url: str = "") -> object:
    data = {"username": user.username, "password": factories.PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def code_step(client, code: str, *, next_url: str = DASHBOARD):
    return client.post(VERIFY, {"otp_token": code, "next": next_url})


# -- the back-office ------------------------------------------------------------------------------


def test_p12_unverified_session_cannot_open_a_resident_file(client, support, worker):
    resident = factories.resident(assign_to=worker, surname="Geheim-Achternaam")
    client.force_login(worker.user)  # the password step only

    for url in (DASHBOARD, file_url(resident.public_id)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        assert "Geheim-Achternaam" not in response.content.decode()


def test_p12_password_then_code_reaches_the_file(client, support, worker):
    resident = factories.resident(assign_to=worker)
    target = file_url(resident.public_id)

    first = password_step(client, worker.user, next_url=target)
    assert first.status_code == 302
    assert first["Location"].startswith(VERIFY)
    page = client.get(first["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Verificatiecode" in body
    assert "Bevestig dat u het bent" in body
    assert client.get(target)["Location"].startswith(VERIFY)  # not yet

    second = code_step(client, totp_code(), next_url=target)

    assert second.status_code == 302
    assert second["Location"] == target
    assert client.get(target).status_code == 200


def test_p12_session_key_changes_at_login_and_at_the_code_step(client, worker):
    client.get(LOGIN)
    session = client.session
    session["voor-het-inloggen"] = True
    session.save()
    anonymous_key = client.session.session_key

    password_step(client, worker.user)
    after_password = client.session.session_key
    code_step(client, totp_code())
    after_code = client.session.session_key

    assert len({anonymous_key, after_password, after_code}) == 3
    assert client.session[SESSION_KEY] == str(worker.user.pk)
    assert DEVICE_ID_SESSION_KEY in client.session


def test_p12_wrong_code_is_refused_in_dutch(client, worker):
    password_step(client, worker.user)

    response = code_step(client, "000000" if totp_code() != "000000" else "111111")

    assert response.status_code == 200
    assert "Deze code klopt niet of is al gebruikt" in response.content.decode()
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_p12_a_code_works_only_once(worker):
    code = totp_code()
    first, second = Client(), Client()
    password_step(first, worker.user)
    password_step(second, worker.user)

    assert code_step(first, code).status_code == 302
    assert code_step(second, code).status_code == 200  # replayed: refused
    assert second.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_p12_the_code_page_needs_the_password_first(client, worker):
    response = client.post(VERIFY, {"otp_token": totp_code()})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_p12_next_is_only_followed_to_this_site(client, worker):
    password_step(client, worker.user)

    response = code_step(client, totp_code(), next_url="https://elders.example/")

    assert response["Location"] == DASHBOARD


# -- setting up the second factor ----------------------------------------------------------------


def test_p12_account_without_device_sets_up_an_app_with_a_qr_code(client, support, north):
    newcomer = factories.employee(team_obj=north, mfa=False)

    login = password_step(client, newcomer.user)
    verify = client.get(login["Location"])
    assert verify.status_code == 302
    assert verify["Location"].startswith(ENROL)

    page = client.get(verify["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tweestapsverificatie instellen" in body
    assert '<svg role="img"' in body  # the QR code, inline: no script, no external image
    assert "QR-code voor uw authenticator-app" in body
    device = TOTPDevice.objects.get(user=newcomer.user)
    assert not device.confirmed
    secret = re.search(r'<code class="secret" id="totp-sleutel">([A-Z2-7 ]+)</code>', body)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32  # 20 random bytes in base32
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", body)
    assert client.get(ENROL).content.decode().count(secret.group(1)) == 1  # same secret again

    response = client.post(ENROL, {"otp_token": totp_code(key=device.key), "next": DASHBOARD})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(DASHBOARD).status_code == 200


def test_p12_set_up_refuses_a_wrong_code(client, north):
    newcomer = factories.employee(team_obj=north, mfa=False)
    password_step(client, newcomer.user)
    client.get(ENROL)

    response = client.post(ENROL, {"otp_token": "12345", "next": DASHBOARD})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=newcomer.user).confirmed
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_p12_set_up_is_not_offered_to_an_account_that_has_a_device(client, worker):
    password_step(client, worker.user)

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=worker.user).count() == 1  # no second secret shown


# -- passkeys -------------------------------------------------------------------------------------


def _passkey(user, *, confirmed: bool = True) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="Laptop",
        confirmed=confirmed,
        credential_id=b"test-credential-" + str(user.pk).encode(),
        public_key=b"\x00",
        sign_count=0,
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def test_p12_a_verified_passkey_counts_as_the_second_factor(client, support, worker):
    resident = factories.resident(assign_to=worker)
    passkey = _passkey(worker.user)

    mfa_login(client, worker.user, device=passkey)

    assert client.get(file_url(resident.public_id)).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == passkey.persistent_id


def test_p12_an_unconfirmed_passkey_does_not_count(client, support, worker):
    resident = factories.resident(assign_to=worker)

    mfa_login(client, worker.user, device=_passkey(worker.user, confirmed=False))

    assert client.get(file_url(resident.public_id))["Location"].startswith(VERIFY)


def test_p12_code_page_offers_the_passkey_with_external_scripts_only(client, north):
    employee = factories.employee(team_obj=north, mfa=False)
    _passkey(employee.user)
    password_step(client, employee.user)

    body = client.get(VERIFY).content.decode()

    assert 'id="passkey-verification-button"' in body
    assert "otp_webauthn_auth.js" in body
    assert 'name="otp_token"' not in body  # no app: only the passkey is asked for
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", body)


def test_p12_passkey_ceremonies_are_wired(client, north):
    employee = factories.employee(team_obj=north, mfa=False)
    _passkey(employee.user)
    password_step(client, employee.user)

    begin = client.post(
        reverse("otp_webauthn:credential-authentication-begin"), content_type="application/json"
    )

    assert begin.status_code == 200
    options = begin.json()
    assert options["challenge"]
    assert options["rpId"] == "localhost"
    assert len(options["allowCredentials"]) == 1


def test_p12_a_new_passkey_needs_the_existing_factor_first(client, worker):
    password_step(client, worker.user)  # has an app, not verified yet
    begin = reverse("otp_webauthn:credential-registration-begin")

    refused = client.post(begin, content_type="application/json")
    code_step(client, totp_code())
    allowed = client.post(begin, content_type="application/json")

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert allowed.json()["rp"] == {"id": "localhost", "name": "Zorgvuldig"}


def test_p12_login_methods_page_lists_the_factors(client, worker):
    mfa_login(client, worker.user)

    body = client.get(reverse("backoffice:login_methods")).content.decode()

    assert "Uw inlogmethoden" in body
    assert "Authenticator-app" in body
    assert 'id="passkey-register-button"' in body


# -- the Django admin ----------------------------------------------------------------------------


def test_p12_admin_needs_the_second_factor(client, db):
    admin = factories.employee(role=Role.ADMINISTRATOR)
    admin.user.is_staff = admin.user.is_superuser = True
    admin.user.save()
    client.force_login(admin.user)  # the password step only

    refused = client.get(reverse("admin:index"))
    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("admin:login"))
    assert client.get(refused["Location"])["Location"].startswith(LOGIN)

    mfa_login(client, admin.user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login"))["Location"] == reverse("admin:index")


def test_p12_verified_non_staff_gets_no_admin_login_form(client, worker):
    mfa_login(client, worker.user)

    assert client.get(reverse("admin:login")).status_code == 403


# -- the demo's published secret -----------------------------------------------------------------


def test_p12_demo_accounts_get_the_published_demo_secret(north):
    employee = factories.employee(team_obj=north, mfa=False)

    assert demo_totp_devices_ensure() == 1
    assert demo_totp_devices_ensure() == 0  # once

    device = TOTPDevice.objects.get(user=employee.user, name=DEMO_DEVICE_NAME)
    assert device.confirmed
    assert totp_verify(user=employee.user, code=demo_totp_code()) == device


def test_p12_demo_totp_secret_refused_in_production(settings, north):
    factories.employee(team_obj=north, mfa=False)
    settings.IS_PRODUCTION = True

    with pytest.raises(ImproperlyConfigured):
        demo_totp_devices_ensure()

    assert not TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME).exists()


def test_test_key_is_not_the_demo_secret():
    from zorgvuldig.demo.mfa import demo_totp_key

    assert demo_totp_key().hex() != TEST_TOTP_KEY
