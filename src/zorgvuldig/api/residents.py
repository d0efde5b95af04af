"""Residents over the API, every operation inside the processing gate (P03, P07, P08, P09, P13).

The purpose is part of the URL (``/api/purposes/<activity_code>/residents/``): a client cannot
touch personal data without naming the processing activity it works under. Each handler opens
the processing context first and builds the response data inside it, so the processing log is
written before any data leaves (fail closed: ``log_unavailable``).

Django routes one view per URL, and drf-spectacular documents one class per path, so the
collection (list, register) and the item (retrieve, update) are one class each, with one
method and one set of nested serializers per operation.

Searching is ``POST .../residents/search/`` with the term in the body: a search term is
personal data and a URL ends up in logs (a ``search`` query parameter is refused, see
:mod:`zorgvuldig.api.access`).

The BSN is shown only under an activity whose register entry names it (``uses_bsn()``);
elsewhere the field -- and the source record of it -- is left out of the answer.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.errors import (
    GATE_OPENING_CODES,
    error_description,
    error_responses,
)
from zorgvuldig.api.fields import DateField, DateTimeField, StrictInputSerializer, Text
from zorgvuldig.api.pagination import (
    Pagination,
    SearchInput,
    paginated_response,
    search_page_response,
    search_page_serializer,
)
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident, SourceKind
from zorgvuldig.people.selectors import resident_get, resident_list, resident_sources
from zorgvuldig.people.services import resident_register, resident_update

# -- representations ----------------------------------------------------------------------------


class SourceSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    kind = serializers.CharField()
    source_name = serializers.CharField()
    activity = serializers.SlugField(source="activity.code")
    recorded_at = DateTimeField()


class ResidentSerializer(serializers.Serializer):
    """A resident as an employee sees them; ``bsn`` only under an activity that uses it."""

    public_id = serializers.UUIDField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    birth_date = DateField(allow_null=True)
    street = serializers.CharField()
    house_number = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    bsn = serializers.CharField(
        required=False,
        help_text="Only present under a processing activity whose register entry names the BSN.",
    )
    created_at = DateTimeField()
    updated_at = DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        # Fails closed: without an explicit show_bsn in the context the BSN is left out.
        if not self.context.get("show_bsn", False):
            fields.pop("bsn")
        return fields


class ResidentDetailSerializer(ResidentSerializer):
    sources = serializers.SerializerMethodField(help_text="Where each datum came from (P07).")

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, resident: Resident) -> list:
        sources = self.context["sources"]
        if not self.context.get("show_bsn", False):
            sources = [s for s in sources if s.field_name != "bsn"]
        return SourceSerializer(sources, many=True).data


@extend_schema_serializer(component_name="ResidentInput")
class ResidentInputSerializer(StrictInputSerializer):
    """Resident data as sent by a client; the rules themselves live in people.validation."""

    given_names = Text(max_length=120, allow_blank=True)
    surname_prefix = Text(max_length=20, required=False, allow_blank=True)
    surname = Text(max_length=120, allow_blank=True)
    birth_date = DateField(required=False, allow_null=True)
    street = Text(max_length=120, required=False, allow_blank=True)
    house_number = Text(max_length=20, required=False, allow_blank=True)
    postcode = Text(max_length=20, required=False, allow_blank=True)
    city = Text(max_length=80, required=False, allow_blank=True)
    phone = Text(max_length=30, required=False, allow_blank=True)
    email = Text(max_length=254, required=False, allow_blank=True)
    bsn = Text(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="Only accepted under an activity whose register entry names the BSN; "
        "checked with the 11-test.",
    )
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices,
        default=SourceKind.RESIDENT,
        error_messages={"invalid_choice": gettext_lazy("Kies een geldige bron.")},
        help_text="Where the data in this request came from (P07).",
    )
    source_name = Text(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Who provided the data; required unless `source_kind` is `resident`.",
    )


def _output_context(ctx, sources=None) -> dict:
    context = {"show_bsn": ctx.activity.uses_bsn()}
    if sources is not None:
        context["sources"] = sources
    return context


def _detail_data(*, ctx, employee, activity_code: str, resident: Resident) -> dict:
    """Serialise one resident with sources; call inside the processing context."""
    sources = resident_sources(actor=employee, purpose=activity_code, resident=resident)
    return ResidentDetailSerializer(resident, context=_output_context(ctx, sources)).data


def _split_input(ctx, validated: dict) -> tuple[dict, str, str]:
    data = dict(validated)
    source_kind = data.pop("source_kind", SourceKind.RESIDENT)
    source_name = data.pop("source_name", "")
    if "bsn" in data and not ctx.activity.uses_bsn():
        # Also an empty value: the API says so explicitly, where the service silently ignores
        # an empty BSN under such an activity (it never clears one).
        raise ValidationFailed(
            _("Controleer de gemarkeerde velden."),
            fields={
                "bsn": [
                    _(
                        "Voor deze verwerking is geen wettelijke grondslag om het BSN "
                        "vast te leggen."
                    )
                ]
            },
        )
    return data, source_kind, source_name


# -- operations ---------------------------------------------------------------------------------

_ACTIVITY_CODE = OpenApiParameter(
    "activity_code",
    str,
    OpenApiParameter.PATH,
    description="Code of the processing activity (purpose) the employee works under.",
)
_PUBLIC_ID = OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
_AUTH_CODES = ("not_authenticated", "authentication_failed", "mfa_required", "permission_denied")
# drf-spectacular documents the BSN as an optional field of the answer.
_SCHEMA_CONTEXT = {"show_bsn": True, "sources": []}

_LIST_CODES = (
    *_AUTH_CODES,
    *GATE_OPENING_CODES,
    "validation_failed",
    "search_in_url_not_allowed",
    "not_found",
)
_SEARCH_CODES = (
    *_LIST_CODES,
    "parse_error",
    "unsupported_media_type",
    "log_unavailable",
)
_CREATE_CODES = (
    *_AUTH_CODES,
    *GATE_OPENING_CODES,
    "role_not_allowed",
    "validation_failed",
    "parse_error",
    "unsupported_media_type",
)
_RETRIEVE_CODES = (*_AUTH_CODES, *GATE_OPENING_CODES, "not_found")
_UPDATE_CODES = (
    *_AUTH_CODES,
    *GATE_OPENING_CODES,
    "not_found",
    "validation_failed",
    "parse_error",
    "unsupported_media_type",
)


class ResidentCollectionApi(EmployeeApi):
    pagination_class = Pagination

    CreateInputSerializer = ResidentInputSerializer

    @extend_schema(
        operation_id="residents_list",
        tags=["residents"],
        summary="List the residents the employee may process for this purpose",
        description=(
            "Only residents assigned to the employee, their team, or (team lead) anyone in "
            "their team for this purpose (P13). Each listed resident leaves one `read` record "
            "in the processing log. To search, use `POST .../residents/search/`: a `search` "
            "query parameter is refused (`search_in_url_not_allowed`), as query strings end up "
            "in logs.\n\n" + error_description(*_LIST_CODES, "log_unavailable")
        ),
        parameters=[_ACTIVITY_CODE],
        responses={
            200: ResidentSerializer(many=True, context=_SCHEMA_CONTEXT),
            **error_responses(*_LIST_CODES, "log_unavailable"),
        },
    )
    def get(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            residents = resident_list(actor=self.employee, purpose=activity_code)
            return paginated_response(
                queryset=residents,
                serializer_class=ResidentSerializer,
                request=request,
                view=self,
                context=_output_context(ctx),
            )

    @extend_schema(
        operation_id="residents_create",
        tags=["residents"],
        summary="Register a resident under this purpose",
        description=(
            "Case workers and team leads. The employee is assigned to the new resident; the "
            "source of each datum is recorded (P03, P07); the processing log gets a `create` "
            "record. On any error nothing is stored.\n\n"
            + error_description(*_CREATE_CODES, "log_unavailable")
        ),
        parameters=[_ACTIVITY_CODE],
        request=ResidentInputSerializer,
        responses={
            201: ResidentDetailSerializer(context=_SCHEMA_CONTEXT),
            **error_responses(*_CREATE_CODES, "log_unavailable"),
        },
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            serializer = self.CreateInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data, source_kind, source_name = _split_input(ctx, serializer.validated_data)
            resident = resident_register(
                actor=self.employee,
                purpose=activity_code,
                data=data,
                source_kind=source_kind,
                source_name=source_name,
            )
            body = _detail_data(
                ctx=ctx, employee=self.employee, activity_code=activity_code, resident=resident
            )
        location = reverse(
            "api:resident-detail",
            kwargs={"activity_code": activity_code, "public_id": body["public_id"]},
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


@extend_schema_serializer(component_name="ResidentSearchInput")
class ResidentSearchInputSerializer(SearchInput):
    """`search` matches surname, given names, postcode and city (every word must match)."""


ResidentSearchPageSerializer = search_page_serializer(
    "ResidentSearchPage", ResidentSerializer(many=True)
)


class ResidentSearchApi(EmployeeApi):
    InputSerializer = ResidentSearchInputSerializer

    @extend_schema(
        operation_id="residents_search",
        tags=["residents"],
        summary="Search the residents the employee may process for this purpose",
        description=(
            "The search term is personal data (a name, a postcode), so it travels in the body, "
            "never in the URL. `search` matches surname, given names, postcode and city; every "
            "word must match (at most five words). Only residents the employee may process for "
            "this purpose (P13); each resident in the answer leaves one `read` record in the "
            "processing log. The answer has the list's shape, but `next` and `previous` are "
            "page numbers to send again as `page`. A page past the end answers 404 "
            "`not_found`.\n\n" + error_description(*_SEARCH_CODES)
        ),
        parameters=[_ACTIVITY_CODE],
        request=ResidentSearchInputSerializer,
        responses={
            200: ResidentSearchPageSerializer(context=_SCHEMA_CONTEXT),
            **error_responses(*_SEARCH_CODES),
        },
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            query = serializer.validated_data
            residents = resident_list(
                actor=self.employee, purpose=activity_code, search=query["search"]
            )
            return search_page_response(
                queryset=residents,
                serializer_class=ResidentSerializer,
                page=query["page"],
                page_size=query["page_size"],
                context=_output_context(ctx),
            )


class ResidentDetailApi(EmployeeApi):
    UpdateInputSerializer = ResidentInputSerializer

    @extend_schema(
        operation_id="residents_retrieve",
        tags=["residents"],
        summary="One resident, with the source of each datum",
        description=(
            "A resident outside the employee's need-to-know answers exactly like a missing "
            "one: 404 `not_found` (P13); the attempt is logged as refused.\n\n"
            + error_description(*_RETRIEVE_CODES, "log_unavailable")
        ),
        parameters=[_ACTIVITY_CODE, _PUBLIC_ID],
        responses={
            200: ResidentDetailSerializer(context=_SCHEMA_CONTEXT),
            **error_responses(*_RETRIEVE_CODES, "log_unavailable"),
        },
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            body = _detail_data(
                ctx=ctx, employee=self.employee, activity_code=activity_code, resident=resident
            )
        return Response(body)

    @extend_schema(
        operation_id="residents_partial_update",
        tags=["residents"],
        summary="Change some of a resident's data",
        description=(
            "Only the fields sent are changed; each changed datum records its source "
            "(`source_kind`, `source_name`). A resident outside the employee's need-to-know "
            "answers 404 `not_found`, like a missing one (P13).\n\n"
            + error_description(*_UPDATE_CODES, "log_unavailable")
        ),
        parameters=[_ACTIVITY_CODE, _PUBLIC_ID],
        request=ResidentInputSerializer,
        responses={
            200: ResidentDetailSerializer(context=_SCHEMA_CONTEXT),
            **error_responses(*_UPDATE_CODES, "log_unavailable"),
        },
    )
    def patch(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            # Look up first: an unknown or unreachable resident is 404 whatever the body says.
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            serializer = self.UpdateInputSerializer(data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            data, source_kind, source_name = _split_input(ctx, serializer.validated_data)
            resident = resident_update(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                data=data,
                source_kind=source_kind,
                source_name=source_name,
            )
            body = _detail_data(
                ctx=ctx, employee=self.employee, activity_code=activity_code, resident=resident
            )
        return Response(body)
