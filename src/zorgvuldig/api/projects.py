"""Community projects and their participants over the API (P01, P04).

A project describes a group effort, not a person: every employee may read projects, without a
processing context. Participants are residents who joined; their participation is personal
data on the basis of their consent, so it is read and written under a purpose in the URL
(typically a consent-based activity such as ``projecten``) and needs an active consent record
of the resident for that purpose. A resident may take part without being a client.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.errors import error_description, error_responses
from zorgvuldig.api.fields import (
    BooleanField,
    DateField,
    EmployeeRefSerializer,
    ResidentRefSerializer,
    StrictInputSerializer,
    resident_reference,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    AUTH_CODES,
    ITEM_LIST_CODES,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.casework.selectors import project_get, project_list, project_participants
from zorgvuldig.casework.services.projects import participation_add
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_get
from zorgvuldig.people.selectors import resident_get

_TAG = "projects"
_PROJECT_ID = object_id("project")
_READ_CODES = (*AUTH_CODES, "not_found")


@extend_schema_serializer(component_name="Project")
class ProjectSerializer(serializers.Serializer):
    @extend_schema_serializer(component_name="TeamRef")
    class TeamSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    team = TeamSerializer()
    coordinators = EmployeeRefSerializer(many=True)
    start_date = DateField()
    end_date = DateField(allow_null=True)


@extend_schema_serializer(component_name="ProjectDetail")
class ProjectDetailSerializer(ProjectSerializer):
    @extend_schema_serializer(component_name="ProjectActivity")
    class ActivitySerializer(serializers.Serializer):
        id = serializers.IntegerField()
        date = DateField()
        title = serializers.CharField()
        description = serializers.CharField()

    activities = ActivitySerializer(many=True)


@extend_schema_serializer(component_name="Participant")
class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resident = ResidentRefSerializer()
    joined_on = DateField()
    may_contact = BooleanField(help_text="The resident may be approached.")
    consent = serializers.IntegerField(source="consent_id", help_text="The consent record.")


class ProjectListApi(EmployeeApi):
    pagination_class = Pagination

    @extend_schema(
        operation_id="projects_list",
        tags=[_TAG],
        summary="List the community projects",
        description="Any employee; no personal data. Paginated (`?page=`, `?page_size=`).\n\n"
        + error_description(*_READ_CODES),
        responses={200: ProjectSerializer(many=True), **error_responses(*_READ_CODES)},
    )
    def get(self, request):
        return paginated_response(
            queryset=project_list(), serializer_class=ProjectSerializer, request=request, view=self
        )


class ProjectDetailApi(EmployeeApi):
    @extend_schema(
        operation_id="projects_retrieve",
        tags=[_TAG],
        summary="One community project with its activities",
        description="Any employee; no personal data (participants are listed under a "
        "purpose).\n\n" + error_description(*_READ_CODES),
        parameters=[_PROJECT_ID],
        responses={200: ProjectDetailSerializer, **error_responses(*_READ_CODES)},
    )
    def get(self, request, pk: str):
        return Response(ProjectDetailSerializer(project_get(pk=pk)).data)


class ParticipantCollectionApi(EmployeeApi):
    pagination_class = Pagination

    @extend_schema_serializer(component_name="ParticipantInput")
    class InputSerializer(StrictInputSerializer):
        resident = resident_reference()
        consent = serializers.IntegerField(
            help_text="Id of the resident's active consent record for this purpose."
        )
        may_contact = BooleanField(default=False, help_text="The resident agreed to be approached.")
        joined_on = DateField(
            required=False, help_text="Default: today; not before the project started."
        )

    @purpose_operation(
        operation_id="projects_participants_list",
        tag=_TAG,
        summary="The participants of a project the employee may process",
        description=(
            "Only residents the employee may process for this purpose (P13) and, under a "
            "consent ground, whose consent holds. Each leaves a `read` record in the "
            "processing log. An unknown project answers 404 `not_found`."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[_PROJECT_ID],
        responses={200: ParticipantSerializer(many=True)},
    )
    def get(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            project = project_get(pk=pk)
            participants = project_participants(
                actor=self.employee, purpose=activity_code, project=project
            )
            return paginated_response(
                queryset=participants,
                serializer_class=ParticipantSerializer,
                request=request,
                view=self,
            )

    @purpose_operation(
        operation_id="projects_participants_create",
        tag=_TAG,
        summary="Add a resident as participant of a project",
        description=(
            "Needs the resident's active consent record for this purpose (`consent`). A "
            "project, resident or consent that is unknown or outside the employee's "
            "need-to-know answers 404 `not_found`. On any error nothing is stored."
        ),
        codes=WRITE_CODES,
        parameters=[_PROJECT_ID],
        request=InputSerializer,
        responses={201: ParticipantSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            project = project_get(pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            resident = resident_get(
                actor=self.employee, purpose=activity_code, public_id=data.pop("resident")
            )
            consent = consent_get(
                actor=self.employee, purpose=activity_code, pk=data.pop("consent")
            )
            participation = participation_add(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                project=project,
                consent=consent,
                **data,
            )
            body = ParticipantSerializer(participation).data
        return Response(body, status=status.HTTP_201_CREATED)
