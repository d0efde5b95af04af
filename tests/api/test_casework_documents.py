"""Documents over the API: checked uploads, listing, and downloads that a browser never renders
inline (P01, P12, P13)."""

import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.casework.models import Document
from zorgvuldig.core.gate import subject_ref

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "echo hallo")
    return buffer.getvalue()


def _url(resident):
    public_id = getattr(resident, "public_id", resident)
    return f"/api/purposes/hulptrajecten/residents/{public_id}/documents/"


def _upload(client, resident, name="verslag.pdf", content=PDF, **fields):
    return client.post(
        _url(resident), {"file": SimpleUploadedFile(name, content), **fields}, format="multipart"
    )


def _files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_p12_upload_a_pdf_list_it_and_log(support, worker, client_for, media):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)

    response = _upload(client, resident, title="Brief van de woningcorporatie")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["original_name"]) == (
        "Brief van de woningcorporatie",
        "verslag.pdf",
    )
    assert (body["content_type"], body["size"]) == ("application/pdf", len(PDF))
    assert body["download"] == f"/api/purposes/hulptrajecten/documents/{body['id']}/download/"
    assert len(_files(media)) == 1
    record = ProcessingLogRecord.objects.get(action="create", object_type="casework.document")
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.subject_ref == subject_ref(resident.pk)
    assert client.get(_url(resident)).json()["results"] == [body]


def test_p12_download_is_an_attachment_that_is_never_sniffed_or_run(
    support, worker, client_for, media
):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    document = _upload(client, resident, name="foto.png", content=PNG).json()
    before = ProcessingLogRecord.objects.count()

    response = client.get(document["download"], HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="foto.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert {(r.action, r.object_type, r.actor_ref) for r in reads} == {
        ("read", "casework.document", f"employee:{worker.pk}")
    }


def _fail_log_inserts(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and ProcessingLogRecord._meta.db_table in sql:
        raise DatabaseError("processing log unavailable")
    return execute(sql, params, many, context)


def test_p12_no_download_when_the_log_cannot_be_written(support, worker, client_for, media):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)
    document = _upload(client, resident).json()

    with connection.execute_wrapper(_fail_log_inserts):
        response = client.get(document["download"])

    assert response.status_code == 503
    assert response.json()["code"] == "log_unavailable"
    assert PDF not in response.content


BAD_UPLOADS = {
    "type_not_allowed": ("virus.exe", b"MZ\x90\x00" + b"\x00" * 60, "niet toegestaan"),
    "html": ("pagina.html", b"<script>alert(1)</script>", "niet toegestaan"),
    "content_does_not_match": ("nep.pdf", PNG, "past niet bij"),
    "zip_posing_as_docx": ("nep.docx", _zip_without_word(), "past niet bij"),
    "empty": ("leeg.pdf", b"", "leeg"),
    "too_large": ("groot.pdf", PDF + b"0" * 400, "te groot"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_p12_bad_upload_gets_a_reason_and_nothing_is_stored(
    support, worker, client_for, media, settings, rows, writes, case
):
    settings.UPLOAD_MAX_BYTES = 200
    name, content, reason = case
    resident = factories.resident(assign_to=worker)
    before = (rows(Document), writes())

    response = _upload(client_for(worker), resident, name=name, content=content)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert list(body["fields"]) == ["file"]
    assert reason in body["fields"]["file"][0]
    assert (rows(Document), writes()) == before
    assert _files(media) == []


def test_p12_upload_without_file_or_as_json_is_refused(support, worker, client_for, media, rows):
    resident = factories.resident(assign_to=worker)
    client = client_for(worker)

    no_file = client.post(_url(resident), {"title": "Leeg"}, format="multipart")
    as_json = client.post(_url(resident), {"title": "Leeg"}, format="json")
    unknown = _upload(client, resident, eigenaar="iemand")
    long_title = _upload(client, resident, title="x" * 201)

    assert no_file.status_code == 400
    assert list(no_file.json()["fields"]) == ["file"]
    assert as_json.status_code == 415
    assert as_json.json()["code"] == "unsupported_media_type"
    assert list(unknown.json()["fields"]) == ["eigenaar"]
    assert list(long_title.json()["fields"]) == ["title"]
    assert rows(Document) == 0
    assert _files(media) == []


def test_p13_documents_of_unassigned_resident_are_404_like_missing(
    support, worker, other_worker, client_for, media, rows
):
    foreign = factories.resident(assign_to=other_worker)
    document = _upload(client_for(other_worker), foreign).json()
    client = client_for(worker)

    answers = [
        client.get(_url(foreign)),
        _upload(client, foreign),
        client.get(_url(uuid.uuid4())),
        client.get(document["download"]),
        client.get("/api/purposes/hulptrajecten/documents/999999/download/"),
    ]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["code"] == "not_found"
    assert rows(Document) == 1
    assert len(_files(media)) == 1
