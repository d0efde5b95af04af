"""System checks for the snooping rules' settings (P14): a typo stops startup, not every round."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from zorgvuldig.oversight.alerts.workhours import parse_working_hours


@register()
def alert_settings_check(app_configs, **kwargs):
    """Working hours must parse; the bulk-access limits must be positive."""
    problems = []
    try:
        parse_working_hours(settings.ALERT_WORKING_HOURS)
    except ImproperlyConfigured as exc:
        problems.append(Error(str(exc), id="oversight.E001"))
    if settings.ALERT_BULK_RESIDENTS < 1 or settings.ALERT_BULK_MINUTES < 1:
        problems.append(
            Error(
                "ZORGVULDIG_ALERT_BULK_RESIDENTS and ZORGVULDIG_ALERT_BULK_MINUTES must be 1 "
                "or more.",
                id="oversight.E002",
            )
        )
    return problems
