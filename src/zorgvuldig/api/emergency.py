"""Break-the-glass emergency access over the API (P13, P14).

``POST /api/purposes/<activity_code>/emergency-access/`` opens time-limited access to the file
of a resident who is not assigned to the employee, with the same rules as the back-office
(``people.emergency.emergency_access_open``): a reason, the resident named by surname and date
of birth or by BSN (only under a purpose that uses the BSN), exactly one match, and an
``emergency_access`` record in the processing log. The identification travels in the body,
never in the URL. ``POST /api/emergency-access/<id>/end/`` ends one's own access early; it
processes no personal data, so it needs no purpose (and works without a current declaration).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.errors import GATE_OPENING_CODES, error_description, error_responses
from zorgvuldig.api.fields import DateField, DateTimeField, StrictInputSerializer, Text
from zorgvuldig.api.purposes import AUTH_CODES, object_id, purpose_operation
from zorgvuldig.core.gate import processing
from zorgvuldig.people.emergency import emergency_access_open
from zorgvuldig.staff.emergency import emergency_access_end

_TAG = "emergency-access"

_OPEN_CODES = (
    *AUTH_CODES,
    *GATE_OPENING_CODES,
    "role_not_allowed",
    "validation_failed",
    "parse_error",
    "unsupported_media_type",
    "resident_not_identified",
    "emergency_access_not_needed",
    "emergency_access_already_active",
    "log_unavailable",
)
_END_CODES = (*AUTH_CODES, "not_found")


@extend_schema_serializer(component_name="EmergencyAccess")
class EmergencyAccessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    activity = serializers.SlugField(source="activity.code", help_text="The purpose.")
    started_at = DateTimeField()
    expires_at = DateTimeField(help_text="After this moment the resident is out of reach again.")
    ended_at = DateTimeField(allow_null=True, help_text="Set when ended early.")


@extend_schema_serializer(component_name="EmergencyAccessOpened")
class EmergencyAccessOpenedSerializer(EmergencyAccessSerializer):
    resident = serializers.UUIDField(
        source="resident_public_id",
        help_text="`public_id` of the resident, to read their file under this purpose.",
    )


@extend_schema_serializer(component_name="EmergencyAccessInput")
class EmergencyAccessInputSerializer(StrictInputSerializer):
    """Who the resident is and why; the rules live in ``people.emergency``."""

    surname = Text(
        max_length=140,
        required=False,
        allow_blank=True,
        help_text="With or without prefix (`van der Berg` or `Berg`), exactly as recorded.",
    )
    birth_date = DateField(required=False, allow_null=True)
    bsn = Text(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="Instead of surname and date of birth; only under an activity whose "
        "register entry names the BSN. Every datum sent must match.",
    )
    reason = Text(
        required=False,
        allow_blank=True,
        help_text="Why the file is needed now: 20 to 1000 characters. Read by the team lead "
        "and the privacy officer; never copied into the processing log.",
    )


class EmergencyAccessCollectionApi(EmployeeApi):
    InputSerializer = EmergencyAccessInputSerializer

    @purpose_operation(
        operation_id="emergency_access_open",
        tag=_TAG,
        summary="Open emergency access to the file of a resident not assigned to you",
        description=(
            "Case workers and team leads. The resident must be known under this purpose and "
            "is named by `surname` and `birth_date`, or by `bsn`; exactly one resident must "
            "match everything sent. The lookup itself passes the gate as the system actor "
            "`emergency-lookup` on the employee's behalf. Access lasts "
            "`ZORGVULDIG_EMERGENCY_ACCESS_MINUTES` (240 by default) and only for this purpose; "
            "the processing log gets an `emergency_access` record, and every processing of "
            "the resident under it is marked `emergency`. It is always reported to the team "
            "lead and the privacy officer (P13, P14). On any error nothing is stored."
        ),
        codes=_OPEN_CODES,
        request=EmergencyAccessInputSerializer,
        responses={201: EmergencyAccessOpenedSerializer},
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            pass  # the gate's opening checks answer first, as on every purpose operation
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # The service opens its own contexts (the lookup runs as a system actor), so it is
        # called outside any.
        opened = emergency_access_open(
            employee=self.employee,
            purpose=activity_code,
            reason=data.get("reason", ""),
            bsn=data.get("bsn", ""),
            surname=data.get("surname", ""),
            birth_date=data.get("birth_date"),
        )
        access = opened.access
        access.resident_public_id = opened.resident_public_id
        location = reverse(
            "api:resident-detail",
            kwargs={"activity_code": activity_code, "public_id": opened.resident_public_id},
        )
        return Response(
            EmergencyAccessOpenedSerializer(access).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class EmergencyAccessEndApi(EmployeeApi):
    @extend_schema(
        operation_id="emergency_access_end",
        tags=[_TAG],
        summary="End your own emergency access now",
        description=(
            "No body. From now on the resident is out of reach again (unless assigned). "
            "Someone else's, an expired or an already ended access answers 404 `not_found`."
            "\n\n" + error_description(*_END_CODES)
        ),
        parameters=[object_id("emergency access")],
        request=None,
        responses={200: EmergencyAccessSerializer, **error_responses(*_END_CODES)},
    )
    def post(self, request, pk: str):
        access = emergency_access_end(employee=self.employee, access_id=pk)
        return Response(EmergencyAccessSerializer(access).data)
