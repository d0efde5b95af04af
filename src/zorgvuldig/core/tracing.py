"""Trace ids for the processing log: taken from a W3C ``traceparent`` header or made fresh."""

from __future__ import annotations

import contextvars
import re
import secrets

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
_trace_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "zorgvuldig_trace_id", default=None
)


def parse_traceparent(header: str | None) -> str | None:
    """Return the trace id of a valid W3C traceparent header, else None."""
    if not header:
        return None
    match = _TRACEPARENT.match(header.strip().lower())
    if not match or match.group(1) == "0" * 32:
        return None
    return match.group(1)


def current_trace_id() -> str:
    """Return the trace id of this request or job, making one when none is set."""
    return _trace_id.get() or secrets.token_hex(16)


def set_trace_id(trace_id: str | None) -> contextvars.Token:
    return _trace_id.set(trace_id)


def reset_trace_id(token: contextvars.Token) -> None:
    _trace_id.reset(token)
