"""Schema documentation shared by the operations under ``/api/purposes/<activity_code>/``.

Every such operation passes the processing gate: the error codes it can answer follow from
what it does (read a list, read one object, write), and are listed in its OpenAPI description
and responses by :func:`purpose_operation`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from zorgvuldig.api.errors import (
    GATE_BASIS_CODES,
    GATE_OPENING_CODES,
    error_description,
    error_responses,
)

ACTIVITY_CODE = OpenApiParameter(
    "activity_code",
    str,
    OpenApiParameter.PATH,
    description="Code of the processing activity (purpose) the employee works under.",
)
PUBLIC_ID = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The resident's id."
)


def object_id(what: str, name: str = "id") -> OpenApiParameter:
    """An object's id in the path; drf-spectacular shows a ``pk`` URL argument as ``id``."""
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=f"Id of the {what}.")


AUTH_CODES = ("not_authenticated", "authentication_failed", "mfa_required", "permission_denied")
_GATE = (*AUTH_CODES, *GATE_OPENING_CODES, "log_unavailable")
# A list of the purpose: query parameters are checked (validation_failed; a `search` parameter
# is refused, see access.EmployeeApi), a page past the end is not_found.
LIST_CODES = (*_GATE, "validation_failed", "search_in_url_not_allowed", "not_found")
# A search (POST .../search/): the list's codes, and the body is parsed.
SEARCH_CODES = (*LIST_CODES, "parse_error", "unsupported_media_type")
# One object, or a list inside one resident's file: missing or out of reach is 404.
ITEM_CODES = (*_GATE, "not_found", "no_consent")
ITEM_LIST_CODES = (*ITEM_CODES, "validation_failed", "search_in_url_not_allowed")
# A write: the body is checked, referenced objects are looked up, the gate checks the basis.
WRITE_CODES = (
    *_GATE,
    "not_found",
    "validation_failed",
    "parse_error",
    "unsupported_media_type",
    *GATE_BASIS_CODES,
)
# An action without a body (withdraw): no parsing, but the domain may refuse it.
ACTION_CODES = tuple(c for c in WRITE_CODES if c not in ("parse_error", "unsupported_media_type"))


def purpose_operation(
    *,
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    codes: tuple[str, ...],
    responses: dict,
    parameters=(),
    request=None,
    **extra,
):
    """``extend_schema`` for an operation under a purpose, with its error codes documented."""
    codes = tuple(dict.fromkeys(codes))  # the code tuples overlap (no_art9_ground)
    return extend_schema(
        operation_id=operation_id,
        tags=[tag],
        summary=summary,
        description=description + "\n\n" + error_description(*codes),
        parameters=[ACTIVITY_CODE, *parameters],
        request=request,
        responses={**responses, **error_responses(*codes)},
        **extra,
    )
