"""Documents in the back-office (P12, P13): checked uploads, downloads only as attachments."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.backoffice import downloads
from zorgvuldig.casework.models import Document
from zorgvuldig.casework.services.notes import document_upload
from zorgvuldig.casework.services.trajectories import trajectory_open
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.staff.services import assignment_create

P = "hulptrajecten"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def document_count() -> int:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        return Document.objects.count()


def upload_url(public_id, trajectory=None, code: str = P) -> str:
    url = reverse("backoffice:document_upload", args=[code, public_id])
    return f"{url}?traject={trajectory}" if trajectory is not None else url


def download_url(pk, code: str = P) -> str:
    return reverse("backoffice:document_download", args=[code, pk])


def file_url(public_id) -> str:
    return reverse("backoffice:resident_detail", args=[P, public_id])


def a_document(worker, resident, *, name="plan.pdf", content=PDF, trajectory=None):
    return document_upload(
        actor=worker,
        purpose=P,
        resident=resident,
        uploaded=SimpleUploadedFile(name, content),
        title="Plan van aanpak",
        trajectory=trajectory,
    )


# -- uploading -------------------------------------------------------------------------------


def test_upload_form_names_the_allowed_types_and_the_limit(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    body = as_employee(worker).get(upload_url(resident.public_id)).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'for="id_file"' in body
    assert "maximaal 10 MB" in body
    assert "PDF" in body


def test_p12_a_pdf_is_stored_in_the_residents_file_and_logged(as_employee, support, worker, media):
    resident = factories.resident(assign_to=worker)
    response = as_employee(worker).post(
        upload_url(resident.public_id),
        {"title": "Ondertekend plan", "file": SimpleUploadedFile("plan.pdf", PDF)},
    )
    assert response.status_code == 302
    assert response["Location"] == file_url(resident.public_id)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        document = Document.objects.get(resident_id=resident.pk)
    assert (document.title, document.original_name) == ("Ondertekend plan", "plan.pdf")
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert document.trajectory_id is None
    [stored] = [p.read_bytes() for p in stored_files(media)]
    assert PDF not in stored  # encrypted at rest with the resident's key (the vault)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        assert Document.objects.get(pk=document.pk).file.read_plain() == PDF
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        action="create",
        object_type="casework.document",
        subject_ref=subject_ref(resident.pk),
    ).exists()


def test_p12_an_image_is_attached_to_a_trajectory(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    trajectory = trajectory_open(
        actor=worker,
        purpose=P,
        resident=resident,
        question="Hulp bij schulden",
        start_date=timezone.localdate(),
    )
    client = as_employee(worker)
    form = client.get(upload_url(resident.public_id, trajectory.pk)).content.decode()
    assert "Bij het hulptraject" in form
    response = client.post(
        upload_url(resident.public_id, trajectory.pk),
        {"title": "", "file": SimpleUploadedFile("brief.png", PNG)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:trajectory_detail", args=[P, trajectory.pk])
    with processing(actor=factories.FIXTURE_ACTOR, purpose=P):
        document = Document.objects.get(resident_id=resident.pk)
    assert (document.trajectory_id, document.title) == (trajectory.pk, "brief.png")
    page = client.get(response["Location"]).content.decode()
    assert "Het document is opgeslagen." in page
    assert download_url(document.pk) in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nep.pdf", PNG, "De inhoud van het bestand past niet bij de extensie .pdf."),
        ("programma.exe", EXE, "Dit bestandstype is niet toegestaan."),
        ("leeg.pdf", b"", "Het bestand is leeg."),
        ("groot.pdf", PDF + b"0" * 2000, "Het bestand is te groot"),
    ],
    ids=["content-not-matching-extension", "exe", "empty", "too-large"],
)
def test_p12_a_refused_upload_gets_a_field_error_and_nothing_is_stored(
    as_employee, support, worker, media, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1000
    resident = factories.resident(assign_to=worker)
    before = document_count()
    response = as_employee(worker).post(
        upload_url(resident.public_id),
        {"title": "Mijn titel", "file": SimpleUploadedFile(name, content)},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'href="#id_file"' in body
    assert 'aria-invalid="true"' in body
    assert "Er is niets opgeslagen." in body
    assert 'value="Mijn titel"' in body  # the input is kept
    assert document_count() == before
    assert stored_files(media) == []


def test_p12_upload_without_a_file_asks_for_one(as_employee, support, worker, media):
    resident = factories.resident(assign_to=worker)
    response = as_employee(worker).post(upload_url(resident.public_id), {"title": "Leeg"})
    assert "Kies een bestand." in response.content.decode()
    assert document_count() == 0


def test_p13_upload_for_another_teams_resident_is_the_same_404(
    as_employee, support, worker, other_worker, media
):
    theirs = factories.resident(assign_to=other_worker)
    client = as_employee(worker)
    missing = client.get(upload_url(uuid.uuid4()))
    assert client.get(upload_url(theirs.public_id)).content == missing.content
    response = client.post(
        upload_url(theirs.public_id), {"file": SimpleUploadedFile("plan.pdf", PDF)}
    )
    assert response.status_code == 404
    assert response.content == missing.content
    assert document_count() == 0
    assert stored_files(media) == []


def test_p13_upload_to_another_teams_trajectory_is_404(
    as_employee, support, worker, other_worker, media
):
    mine = factories.resident(assign_to=worker)
    theirs = factories.resident(assign_to=other_worker)
    their_trajectory = trajectory_open(
        actor=other_worker,
        purpose=P,
        resident=theirs,
        question="Hun vraag",
        start_date=timezone.localdate(),
    )
    client = as_employee(worker)
    for bad in (their_trajectory.pk, "abc", 999_999):
        url = upload_url(mine.public_id, bad)
        assert client.get(url).status_code == 404
        response = client.post(url, {"file": SimpleUploadedFile("plan.pdf", PDF)})
        assert response.status_code == 404
    assert document_count() == 0
    assert stored_files(media) == []


# -- downloading ------------------------------------------------------------------------------


def test_p12_download_is_an_attachment_that_is_never_sniffed_rendered_or_cached(
    as_employee, support, worker
):
    resident = factories.resident(assign_to=worker)
    document = a_document(worker, resident)
    response = as_employee(worker).get(download_url(document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "no-store"
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        action="read",
        status="ok",
        object_type="casework.document",
        subject_ref=subject_ref(resident.pk),
    ).exists()


def test_p13_download_of_another_teams_document_is_the_same_404_as_a_missing_one(
    as_employee, support, worker, other_worker
):
    theirs = factories.resident(assign_to=other_worker)
    document = a_document(other_worker, theirs)
    client = as_employee(worker)
    unreachable = client.get(download_url(document.pk))
    missing = client.get(download_url(999_999))
    assert unreachable.status_code == missing.status_code == 404
    assert unreachable.content == missing.content
    assert "attachment" not in unreachable.get("Content-Disposition", "")
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(theirs.pk), status="refused", reason_code="need_to_know"
    ).exists()


def test_p13_document_is_not_found_under_another_purpose(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    document = a_document(worker, resident)
    signals = factories.activity("signalen")
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=signals,
        employee=worker,
    )
    assert as_employee(worker).get(download_url(document.pk, "signalen")).status_code == 404


@pytest.fixture
def opened_files(monkeypatch):
    """Every stored file the download opens, to check afterwards that it was closed."""
    opened = []
    original = FileSystemStorage.open

    def spy(self, name, mode="rb"):
        result = original(self, name, mode)
        opened.append(result)
        return result

    monkeypatch.setattr(FileSystemStorage, "open", spy)
    return opened


# Without a surrounding test transaction, so the failed insert does not abort the transaction
# the test needs to put the table back (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_download_closes_the_file_when_the_log_cannot_be_written(
    as_employee, support, worker, opened_files
):
    resident = factories.resident(assign_to=worker)
    document = a_document(worker, resident)
    client = as_employee(worker)
    table = ProcessingLogRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        response = client.get(download_url(document.pk))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert response.status_code == 503
    assert "attachment" not in response.get("Content-Disposition", "")
    assert len(opened_files) == 1
    assert opened_files[0].closed


def test_download_closes_the_file_when_building_the_response_fails(
    as_employee, support, worker, opened_files, monkeypatch
):
    resident = factories.resident(assign_to=worker)
    document = a_document(worker, resident)

    def broken(*args, **kwargs):
        raise RuntimeError("response could not be built")

    monkeypatch.setattr(downloads, "FileResponse", broken)
    with pytest.raises(RuntimeError):
        as_employee(worker).get(download_url(document.pk))
    assert len(opened_files) == 1
    assert opened_files[0].closed


def test_a_sent_download_is_closed_by_the_response(as_employee, support, worker, opened_files):
    document = a_document(worker, factories.resident(assign_to=worker))
    response = as_employee(worker).get(download_url(document.pk))
    assert b"".join(response.streaming_content) == PDF
    response.close()
    assert opened_files[0].closed


def test_download_of_a_file_missing_on_disk_is_404(as_employee, support, worker, media):
    resident = factories.resident(assign_to=worker)
    document = a_document(worker, resident)
    for path in stored_files(media):
        path.unlink()
    assert as_employee(worker).get(download_url(document.pk)).status_code == 404


def test_upload_page_query_count_is_bounded(
    as_employee, support, worker, django_assert_max_num_queries
):
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)
    with django_assert_max_num_queries(8):
        assert client.get(upload_url(resident.public_id)).status_code == 200
