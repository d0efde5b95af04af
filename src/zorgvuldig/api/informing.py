"""Informing tasks over the API: the duty to tell a resident about processing (P06, P07).

A task opens when data comes from anyone but the resident (Art. 14: the source is named) or
when processing rests on a vital, public or legitimate interest (P06). Its deadline is one
calendar month after the data was obtained, or earlier at the first contact with the resident
or the first disclosure to a recipient (Art. 14(3)). The worker records how and when the
resident was informed, or the Art. 14(5) exception that applies with a reason.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import (
    BooleanField,
    DateTimeField,
    ResidentRefSerializer,
    StrictInputSerializer,
    Text,
    choice,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    ITEM_LIST_CODES,
    LIST_CODES,
    PUBLIC_ID,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.people.informing import (
    informing_complete,
    informing_exempt,
    informing_record_contact,
    informing_task_get,
    informing_tasks,
)
from zorgvuldig.people.models import InformingTask
from zorgvuldig.people.selectors import resident_get

_TAG = "informing"
_TASK_ID = object_id("informing task")


@extend_schema_serializer(component_name="InformingTask")
class InformingTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resident = ResidentRefSerializer()
    activity = serializers.SlugField(source="activity.code")
    reason = serializers.CharField(
        help_text="`source` (data from someone else, Art. 14) or `interest` (P06)."
    )
    source_description = serializers.CharField(help_text="Who provided the data.")
    obtained_at = DateTimeField()
    first_contact_at = DateTimeField(allow_null=True)
    first_disclosure_at = DateTimeField(allow_null=True)
    deadline = DateTimeField(
        help_text="Inform by then: one calendar month after `obtained_at`, or earlier at first "
        "contact or disclosure (Art. 14(3))."
    )
    status = serializers.CharField(help_text="`open`, `informed` or `exempted`.")
    is_overdue = serializers.SerializerMethodField()
    informed_at = DateTimeField(allow_null=True)
    method = serializers.CharField(help_text="How the resident was informed.")
    exemption = serializers.CharField(help_text="The Art. 14(5) exception (`a` to `d`).")
    exemption_reason = serializers.CharField()

    def get_is_overdue(self, task: InformingTask) -> bool:
        return task.status == InformingTask.Status.OPEN and task.deadline < timezone.now()


def _task_answer(request, view, tasks) -> Response:
    return paginated_response(
        queryset=tasks.select_related("resident"),  # one query for the page, not one per task
        serializer_class=InformingTaskSerializer,
        request=request,
        view=view,
    )


class InformingListApi(EmployeeApi):
    pagination_class = Pagination

    class ListFilterSerializer(serializers.Serializer):
        overdue = BooleanField(required=False, default=False)

    @purpose_operation(
        operation_id="informing_list",
        tag=_TAG,
        summary="Informing tasks of the residents the employee may process",
        description=(
            "Open tasks first, by deadline. `overdue=true` shows only open tasks past their "
            "deadline: the worker's to-do list (P07)."
        ),
        codes=LIST_CODES,
        parameters=[OpenApiParameter("overdue", bool, description="Only overdue open tasks.")],
        responses={200: InformingTaskSerializer(many=True)},
    )
    def get(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            filters = self.ListFilterSerializer(data=request.query_params)
            filters.is_valid(raise_exception=True)
            tasks = informing_tasks(
                actor=self.employee,
                purpose=activity_code,
                overdue_only=filters.validated_data["overdue"],
            )
            return _task_answer(request, self, tasks)


class ResidentInformingApi(EmployeeApi):
    pagination_class = Pagination

    @purpose_operation(
        operation_id="informing_list_for_resident",
        tag=_TAG,
        summary="A resident's informing tasks",
        description=(
            "Open tasks first, by deadline. A resident outside the employee's need-to-know "
            "answers 404 `not_found`, like a missing one (P13)."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[PUBLIC_ID],
        responses={200: InformingTaskSerializer(many=True)},
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            tasks = informing_tasks(actor=self.employee, purpose=activity_code, resident=resident)
            return _task_answer(request, self, tasks)


_ACTION_NOTE = (
    " A task that is no longer open is `validation_failed`. A task outside the employee's "
    "need-to-know answers 404 `not_found`, like a missing one."
)


class InformingCompleteApi(EmployeeApi):
    @extend_schema_serializer(component_name="InformingCompleteInput")
    class InputSerializer(StrictInputSerializer):
        informed_at = DateTimeField(
            help_text="When the resident was informed; not before the data was obtained."
        )
        method = choice(InformingTask.Method.choices, help_text="How the resident was informed.")

    @purpose_operation(
        operation_id="informing_complete",
        tag=_TAG,
        summary="Record that the resident was informed",
        description="Records how and when the resident was told of the processing and, for "
        "data from someone else, of its source (Art. 14)." + _ACTION_NOTE,
        codes=WRITE_CODES,
        parameters=[_TASK_ID],
        request=InputSerializer,
        responses={200: InformingTaskSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            # Look up first: an unknown or unreachable task is 404 whatever the body says.
            task = informing_task_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            task = informing_complete(
                actor=self.employee,
                purpose=activity_code,
                task=task,
                **serializer.validated_data,
            )
            body = InformingTaskSerializer(task).data
        return Response(body)


class InformingExemptApi(EmployeeApi):
    @extend_schema_serializer(component_name="InformingExemptInput")
    class InputSerializer(StrictInputSerializer):
        exemption = choice(
            InformingTask.Exemption.choices,
            help_text="Art. 14(5): `a` already informed, `b` impossible or disproportionate, "
            "`c` laid down by law, `d` professional secrecy. Only for data from someone else.",
        )
        exemption_reason = Text(
            max_length=5000, allow_blank=True, help_text="Why it applies (at least 10 chars)."
        )

    @purpose_operation(
        operation_id="informing_exempt",
        tag=_TAG,
        summary="Record the Art. 14(5) exception that applies",
        description="Closes the task without informing, with the exception and its reason."
        + _ACTION_NOTE,
        codes=WRITE_CODES,
        parameters=[_TASK_ID],
        request=InputSerializer,
        responses={200: InformingTaskSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            # Look up first: an unknown or unreachable task is 404 whatever the body says.
            task = informing_task_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            task = informing_exempt(
                actor=self.employee,
                purpose=activity_code,
                task=task,
                exemption=serializer.validated_data["exemption"],
                reason=serializer.validated_data["exemption_reason"],
            )
            body = InformingTaskSerializer(task).data
        return Response(body)


class InformingContactApi(EmployeeApi):
    @extend_schema_serializer(component_name="InformingContactInput")
    class InputSerializer(StrictInputSerializer):
        first_contact_at = DateTimeField(
            required=False, help_text="First contact with the resident."
        )
        first_disclosure_at = DateTimeField(
            required=False, help_text="First disclosure of the data to a recipient."
        )

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError(
                    {
                        "first_contact_at": [
                            _("Vul het eerste contact of de eerste verstrekking in.")
                        ]
                    }
                )
            return attrs

    @purpose_operation(
        operation_id="informing_record_contact",
        tag=_TAG,
        summary="Record the first contact or disclosure",
        description="The deadline moves forward to that moment when it is earlier "
        "(Art. 14(3)(b) and (c))." + _ACTION_NOTE,
        codes=WRITE_CODES,
        parameters=[_TASK_ID],
        request=InputSerializer,
        responses={200: InformingTaskSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            # Look up first: an unknown or unreachable task is 404 whatever the body says.
            task = informing_task_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            task = informing_record_contact(
                actor=self.employee,
                purpose=activity_code,
                task=task,
                **serializer.validated_data,
            )
            body = InformingTaskSerializer(task).data
        return Response(body)
