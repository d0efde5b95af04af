"""Documents in a resident's file over the API: upload, list, download (P01, P12).

An upload is ``multipart/form-data`` with a ``file``. Allowed are PDF, images (PNG, JPEG) and
office documents (DOCX, XLSX, ODT, ODS, DOC) up to the configured size; the content must match
the extension (``core.uploads``). A rejected upload answers ``validation_failed`` with the
reason under ``fields.file``, and nothing is stored. A download is always an attachment, with
``nosniff`` and a sandboxing content security policy, so a browser never renders it inline.
"""

from __future__ import annotations

import io

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from zorgvuldig.api.access import EmployeeApi
from zorgvuldig.api.attachments import AttachmentNegotiation, file_download
from zorgvuldig.api.fields import DateTimeField, StrictInputSerializer, Text, UploadField
from zorgvuldig.api.pagination import Pagination, paginated_response
from zorgvuldig.api.purposes import (
    ITEM_CODES,
    ITEM_LIST_CODES,
    PUBLIC_ID,
    WRITE_CODES,
    object_id,
    purpose_operation,
)
from zorgvuldig.casework.models import Document
from zorgvuldig.casework.selectors import document_get, document_list, trajectory_get
from zorgvuldig.casework.services.notes import document_upload
from zorgvuldig.core.errors import NotFound
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get

_TAG = "documents"


@extend_schema_serializer(component_name="Document")
class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    original_name = serializers.CharField(help_text="The file name, made safe.")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    trajectory = serializers.IntegerField(source="trajectory_id", allow_null=True)
    uploaded_at = DateTimeField()
    download = serializers.SerializerMethodField(help_text="Path of the download.")

    def get_download(self, document: Document) -> str:
        return reverse(
            "api:document-download",
            kwargs={"activity_code": self.context["activity_code"], "pk": document.pk},
        )


class DocumentCollectionApi(EmployeeApi):
    pagination_class = Pagination
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="DocumentUpload")
    class InputSerializer(StrictInputSerializer):
        file = UploadField(
            help_text="PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS or DOC; content must match the "
            "extension; size limit set by the organisation (10 MiB by default).",
        )
        title = Text(max_length=200, required=False, allow_blank=True, help_text="Default: name.")
        trajectory = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text="Id of one of this resident's support trajectories (optional).",
        )

    @purpose_operation(
        operation_id="documents_list",
        tag=_TAG,
        summary="The documents in a resident's file (metadata)",
        description=(
            "Newest first; the file itself comes from the `download` path. A resident outside "
            "the employee's need-to-know answers 404 `not_found`, like a missing one (P13)."
        ),
        codes=ITEM_LIST_CODES,
        parameters=[PUBLIC_ID],
        responses={200: DocumentSerializer(many=True)},
    )
    def get(self, request, activity_code: str, public_id: str):
        with processing(actor=self.employee, purpose=activity_code):
            resident = resident_get(actor=self.employee, purpose=activity_code, public_id=public_id)
            documents = document_list(actor=self.employee, purpose=activity_code, resident=resident)
            return paginated_response(
                queryset=documents,
                serializer_class=DocumentSerializer,
                request=request,
                view=self,
                context={"activity_code": activity_code},
            )

    @purpose_operation(
        operation_id="documents_create",
        tag=_TAG,
        summary="Upload a document to a resident's file",
        description=(
            "`multipart/form-data`. A file of a type that is not allowed, empty, too large, or "
            "whose content does not match its extension is refused with `validation_failed` "
            "and the reason under `fields.file`; nothing is stored. A resident or trajectory "
            "outside the employee's need-to-know answers 404 `not_found`."
        ),
        codes=WRITE_CODES,
        parameters=[PUBLIC_ID],
        request={"multipart/form-data": InputSerializer},
        responses={201: DocumentSerializer},
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
            document = document_upload(
                actor=self.employee,
                purpose=activity_code,
                resident=resident,
                uploaded=data["file"],
                title=data.get("title", ""),
                trajectory=trajectory,
            )
            body = DocumentSerializer(document, context={"activity_code": activity_code}).data
        return Response(body, status=status.HTTP_201_CREATED)


def _open_stored(document: Document):
    try:
        return io.BytesIO(document.file.read_plain())
    except FileNotFoundError as exc:
        raise NotFound() from exc


class DocumentDownloadApi(EmployeeApi):
    content_negotiation_class = AttachmentNegotiation

    @purpose_operation(
        operation_id="documents_download",
        tag=_TAG,
        summary="Download a document",
        description=(
            "Always an attachment (`Content-Disposition: attachment`), with "
            "`X-Content-Type-Options: nosniff`, `Content-Security-Policy: default-src 'none'; "
            "sandbox` and `Cache-Control: private, no-store`. The download leaves a `read` "
            "record in the processing log before the file is sent. A document outside the "
            "employee's need-to-know answers 404 `not_found`, like a missing one."
        ),
        codes=ITEM_CODES,
        parameters=[object_id("document")],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, with the content type it was stored as.",
            )
        },
    )
    def get(self, request, activity_code: str, pk: str):
        handle = None
        try:
            with processing(actor=self.employee, purpose=activity_code):
                document = document_get(actor=self.employee, purpose=activity_code, public_id=pk)
                handle = _open_stored(document)
                response = file_download(
                    handle, filename=document.original_name, content_type=document.content_type
                )
        except BaseException:
            # The log could not be written (or the lookup failed): the file is not sent.
            if handle is not None:
                handle.close()
            raise
        return response
