"""The application's error hierarchy; API and back-office translate these to responses.

Error codes are stable strings (documented in the OpenAPI schema); messages never contain
personal data.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """Base for errors the user can act on; carries a stable code."""

    code = "application_error"

    def __init__(self, message: str = "", *, code: str | None = None, fields=None) -> None:
        super().__init__(message or self.code)
        self.message = message or self.code
        if code:
            self.code = code
        self.fields: dict[str, list[str]] = fields or {}


class ValidationFailed(ApplicationError):
    """Input was rejected; ``fields`` maps field names to messages. Nothing was stored."""

    code = "validation_failed"


class NotFound(ApplicationError):
    """The object does not exist *or* the actor may not know it exists (same answer)."""

    code = "not_found"


class GateError(ApplicationError):
    """Base for processing-gate failures."""

    code = "gate_error"


class GateClosed(GateError):
    """Personal data was queried outside an open processing context (a programming error)."""

    code = "gate_closed"


class GateMisuse(GateError):
    """A query path the gate cannot guard (raw SQL, set operations) was used."""

    code = "gate_misuse"


class GateRefused(GateError):
    """The gate refused this processing; ``code`` says which check failed."""

    code = "gate_refused"


class GateLogFailure(GateError):
    """The processing log could not be written, so the data is not released (fail closed)."""

    code = "log_unavailable"
