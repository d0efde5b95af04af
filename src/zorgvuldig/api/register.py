"""The Art. 30 register over the API: read by every employee, exported by the FG (P15).

The register holds no personal data, so these operations do not open a processing context.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response

from zorgvuldig.api.access import REGISTER_EXPORT_ROLES, EmployeeApi, RoleRestrictedApi
from zorgvuldig.api.attachments import AttachmentNegotiation
from zorgvuldig.api.errors import error_description, error_responses
from zorgvuldig.api.fields import BooleanField, DateTimeField
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.registry.selectors import (
    activity_get,
    activity_list,
    register_export_csv,
    register_export_json,
)

_AUTH_CODES = ("not_authenticated", "authentication_failed", "mfa_required", "permission_denied")


class ActivityListApi(EmployeeApi):
    pagination_class = Pagination

    @extend_schema_serializer(component_name="ActivitySummary")
    class OutputSerializer(serializers.Serializer):
        code = serializers.SlugField()
        name = serializers.CharField()
        purpose = serializers.CharField()
        lawful_ground = serializers.CharField()
        is_active = BooleanField()
        version = serializers.IntegerField(source="current_version.number", allow_null=True)

    @extend_schema(
        operation_id="register_activities_list",
        tags=["register"],
        summary="List the processing activities of the register",
        description="Any employee. Paginated (`?page=`, `?page_size=`).\n\n"
        + error_description(*_AUTH_CODES, "not_found"),
        responses={200: OutputSerializer(many=True), **error_responses(*_AUTH_CODES, "not_found")},
    )
    def get(self, request):
        return paginated_response(
            queryset=activity_list(),
            serializer_class=self.OutputSerializer,
            request=request,
            view=self,
        )


class ActivityDetailApi(EmployeeApi):
    @extend_schema_serializer(component_name="ActivityDetail")
    class OutputSerializer(serializers.Serializer):
        class CategorySerializer(serializers.Serializer):
            code = serializers.SlugField()
            name = serializers.CharField()
            special_kind = serializers.CharField()
            is_bsn = BooleanField()

        class RecipientSerializer(serializers.Serializer):
            name = serializers.CharField()
            kind = serializers.CharField()
            country = serializers.CharField()
            agreement_reference = serializers.CharField()

        code = serializers.SlugField()
        name = serializers.CharField()
        purpose = serializers.CharField()
        lawful_ground = serializers.CharField()
        lawful_ground_detail = serializers.CharField()
        art9_exemption = serializers.CharField()
        art9_detail = serializers.CharField()
        bsn_legal_basis = serializers.CharField()
        uses_bsn = BooleanField()
        subject_categories = serializers.CharField()
        retention_policy = serializers.CharField()
        retention_period = serializers.CharField()
        security_measures = serializers.CharField()
        controller_contact = serializers.CharField()
        dpo_contact = serializers.CharField()
        is_active = BooleanField()
        version = serializers.IntegerField(source="current_version.number", allow_null=True)
        version_created_at = DateTimeField(source="current_version.created_at", allow_null=True)
        data_categories = CategorySerializer(many=True)
        recipients = RecipientSerializer(many=True)

    @extend_schema(
        operation_id="register_activities_retrieve",
        tags=["register"],
        summary="One processing activity with its categories, recipients and version",
        description="Any employee.\n\n" + error_description(*_AUTH_CODES, "not_found"),
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
        responses={200: OutputSerializer, **error_responses(*_AUTH_CODES, "not_found")},
    )
    def get(self, request, code: str):
        activity = activity_get(code=code)
        return Response(self.OutputSerializer(activity).data)


def _attachment(content: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_EXPORT_DESCRIPTION = (
    "The whole register, for the Autoriteit Persoonsgegevens (Art. 30 AVG, P15). Privacy "
    "officer and administrator only.\n\n" + error_description(*_AUTH_CODES)
)


class RegisterExportJsonApi(RoleRestrictedApi):
    allowed_roles = REGISTER_EXPORT_ROLES
    content_negotiation_class = AttachmentNegotiation

    @extend_schema(
        operation_id="register_export_json",
        tags=["register"],
        summary="Export the register as JSON",
        description=_EXPORT_DESCRIPTION,
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='`{"processing_activities": [...]}`, one object per activity.',
            ),
            **error_responses(*_AUTH_CODES),
        },
    )
    def get(self, request):
        return _attachment(
            register_export_json(),
            content_type="application/json; charset=utf-8",
            filename="verwerkingsregister.json",
        )


class RegisterExportCsvApi(RoleRestrictedApi):
    allowed_roles = REGISTER_EXPORT_ROLES
    content_negotiation_class = AttachmentNegotiation

    @extend_schema(
        operation_id="register_export_csv",
        tags=["register"],
        summary="Export the register as CSV",
        description=_EXPORT_DESCRIPTION,
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="One row per activity, a header row first; lists joined with '; '.",
            ),
            **error_responses(*_AUTH_CODES),
        },
    )
    def get(self, request):
        return _attachment(
            register_export_csv(),
            content_type="text/csv; charset=utf-8",
            filename="verwerkingsregister.csv",
        )
