"""System checks that keep production from starting with missing or unsafe settings."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    """Refuse unsafe production settings; each message says what to set."""
    if not settings.IS_PRODUCTION:
        return []
    problems = []
    if settings.SECRET_KEY in settings.INSECURE_SECRET_KEYS or len(settings.SECRET_KEY) < 50:
        problems.append(
            Error("SECRET_KEY must be set to at least 50 random characters.", id="zorgvuldig.E001")
        )
    if len(set(settings.SECRET_KEY)) < 5:
        problems.append(Error("SECRET_KEY is not random enough.", id="zorgvuldig.E002"))
    if not settings.DATABASE_URL:
        problems.append(Error("DATABASE_URL must be set in production.", id="zorgvuldig.E003"))
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS must list this server's host names (no '*').", id="zorgvuldig.E004"
            )
        )
    if settings.DEBUG:
        problems.append(Error("ZORGVULDIG_DEBUG must be off in production.", id="zorgvuldig.E005"))
    if len(settings.LOG_PSEUDONYM_KEY) < 32:
        problems.append(
            Error(
                "ZORGVULDIG_LOG_PSEUDONYM_KEY must be at least 32 characters.", id="zorgvuldig.E006"
            )
        )
    return problems
