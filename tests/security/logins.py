"""How the security tests log an employee in: the one place to change when login changes.

With the multi-factor login helper (``tests/auth.py``) present, a session is opened through it,
as a verified second factor is required; otherwise the test client's ``force_login``. The
same session serves the back-office and the API (DRF's session authentication).
"""

from __future__ import annotations

try:
    from tests.auth import mfa_login
except ImportError:  # the MFA helper is not there (yet)
    mfa_login = None


def login(client, employee):
    """Log ``client`` in as ``employee`` and return it."""
    if mfa_login is not None:
        mfa_login(client, employee.user)
    else:
        client.force_login(employee.user)
    return client
