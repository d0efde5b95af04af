"""The processing context: who processes personal data, for which purpose, and why (P08, P13).

A context is opened by :func:`zorgvuldig.core.gate.processing` for one request, command or
job. While it is open, personal-data models may be queried (scoped to what the actor may see);
every resident whose data is read is remembered so that the gate can write one processing-log
record per resident when the context closes.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from zorgvuldig.core import tracing
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

    def gate_refusal(self, activity: Any) -> str | None:
        return None

    def resident_scope(self, activity: Any) -> QuerySet | None:
        return None

    def resident_scope_sql(self, activity: Any) -> tuple[str, list] | None:
        return None

    def may_register_residents(self, activity: Any) -> bool:
        return True


SYSTEM_ACTORS = frozenset({"demo-loader", "test-fixture", "benchmark"})


@dataclass
class ProcessingContext:
    """One open processing context; see the module docstring."""

    actor: Any
    activity: Any
    reason: str = ""
    trace_id: str = field(default_factory=tracing.current_trace_id)
    reads: dict[tuple[int, str], None] = field(default_factory=dict)
    refusals: list = field(default_factory=list)
    depth: int = 0
    _permitted: frozenset[int] | None = None
    _scope_loaded: bool = False
    _scope_sql: tuple[str, list] | None = None
    _scope_sql_built: bool = False

    @property
    def activity_version_id(self) -> int:
        return self.activity.current_version_id

    def scope_queryset(self) -> QuerySet | None:
        """Resident ids this context may touch, as a subquery (None: no restriction)."""
        return self.actor.resident_scope(self.activity)

    def scope_sql(self) -> tuple[str, list] | None:
        """The scope as an SQL subquery with parameters, built once per context."""
        if not self._scope_sql_built:
            self._scope_sql = self.actor.resident_scope_sql(self.activity)
            self._scope_sql_built = True
        return self._scope_sql

    def permitted_resident_ids(self) -> frozenset[int] | None:
        """Materialised scope, loaded once per context (None: no restriction)."""
        if not self._scope_loaded:
            scope = self.scope_queryset()
            self._permitted = (
                None if scope is None else frozenset(scope.values_list("resident_id", flat=True))
            )
            self._scope_loaded = True
        return self._permitted

    def may_touch(self, resident_id: int | None) -> bool:
        permitted = self.permitted_resident_ids()
        return permitted is None or resident_id in permitted

    def forget_scope(self) -> None:
        """Drop the cached scope (after an assignment was created inside this context)."""
        self._scope_loaded = False
        self._permitted = None
        self._scope_sql_built = False

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
