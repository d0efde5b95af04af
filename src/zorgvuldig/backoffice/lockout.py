"""The answer to a locked-out login: too many failures for one username from one address (P12).

django-axes (``AXES_LOCKOUT_CALLABLE``) calls :func:`lockout_response` when a login attempt is
refused because the username + client address combination is locked, and after the failure
that locks it. An answer that is already JSON -- the API's token endpoint answers lockouts
itself, in the API's error shape (``locked_out``) -- is kept as it is; everything else gets the
Dutch lockout page. The page says how long to wait, not whether the username exists: unknown
usernames are locked out the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

LOCKOUT_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (HTTP 429), or the JSON answer the API already gave."""
    if original_response is not None and original_response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return original_response
    context = {"minutes": settings.AXES_COOLOFF_MINUTES}
    response = render(request, "backoffice/lockout.html", context, status=LOCKOUT_STATUS)
    response["Retry-After"] = str(settings.AXES_COOLOFF_MINUTES * 60)
    return response
