"""The processing gate: opens processing contexts and writes the processing log (P08, P09, P13).

Usage, in a view, command or job::

    with processing(actor=employee, purpose="hulptrajecten") as ctx:
        resident = resident_get(actor=employee, purpose="hulptrajecten", public_id=...)
        response = render(...)   # render inside: the log is written before the data leaves

Opening checks, in order: the actor is active and has a current confidentiality declaration
(P09), the purpose is an active processing activity with a lawful ground (P08), and the actor
is allowed to process under it. Need-to-know per resident (P13) is enforced by the gated
querysets in :mod:`zorgvuldig.core.models`. Reads are buffered and written as one bulk insert
when the outermost context closes; if that insert fails, :class:`GateLogFailure` is raised so
the caller does not release the data (fail closed). Writes are logged at once, in the same
transaction as the data they change; refusals are written when the context closes, outside the
caller's transaction, so a rolled-back operation still leaves its refusal in the log.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core import context, tracing
from zorgvuldig.core.errors import GateLogFailure, GateRefused
from zorgvuldig.registry.models import ActivityVersion, ProcessingActivity


def subject_ref(resident_id: int | None) -> str:
    """Return the pseudonymous log reference (keyed HMAC-SHA256) for a resident id."""
    if resident_id is None:
        return ""
    key = settings.LOG_PSEUDONYM_KEY.encode()
    return hmac.new(key, f"resident:{resident_id}".encode(), hashlib.sha256).hexdigest()


def _record(
    ctx: context.ProcessingContext | None,
    *,
    action: str,
    resident_id: int | None,
    status: str,
    reason_code: str = "",
    model_label: str = "",
    actor: Any = None,
    activity_version_id: int | None = None,
) -> ProcessingLogRecord:
    """One log record (fields: docs/audit.md). Without a context it is an opening refusal."""
    now = timezone.now()
    actor = actor if actor is not None else ctx.actor
    if ctx is None:
        return ProcessingLogRecord(
            trace_id=tracing.current_trace_id(),
            operation_id=secrets.token_hex(8),
            parent_operation_id=tracing.current_parent_id(),
            operation_name=tracing.current_operation(),
            at=now,
            ended_at=now,
            actor_ref=actor.actor_ref,
            actor_role=getattr(actor, "log_role", ""),
            actor_unit=getattr(actor, "log_unit", ""),
            activity_version_id=activity_version_id,
            action=action,
            subject_ref=subject_ref(resident_id),
            object_type=model_label,
            status=status,
            reason_code=reason_code,
        )
    return ProcessingLogRecord(
        trace_id=ctx.trace_id,
        operation_id=ctx.operation_id,
        parent_operation_id=ctx.parent_operation_id,
        operation_name=ctx.operation_name,
        at=ctx.started_at,
        ended_at=now,
        actor_ref=actor.actor_ref,
        actor_role=ctx.actor_role,
        actor_unit=ctx.actor_unit,
        on_behalf_of_ref=ctx.on_behalf_of,
        activity_version_id=activity_version_id or ctx.activity_version_id,
        action=action,
        subject_ref=subject_ref(resident_id),
        object_type=model_label,
        status=status,
        reason_code=reason_code,
        emergency=status == "ok" and ctx.is_emergency(resident_id),
        incidental=ctx.is_incidental(resident_id),
    )


def log_writes(
    ctx: context.ProcessingContext, action: str, model_label: str, resident_ids: Iterable
) -> None:
    """Write one record per resident for a write, inside the caller's transaction."""
    records = [
        _record(ctx, action=action, resident_id=rid, status="ok", model_label=model_label)
        for rid in resident_ids
    ]
    ProcessingLogRecord.objects.bulk_create(records)


def log_refusal(
    ctx: context.ProcessingContext | None,
    reason_code: str,
    model_label: str,
    resident_id: int | None,
    *,
    actor=None,
    activity=None,
) -> None:
    """Log a refusal at once; it must survive even when the caller's work is rolled back."""
    actor = actor or ctx.actor
    activity = activity if activity is not None else (ctx.activity if ctx else None)
    version_id = activity.current_version_id if activity is not None else None
    record = _record(
        ctx,
        actor=actor,
        activity_version_id=version_id,
        action="read",
        resident_id=resident_id,
        status="refused",
        reason_code=reason_code,
        model_label=model_label,
    )
    if ctx is not None:
        # Buffered and written when the context closes, outside the caller's transaction, so
        # the refusal survives even when the caller's work is rolled back.
        ctx.refusals.append(record)
    else:
        record.save()


def log_refusal_if_hidden(queryset, args, kwargs) -> None:
    """After a scoped ``get()`` found nothing: find out whether the row exists out of reach.

    Out of the actor's need-to-know it stays "not found" (P13) and a refusal is logged. Within
    it -- the actor is assigned, so existence is no secret -- but blocked by the legal basis
    (withdrawn consent, no Art. 9 ground), :class:`GateRefused` says why.
    """
    model = queryset.model
    ctx = context.current()
    if ctx is None:
        return
    plain = models.QuerySet(model=model, using=queryset.db)
    fields = ["pk", model.gate_resident_path, model.gate_purpose_path or "pk"]
    hidden = list(plain.filter(*args, **kwargs).values_list(*fields)[:1])
    if not hidden:
        return
    pk, resident_id, purpose_id = hidden[0]
    label = model._meta.label_lower
    if not ctx.may_touch(resident_id):
        log_refusal(ctx, "need_to_know", label, resident_id)
        return
    if model.gate_purpose_path and purpose_id != ctx.activity.pk:
        # Recorded under another purpose: as far as this purpose goes, it does not exist.
        log_refusal(ctx, "wrong_purpose", label, resident_id)
        return
    if model.objects.filter(pk=pk).exists():
        return  # reachable through the gate: the caller's own filters left it out
    if model.gate_basis_bound and not ctx.basis_holds(resident_id):
        code = "no_consent"
    elif model.gate_special_field:
        code = "no_art9_ground"
    else:
        return
    log_refusal(ctx, code, label, resident_id)
    raise GateRefused(f"processing refused: {code}", code=code)


# Every column but the id, from the model itself: a field added to the record is written too.
_LOG_COLUMNS = tuple(
    f.attname for f in ProcessingLogRecord._meta.concrete_fields if not f.primary_key
)
_DATETIME_COLUMNS = tuple(i for i, c in enumerate(_LOG_COLUMNS) if c in ("at", "ended_at"))


def _insert_records(records: list[ProcessingLogRecord]) -> None:
    """Insert log records as one multi-row INSERT statement (atomic on its own).

    Our own SQL instead of ``bulk_create``: this runs once per processing context, and the
    ORM's per-call overhead (savepoint handling, RETURNING ids we do not need) was a large part
    of the gate's cost in bench/gate_overhead.py.
    """
    connection = connections[ProcessingLogRecord.objects.db]
    quote = connection.ops.quote_name
    table = quote(ProcessingLogRecord._meta.db_table)
    columns = ", ".join(quote(c) for c in _LOG_COLUMNS)
    row = "(" + ", ".join(["%s"] * len(_LOG_COLUMNS)) + ")"
    at_field = ProcessingLogRecord._meta.get_field("at")
    params: list = []
    for record in records:
        values = [getattr(record, c) for c in _LOG_COLUMNS]
        for i in _DATETIME_COLUMNS:
            values[i] = at_field.get_db_prep_value(values[i], connection)
        params.extend(values)
    sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(records))}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _flush(ctx: context.ProcessingContext) -> None:
    if not ctx.reads and not ctx.refusals:
        return
    records = ctx.refusals + [
        _record(ctx, action="read", resident_id=rid, status="ok", model_label=label)
        for (rid, label) in ctx.reads
    ]
    try:
        # Chunks keep each statement under the database's parameter limits.
        for start in range(0, len(records), 500):
            _insert_records(records[start : start + 500])
    except DatabaseError as exc:
        raise GateLogFailure("the processing log could not be written") from exc
    ctx.reads.clear()
    ctx.refusals.clear()


# (activity id, version id) -> the activity as loaded at that version. A version is immutable,
# so the cache can only go stale in the fields the gate checks -- and those are read live.
_ACTIVITY_CACHE: dict[tuple[int, int | None], ProcessingActivity] = {}
_LIVE_COLUMNS = ("id", "current_version_id", "is_active", "lawful_ground", "art9_exemption")


@receiver([post_save, post_delete], sender=ActivityVersion)
def _forget_activities(**kwargs) -> None:
    """A new version anywhere empties the cache (ids can repeat after a restore or in tests)."""
    _ACTIVITY_CACHE.clear()


def _resolve_activity(purpose: Any) -> ProcessingActivity | None:
    """The purpose's activity with its current version, checked fields read live.

    One hand-written query per context: resolving the purpose through the ORM (a join on the
    version and its JSON snapshot) cost as much as the resident query it guards
    (bench/gate_overhead.py).
    """
    code = purpose.code if isinstance(purpose, ProcessingActivity) else purpose
    connection = connections[ProcessingActivity.objects.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _LIVE_COLUMNS)
    table = quote(ProcessingActivity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {quote('code')} = %s", [code])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    pk, version_id, is_active, lawful_ground, art9_exemption = row
    cached = _ACTIVITY_CACHE.get((pk, version_id))
    if cached is None:
        cached = ProcessingActivity.objects.select_related("current_version").get(pk=pk)
        if len(_ACTIVITY_CACHE) > 512:
            _ACTIVITY_CACHE.clear()
        _ACTIVITY_CACHE[(pk, version_id)] = cached
    activity = copy.copy(cached)
    activity.is_active = bool(is_active)
    activity.lawful_ground = lawful_ground
    activity.art9_exemption = art9_exemption
    activity.current_version_id = version_id
    return activity


def _opening_refusal(actor: Any, activity: ProcessingActivity | None) -> str | None:
    """Return why a context may not open, checking in the documented order."""
    if actor is None:
        return "no_actor"
    refusal = actor.gate_refusal(activity)
    if refusal:
        return refusal
    if activity is None or not activity.is_active:
        return "unknown_purpose"
    if not activity.lawful_ground:
        return "no_lawful_ground"
    if activity.current_version_id is None:
        return "unknown_purpose"
    if activity.needs_art9_exemption() and not activity.art9_exemption:
        return "no_art9_ground"
    return None


@contextmanager
def processing(
    *, actor: Any, purpose: Any, reason: str = "", on_behalf_of: str = ""
) -> Iterator[context.ProcessingContext]:
    """Open (or join) a processing context for ``actor`` and ``purpose``; see the module doc."""
    outer = context.current()
    if outer is not None:
        same_purpose = getattr(purpose, "pk", purpose) in (outer.activity.pk, outer.activity.code)
        if outer.actor.actor_ref == actor.actor_ref and same_purpose:
            outer.depth += 1
            try:
                yield outer
            finally:
                outer.depth -= 1
            return
        raise GateRefused("a different processing context is already open", code="nested_context")

    activity = _resolve_activity(purpose)
    refusal = _opening_refusal(actor, activity)
    if refusal:
        if actor is not None:
            log_refusal(None, refusal, "", None, actor=actor, activity=activity)
        raise GateRefused(f"processing refused: {refusal}", code=refusal)

    ctx = context.ProcessingContext(
        actor=actor, activity=activity, reason=reason, on_behalf_of=on_behalf_of
    )
    token = context._activate(ctx)
    try:
        yield ctx
    finally:
        context._reset(token)
        # Reads are logged whether the block succeeded or not: the data was read either way.
        _flush(ctx)


def require_open(*, actor: Any, purpose: Any) -> context.ProcessingContext:
    """Return the open context of this actor and purpose; selectors run only inside one."""
    ctx = context.require("selector")
    same_purpose = getattr(purpose, "pk", purpose) in (ctx.activity.pk, ctx.activity.code)
    if ctx.actor.actor_ref != actor.actor_ref or not same_purpose:
        raise GateRefused(
            "the open processing context is for another actor or purpose", code="context_mismatch"
        )
    return ctx


@contextmanager
def processing_atomic(
    *, actor: Any, purpose: Any, reason: str = "", on_behalf_of: str = ""
) -> Iterator[context.ProcessingContext]:
    """Open (or join) a processing context, then a transaction inside it.

    The order matters: the context closes *after* the transaction has committed or rolled
    back, so a refusal logged during a failed write is written outside the rolled-back work.
    Services that write use this instead of ``@transaction.atomic``.
    """
    with (
        processing(actor=actor, purpose=purpose, reason=reason, on_behalf_of=on_behalf_of) as ctx,
        transaction.atomic(),
    ):
        yield ctx
