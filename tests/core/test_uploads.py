"""P12: uploads are checked for type, size and content before anything is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("verslag.pdf", PDF, "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        (
            "brief.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_p12_allowed_files_pass(name, content, content_type, settings):
    cleaned_name, detected, size = validate_upload(SimpleUploadedFile(name, content))
    assert detected == content_type
    assert size == len(content)
    assert cleaned_name.lower() == name.lower()


@pytest.mark.parametrize(
    ("name", "content", "message_part"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 60, "niet toegestaan"),
        ("nep.pdf", PNG, "past niet bij"),
        ("nep.docx", _zip_without_word(), "past niet bij"),
        ("leeg.pdf", b"", "leeg"),
        ("script.html", b"<script>alert(1)</script>", "niet toegestaan"),
        ("geen-extensie", PDF, "niet toegestaan"),
    ],
)
def test_p12_bad_uploads_are_refused_with_a_reason(name, content, message_part):
    with pytest.raises(ValidationFailed) as exc:
        validate_upload(SimpleUploadedFile(name, content))
    assert message_part in exc.value.fields["file"][0]


def test_p12_oversized_upload_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationFailed) as exc:
        validate_upload(SimpleUploadedFile("groot.pdf", PDF + b"0" * 200))
    assert "te groot" in exc.value.fields["file"][0]


def test_p12_path_in_file_name_is_stripped():
    name, _type, _size = validate_upload(SimpleUploadedFile("../../etc/passwd.pdf", PDF))
    assert name == "passwd.pdf"
