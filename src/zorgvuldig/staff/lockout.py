"""Who is trying to log in, for the lockout on username + client address (django-axes, P12).

Behind ``ZORGVULDIG_PROXY_COUNT`` reverse proxies, the client's address is the one the first
proxy saw: each proxy appends the address it was reached from to ``X-Forwarded-For``, so it is
that many entries from the right. Anything further left is what the client claims and is not
trusted. Without proxies (the default) it is the connection's own address.
"""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """The client address a failed login is counted against."""
    proxies = settings.PROXY_COUNT
    if proxies > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [a for a in chain if a]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")
