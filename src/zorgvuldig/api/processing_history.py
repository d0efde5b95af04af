"""Who processed this resident's data, over the API (P17; CJEU C-579/21).

``GET .../residents/<public_id>/processing-history/``: the processing of the resident under the
purpose in the URL, newest first, with the monthly counts of reads in someone else's file; built
by :mod:`zorgvuldig.oversight.transparency` (what is shown, what is filtered and why: see there
and docs/audit.md). Like the back-office page it opens the resident through the gate, so the
call is itself logged as processing of the resident's data.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import BooleanField, DateTimeField
from zorgvuldig.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, Pagination
from zorgvuldig.api.purposes import ITEM_LIST_CODES, PUBLIC_ID, purpose_operation
from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.transparency import ProcessingHistory, processing_history
from zorgvuldig.people.selectors import resident_get


class MinuteDateTimeField(DateTimeField):
    """A moment to the minute: the records of one operation share their start time to the
    microsecond, which would let two residents' histories be matched line by line (P17)."""

    def to_representation(self, value):
        if value is not None:
            value = value.replace(second=0, microsecond=0)
        return super().to_representation(value)


@extend_schema_serializer(component_name="ProcessingEntry")
class ProcessingEntrySerializer(serializers.Serializer):
    at = MinuteDateTimeField(
        help_text="When the processing started (Europe/Amsterdam), to the minute."
    )
    activity = serializers.CharField(
        source="activity_name", help_text="The processing activity, as named in the register then."
    )
    purpose = serializers.CharField(help_text="Its purpose, in the words of the register then.")
    action = serializers.CharField(
        help_text="`create`, `read`, `update`, `delete`, `search`, `export`, `print`, "
        "`disclose` or `emergency_access`."
    )
    action_label = serializers.CharField(help_text="The action in Dutch (`inzien`, ...).")
    team = serializers.CharField(
        source="team_name",
        help_text="The employee's team; for a system job acting for an employee, that "
        "employee's current team; empty for other system jobs.",
    )
    role = serializers.CharField(
        source="role_label",
        help_text="The employee's role in Dutch (for a system job acting for an employee, that "
        "employee's current role), or `Systeem (automatische verwerking)`.",
    )
    system = BooleanField(source="is_system", help_text="Done by a system job, not a person.")
    via = serializers.CharField(
        help_text="A system job acting for an employee: how, in Dutch (`automatische "
        "zoekactie`); empty otherwise."
    )
    by = serializers.CharField(
        help_text="Who, in one Dutch line: `Hulpverlener, Team Noord (via automatische zoekactie)`."
    )
    employee_name = serializers.CharField(
        help_text="Empty unless the organisation shows employee names "
        "(`ZORGVULDIG_TRANSPARENCY_SHOW_NAMES`)."
    )
    emergency = BooleanField(help_text="Reached only through emergency access.")
    disclosure = BooleanField(help_text="The data was given to a recipient outside.")


@extend_schema_serializer(component_name="IncidentalMonth")
class IncidentalMonthSerializer(serializers.Serializer):
    month = serializers.SerializerMethodField(help_text="`YYYY-MM` (Europe/Amsterdam).")
    count = serializers.IntegerField(help_text="Operations on someone else's file that month.")
    text = serializers.CharField(source="sentence", help_text="The same, as a Dutch sentence.")

    def get_month(self, month) -> str:
        return month.month.strftime("%Y-%m")


@extend_schema_serializer(component_name="ProcessingHistory")
class ProcessingHistorySerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Number of entries in all pages.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null at the end.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    results = ProcessingEntrySerializer(many=True)
    incidental_months = IncidentalMonthSerializer(
        many=True,
        help_text="Per month, newest first: how often the resident's data was read while "
        "someone else's file was open. Counted only: each line would say something about "
        "that other person.",
    )
    shows_employee_names = BooleanField()


def _link(request, number: int | None) -> str | None:
    if number is None:
        return None
    url = request.build_absolute_uri()
    return (
        remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)
    )


def _answer(request, history: ProcessingHistory) -> dict:
    page = history.page
    return ProcessingHistorySerializer(
        {
            "count": page.paginator.count,
            "next": _link(request, page.next_page_number() if page.has_next() else None),
            "previous": _link(
                request, page.previous_page_number() if page.has_previous() else None
            ),
            "results": list(page.object_list),
            "incidental_months": history.incidental_months,
            "shows_employee_names": history.shows_names,
        }
    ).data


class ProcessingHistoryApi(EmployeeApi):
    @purpose_operation(
        operation_id="residents_processing_history",
        tag="transparency",
        summary="Who processed this resident's data, when and why",
        description=(
            "Every processing of the resident's data under this purpose that was carried out "
            "(refusals processed nothing and are left out), newest first; one entry per "
            "operation and action. Each entry names the processing activity and its purpose as "
            "the register said then, the action, and the employee's team and role -- the "
            "employee's name only when the organisation chose so. Emergency access and "
            "disclosures are marked. Reads made while someone else's file was open are only "
            "counted per month (`incidental_months`), and no entry carries a reference to "
            "another resident (P17). The call is itself logged as a `read`. A resident outside "
            "the employee's need-to-know answers 404 `not_found`, like a missing one (P13); so "
            "does a page past the end."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[
            PUBLIC_ID,
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number (1 up)."),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Entries per page ({PAGE_SIZE} by default, at most {MAX_PAGE_SIZE}).",
            ),
        ],
        responses={200: ProcessingHistorySerializer},
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code) as ctx:
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            ctx.focus(resident.pk)
            history = processing_history(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                page_number=request.query_params.get("page", 1),
                page_size=Pagination().get_page_size(request),
                only_activity=ctx.activity,
                strict=True,
            )
            body = _answer(request, history)
        return Response(body)
