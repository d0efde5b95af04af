"""One error shape for the whole API, with stable codes (P12, P13).

Every error answer is::

    {"code": "not_found", "detail": "Niet gevonden.", "fields": {}}

``code`` is stable and meant for programs; ``detail`` is a Dutch sentence for people; ``fields``
maps field names to lists of messages (only for ``validation_failed``). Messages are fixed
texts: they never repeat input values or personal data.

Mapping, in :func:`exception_handler`:

- ``core.errors.ValidationFailed`` and DRF's ``ValidationError`` -> 400 ``validation_failed``.
- ``core.errors.NotFound``, DRF/Django 404, and a ``GateRefused("need_to_know")`` or
  ``GateRefused("wrong_purpose")`` that reaches a view -> 404 ``not_found`` with one fixed
  body, so a resident outside the actor's need-to-know, or work recorded under another
  purpose, is indistinguishable from a missing one (P13).
- Other ``GateRefused`` -> 403 with the refusal code itself (``no_confidentiality_declaration``,
  ``unknown_purpose``, ...). An unknown purpose is a 403, not a 404: the register is not
  secret (every employee can list it), and the gate refused -- and logged -- the attempt.
- ``GateLogFailure`` -> 503 ``log_unavailable``: the data was not released (fail closed).
- ``GateClosed``/``GateMisuse`` and the gate's ``nested_context``/``context_mismatch`` are
  programming errors: they are re-raised so they surface as a 500 and in error reporting.
- DRF's own exceptions keep DRF's code (``not_authenticated``, ``authentication_failed``,
  ``permission_denied``, ``method_not_allowed``, ``parse_error``, ...). Where DRF's message
  repeats input (the parser's error, the media type, the method) or is not proper Dutch, a
  fixed Dutch text replaces it (:data:`_FIXED_DETAILS`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from zorgvuldig.core.errors import (
    ApplicationError,
    GateError,
    GateLogFailure,
    GateRefused,
    NotFound,
    ValidationFailed,
)
from zorgvuldig.vault.crypto import DataErased, KekUnavailable, VaultError

logger = logging.getLogger("zorgvuldig.vault")


@dataclass(frozen=True)
class ErrorCode:
    status: int
    meaning: str  # English, for the OpenAPI description and docs/api.md


# Every code the API answers with. The schema lists, per operation, the codes it may answer.
ERROR_CODES: dict[str, ErrorCode] = {
    "validation_failed": ErrorCode(400, "Input rejected; `fields` says why per field."),
    "parse_error": ErrorCode(400, "The request body is not valid JSON."),
    "search_in_url_not_allowed": ErrorCode(
        400,
        "A `search` query parameter was sent. Search terms are often personal data and URLs end "
        "up in logs: send the search in the body of the list's `POST .../search/` operation.",
    ),
    "not_authenticated": ErrorCode(401, "No credentials were sent."),
    "authentication_failed": ErrorCode(
        401, "Credentials or token are wrong, or the account is inactive."
    ),
    "mfa_required": ErrorCode(
        401,
        "A second factor is missing (P12): the token request has no `otp_token`, or the session "
        "logged in with a password only and has not passed its code or passkey step.",
    ),
    "permission_denied": ErrorCode(
        403, "The login is not an employee, or the employee's role may not do this."
    ),
    "actor_inactive": ErrorCode(403, "Gate refusal: the employee's account is inactive."),
    "no_confidentiality_declaration": ErrorCode(
        403, "Gate refusal (P09): the employee has not signed the current declaration."
    ),
    "unknown_purpose": ErrorCode(
        403, "Gate refusal (P08): no active processing activity with this code."
    ),
    "no_lawful_ground": ErrorCode(403, "Gate refusal (P08): the activity has no lawful ground."),
    "no_art9_ground": ErrorCode(
        403,
        "Gate refusal (P04/P08): special-category data without an Art. 9(2) exemption on the "
        "activity or the resident's explicit consent.",
    ),
    "no_consent": ErrorCode(
        403,
        "Gate refusal (P04/P06): the activity's ground is consent, and this resident has not "
        "given it or has withdrawn it.",
    ),
    "role_not_allowed": ErrorCode(
        403,
        "Gate refusal: the employee's role may not do this (register residents, open "
        "emergency access).",
    ),
    "gate_refused": ErrorCode(403, "Gate refusal for another reason."),
    "resident_not_identified": ErrorCode(
        400,
        "Emergency access (P13): no resident, or more than one, known under this purpose "
        "matches the data sent. The same answer either way: it tells nothing about who exists.",
    ),
    "emergency_access_not_needed": ErrorCode(
        400, "Emergency access: the resident is already assigned to the employee or their team."
    ),
    "emergency_access_already_active": ErrorCode(
        400, "Emergency access: the employee's earlier emergency access to this file still runs."
    ),
    "not_found": ErrorCode(
        404, "Missing, or outside the employee's need-to-know (P13): the same answer."
    ),
    "own_alert": ErrorCode(403, "Snooping alerts (P14): nobody reviews an alert about themselves."),
    "already_reviewed": ErrorCode(
        409, "Snooping alerts (P14): the alert was reviewed before; a review is never changed."
    ),
    "method_not_allowed": ErrorCode(405, "The HTTP method is not supported here."),
    "unsupported_media_type": ErrorCode(
        415, "Send `application/json` (`multipart/form-data` where a file is uploaded)."
    ),
    "throttled": ErrorCode(429, "Too many attempts; see the `Retry-After` header."),
    "locked_out": ErrorCode(
        429,
        "Too many failed logins (wrong password or code) for this username from this address: "
        "locked for a while, see the `Retry-After` header (P12).",
    ),
    "log_unavailable": ErrorCode(
        503, "The processing log could not be written, so no data was released."
    ),
    "integrity_error": ErrorCode(
        500,
        "A stored value failed its integrity check (AES-GCM tag): changed, moved or truncated. "
        "Nothing of it was released (P12).",
    ),
    "vault_kek": ErrorCode(
        503, "The vault's key-encryption key is missing or wrong; no data was released (P12)."
    ),
}

# Codes the gate answers when opening a processing context (see core.gate._opening_refusal).
# ``actor_inactive`` is left out: an inactive account cannot authenticate to the API at all.
GATE_OPENING_CODES = (
    "no_confidentiality_declaration",
    "unknown_purpose",
    "no_lawful_ground",
    "no_art9_ground",
)

_GATE_MESSAGES = {
    "actor_inactive": gettext_lazy("Uw account is niet actief."),
    "no_confidentiality_declaration": gettext_lazy(
        "U hebt de geldende geheimhoudingsverklaring nog niet ondertekend."
    ),
    "unknown_purpose": gettext_lazy(
        "Deze verwerking staat niet (actief) in het verwerkingsregister."
    ),
    "no_lawful_ground": gettext_lazy("Voor deze verwerking is geen grondslag vastgelegd."),
    "no_art9_ground": gettext_lazy(
        "Bijzondere persoonsgegevens (zoals gegevens over gezondheid) mogen hier niet worden "
        "verwerkt: de inwoner heeft geen uitdrukkelijke toestemming gegeven en voor deze "
        "verwerking is geen uitzondering van art. 9 lid 2 AVG vastgelegd."
    ),
    "no_consent": gettext_lazy(
        "Deze verwerking mag alleen met toestemming van de inwoner, en die is er niet: niet "
        "gegeven of ingetrokken."
    ),
    "role_not_allowed": gettext_lazy("Uw rol mag dit niet doen voor deze verwerking."),
}

# Codes the gate answers for one resident's data when its legal basis does not hold
# (people.basis): no active consent under a consent ground, or special-category data without an
# Art. 9(2) ground. ``no_art9_ground`` is also an opening code (see above).
GATE_BASIS_CODES = ("no_consent", "no_art9_ground")

# Gate codes that mean "not there for you": outside the actor's need-to-know (P13), or recorded
# under another purpose (purpose limitation). Answered exactly like a missing object.
_NOT_FOUND_GATE_CODES = {"need_to_know", "wrong_purpose"}

# Gate codes that mean "this code path is wrong", not "this user may not": never answered.
_PROGRAMMING_GATE_CODES = {"nested_context", "context_mismatch", "no_actor"}


# DRF exceptions whose own message repeats input -- the JSON parser's error names the spot and
# may quote the body; the media type and method are the client's -- or is poor Dutch.
_FIXED_DETAILS = {
    "parse_error": gettext_lazy(
        "De inhoud van het verzoek is niet te lezen. Stuur geldige JSON (bij een upload: een "
        "geldig multipart-formulier)."
    ),
    "unsupported_media_type": gettext_lazy(
        "Dit soort inhoud wordt hier niet aangenomen. Stuur JSON (Content-Type: "
        "application/json), of bij een upload multipart/form-data."
    ),
    "method_not_allowed": gettext_lazy("Deze HTTP-methode is hier niet toegestaan."),
    "throttled": gettext_lazy("Te veel pogingen. Probeer het later opnieuw (zie Retry-After)."),
}


class SearchInUrlNotAllowed(exceptions.APIException):
    """A ``search`` query parameter: search terms are personal data and URLs end up in logs."""

    status_code = 400
    default_code = "search_in_url_not_allowed"
    default_detail = gettext_lazy(
        "Zoeken via de URL is niet toegestaan: een zoekterm is vaak een persoonsgegeven en een "
        "URL komt in logbestanden terecht. Stuur de zoekterm in de body van een POST naar "
        "het zoekadres van de lijst (.../search/)."
    )


class MfaRequired(exceptions.AuthenticationFailed):
    """No second factor: a session that only passed the password, or a token request without a
    code (P12). A 401 like other authentication failures, with its own code."""

    default_code = "mfa_required"
    default_detail = gettext_lazy(
        "Tweestapsverificatie is vereist. Vraag een token aan met uw gebruikersnaam, wachtwoord "
        "en de code uit uw authenticator-app (otp_token), of rond in de back-office de tweede "
        "stap van het inloggen af."
    )


class LockedOut(exceptions.APIException):
    """Too many failed logins for this username from this address (django-axes, P12)."""

    status_code = 429
    default_code = "locked_out"
    default_detail = gettext_lazy(
        "Te veel mislukte inlogpogingen voor deze gebruikersnaam vanaf dit adres. Probeer het "
        "later opnieuw (zie Retry-After)."
    )

    def __init__(self, *, wait_seconds: int):
        super().__init__()
        self.wait = wait_seconds


def reject_search_in_url(request) -> None:
    """Refuse a request whose query string holds ``search`` (in any letter case)."""
    if any(key.lower() == "search" for key in request.query_params):
        raise SearchInUrlNotAllowed()


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    code = serializers.CharField(help_text="Stable error code; see the operation's description.")
    detail = serializers.CharField(help_text="Dutch explanation for people; no personal data.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per field, the messages (only filled for `validation_failed`).",
    )


def error_body(code: str, detail, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field": [messages]}`` (dotted for nesting)."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(m) for m in messages]}


def _not_found() -> Response:
    # One fixed body, whatever the cause (P13).
    return Response(error_body("not_found", _("Niet gevonden.")), status=404)


_VAULT_MESSAGES = {
    "integrity_error": gettext_lazy(
        "Een opgeslagen gegeven is niet meer zoals het was opgeslagen (integriteitsfout); "
        "er is niets van getoond. Meld dit aan de beheerder."
    ),
    "vault_kek": gettext_lazy(
        "De sleutel van de kluis ontbreekt of is niet de juiste. Meld dit aan de beheerder."
    ),
}


def _application_error_response(exc: ApplicationError) -> Response | None:
    if isinstance(exc, ValidationFailed):
        return Response(
            error_body("validation_failed", exc.message, exc.fields),
            status=400,
        )
    if isinstance(exc, NotFound):
        return _not_found()
    if isinstance(exc, GateLogFailure):
        return Response(
            error_body(
                "log_unavailable",
                _(
                    "Het verwerkingslog kan nu niet worden bijgewerkt; daarom worden geen "
                    "gegevens getoond. Probeer het later opnieuw."
                ),
            ),
            status=503,
        )
    if isinstance(exc, DataErased):
        return _not_found()
    if isinstance(exc, VaultError):
        # A stored value failed its integrity check, or the vault's key cannot open it:
        # nothing of it is released. Logged by code only (no data, no address).
        logger.error("vault failure: %s", exc.code)
        status = 503 if isinstance(exc, KekUnavailable) else 500
        return Response(
            error_body(exc.code, _VAULT_MESSAGES.get(exc.code, _VAULT_MESSAGES["integrity_error"])),
            status=status,
        )
    if isinstance(exc, GateRefused):
        if exc.code in _NOT_FOUND_GATE_CODES:
            return _not_found()
        if exc.code in _PROGRAMMING_GATE_CODES:
            return None
        detail = _GATE_MESSAGES.get(exc.code, gettext_lazy("De verwerking is geweigerd."))
        return Response(error_body(exc.code, detail), status=403)
    if isinstance(exc, GateError):
        return None  # GateClosed, GateMisuse: bugs, re-raised as 500
    # Other domain errors: the user can act on them; their messages are fixed Dutch texts.
    return Response(error_body(exc.code, exc.message, exc.fields), status=400)


def exception_handler(exc, context):
    """DRF's exception handler (settings.REST_FRAMEWORK): answer every error in one shape."""
    if isinstance(exc, ApplicationError):
        response = _application_error_response(exc)
        if response is not None:
            set_rollback()
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            "validation_failed", _("Controleer de gemarkeerde velden."), _flatten(exc.detail)
        )
    elif isinstance(exc, exceptions.NotFound):
        response.data = _not_found().data
    else:
        code = str(exc.default_code)
        if code in _FIXED_DETAILS:
            detail = _FIXED_DETAILS[code]
        elif isinstance(exc.detail, str):
            detail = exc.detail
        else:
            detail = _("Het verzoek is geweigerd.")
        response.data = error_body(code, detail)
    return response


def error_responses(*codes: str) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for the given error codes, grouped by HTTP status."""
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(ERROR_CODES[code].status, []).append(code)
    return {
        status: OpenApiResponse(
            response=ErrorSerializer,
            description=" ".join(f"`{code}`: {ERROR_CODES[code].meaning}" for code in group),
        )
        for status, group in sorted(by_status.items())
    }


def error_description(*codes: str) -> str:
    """A Markdown list of error codes, for an operation's description."""
    ordered = sorted(codes, key=lambda code: ERROR_CODES[code].status)
    lines = [
        f"- `{code}` ({ERROR_CODES[code].status}): {ERROR_CODES[code].meaning}" for code in ordered
    ]
    return "Error codes:\n\n" + "\n".join(lines)
