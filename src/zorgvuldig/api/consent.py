"""Consent records over the API: giving and withdrawing, each one request (P04, P06).

A consent record (in the spirit of ISO/IEC TS 27560) names the purpose (the activity in the
URL), its scope (data categories and recipients of that activity in the register), how it was
collected, the notice version shown, when it was given, and optionally evidence (a signed
form, uploaded as ``multipart/form-data``). Withdrawing takes effect at once: processing under
a consent ground stops (403 ``no_consent``), and special-category data that relied on explicit
consent becomes unreadable. Consent is never a basis for the BSN.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import (
    BooleanField,
    DateTimeField,
    StrictInputSerializer,
    Text,
    UploadField,
    choice,
    related_slugs,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    ACTION_CODES,
    ITEM_LIST_CODES,
    PUBLIC_ID,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_get, consent_give, consent_list, consent_withdraw
from zorgvuldig.people.models import ConsentRecord
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.registry.models import DataCategory, Recipient

_TAG = "consents"


@extend_schema_serializer(component_name="Consent")
class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    categories = serializers.SerializerMethodField(help_text="Data category codes.")
    recipients = serializers.SerializerMethodField(help_text="Recipient names.")
    explicit = BooleanField(help_text="Explicit consent (Art. 9(2)(a)).")
    method = serializers.CharField(help_text="`written`, `digital` or `verbal`.")
    notice_version = serializers.CharField()
    given_at = DateTimeField()
    withdrawn_at = DateTimeField(allow_null=True)
    is_active = BooleanField()
    has_evidence = serializers.SerializerMethodField()

    def get_categories(self, consent: ConsentRecord) -> list[str]:
        return [category.code for category in consent.categories.all()]

    def get_recipients(self, consent: ConsentRecord) -> list[str]:
        return [recipient.name for recipient in consent.recipients.all()]

    def get_has_evidence(self, consent: ConsentRecord) -> bool:
        return bool(consent.evidence)


class ConsentCollectionApi(EmployeeApi):
    pagination_class = Pagination
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema_serializer(component_name="ConsentInput")
    class InputSerializer(StrictInputSerializer):
        categories = related_slugs(
            DataCategory.objects.all(),
            "code",
            help_text="Codes of the data categories the consent covers; only categories of "
            "this activity in the register, never the BSN.",
        )
        recipients = related_slugs(
            Recipient.objects.all(),
            "name",
            required=False,
            help_text="Names of recipients of this activity the consent covers (optional).",
        )
        explicit = BooleanField(
            default=False, help_text="Required for special categories (Art. 9(2)(a))."
        )
        method = choice(ConsentRecord.Method.choices, help_text="How the consent was collected.")
        notice_version = Text(
            max_length=40, allow_blank=True, help_text="Version of the notice shown."
        )
        given_at = DateTimeField(required=False, help_text="Default: now.")
        evidence = UploadField(
            required=False,
            help_text="A signed form (PDF, image, office document); multipart only.",
        )

    @purpose_operation(
        operation_id="consents_list",
        tag=_TAG,
        summary="A resident's consents for this purpose",
        description=(
            "Newest first, withdrawn ones included. A resident outside the employee's "
            "need-to-know answers 404 `not_found`, like a missing one (P13)."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[PUBLIC_ID],
        responses={200: ConsentSerializer(many=True)},
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            consents = consent_list(actor=self.employee, purpose=activity_code, resident=resident)
            return paginated_response(
                queryset=consents, serializer_class=ConsentSerializer, request=request, view=self
            )

    @purpose_operation(
        operation_id="consents_create",
        tag=_TAG,
        summary="Record a resident's consent for this purpose",
        description=(
            "JSON, or `multipart/form-data` with an `evidence` file (checked like document "
            "uploads). Processing under a consent ground is possible from `given_at` on. A "
            "resident outside the employee's need-to-know answers 404 `not_found`. On any "
            "error nothing is stored."
        ),
        codes=WRITE_CODES,
        parameters=[PUBLIC_ID],
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
        responses={201: ConsentSerializer},
    )
    def post(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            consent = consent_give(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                **serializer.validated_data,
            )
            body = ConsentSerializer(consent).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(EmployeeApi):
    @purpose_operation(
        operation_id="consents_withdraw",
        tag=_TAG,
        summary="Withdraw a consent",
        description=(
            "One request, no body, effective at once (Art. 7(3) AVG): processing that depends "
            "on it is refused from now on (403 `no_consent`). Withdrawing twice is "
            "`validation_failed`. A consent outside the employee's need-to-know answers 404 "
            "`not_found`, like a missing one."
        ),
        codes=ACTION_CODES,
        parameters=[object_id("consent record")],
        request=None,
        responses={200: ConsentSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            consent = consent_get(actor=self.employee, purpose=activity_code, pk=pk)
            consent = consent_withdraw(actor=self.employee, purpose=activity_code, consent=consent)
            body = ConsentSerializer(consent).data
        return Response(body)
