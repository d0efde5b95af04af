"""Emergency-access grants themselves: store, end early, find the active ones (P13).

A grant ends early when its employee ends it, or when a reviewer judges its alert "not
justified" (:func:`emergency_access_end_by_review`, called by the alert review).

Opening a grant needs the resident looked up through the gate, so the use case lives one layer
up (:func:`zorgvuldig.people.emergency.emergency_access_open`); this module keeps to the grant
rows, which hold no resident data beyond the id.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zorgvuldig.core.errors import NotFound
from zorgvuldig.staff.models import EmergencyAccess, Employee

logger = logging.getLogger(__name__)


def emergency_access_duration() -> dt.timedelta:
    """How long a grant lasts (``ZORGVULDIG_EMERGENCY_ACCESS_MINUTES``)."""
    return dt.timedelta(minutes=settings.EMERGENCY_ACCESS_MINUTES)


def emergency_access_grant(
    *, employee: Employee, activity, resident_id: int, reason: str
) -> EmergencyAccess:
    """Store a grant from now on; only ``emergency_access_open`` calls this, in its transaction."""
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        employee=employee,
        resident_id=resident_id,
        activity=activity,
        reason=reason,
        started_at=now,
        expires_at=now + emergency_access_duration(),
    )
    # The employee may have been loaded knowing no grant was active (employee_for_user).
    employee._has_emergency_access = True
    return access


@transaction.atomic
def emergency_access_end(*, employee: Employee, access_id) -> EmergencyAccess:
    """End one of the employee's own active grants now; anything else is NotFound."""
    try:
        pk = int(access_id)
    except (TypeError, ValueError) as exc:
        raise NotFound() from exc
    access = (
        EmergencyAccess.objects.active()
        .select_for_update()
        .filter(pk=pk, employee_id=employee.pk)
        .select_related("activity")
        .first()
    )
    if access is None:
        raise NotFound()
    access.ended_at = timezone.now()
    access.save(update_fields=["ended_at"])
    return access


@transaction.atomic
def emergency_access_end_by_review(
    *, access: EmergencyAccess, reviewer: Employee, at: dt.datetime | None = None
) -> EmergencyAccess | None:
    """End a grant a reviewer judged not justified, at once (``at``, default now) (P13, P14).

    Called in the review's transaction (``oversight.alerts.review.alert_review``), which has
    checked that the reviewer may judge it. A grant that already ended or expired is left as
    it is; returns the grant when this ended it, else None. From then on the resident is out of
    the employee's reach, as when the grant expires.
    """
    at = at or timezone.now()
    # One UPDATE, guarded by "still active": an end by the employee meanwhile stays as it was.
    ended = EmergencyAccess.objects.active(at).filter(pk=access.pk).update(ended_at=at)
    access.refresh_from_db(fields=["ended_at"])
    if not ended:
        return None
    logger.info("emergency access %s ended by the review of employee %s", access.pk, reviewer.pk)
    return access


def emergency_access_for(
    *, employee: Employee, activity, resident_id: int
) -> EmergencyAccess | None:
    """The employee's active grant for this resident and purpose, if any."""
    return (
        EmergencyAccess.objects.active()
        .filter(employee_id=employee.pk, activity_id=activity.pk, resident_id=resident_id)
        .first()
    )


def emergency_accesses_active(*, employee: Employee) -> list[EmergencyAccess]:
    """The employee's active grants with their purposes (no resident data), soonest end first."""
    if not employee.may_have_emergency_access():
        return []
    return list(
        EmergencyAccess.objects.active()
        .filter(employee_id=employee.pk)
        .select_related("activity")
        .order_by("expires_at")
    )
