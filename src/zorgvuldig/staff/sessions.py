"""Staff sessions: whose they are, when they time out, and ending them all at once (P12).

- ``SESSION_ENGINE = "zorgvuldig.staff.sessions"``: Django's database sessions, stored in
  :class:`~zorgvuldig.staff.models.StaffSession` with the account's id next to the data.
- :class:`SessionTimeoutMiddleware` ends a session after ``SESSION_IDLE_MINUTES`` without a
  request (idle timeout) and ``SESSION_MAX_HOURS`` after logging in, however active (absolute
  timeout). ``SESSION_COOKIE_AGE`` alone cannot do the latter: every save extends it.
- :func:`account_sessions_end` deletes every session and the API token of an account. It runs
  when an account is disabled or its password changes (signal receivers connected by
  ``StaffConfig.ready``), so a stolen session or token stops working the moment the account is
  secured. A password change through ``update_session_auth_hash`` (the admin's own password
  form) keeps only the session that made the change.

Django's login() already gives the session a new key (no session fixation), and the second
factor cycles it again (``backoffice.views.auth``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

LOGIN_AT = "zorgvuldig_login_at"
SEEN_AT = "zorgvuldig_seen_at"
# Last-activity is written at most this often: not every request needs a session write.
SEEN_RESOLUTION_SECONDS = 60

SESSION_EXPIRED = _("Uw sessie is verlopen. Log opnieuw in.")


class SessionStore(DatabaseSessionStore):
    """Database sessions that keep the logged-in account's id in their own column."""

    @classmethod
    def get_model_class(cls):
        from zorgvuldig.staff.models import StaffSession

        return StaffSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.account = str(data.get(SESSION_KEY) or "")
        return session


def _now() -> float:
    return timezone.now().timestamp()


def session_started(*, session) -> None:
    """Record the moment of login; every timeout counts from here."""
    now = _now()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def session_expired(*, session, now: float | None = None) -> bool:
    """Whether the session passed its idle or absolute timeout (or predates them)."""
    now = _now() if now is None else now
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return True
    if now - login_at > settings.SESSION_MAX_HOURS * 3600:
        return True
    return now - seen_at > settings.SESSION_IDLE_MINUTES * 60


class SessionTimeoutMiddleware:
    """Log out a session past its idle or absolute timeout; otherwise note the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = _now()
            if session_expired(session=request.session, now=now):
                logout(request)
                messages.info(request, SESSION_EXPIRED)
            elif now - request.session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)


def account_sessions_end(*, user) -> int:
    """End every session of ``user`` and delete their API token; return the sessions ended."""
    from zorgvuldig.staff.models import StaffSession

    ended, _per_model = StaffSession.objects.filter(account=str(user.pk)).delete()
    Token.objects.filter(user=user).delete()
    return ended


# -- signal receivers (connected in StaffConfig.ready) -------------------------------------------

_SECURITY_FIELDS = {"password", "is_active"}
_PENDING = "_zorgvuldig_end_sessions"


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    session_started(session=request.session)


def on_user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Note whether this save changes the password or disables the account."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not _SECURITY_FIELDS & set(update_fields):
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*_SECURITY_FIELDS).first()
    if before is None:
        return
    disabled = before["is_active"] and not instance.is_active
    # A hash upgrade at login (a new hasher or cost) counts too: Django itself already ends the
    # other sessions then, because the session's auth hash derives from the password hash.
    setattr(instance, _PENDING, disabled or before["password"] != instance.password)


def on_user_post_save(sender, instance, **kwargs) -> None:
    """End the account's sessions and token, in the same transaction as the change."""
    if getattr(instance, _PENDING, False):
        setattr(instance, _PENDING, False)
        account_sessions_end(user=instance)
