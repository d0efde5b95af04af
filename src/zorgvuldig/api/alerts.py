"""Snooping alerts over the API: list and review (P14). Team leads and the privacy officer.

Alerts name residents only by their pseudonymous log reference (``subject_ref``); the API
never shows a resident's name for an alert, nor the stated reason of an emergency access (the
back-office review page does, through the gate, for a reviewer who may see the resident).
Which alerts a reviewer sees and the review rules live in
:mod:`zorgvuldig.oversight.alerts.review`.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from zorgvuldig.api.access import RoleRestrictedApi
from zorgvuldig.api.errors import error_body, error_description, error_responses
from zorgvuldig.api.fields import (
    BooleanField,
    DateTimeField,
    EmployeeRefSerializer,
    StrictInputSerializer,
    Text,
    choice,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import AUTH_CODES, object_id
from zorgvuldig.oversight.alerts.review import (
    NOTE_MAX_LENGTH,
    REVIEWER_ROLES,
    AlreadyReviewed,
    OwnAlert,
    alert_get,
    alert_review,
    alerts_for_reviewer,
)
from zorgvuldig.oversight.models import AlertKind, AlertStatus

_TAG = "alerts"
_ACCESS = (*AUTH_CODES, "role_not_allowed", "no_confidentiality_declaration")
LIST_CODES = (*_ACCESS, "validation_failed", "search_in_url_not_allowed", "not_found")
REVIEW_CODES = (
    *_ACCESS,
    "not_found",
    "validation_failed",
    "parse_error",
    "unsupported_media_type",
    "own_alert",
    "already_reviewed",
)
_WHO = (
    "Team leads see the alerts about employees of their own team (not about themselves), "
    "except `shared_surname`, `shared_address` and `colleague_file`: those reveal a team "
    "member's relatives, housemates or colleagues among the clients and are for the privacy "
    "officer only. The privacy officer sees all. Other roles: `permission_denied`."
)


def _kinds() -> str:
    return ", ".join(f"`{value}`" for value in AlertKind.values)


@extend_schema_serializer(component_name="AlertEmergencyAccess")
class AlertEmergencyAccessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_at = DateTimeField()
    expires_at = DateTimeField(help_text="When it ends by itself.")
    ended_at = DateTimeField(
        allow_null=True,
        help_text="When it was ended early (by the employee, or by a `not_justified` review).",
    )


@extend_schema_serializer(component_name="Alert")
class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=f"One of {_kinds()}.")
    kind_label = serializers.CharField(source="get_kind_display", help_text="Dutch label.")
    status = serializers.CharField(help_text="`open`, `justified` or `not_justified`.")
    employee = EmployeeRefSerializer(allow_null=True, help_text="Whose processing this is.")
    actor_ref = serializers.CharField(help_text="The employee as the log names them.")
    team = serializers.CharField(source="team.name", allow_null=True)
    activity = serializers.SlugField(
        source="activity.code", allow_null=True, help_text="Purpose of the first log record."
    )
    subject_ref = serializers.CharField(
        help_text="The resident's pseudonymous log reference; empty for bulk access, outside "
        "hours and failed emergency lookups."
    )
    emergency_access = AlertEmergencyAccessSerializer(
        allow_null=True,
        help_text="`emergency_access`: the grant (its reason only on the back-office page); "
        "null otherwise. A `not_justified` review ends a grant that still runs.",
    )
    first_record_id = serializers.IntegerField(help_text="First processing-log record.")
    last_record_id = serializers.IntegerField(help_text="Last processing-log record.")
    window_start = DateTimeField()
    window_end = DateTimeField()
    count = serializers.IntegerField(
        help_text="Bulk access: different residents; otherwise: log records."
    )
    created_at = DateTimeField()
    reviewed_by = EmployeeRefSerializer(allow_null=True)
    reviewed_at = DateTimeField(allow_null=True)
    review_note = serializers.CharField()
    breach_report_suggested = BooleanField(
        source="suggests_breach_report",
        help_text="Not justified: report it as a possible data breach (the breach register "
        "follows in a later release).",
    )


class AlertListApi(RoleRestrictedApi):
    allowed_roles = REVIEWER_ROLES
    pagination_class = Pagination

    class FilterSerializer(serializers.Serializer):
        status = choice([("open", "open"), ("all", "all")], required=False, default="open")

    @extend_schema(
        operation_id="alerts_list",
        tags=[_TAG],
        summary="Snooping alerts for review (P14)",
        description=(
            "Newest first, paginated. `?status=open` (default) or `?status=all` (reviewed "
            f"ones too). {_WHO}\n\n" + error_description(*LIST_CODES)
        ),
        parameters=[
            OpenApiParameter("status", str, enum=["open", "all"], description="Which alerts.")
        ],
        responses={200: AlertSerializer(many=True), **error_responses(*LIST_CODES)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        alerts = alerts_for_reviewer(
            reviewer=self.employee, include_reviewed=filters.validated_data["status"] == "all"
        )
        return paginated_response(
            queryset=alerts, serializer_class=AlertSerializer, request=request, view=self
        )


class AlertReviewApi(RoleRestrictedApi):
    allowed_roles = REVIEWER_ROLES

    @extend_schema_serializer(component_name="AlertReviewInput")
    class InputSerializer(StrictInputSerializer):
        decision = choice(
            [(AlertStatus.JUSTIFIED, "justified"), (AlertStatus.NOT_JUSTIFIED, "not_justified")],
            help_text="`justified` or `not_justified`.",
        )
        note = Text(
            max_length=NOTE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            default="",
            help_text="Required for `not_justified`. No names or other data of residents.",
        )

    @extend_schema(
        operation_id="alerts_review",
        tags=[_TAG],
        summary="Review a snooping alert, once (P14)",
        description=(
            "Records the reviewer and the time. Emergency access judged `not_justified` is "
            "ended at once if it still runs. A reviewed alert cannot be reviewed again "
            "(`already_reviewed`); nobody reviews an alert about themselves (`own_alert`). An "
            f"alert the reviewer may not see answers `not_found`, like a missing one. {_WHO}"
            "\n\n" + error_description(*REVIEW_CODES)
        ),
        parameters=[object_id("alert")],
        request=InputSerializer,
        responses={200: AlertSerializer, **error_responses(*REVIEW_CODES)},
    )
    def post(self, request, pk: str):
        alert_get(reviewer=self.employee, pk=pk)  # unknown or out of sight: 404 whatever the body
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            alert = alert_review(reviewer=self.employee, pk=pk, **serializer.validated_data)
        except OwnAlert as exc:
            return Response(error_body(exc.code, exc.message), status=403)
        except AlreadyReviewed as exc:
            return Response(error_body(exc.code, exc.message), status=409)
        return Response(AlertSerializer(alert).data)
