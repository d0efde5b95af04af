"""Logging staff in for tests, with the second factor the application requires (P12).

- :func:`mfa_login` opens a session for a user that has passed both factors, as a test client
  would after the login form and the code step: ``force_login`` (Django's login(), so the
  session key is new and the session timeouts start) plus django-otp's verified-device marker
  for a real, confirmed TOTP device of the user.
- :func:`totp_device` gives a user that device, with the fixed :data:`TEST_TOTP_KEY`, so that a
  test -- or a browser test, which may not touch the database while the browser runs -- can
  compute a valid code with :func:`totp_code`.
"""

from __future__ import annotations

import time
from binascii import unhexlify

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# RFC 6238's test secret ("12345678901234567890"), hex-encoded as django-otp stores keys.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"
STEP = 30


def totp_device(user, *, key: str = TEST_TOTP_KEY) -> TOTPDevice:
    """The user's confirmed TOTP device with ``key`` (made when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=key).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test-app", key=key, confirmed=True)
    return device


def totp_code(*, key: str = TEST_TOTP_KEY, at: float | None = None, steps_ahead: int = 0) -> str:
    """The six-digit code for ``key`` at ``at`` (Unix time, default now), or a later step's."""
    totp = TOTP(unhexlify(key), step=STEP)
    totp.time = (time.time() if at is None else at) + steps_ahead * STEP
    return f"{totp.token():06d}"


def mfa_login(client, user, *, device=None):
    """Log ``client`` in as ``user`` with a verified second factor; return the client."""
    device = device or totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
