"""Break the glass: open the file of a resident who is not assigned to you (P13, P14).

A case worker who must act now for a resident outside their assignments names the resident --
by BSN (only under a purpose whose register entry names the BSN), or by surname and date of
birth, exact matches -- and states why. :func:`emergency_access_open` then:

1. opens the gate for the worker under the purpose, so the declaration (P09), the purpose (P08)
   and the role are checked before anything is looked up;
2. looks for exactly one resident with those data who is known under the purpose (has, or had,
   an assignment for it), as the system actor ``emergency-lookup`` on the worker's behalf
   (``on_behalf_of`` in the log). None or several give the same answer, "Geen eenduidige
   inwoner gevonden", and a refusal in the log: the worker learns nothing about who exists;
3. in one transaction, in the worker's own context: stores the grant
   (:class:`~zorgvuldig.staff.models.EmergencyAccess`) and writes the log record
   ``emergency_access`` for the resident, marked ``emergency``. The access alerts (team lead,
   privacy officer) key on that record. The reason stays in the grant; the log holds no text.

While the grant lasts (``ZORGVULDIG_EMERGENCY_ACCESS_MINUTES``) the resident is in the worker's
scope for that purpose and the gate marks every processing of them ``emergency``; afterwards
they are out of reach again. Call these functions outside any open processing context.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.errors import ApplicationError, GateRefused, ValidationFailed
from zorgvuldig.core.gate import log_refusal, log_writes, processing, processing_atomic
from zorgvuldig.core.models import gate_internal
from zorgvuldig.people.models import Resident, normalise_surname, surname_birth_key
from zorgvuldig.staff.emergency import emergency_access_for, emergency_access_grant
from zorgvuldig.staff.models import (
    CASEWORK_ROLES,
    EMERGENCY_REASON_MAX_LENGTH,
    EMERGENCY_REASON_MIN_LENGTH,
    Assignment,
    EmergencyAccess,
    Employee,
)
from zorgvuldig.vault import blind

LOOKUP_ACTOR_NAME = "emergency-lookup"
_LABEL = EmergencyAccess._meta.label_lower


class ResidentNotIdentified(ApplicationError):
    """No resident, or more than one, matches: the same answer either way (P13)."""

    code = "resident_not_identified"


class EmergencyAccessNotNeeded(ApplicationError):
    """The resident is already in the worker's reach; ``resident_public_id`` leads to the file.

    ``code`` says why: ``emergency_access_not_needed`` (an assignment covers them) or
    ``emergency_access_already_active`` (the worker's earlier emergency access still runs).
    """

    code = "emergency_access_not_needed"

    def __init__(self, message: str, *, code: str, resident_public_id: uuid.UUID) -> None:
        super().__init__(message, code=code)
        self.resident_public_id = resident_public_id


@dataclass(frozen=True)
class EmergencyAccessOpened:
    access: EmergencyAccess
    resident_public_id: uuid.UUID


@dataclass(frozen=True)
class _Identification:
    bsn: str
    surname: str
    birth_date: dt.date | None


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _clean(*, activity, bsn, surname, birth_date, reason: str) -> tuple[_Identification, str]:
    """Check the request; one ValidationFailed naming every field in error."""
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Geef de reden voor de noodtoegang.")]
    elif len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        errors["reason"] = [
            _("Beschrijf de reden in minstens %(n)d tekens.") % {"n": EMERGENCY_REASON_MIN_LENGTH}
        ]
    elif len(reason) > EMERGENCY_REASON_MAX_LENGTH:
        errors["reason"] = [_("Maximaal %(n)d tekens.") % {"n": EMERGENCY_REASON_MAX_LENGTH}]

    bsn = re.sub(r"[\s.]", "", str(bsn or ""))
    if bsn and not activity.uses_bsn():
        errors["bsn"] = [
            _(
                "Voor dit doel is er geen wettelijke grondslag voor het BSN, dus ook niet om "
                "erop te zoeken. Zoek op achternaam en geboortedatum."
            )
        ]
    elif bsn and not stdnum_bsn.is_valid(bsn):
        errors["bsn"] = [_("Dit is geen geldig BSN (de elfproef klopt niet).")]

    surname = " ".join(str(surname or "").split())
    try:
        born = _as_date(birth_date)
    except ValueError:
        born = None
        errors["birth_date"] = [_("Geef een geldige datum op (jjjj-mm-dd).")]
    if not bsn and "bsn" not in errors:
        with_bsn = activity.uses_bsn()
        if not surname:
            errors["surname"] = [
                _("Vul de achternaam in, of het BSN.") if with_bsn else _("Vul de achternaam in.")
            ]
        if born is None and "birth_date" not in errors:
            errors["birth_date"] = [
                _("Vul de geboortedatum in, of het BSN.")
                if with_bsn
                else _("Vul de geboortedatum in.")
            ]
    if errors:
        raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)
    return _Identification(bsn=bsn, surname=surname, birth_date=born), reason


def _matches(resident: Resident, who: _Identification) -> bool:
    names = {
        normalise_surname(resident.surname_prefix, resident.surname),
        normalise_surname("", resident.surname),
    }
    return (
        (not who.bsn or resident.bsn == who.bsn)
        and (not who.birth_date or resident.birth_date == who.birth_date)
        and (not who.surname or normalise_surname("", who.surname) in names)
    )


def _identify(*, employee: Employee, activity, who: _Identification) -> tuple[int, uuid.UUID]:
    """The one resident known under ``activity`` matching every datum given, or refuse."""
    lookup = SystemActor(LOOKUP_ACTOR_NAME)
    with processing(actor=lookup, purpose=activity, on_behalf_of=employee.actor_ref) as ctx:
        # Known under this purpose: emergency access opens an existing file, it does not
        # start processing a resident for a new purpose.
        known = Assignment.objects.filter(activity_id=activity.pk).values("resident_id")
        # Names and numbers are encrypted: exact lookups go through blind indexes; then every
        # datum that was given must match the candidate exactly (compared in memory).
        candidates: set[int] | None = None
        if who.bsn:
            candidates = blind.lookup("bsn", who.bsn)
        if who.surname and who.birth_date:
            by_name = blind.lookup("surname_birth", surname_birth_key(who.surname, who.birth_date))
            candidates = by_name if candidates is None else candidates & by_name
        with gate_internal():
            verified = [
                r.pk
                for r in Resident.objects.filter(pk__in=known).filter(
                    pk__in=sorted(candidates or ())
                )
                if _matches(r, who)
            ]
        found = list(
            Resident.objects.filter(pk__in=verified[:2]).order_by().values_list("pk", "public_id")
        )
        if len(found) != 1:
            log_refusal(ctx, "resident_not_identified", Resident._meta.label_lower, None)
            raise ResidentNotIdentified(
                _(
                    "Geen eenduidige inwoner gevonden. Controleer de gegevens; vindt u de "
                    "inwoner niet, vraag dan uw teamleider om een toewijzing."
                )
            )
        return found[0]


def _check_role(ctx, employee: Employee) -> None:
    if employee.role not in CASEWORK_ROLES:
        log_refusal(ctx, "role_not_allowed", _LABEL, None)
        raise GateRefused(
            "only case workers and team leads use emergency access", code="role_not_allowed"
        )


def emergency_access_open(
    *,
    employee: Employee,
    purpose,
    reason: str,
    bsn: str = "",
    surname: str = "",
    birth_date=None,
) -> EmergencyAccessOpened:
    """Open time-limited emergency access to one resident's file under ``purpose``."""
    with processing(actor=employee, purpose=purpose) as ctx:
        activity = ctx.activity
        _check_role(ctx, employee)
        who, reason = _clean(
            activity=activity, bsn=bsn, surname=surname, birth_date=birth_date, reason=reason
        )
    resident_id, public_id = _identify(employee=employee, activity=activity, who=who)
    with processing_atomic(actor=employee, purpose=activity) as ctx:
        _refuse_when_in_reach(employee, activity, resident_id, public_id)
        access = emergency_access_grant(
            employee=employee, activity=activity, resident_id=resident_id, reason=reason
        )
        ctx.forget_scope()  # the grant is in scope now: the record below is marked emergency
        log_writes(ctx, "emergency_access", _LABEL, [resident_id])
    return EmergencyAccessOpened(access=access, resident_public_id=public_id)


def _refuse_when_in_reach(employee: Employee, activity, resident_id: int, public_id) -> None:
    if employee.assignment_scope(activity).filter(resident_id=resident_id).exists():
        raise EmergencyAccessNotNeeded(
            _(
                "Noodtoegang is niet nodig: deze inwoner is voor dit doel aan u of uw team "
                "toegewezen. U kunt het dossier gewoon openen."
            ),
            code="emergency_access_not_needed",
            resident_public_id=public_id,
        )
    current = emergency_access_for(employee=employee, activity=activity, resident_id=resident_id)
    if current is not None:
        raise EmergencyAccessNotNeeded(
            _("U hebt al noodtoegang tot dit dossier, tot %(until)s.")
            % {"until": _local_time(current.expires_at)},
            code="emergency_access_already_active",
            resident_public_id=public_id,
        )


def _local_time(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")
