"""Support trajectories and their goals over the API (P01).

A trajectory has a status (aangemeld, intake, lopend, afgesloten), workers who must be assigned
to the resident, goals with progress, and a start and end date; the end date is the retention
trigger, so closing requires it. Every operation runs inside the processing gate; a trajectory
outside the employee's need-to-know answers 404 exactly like a missing one (P13).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import (
    DateField,
    DateTimeField,
    EmployeeRefSerializer,
    ResidentRefSerializer,
    StrictInputSerializer,
    Text,
    choice,
    related,
    resident_reference,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    ITEM_CODES,
    LIST_CODES,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.casework.models import Goal, Trajectory
from zorgvuldig.casework.selectors import goal_get, trajectory_get, trajectory_list
from zorgvuldig.casework.services.trajectories import (
    goal_add,
    goal_update,
    trajectory_open,
    trajectory_set_status,
)
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.models import Employee

_TAG = "trajectories"
_TRAJECTORY_ID = object_id("support trajectory")
_GOAL_ID = object_id("goal", "goal_id")


@extend_schema_serializer(component_name="Goal")
class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    progress = serializers.CharField(help_text="`open`, `working`, `achieved` or `dropped`.")
    progress_note = serializers.CharField()


@extend_schema_serializer(component_name="Trajectory")
class TrajectorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    resident = ResidentRefSerializer()
    status = serializers.CharField(help_text="`aangemeld`, `intake`, `lopend` or `afgesloten`.")
    question = serializers.CharField(help_text="The resident's question for help.")
    start_date = DateField()
    end_date = DateField(allow_null=True, help_text="Set when closed.")
    workers = EmployeeRefSerializer(many=True)
    created_at = DateTimeField()


@extend_schema_serializer(component_name="TrajectoryDetail")
class TrajectoryDetailSerializer(TrajectorySerializer):
    goals = GoalSerializer(many=True)


def _detail(trajectory: Trajectory) -> dict:
    """Serialise a trajectory with its goals; call inside the processing context."""
    return TrajectoryDetailSerializer(trajectory).data


class TrajectoryCollectionApi(EmployeeApi):
    pagination_class = Pagination

    class ListFilterSerializer(serializers.Serializer):
        status = choice(Trajectory.Status.choices, required=False)

    @extend_schema_serializer(component_name="TrajectoryInput")
    class InputSerializer(StrictInputSerializer):
        resident = resident_reference()
        question = Text(max_length=5000, allow_blank=True)
        start_date = DateField(help_text="At most two years ago and three months ahead.")
        workers = related(
            Employee.objects.select_related("user"),
            many=True,
            required=False,
            help_text="Employee ids; each must be assigned to the resident. Default: the "
            "employee making the request.",
        )

    @purpose_operation(
        operation_id="trajectories_list",
        tag=_TAG,
        summary="List the support trajectories the employee may process",
        description=(
            "Newest start first; `status` filters. Each resident in the answer leaves a `read` "
            "record in the processing log."
        ),
        codes=LIST_CODES,
        parameters=[
            OpenApiParameter(
                "status", str, enum=Trajectory.Status.values, description="Only this status."
            )
        ],
        responses={200: TrajectorySerializer(many=True)},
    )
    def get(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            filters = self.ListFilterSerializer(data=request.query_params)
            filters.is_valid(raise_exception=True)
            trajectories = trajectory_list(
                actor=self.employee,
                purpose=activity_code,
                status=filters.validated_data.get("status", ""),
            )
            return paginated_response(
                queryset=trajectories,
                serializer_class=TrajectorySerializer,
                request=request,
                view=self,
            )

    @purpose_operation(
        operation_id="trajectories_create",
        tag=_TAG,
        summary="Open a support trajectory for a resident",
        description=(
            "The trajectory starts as `aangemeld`. Workers must be case workers or team leads "
            "assigned to the resident. A resident outside the employee's need-to-know answers "
            "404 `not_found`. On any error nothing is stored."
        ),
        codes=WRITE_CODES,
        request=InputSerializer,
        responses={201: TrajectoryDetailSerializer},
    )
    def post(self, request, activity_code: str):
        with processing(actor=self.employee, purpose=activity_code):
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            resident = resident_get(
                actor=self.employee, purpose=activity_code, public_id=data.pop("resident")
            )
            trajectory = trajectory_open(
                actor=self.employee, purpose=activity_code, resident=resident, **data
            )
            body = _detail(trajectory)
        location = reverse(
            "api:trajectory-detail", kwargs={"activity_code": activity_code, "pk": body["id"]}
        )
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class TrajectoryDetailApi(EmployeeApi):
    @purpose_operation(
        operation_id="trajectories_retrieve",
        tag=_TAG,
        summary="One support trajectory with its goals",
        description=(
            "A trajectory outside the employee's need-to-know answers exactly like a missing "
            "one: 404 `not_found` (P13); the attempt is logged as refused."
        ),
        codes=ITEM_CODES,
        parameters=[_TRAJECTORY_ID],
        responses={200: TrajectoryDetailSerializer},
    )
    def get(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            trajectory = trajectory_get(actor=self.employee, purpose=activity_code, pk=pk)
            body = _detail(trajectory)
        return Response(body)


class TrajectoryStatusApi(EmployeeApi):
    @extend_schema_serializer(component_name="TrajectoryStatusInput")
    class InputSerializer(StrictInputSerializer):
        status = choice(
            Trajectory.Status.choices,
            help_text="aangemeld → intake → lopend; any of them → afgesloten (final).",
        )
        end_date = DateField(
            required=False,
            allow_null=True,
            help_text="Required to close: between the start date and today. It starts the "
            "retention period.",
        )

    @purpose_operation(
        operation_id="trajectories_set_status",
        tag=_TAG,
        summary="Move a support trajectory to another status",
        description=(
            "Closing (`afgesloten`) needs `end_date` and is final. A trajectory outside the "
            "employee's need-to-know answers 404 `not_found`, whatever the body says."
        ),
        codes=WRITE_CODES,
        parameters=[_TRAJECTORY_ID],
        request=InputSerializer,
        responses={200: TrajectoryDetailSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            trajectory = trajectory_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            trajectory = trajectory_set_status(
                actor=self.employee,
                purpose=activity_code,
                trajectory=trajectory,
                **serializer.validated_data,
            )
            body = _detail(trajectory)
        return Response(body)


class GoalCollectionApi(EmployeeApi):
    @extend_schema_serializer(component_name="GoalInput")
    class InputSerializer(StrictInputSerializer):
        description = Text(max_length=300, allow_blank=True)

    @purpose_operation(
        operation_id="trajectories_goals_create",
        tag=_TAG,
        summary="Add a goal to a support trajectory",
        description=(
            "A closed trajectory gets no new goals. A trajectory outside the employee's "
            "need-to-know answers 404 `not_found`, whatever the body says."
        ),
        codes=WRITE_CODES,
        parameters=[_TRAJECTORY_ID],
        request=InputSerializer,
        responses={201: GoalSerializer},
    )
    def post(self, request, activity_code: str, pk: str):
        with processing(actor=self.employee, purpose=activity_code):
            trajectory = trajectory_get(actor=self.employee, purpose=activity_code, pk=pk)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            goal = goal_add(
                actor=self.employee,
                purpose=activity_code,
                trajectory=trajectory,
                **serializer.validated_data,
            )
            body = GoalSerializer(goal).data
        return Response(body, status=status.HTTP_201_CREATED)


class GoalDetailApi(EmployeeApi):
    @extend_schema_serializer(component_name="GoalUpdateInput")
    class InputSerializer(StrictInputSerializer):
        progress = choice(Goal.Progress.choices, required=False)
        progress_note = Text(max_length=5000, required=False, allow_blank=True)

    @purpose_operation(
        operation_id="trajectories_goals_partial_update",
        tag=_TAG,
        summary="Record the progress of a goal",
        description=(
            "Only the fields sent change. A trajectory or goal outside the employee's "
            "need-to-know answers 404 `not_found`, like a missing one."
        ),
        codes=WRITE_CODES,
        parameters=[_TRAJECTORY_ID, _GOAL_ID],
        request=InputSerializer,
        responses={200: GoalSerializer},
    )
    def patch(self, request, activity_code: str, pk: str, goal_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            trajectory = trajectory_get(actor=self.employee, purpose=activity_code, pk=pk)
            goal = goal_get(
                actor=self.employee, purpose=activity_code, trajectory=trajectory, pk=goal_id
            )
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            goal = goal_update(
                actor=self.employee,
                purpose=activity_code,
                goal=goal,
                progress=data.get("progress", goal.progress),
                progress_note=data.get("progress_note", goal.progress_note),
            )
            body = GoalSerializer(goal).data
        return Response(body)
