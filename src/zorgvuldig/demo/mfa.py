"""The demo's second factor: one published TOTP secret for every demo account (P12).

Logging in to the back-office needs a code from an authenticator app. So that the demo stays
usable, every demo employee gets an authenticator-app device with the same, published secret
:data:`DEMO_TOTP_SECRET`: add it to any authenticator app once, or print the current code with
``zorgvuldig demo-code``. Anyone can compute these codes, so :func:`demo_totp_devices_ensure`
refuses to run in production mode.
"""

from __future__ import annotations

import time
from base64 import b32decode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp.oath import TOTP

# Published on purpose (README, docs/demo.md): demo data only, never a real account.
DEMO_TOTP_SECRET = "KWARTIERDEMOZORGVULDIGKWARTIERDE"  # noqa: S105
DEMO_DEVICE_NAME = "Demo-authenticator"
STEP_SECONDS = 30


def demo_totp_key() -> bytes:
    return b32decode(DEMO_TOTP_SECRET)


def demo_totp_code(*, at: float | None = None) -> str:
    """The demo code at ``at`` (Unix time; default now), six digits."""
    totp = TOTP(demo_totp_key(), step=STEP_SECONDS)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def demo_totp_seconds_left(*, at: float | None = None) -> int:
    """Seconds until the demo code changes."""
    now = time.time() if at is None else at
    return STEP_SECONDS - int(now) % STEP_SECONDS


def demo_totp_devices_ensure() -> int:
    """Give every employee's account the demo device when it has none; return how many got one.

    Refused in production: the secret is public, so its codes prove nothing.
    """
    if settings.IS_PRODUCTION:
        raise ImproperlyConfigured(
            "The demo TOTP secret is published; it is never installed in production mode."
        )
    # Imported here: `zorgvuldig demo-code` computes codes without setting Django up.
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = demo_totp_key().hex()
    users = (
        get_user_model()
        .objects.filter(employee__isnull=False)
        .exclude(totpdevice__name=DEMO_DEVICE_NAME)
    )
    devices = [TOTPDevice(user=u, name=DEMO_DEVICE_NAME, key=key, confirmed=True) for u in users]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)
