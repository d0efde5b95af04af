"""Signals about residents over the API: intake with their source, and triage (P01, P03, P07).

A signal's reporter and channel are its source. A signal from anyone but the resident opens an
Art. 14 informing task (see :mod:`zorgvuldig.api.informing`). Every operation runs inside the
processing gate under the purpose in the URL; a signal or resident outside the employee's
need-to-know answers 404 exactly like a missing one (P13).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import (
    BooleanField,
    DateTimeField,
    ResidentRefSerializer,
    StrictInputSerializer,
    Text,
    choice,
    related,
    resident_reference,
)
from zorgvuldig.api.pagination import (
    Pagination,
    SearchInput,
    paginated_response,
    search_page_response,
    search_page_serializer,
)
from zorgvuldig.api.purposes import (
    ITEM_CODES,
    LIST_CODES,
    SEARCH_CODES,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.casework.models import (
    Channel,
    Outcome,
    Project,
    ReporterKind,
    SignalKind,
    Urgency,
)
from zorgvuldig.casework.selectors import signal_get, signal_list
from zorgvuldig.casework.services.signals import signal_register, signal_triage
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.models import Team

_TAG = "signals"
_SIGNAL_ID = object_id("signal")


@extend_schema_serializer(component_name="Signal")
class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resident = ResidentRefSerializer()
    kind = serializers.CharField(help_text="`problem` or `opportunity`.")
    description = serializers.CharField()
    reporter_kind = serializers.CharField(help_text="Who reported it: the source (P07).")
    reporter_detail = serializers.CharField()
    channel = serializers.CharField()
    received_at = DateTimeField()
    urgency = serializers.CharField(help_text="Empty until triaged.")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    triaged_at = DateTimeField(allow_null=True)
    outcome = serializers.CharField(help_text="`open` until triaged.")
    trajectory = serializers.IntegerField(source="trajectory_id", allow_null=True)
    project = serializers.IntegerField(source="project_id", allow_null=True)


class SignalCollectionApi(EmployeeApi):
    pagination_class = Pagination

    class ListFilterSerializer(serializers.Serializer):
        open = BooleanField(required=False, default=False)

    @extend_schema_serializer(component_name="SignalInput")
    class InputSerializer(StrictInputSerializer):
        resident = resident_reference()
        kind = choice(SignalKind.choices)
        description = Text(max_length=5000, allow_blank=True)
        reporter_kind = choice(
            ReporterKind.choices,
            help_text="Who reported it; anyone but `resident` opens an informing task (P07).",
        )
        reporter_detail = Text(
            max_length=200,
            required=False,
            allow_blank=True,
            help_text="Which organisation or person; required when `reporter_kind` is `other`.",
        )
        channel = choice(Channel.choices)
        received_at = DateTimeField(
            required=False,
            help_text="When the signal came in (default: now); not in the future, at most a "
            "year ago. The Art. 14 informing deadline counts from here.",
        )

    @purpose_operation(
        operation_id="signals_list",
        tag=_TAG,
        summary="List the signals about residents the employee may process",
        description=(
            "Newest first. `open=true` shows only signals not yet triaged. Each resident in "
            "the answer leaves a `read` record in the processing log. To search, use `POST "
            ".../signals/search/`: a `search` query parameter is refused "
            "(`search_in_url_not_allowed`), as query strings end up in logs."
        ),
        codes=LIST_CODES,
        parameters=[
            OpenApiParameter("open", bool, description="Only signals with outcome `open`."),
        ],
        responses={200: SignalSerializer(many=True)},
    )
    def get(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            filters = self.ListFilterSerializer(data=request.query_params)
            filters.is_valid(raise_exception=True)
            signals = signal_list(
                actor=self.employee,
                purpose=activity_code,
                open_only=filters.validated_data["open"],
            )
            return paginated_response(
                queryset=signals, serializer_class=SignalSerializer, request=request, view=self
            )

    @purpose_operation(
        operation_id="signals_create",
        tag=_TAG,
        summary="Register a signal about a resident",
        description=(
            "The reporter and channel are recorded as the source (P03, P07). A reporter other "
            "than the resident opens an informing task with a deadline of one calendar month "
            "after `received_at` (Art. 14(3)). A resident outside the employee's need-to-know "
            "answers 404 `not_found`, like a missing one. On any error nothing is stored."
        ),
        codes=WRITE_CODES,
        request=InputSerializer,
        responses={201: SignalSerializer},
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            resident = resident_get(
                actor=self.employee, purpose=activity_code, public_id=data.pop("resident")
            )
            signal = signal_register(
                actor=self.employee, purpose=activity_code, resident=resident, **data
            )
            body = SignalSerializer(signal).data
        location = reverse(
            "api:signal-detail", kwargs={"activity_code": activity_code, "pk": body["id"]}
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class SignalSearchApi(EmployeeApi):
    @extend_schema_serializer(component_name="SignalSearchInput")
    class InputSerializer(SearchInput):
        """`search` matches the resident's surname and the description."""

        open = BooleanField(default=False, help_text="Only signals with outcome `open`.")

    @purpose_operation(
        operation_id="signals_search",
        tag=_TAG,
        summary="Search the signals about residents the employee may process",
        description=(
            "The search term may be personal data (a name), so it travels in the body, never in "
            "the URL. `search` matches the resident's surname and the description; `open` "
            "keeps only signals not yet triaged. Newest first; only the employee's residents "
            "(P13), each leaving a `read` record in the processing log. The answer has the "
            "list's shape, but `next` and `previous` are page numbers to send again as `page`. "
            "A page past the end answers 404 `not_found`."
        ),
        codes=SEARCH_CODES,
        request=InputSerializer,
        responses={200: search_page_serializer("SignalSearchPage", SignalSerializer(many=True))},
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            query = serializer.validated_data
            signals = signal_list(
                actor=self.employee,
                purpose=activity_code,
                open_only=query["open"],
                search=query["search"],
            )
            return search_page_response(
                queryset=signals,
                serializer_class=SignalSerializer,
                page=query["page"],
                page_size=query["page_size"],
            )


class SignalDetailApi(EmployeeApi):
    @purpose_operation(
        operation_id="signals_retrieve",
        tag=_TAG,
        summary="One signal",
        description=(
            "A signal outside the employee's need-to-know answers exactly like a missing one: "
            "404 `not_found` (P13); the attempt is logged as refused."
        ),
        codes=ITEM_CODES,
        parameters=[_SIGNAL_ID],
        responses={200: SignalSerializer},
    )
    def get(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            signal = signal_get(actor=self.employee, purpose=activity_code, pk=pk)
            body = SignalSerializer(signal).data
        return Response(body)


class SignalTriageApi(EmployeeApi):
    @extend_schema_serializer(component_name="SignalTriageInput")
    class InputSerializer(StrictInputSerializer):
        urgency = choice(Urgency.choices)
        team = related(Team.objects.all(), required=False, allow_null=True)
        outcome = choice(
            Outcome.choices,
            default=Outcome.OPEN,
            help_text="What follows; `project` needs `project`.",
        )
        project = related(Project.objects.all(), required=False, allow_null=True)

    @purpose_operation(
        operation_id="signals_triage",
        tag=_TAG,
        summary="Triage a signal: urgency, team and what follows",
        description=(
            "Sets urgency, the team that picks it up, and the outcome (nothing, a support "
            "trajectory, a project). A signal outside the employee's need-to-know answers 404 "
            "`not_found`, whatever the body says."
        ),
        codes=WRITE_CODES,
        parameters=[_SIGNAL_ID],
        request=InputSerializer,
        responses={200: SignalSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            # Look up first: an unknown or unreachable signal is 404 whatever the body says.
            signal = signal_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            signal = signal_triage(
                actor=self.employee,
                purpose=activity_code,
                signal=signal,
                **serializer.validated_data,
            )
            body = SignalSerializer(signal).data
        return Response(body)
