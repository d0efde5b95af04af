"""Trace ids for the processing log: taken from a W3C ``traceparent`` header or made fresh."""

from __future__ import annotations

import contextvars
import re
import secrets

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_trace_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "zorgvuldig_trace_id", default=None
)
_parent_id: contextvars.ContextVar[str] = contextvars.ContextVar("zorgvuldig_parent", default="")
_operation: contextvars.ContextVar[str] = contextvars.ContextVar("zorgvuldig_operation", default="")


def parse_traceparent(header: str | None) -> str | None:
    """Return the trace id of a valid W3C traceparent header, else None."""
    parsed = parse_traceparent_ids(header)
    return parsed[0] if parsed else None


def parse_traceparent_ids(header: str | None) -> tuple[str, str] | None:
    """Return (trace id, parent span id) of a valid W3C traceparent header, else None."""
    if not header:
        return None
    match = _TRACEPARENT.match(header.strip().lower())
    if not match or match.group(1) == "0" * 32 or match.group(2) == "0" * 16:
        return None
    return match.group(1), match.group(2)


def current_parent_id() -> str:
    """The caller's span id (from its traceparent), or "" when the caller sent none."""
    return _parent_id.get()


def set_parent_id(parent_id: str) -> contextvars.Token:
    return _parent_id.set(parent_id)


def reset_parent_id(token: contextvars.Token) -> None:
    _parent_id.reset(token)


def current_operation() -> str:
    """The operation's name (e.g. the URL name of the view), or ""."""
    return _operation.get()


def set_operation(name: str) -> contextvars.Token:
    return _operation.set(name[:100])


def reset_operation(token: contextvars.Token) -> None:
    _operation.reset(token)


def current_trace_id() -> str:
    """Return the trace id of this request or job, making one when none is set."""
    return _trace_id.get() or secrets.token_hex(16)


def set_trace_id(trace_id: str | None) -> contextvars.Token:
    return _trace_id.set(trace_id)


def reset_trace_id(token: contextvars.Token) -> None:
    _trace_id.reset(token)
