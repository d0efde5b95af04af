"""Validation of uploaded files (P12): allowed types, size limit, content matching extension.

The content is sniffed with puremagic (pure Python, no system library) and must match the
extension's family; a file that claims to be a PDF but is not is refused with a clear reason.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zorgvuldig.core.errors import ValidationFailed

# Any ZIP container sniffs as one of these; the entries inside decide the real type.
_ZIP = {".zip", ".docx", ".xlsx", ".pptx", ".xlsb", ".xltm", ".odt", ".ods", ".odp", ".jar"}
# extension -> (content type we serve it as, magic-number families that may back it)
ALLOWED = {
    ".pdf": ("application/pdf", {".pdf"}),
    ".png": ("image/png", {".png"}),
    ".jpg": ("image/jpeg", {".jpg", ".jpeg", ".jfif"}),
    ".jpeg": ("image/jpeg", {".jpg", ".jpeg", ".jfif"}),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".doc": ("application/msword", {".doc", ".xls", ".ppt", ".msi", ".msg"}),
}
_ZIP_MARKERS = {
    ".docx": b"word/",
    ".xlsx": b"xl/",
    ".odt": b"opendocument.text",
    ".ods": b"opendocument.spreadsheet",
}


def _sniffed_extensions(head: bytes) -> set[str]:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return set()
    return {m.extension.lower() for m in matches if m.extension}


def _clean_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name
    return re.sub(r"[^\w.\- ()]", "_", base)[:200] or "document"


def validate_upload(uploaded, *, field: str = "file") -> tuple[str, str, int]:
    """Return (safe file name, content type, size) or raise ValidationFailed for ``field``."""

    def fail(message: str):
        raise ValidationFailed(message, fields={field: [message]})

    if uploaded is None:
        fail(_("Kies een bestand."))
    name = _clean_name(uploaded.name or "")
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        fail(
            _(
                "Dit bestandstype is niet toegestaan. Toegestaan: PDF, afbeeldingen (PNG, JPEG) "
                "en kantoordocumenten (DOCX, XLSX, ODT, ODS, DOC)."
            )
        )
    if uploaded.size == 0:
        fail(_("Het bestand is leeg."))
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        fail(
            _("Het bestand is te groot (maximaal %(size)s).")
            % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    content_type, families = ALLOWED[extension]
    sniffed = _sniffed_extensions(head)
    marker = _ZIP_MARKERS.get(extension)
    if not (sniffed & families) or (marker and marker not in _zip_names(uploaded)):
        fail(_("De inhoud van het bestand past niet bij de extensie %(ext)s.") % {"ext": extension})
    return name, content_type, uploaded.size


def _zip_names(uploaded) -> bytes:
    import zipfile

    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = " ".join(archive.namelist()[:200])
            if "mimetype" in archive.namelist():
                names += " " + archive.read("mimetype").decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError, KeyError):
        names = ""
    finally:
        uploaded.seek(0)
    return names.encode()


def stored_name(prefix: str, filename: str) -> str:
    """A storage path that reveals nothing: ``prefix/YYYY/<random>.ext``.

    The original name (which often carries a person's name) is kept only in the database.
    """
    import uuid

    from django.utils import timezone

    extension = PurePath(filename).suffix.lower()[:10]
    return f"{prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


def document_path(instance, filename: str) -> str:
    return stored_name("documents", filename)


def evidence_path(instance, filename: str) -> str:
    return stored_name("consent", filename)


@contextlib.contextmanager
def files_removed_on_failure():
    """Collect stored files; delete them again when the surrounding work fails.

    Wrap it *around* the service's transaction so that a refusal, a validation error, a
    rollback or a failed commit leaves no file behind.
    """
    written: list = []
    try:
        yield written
    except BaseException:
        for fieldfile in written:
            fieldfile.delete(save=False)
        raise


def content_type_for(name: str) -> str:
    """The content type a stored (already validated) file is sent as."""
    return ALLOWED.get(PurePath(name).suffix.lower(), ("application/octet-stream", set()))[0]
