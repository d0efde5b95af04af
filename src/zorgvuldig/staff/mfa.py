"""The second factor for staff: TOTP codes and passkeys, through django-otp (P12).

A staff session reaches personal data only when it is *verified*: after the password, the
employee proved a second factor -- a code from an authenticator app (TOTP, RFC 6238) or a
passkey (WebAuthn, ``django_otp_webauthn``). django-otp records the device in the session
(``otp_device_id``) and its middleware answers ``request.user.is_verified()``. The back-office
(``backoffice.access``), the Django admin (``staff.admin_site``) and the API (``api.access``,
``api.tokens``) all ask :func:`is_verified` before anything else.

A TOTP code is accepted once (django-otp keeps the last time step used) and within one time
step of the server's clock; wrong codes slow the device down exponentially (django-otp's
throttling) and count as failed logins for the username + address lockout (django-axes).
"""

from __future__ import annotations

from base64 import b32encode

from django.db import transaction
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator-app"
TOKEN_LENGTHS = (6, 8)


def is_verified(user) -> bool:
    """Whether this login passed its second factor in the current session."""
    check = getattr(user, "is_verified", None)
    return bool(getattr(user, "is_authenticated", False) and check is not None and check())


def has_second_factor(user) -> bool:
    """Whether the account has a confirmed device: an authenticator app or a passkey."""
    return user_has_device(user, confirmed=True)


def has_totp(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def normalise_code(code: str | None) -> str:
    """The code as typed, without spaces (apps show ``123 456``)."""
    return "".join((code or "").split())


def _plausible(code: str) -> bool:
    return code.isdigit() and len(code) in TOKEN_LENGTHS


def totp_verify(*, user, code: str | None) -> TOTPDevice | None:
    """Return the account's confirmed TOTP device that accepts ``code`` now, or None."""
    code = normalise_code(code)
    if not _plausible(code):
        return None
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def totp_throttled(*, user) -> bool:
    """Whether every TOTP device of the account is waiting out wrong codes."""
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    return bool(devices) and not any(d.verify_is_allowed()[0] for d in devices)


def totp_enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up for ``user`` (made once, kept until confirmed).

    The same secret is shown on every visit, so reloading the page does not invalidate a QR
    code that was already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user, code: str | None) -> TOTPDevice | None:
    """Confirm the device being set up with its first code; return it, or None when wrong."""
    code = normalise_code(code)
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not _plausible(code) or not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, to type into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
