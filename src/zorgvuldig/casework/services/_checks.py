"""Shared input checks for casework services: dates and texts with Dutch field messages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.core.dates import add_months
from zorgvuldig.core.errors import ValidationFailed


class Errors:
    """Collects field errors and raises them together (nothing is stored on any error)."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def text(self, field: str, value: str, *, limit: int, required: bool = True) -> str:
        value = (value or "").strip()
        if required and not value:
            self.add(field, _("Dit veld is verplicht."))
        elif len(value) > limit:
            self.add(field, _("Maximaal %(n)d tekens.") % {"n": limit})
        return value

    def choice(self, field: str, value: str, choices, *, required: bool = True) -> str:
        if value in choices.values or (not required and not value):
            return value
        self.add(field, _("Kies een geldige waarde."))
        return value

    def date_not_future(self, field: str, value, *, earliest: dt.date | None = None):
        if value is None:
            self.add(field, _("Vul een datum in."))
            return value
        if isinstance(value, dt.datetime):
            day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        else:
            day = value
        if day > timezone.localdate():
            self.add(field, _("Deze datum ligt in de toekomst."))
        elif earliest is not None and day < earliest:
            self.add(field, _("Deze datum ligt te ver in het verleden."))
        return value

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=self.fields)


def years_ago(years: int) -> dt.date:
    """Today ``years`` years ago (29 February falls back to 28 February)."""
    return add_months(timezone.localdate(), -12 * years)
