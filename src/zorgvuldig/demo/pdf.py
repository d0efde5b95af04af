"""Tiny generated PDF files for the demo's documents and signed consent forms.

A one-page PDF 1.4 with a few lines of Helvetica text, built by hand so the demo needs no PDF
library. The files go through the same upload checks as a real upload (P12): the content starts
with ``%PDF-1.4`` and matches the ``.pdf`` extension.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", "replace")  # WinAnsiEncoding covers Dutch accents
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(lines: list[str]) -> bytes:
    """Return a valid one-page PDF showing ``lines`` (the first one as a heading)."""
    content = [b"BT", b"/F1 16 Tf", b"56 780 Td", b"(" + _escape(lines[0]) + b") Tj", b"/F1 11 Tf"]
    for line in lines[1:]:
        content += [b"0 -20 Td", b"(" + _escape(line) + b") Tj"]
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_upload(name: str, lines: list[str]) -> SimpleUploadedFile:
    """The PDF as an uploaded file, as a browser would send it."""
    return SimpleUploadedFile(name, pdf_bytes(lines), content_type="application/pdf")
