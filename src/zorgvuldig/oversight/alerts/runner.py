"""Running the snooping rules over the new part of the processing log (P14).

Two groups of rules, each with its own cursor (:class:`~zorgvuldig.oversight.models.AlertCursor`):

- ``log``: emergency access, outside working hours, bulk access -- the log alone suffices;
- ``relations``: shared surname, shared address, colleague's file -- these read residents'
  surname and address through the gate under ``ZORGVULDIG_MONITORING_PURPOSE``. While that
  activity is not in the register (or the gate refuses it), the group is skipped with a
  message and its cursor stays put, so it catches up once the activity exists.

Each batch of records is handled in one transaction with its cursor, so a crash repeats at
most one batch -- and alerts are idempotent (see ``raising``). Runners exclude each other
through the cursor row (``SELECT ... FOR UPDATE``; SQLite's write transaction).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgvuldig.audit.selectors import log_after, log_by_ids
from zorgvuldig.core.errors import GateRefused
from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.alerts.raising import Links
from zorgvuldig.oversight.alerts.rules_relations import MONITOR, relations_rule
from zorgvuldig.oversight.alerts.rules_time import (
    bulk_access_rule,
    emergency_access_rule,
    outside_hours_rule,
)
from zorgvuldig.oversight.models import AlertCursor, AlertKind
from zorgvuldig.registry.models import ProcessingActivity

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
# Missing ids remembered per cursor at most (a huge gap is a rolled-back bulk insert).
_MAX_PENDING = 10_000

Report = Callable[[str], None]
_WARNED: set = set()


@dataclass(frozen=True)
class RuleGroup:
    name: str
    label: str
    rules: tuple[Callable, ...]
    needs_monitor: bool = False


GROUPS = (
    RuleGroup(
        "log",
        gettext_lazy("noodtoegang, buiten werktijd, veel inwoners"),
        (emergency_access_rule, outside_hours_rule, bulk_access_rule),
    ),
    RuleGroup(
        "relations",
        gettext_lazy("familie, huisgenoten, collega's"),
        (relations_rule,),
        needs_monitor=True,
    ),
)


def _late_records(cursor: AlertCursor, now: float) -> list:
    """Records that were missing when the cursor passed them and have committed since."""
    grace = settings.AUDIT_SEAL_GRACE_SECONDS
    waiting = [(pk, seen) for pk, seen in cursor.pending if now - seen < grace]
    found = log_by_ids(ids=[pk for pk, _seen in waiting]) if waiting else []
    arrived = {record.id for record in found}
    cursor.pending = [[pk, seen] for pk, seen in waiting if pk not in arrived]
    return found


def _note_gaps(cursor: AlertCursor, records: list, now: float) -> None:
    expected = cursor.last_record_id + 1
    seen = {record.id for record in records}
    gaps = [pk for pk in range(expected, records[-1].id) if pk not in seen]
    cursor.pending = (cursor.pending + [[pk, now] for pk in gaps])[-_MAX_PENDING:]
    cursor.last_record_id = records[-1].id


def _run_batch(group: RuleGroup, *, batch_size: int, first: bool) -> tuple[int, Counter]:
    """Handle one batch of this group's records; return (records handled, alerts made)."""
    made: Counter[str] = Counter()
    with transaction.atomic():
        AlertCursor.objects.get_or_create(name=group.name)
        cursor = AlertCursor.objects.select_for_update().get(name=group.name)
        now = time.time()
        late = _late_records(cursor, now) if first else []
        records = log_after(after_id=cursor.last_record_id, limit=batch_size)
        if records:
            _note_gaps(cursor, records, now)
        batch = late + records
        if batch:
            links = Links.for_records(batch)
            for rule in group.rules:
                made.update(rule(batch, links))
        cursor.save()
    return len(records), made


def _open_monitor(stack: ExitStack, report: Report, *, log: bool) -> bool:
    """Open the monitor's processing context; False (with a message) when it cannot be."""
    code = settings.MONITORING_PURPOSE
    if not ProcessingActivity.objects.filter(code=code, is_active=True).exists():
        message = _(
            "Regels voor familie, huisgenoten en collega's overgeslagen: de verwerking '%(code)s' "
            "(ZORGVULDIG_MONITORING_PURPOSE) staat niet actief in het register."
        ) % {"code": code}
        report(message)
        if log and code not in _WARNED:  # the worker runs every few seconds: say it once
            _WARNED.add(code)
            logger.warning("snooping rules on residents skipped: no active activity %r", code)
        return False
    try:
        stack.enter_context(processing(actor=MONITOR, purpose=code))
    except GateRefused as exc:
        report(
            _(
                "Regels voor familie, huisgenoten en collega's overgeslagen: de verwerking "
                "'%(code)s' is geweigerd (%(reason)s)."
            )
            % {"code": code, "reason": exc.code}
        )
        if log and (code, exc.code) not in _WARNED:
            _WARNED.add((code, exc.code))
            logger.warning(
                "snooping rules on residents skipped: gate refused %r (%s)", code, exc.code
            )
        return False
    return True


def run_rules(*, batch_size: int = BATCH_SIZE, report: Report | None = None) -> dict[str, int]:
    """Run every snooping rule over the log records not seen before; new alerts per kind.

    Safe to call from the background loop as often as wanted, and at the same time as the
    ``audit_alerts`` command: a second runner waits for the first.
    """
    log = report is None  # no one to tell (the worker): the skip goes to the log, once
    report = report or (lambda message: None)
    made: Counter[str] = Counter()
    for group in GROUPS:
        with ExitStack() as stack:
            if group.needs_monitor and not _open_monitor(stack, report, log=log):
                continue
            handled, first = batch_size, True
            while handled == batch_size:
                handled, batch_made = _run_batch(group, batch_size=batch_size, first=first)
                made.update(batch_made)
                first = False
                if handled:
                    report(
                        _("%(group)s: %(count)s logregels bekeken.")
                        % {"group": group.label, "count": handled}
                    )
    return {kind: made.get(kind, 0) for kind in AlertKind.values}
