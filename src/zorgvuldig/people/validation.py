"""Validation of resident data, shared by every entry point through the services (P03)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from zorgvuldig.core.dates import add_months
from zorgvuldig.core.errors import ValidationFailed

_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
_MAX = {
    "given_names": 120,
    "surname_prefix": 20,
    "surname": 120,
    "street": 120,
    "house_number": 20,
    "city": 80,
}


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def resident_clean(*, data: dict, activity, partial: bool = False) -> dict:
    """Return cleaned resident fields or raise ValidationFailed with a message per field.

    ``activity`` decides whether a BSN may be stored: only where it names a legal basis for
    the BSN (UAVG art. 46); consent never suffices.
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, limit in _MAX.items():
        if field in data:
            value = str(data[field] or "").strip()
            if len(value) > limit:
                fail(field, _("Maximaal %(n)d tekens.") % {"n": limit})
            cleaned[field] = value
    for field in ("given_names", "surname"):
        if (not partial or field in data) and not cleaned.get(field):
            fail(field, _("Dit veld is verplicht."))

    if "birth_date" in data:
        try:
            born = _as_date(data["birth_date"])
        except ValueError:
            fail("birth_date", _("Geef een geldige datum op (jjjj-mm-dd)."))
        else:
            today = timezone.localdate()
            if born and born > today:
                fail("birth_date", _("De geboortedatum kan niet in de toekomst liggen."))
            elif born and born < add_months(today, -12 * 125):
                fail("birth_date", _("De geboortedatum ligt te ver in het verleden."))
            cleaned["birth_date"] = born

    if "postcode" in data:
        postcode = str(data["postcode"] or "").strip().upper()
        if postcode and not _POSTCODE.match(postcode):
            fail("postcode", _("Geef een Nederlandse postcode op, zoals 1234 AB."))
        cleaned["postcode"] = (
            postcode.replace(" ", "")[:4]
            + (" " + postcode.replace(" ", "")[4:] if postcode else "")
            if postcode
            else ""
        )

    if "phone" in data:
        phone = str(data["phone"] or "").strip()
        if phone and not _PHONE.match(phone):
            fail("phone", _("Geef een geldig telefoonnummer op."))
        cleaned["phone"] = phone

    if "email" in data:
        email = str(data["email"] or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _("Geef een geldig e-mailadres op."))
        cleaned["email"] = email

    if "bsn" in data:
        bsn = re.sub(r"[\s.]", "", str(data["bsn"] or ""))
        if not activity.uses_bsn():
            # Without a legal basis the BSN may not be touched at all: not set, not cleared.
            if bsn:
                fail(
                    "bsn",
                    _(
                        "Voor deze verwerking is geen wettelijke grondslag om het BSN "
                        "vast te leggen."
                    ),
                )
        else:
            if bsn and not stdnum_bsn.is_valid(bsn):
                fail("bsn", _("Dit is geen geldig BSN (de elfproef klopt niet)."))
            cleaned["bsn"] = bsn

    if errors:
        raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
    return cleaned
