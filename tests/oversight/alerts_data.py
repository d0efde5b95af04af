"""Building blocks for the snooping-alert tests (P14): log records made through the gate.

Records come from real processing (``read``); only the emergency-access record is written
with ``log_writes`` inside a context, as the emergency-access service does.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests import factories
from zorgvuldig.core.gate import log_writes, processing, subject_ref
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.models import Alert, AlertKind
from zorgvuldig.people.emergency import ResidentNotIdentified, emergency_access_open
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import LawfulGround

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Wednesday morning: inside the default working hours (mon-fri 07:00-19:00).
OFFICE = dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM)
# A Saturday night: outside them.
SATURDAY_NIGHT = dt.datetime(2026, 3, 7, 23, 30, tzinfo=AMSTERDAM)
REASON = "Buurvrouw belt: meneer reageert niet op de deur, zijn vaste hulpverlener is ziek."


def monitoring_activity():
    """The register entry the snooping monitor reads residents under (default code)."""
    return factories.activity(
        "toegangscontrole",
        ground=LawfulGround.LEGITIMATE_INTEREST,
        purpose="Controle op rechtmatige toegang tot dossiers (logcontrole)",
        lawful_ground_detail="Gerechtvaardigd belang: beveiliging van persoonsgegevens (art. 32)",
    )


def read(employee, residents, purpose: str = "hulptrajecten") -> None:
    """The employee reads these residents' data (one processing context)."""
    with processing(actor=employee, purpose=purpose):
        found = list(Resident.objects.filter(pk__in=[r.pk for r in residents]))
    assert len(found) == len(residents)


def emergency_access(employee, resident, purpose: str = "hulptrajecten") -> None:
    """The record the emergency-access service writes when it grants access."""
    with processing(actor=employee, purpose=purpose) as ctx:
        log_writes(ctx, "emergency_access", "people.resident", [resident.pk])


def alerts(kind: str | None = None, **filters):
    qs = Alert.objects.all() if kind is None else Alert.objects.filter(kind=kind)
    return qs.filter(**filters)


def emergency_alert_for(worker, resident) -> Alert:
    """An open emergency-access alert about ``worker`` (raised by the rules)."""
    emergency_access(worker, resident)
    run_rules()
    return alerts(AlertKind.EMERGENCY_ACCESS, actor_ref=worker.actor_ref).latest("id")


def break_the_glass(employee, resident, purpose: str = "hulptrajecten"):
    """Real emergency access (the service): the grant and its log record."""
    return emergency_access_open(
        employee=employee,
        purpose=purpose,
        reason=REASON,
        surname=resident.surname,
        birth_date=resident.birth_date,
    ).access


def failed_lookup(employee, purpose: str = "hulptrajecten") -> None:
    """An emergency-access request that names nobody: a refusal of the lookup in the log."""
    with pytest.raises(ResidentNotIdentified):
        emergency_access_open(
            employee=employee,
            purpose=purpose,
            reason=REASON,
            surname="Nergensbekend",
            birth_date="1970-01-01",
        )


def relation_alert(employee, kind: str, resident, purpose) -> Alert:
    """An open relation alert (shared surname/address, colleague's file) about ``employee``."""
    return Alert.objects.create(
        kind=kind,
        fingerprint=f"{kind}:{employee.actor_ref}:{resident.pk}",
        key=subject_ref(resident.pk),
        actor_ref=employee.actor_ref,
        employee=employee,
        team=employee.team,
        activity=purpose,
        subject_ref=subject_ref(resident.pk),
        first_record_id=1,
        last_record_id=1,
        window_start=OFFICE,
        window_end=OFFICE,
    )
