"""Notes (contact moments) in a resident's file over the API (P01, P04, P06).

A note belongs to the processing activity it is written under. A note classified as
special-category data (``special_kind``: health, religion, ...) is written only when the
activity records an Art. 9(2) exemption covering that kind, or the resident gave explicit
consent for this activity covering it; otherwise the gate refuses: 403 ``no_art9_ground``. Under
an activity whose ground is consent, notes need the resident's active consent: without it (or
after withdrawal) 403 ``no_consent``. Nothing is stored on a refusal, and it is logged.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.fields import (
    DateField,
    DateTimeField,
    EmployeeRefSerializer,
    StrictInputSerializer,
    Text,
    choice,
)
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    ITEM_LIST_CODES,
    PUBLIC_ID,
    WRITE_CODES,
    purpose_operation,
)
from zorgvuldig.casework.models import Note
from zorgvuldig.casework.selectors import note_list, trajectory_get
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.registry.models import SpecialKind

_TAG = "notes"


@extend_schema_serializer(component_name="Note")
class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_on = DateField()
    kind = serializers.CharField(help_text="`home_visit`, `phone`, `meeting`, `email`, `other`.")
    text = serializers.CharField()
    special_kind = serializers.CharField(
        help_text="Empty, or the special category the note holds (`health`, `religion`, ...)."
    )
    trajectory = serializers.IntegerField(source="trajectory_id", allow_null=True)
    author = EmployeeRefSerializer(allow_null=True)
    created_at = DateTimeField()


class NoteCollectionApi(EmployeeApi):
    pagination_class = Pagination

    @extend_schema_serializer(component_name="NoteInput")
    class InputSerializer(StrictInputSerializer):
        occurred_on = DateField(help_text="Not in the future, at most 5 years ago.")
        kind = choice(Note.Kind.choices)
        text = Text(max_length=20000, allow_blank=True)
        special_kind = choice(
            SpecialKind.choices,
            default=SpecialKind.NONE,
            help_text="Classify the note when it holds special-category data (P04). Such a "
            "note needs an Art. 9(2) exemption on the activity or the resident's explicit "
            "consent; otherwise 403 `no_art9_ground`.",
        )
        trajectory = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text="Id of one of this resident's support trajectories (optional).",
        )

    @purpose_operation(
        operation_id="notes_list",
        tag=_TAG,
        summary="The notes in a resident's file",
        description=(
            "Newest first. Special-category notes appear only where the activity's Art. 9(2) "
            "exemption or the resident's explicit consent covers them; under a consent ground, "
            "only while the consent holds. A resident outside the employee's need-to-know "
            "answers 404 `not_found`, like a missing one (P13)."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[PUBLIC_ID],
        responses={200: NoteSerializer(many=True)},
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            notes = note_list(actor=self.employee, purpose=activity_code, resident=resident)
            return paginated_response(
                queryset=notes, serializer_class=NoteSerializer, request=request, view=self
            )

    @purpose_operation(
        operation_id="notes_create",
        tag=_TAG,
        summary="Write a note (contact moment) in a resident's file",
        description=(
            "The author is the employee. A special-category note without an Art. 9(2) "
            "exemption on the activity or the resident's explicit consent is refused with 403 "
            "`no_art9_ground` (P04); under a consent ground without active consent with 403 "
            "`no_consent` (P06). A resident or trajectory outside the employee's need-to-know "
            "answers 404 `not_found`. On any error nothing is stored."
        ),
        codes=WRITE_CODES,
        parameters=[PUBLIC_ID],
        request=InputSerializer,
        responses={201: NoteSerializer},
    )
    def post(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            trajectory_id = data.pop("trajectory", None)
            trajectory = None
            if trajectory_id is not None:
                trajectory = trajectory_get(
                    actor=self.employee, purpose=activity_code, pk=trajectory_id
                )
            note = note_write(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                trajectory=trajectory,
                **data,
            )
            body = NoteSerializer(note).data
        return Response(body, status=status.HTTP_201_CREATED)
