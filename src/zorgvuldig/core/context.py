"""The processing context: who processes personal data, for which purpose, and why (P08, P13).

A context is opened by :func:`zorgvuldig.core.gate.processing` for one request, command or
job. While it is open, personal-data models may be queried (scoped to what the actor may see);
every resident whose data is read is remembered so that the gate can write one processing-log
record per resident when the context closes.
"""

from __future__ import annotations

import contextvars
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection
from django.utils import timezone

from zorgvuldig.core import hooks, tracing
from zorgvuldig.core.errors import GateClosed

if TYPE_CHECKING:
    from django.db.models import QuerySet

_current: contextvars.ContextVar[ProcessingContext | None] = contextvars.ContextVar(
    "zorgvuldig_processing_context", default=None
)


class Actor(Protocol):
    """Anyone who processes personal data: an employee or a named system job."""

    @property
    def actor_ref(self) -> str:
        """A stable, non-identifying reference for the log, e.g. ``employee:12``."""
        ...

    def gate_refusal(self, activity: Any) -> str | None:
        """Return a refusal code when this actor may not process under ``activity`` at all."""
        ...

    def resident_scope(self, activity: Any) -> QuerySet | None:
        """Return a queryset of resident ids this actor may process, or None for all."""
        ...

    def resident_scope_sql(self, activity: Any) -> tuple[str, list] | None:
        """The same scope as an SQL subquery with its parameters, or None for all."""
        ...

    def may_register_residents(self, activity: Any) -> bool:
        """Whether this actor may register a new resident under ``activity``."""
        ...


@dataclass(frozen=True)
class SystemActor:
    """A named system job (demo loader, migrations, sweeps). It appears in the log by name.

    System actors see every resident: they are code, reviewed like code, and each one is
    listed in :data:`SYSTEM_ACTORS` so that a new one is a visible decision.
    """

    name: str

    def __post_init__(self) -> None:
        if self.name not in SYSTEM_ACTORS:
            raise ValueError("unknown system actor")

    @property
    def actor_ref(self) -> str:
        return f"system:{self.name}"

    log_role = "system"
    log_unit = ""

    def gate_refusal(self, activity: Any) -> str | None:
        return None

    def resident_scope(self, activity: Any) -> QuerySet | None:
        return None

    def resident_scope_sql(self, activity: Any) -> tuple[str, list] | None:
        return None

    def may_register_residents(self, activity: Any) -> bool:
        return True


SYSTEM_ACTORS = frozenset(
    {"demo-loader", "test-fixture", "benchmark", "informing-monitor", "retention-monitor"}
    # Finds the one resident a worker names for emergency access, on their behalf (P13).
    | {"emergency-lookup"}
    # Reads residents' surname and address to detect snooping on family and colleagues (P14).
    | {"snooping-monitor"}
)


@dataclass
class ProcessingContext:
    """One open processing context; see the module docstring."""

    actor: Any
    activity: Any
    reason: str = ""
    on_behalf_of: str = ""  # actor ref of the responsible user when acting for someone else
    trace_id: str = field(default_factory=tracing.current_trace_id)
    operation_id: str = field(default_factory=lambda: secrets.token_hex(8))
    parent_operation_id: str = field(default_factory=tracing.current_parent_id)
    operation_name: str = field(default_factory=tracing.current_operation)
    started_at: datetime = field(default_factory=timezone.now)
    focus_resident_id: int | None = None
    reads: dict[tuple[int, str], None] = field(default_factory=dict)
    refusals: list = field(default_factory=list)
    depth: int = 0
    _permitted: frozenset[int] | None = None
    _scope_loaded: bool = False
    _hidden: frozenset[int] | None = None
    _scope_sql: tuple[str, list] | None = None
    _scope_sql_built: bool = False
    _basis_sql: list = field(default_factory=list)
    _basis_ok: list = field(default_factory=list)
    _emergency: frozenset[int] | None = None

    @property
    def actor_role(self) -> str:
        return getattr(self.actor, "log_role", "")

    @property
    def actor_unit(self) -> str:
        return getattr(self.actor, "log_unit", "")

    def focus(self, resident_id: int) -> None:
        """Say whose file this operation is about: reads of others become incidental."""
        self.focus_resident_id = resident_id

    def is_incidental(self, resident_id: int | None) -> bool:
        return (
            self.focus_resident_id is not None
            and resident_id is not None
            and resident_id != self.focus_resident_id
        )

    def is_emergency(self, resident_id: int | None) -> bool:
        """Whether this resident is reached only through break-the-glass emergency access."""
        if resident_id is None:
            return False
        if self._emergency is None:
            ids = getattr(self.actor, "emergency_resident_ids", None)
            self._emergency = frozenset(ids(self.activity)) if ids else frozenset()
        return resident_id in self._emergency

    @property
    def activity_version_id(self) -> int:
        return self.activity.current_version_id

    def scope_queryset(self) -> QuerySet | None:
        """Resident ids this context may touch, as a subquery (None: no restriction)."""
        return self.actor.resident_scope(self.activity)

    def scope_filters(self, model: type) -> list[tuple[str, list]]:
        """SQL subqueries (with parameters) that limit ``model`` rows to reachable residents.

        The actor's need-to-know scope, plus the legal-basis filters (e.g. consent) for models
        bound to them. Built once per context.
        """
        if not self._scope_sql_built:
            self._scope_sql = self.actor.resident_scope_sql(self.activity)
            self._basis_sql = hooks.basis_filters(self.activity)
            self._scope_sql_built = True
        filters = [] if self._scope_sql is None else [self._scope_sql]
        if getattr(model, "gate_basis_bound", True):
            filters.extend(self._basis_sql)
        return filters

    def _ids(self, sql_params: tuple[str, list]) -> frozenset:
        with connection.cursor() as cursor:
            cursor.execute(*sql_params)
            return frozenset(row[0] for row in cursor.fetchall())

    def hidden_resident_ids(self) -> frozenset[int]:
        """Residents no context may see (erased), loaded once per context."""
        if self._hidden is None:
            found: set[int] = set()
            for sql_params in hooks.hidden_filters(object):
                found |= self._ids(sql_params)
            self._hidden = frozenset(found)
        return self._hidden

    def _tagged_ids(self, parts: list[tuple[int, tuple[str, list]]]) -> dict[int, set]:
        """Several id sets in one query (``UNION ALL`` with a tag per part)."""
        # The SQL parts come from model metadata and the tags are our own ints; every value
        # is a bound parameter.
        sql = " UNION ALL ".join(
            f"SELECT {tag} AS tag, q.* FROM ({part}) q"  # noqa: S608
            for tag, (part, _params) in parts
        )
        params = [value for _tag, (_part, values) in parts for value in values]
        found: dict[int, set] = {tag: set() for tag, _part in parts}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for tag, resident_id in cursor.fetchall():
                found[tag].add(resident_id)
        return found

    def permitted_resident_ids(self) -> frozenset[int] | None:
        """The actor's need-to-know scope, loaded once per context (None: no restriction).

        The erased residents (:meth:`hidden_resident_ids`) come along in the same query.
        """
        if not self._scope_loaded:
            self.scope_filters(object)
            if self._scope_sql is None:
                self._permitted = None
            else:
                hidden = [] if self._hidden is not None else hooks.hidden_filters(object)
                parts = [(0, self._scope_sql)] + [(i + 1, h) for i, h in enumerate(hidden)]
                found = self._tagged_ids(parts)
                self._permitted = frozenset(found.pop(0))
                if hidden:
                    self._hidden = frozenset().union(*found.values())
            self._basis_ok = [self._ids(f) for f in self._basis_sql]
            self._scope_loaded = True
        return self._permitted

    def may_touch(self, resident_id: int | None) -> bool:
        permitted = self.permitted_resident_ids()
        return permitted is None or resident_id in permitted

    def basis_holds(self, resident_id: int | None) -> bool:
        """Whether the activity's legal basis (e.g. active consent) holds for this resident."""
        self.permitted_resident_ids()
        return all(resident_id in ids for ids in self._basis_ok)

    def forget_scope(self) -> None:
        """Drop the cached scope (after an assignment or consent was made in this context)."""
        self._scope_loaded = False
        self._permitted = None
        self._scope_sql_built = False
        self._emergency = None

    def record_read(self, resident_id: int, model_label: str) -> None:
        self.reads[(resident_id, model_label)] = None


def current() -> ProcessingContext | None:
    """Return the open processing context, if any."""
    return _current.get()


def require(model_label: str = "") -> ProcessingContext:
    """Return the open processing context or raise :class:`GateClosed`."""
    ctx = _current.get()
    if ctx is None:
        raise GateClosed(f"personal data ({model_label}) queried outside a processing context")
    return ctx


def _activate(ctx: ProcessingContext | None) -> contextvars.Token:
    return _current.set(ctx)


def _reset(token: contextvars.Token) -> None:
    _current.reset(token)
