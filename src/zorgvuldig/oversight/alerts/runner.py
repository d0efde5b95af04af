"""Running the snooping rules over the new part of the processing log (P14).

Two groups of rules, each with its own cursor (:class:`~zorgvuldig.oversight.models.AlertCursor`):

- ``log``: emergency access, failed emergency lookups, outside working hours, bulk access --
  the log alone suffices;
- ``relations``: shared surname, shared address, colleague's file -- these read residents'
  surname and address through the gate under ``ZORGVULDIG_MONITORING_PURPOSE``. While that
  activity is not in the register (or the gate refuses it), the group is skipped with a
  message and its cursor stays put, so it catches up once the activity exists.

Each batch of records is handled in one transaction with its cursor, so a crash repeats at
most one batch -- and alerts are idempotent (see ``raising``). Runners exclude each other
through the cursor row (``SELECT ... FOR UPDATE``; SQLite's write transaction).

The monitor's reads are logged in the transaction of their batch (P08, P12): each batch opens
its own processing context *inside* the batch's transaction, so the context closes -- and the
gate writes the log records of the residents it read -- before the alerts built from them
commit. When the log cannot be written (:class:`~zorgvuldig.core.errors.GateLogFailure`) the
batch's alerts and cursor are rolled back with it. When the rules themselves fail, the batch's
work is rolled back (a savepoint) but the reads are still logged: the data was read either way.
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
    failed_emergency_lookups_rule,
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
        (
            emergency_access_rule,
            failed_emergency_lookups_rule,
            outside_hours_rule,
            bulk_access_rule,
        ),
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


class _MonitorRefused(Exception):
    """The gate refused the monitor's context when a batch opened it."""


def _handle_batch(group: RuleGroup, *, batch_size: int, first: bool) -> tuple[int, Counter]:
    """Handle one batch of this group's records; return (records handled, alerts made).

    Runs inside a transaction (see :func:`_run_batch`).
    """
    made: Counter[str] = Counter()
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


def _run_batch(group: RuleGroup, *, batch_size: int, first: bool) -> tuple[int, Counter]:
    """One batch in one transaction; for the monitor's rules, with its own processing context.

    The context is opened inside the transaction, so it closes -- writing the log records of
    the residents the batch read -- before the batch's alerts commit; a failure to write them
    (``GateLogFailure``) rolls the alerts back. The batch's own work runs in a savepoint: when
    it fails, it is undone, but its reads are still logged before the error goes on.
    """
    if not group.needs_monitor:
        with transaction.atomic():
            return _handle_batch(group, batch_size=batch_size, first=first)
    failure: Exception | None = None
    result: tuple[int, Counter] = (0, Counter())
    with transaction.atomic(), ExitStack() as monitor:
        try:
            monitor.enter_context(processing(actor=MONITOR, purpose=settings.MONITORING_PURPOSE))
        except GateRefused as exc:
            raise _MonitorRefused() from exc
        try:
            with transaction.atomic():
                result = _handle_batch(group, batch_size=batch_size, first=first)
        except Exception as exc:  # undone; the reads are logged as the context closes
            failure = exc
    if failure is not None:
        raise failure
    return result


def _monitor_ready(report: Report, *, log: bool) -> bool:
    """Whether the monitor may read residents now; False (with a message) when it may not.

    The gate is asked outside any transaction, so a refusal stays in the log. Each batch then
    opens its own context (:func:`_run_batch`).
    """
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
        with processing(actor=MONITOR, purpose=code):
            pass  # nothing read: nothing logged
    except GateRefused as exc:
        _report_refusal(report, code, exc, log=log)
        return False
    return True


def _report_refusal(report: Report, code: str, exc: GateRefused, *, log: bool) -> None:
    report(
        _(
            "Regels voor familie, huisgenoten en collega's overgeslagen: de verwerking "
            "'%(code)s' is geweigerd (%(reason)s)."
        )
        % {"code": code, "reason": exc.code}
    )
    if log and (code, exc.code) not in _WARNED:
        _WARNED.add((code, exc.code))
        logger.warning("snooping rules on residents skipped: gate refused %r (%s)", code, exc.code)


def run_rules(*, batch_size: int = BATCH_SIZE, report: Report | None = None) -> dict[str, int]:
    """Run every snooping rule over the log records not seen before; new alerts per kind.

    Safe to call from the background loop as often as wanted, and at the same time as the
    ``audit_alerts`` command: a second runner waits for the first.
    """
    log = report is None  # no one to tell (the worker): the skip goes to the log, once
    report = report or (lambda message: None)
    made: Counter[str] = Counter()
    for group in GROUPS:
        if group.needs_monitor and not _monitor_ready(report, log=log):
            continue
        handled, first = batch_size, True
        while handled == batch_size:
            try:
                handled, batch_made = _run_batch(group, batch_size=batch_size, first=first)
            except _MonitorRefused:
                # Refused between batches (the activity was just withdrawn): the refusal
                # written in the rolled-back transaction is written again, outside it.
                _monitor_ready(report, log=log)
                break
            made.update(batch_made)
            first = False
            if handled:
                report(
                    _("%(group)s: %(count)s logregels bekeken.")
                    % {"group": group.label, "count": handled}
                )
    return {kind: made.get(kind, 0) for kind in AlertKind.values}
