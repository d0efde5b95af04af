"""Sending stored files (documents, consent evidence) as downloads, only after the gate.

Always as an attachment, never rendered by the browser: ``nosniff``, a sandboxing CSP and no
caching (P12). The caller opens the processing context; this closes the file if the response
is never sent (e.g. the log could not be written when the context closed).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.http import FileResponse

from zorgvuldig.core.errors import NotFound

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store",
}


def attachment_response(open_context, load: Callable) -> FileResponse:
    """Run ``load()`` inside ``open_context`` -> (fieldfile, filename, content type); send it."""
    handle = None
    try:
        with open_context:
            fieldfile, filename, content_type = load()
            if not fieldfile:
                raise NotFound()
            try:
                # Decrypted inside the context; a changed file raises VaultIntegrityError.
                handle = io.BytesIO(fieldfile.read_plain())
            except (FileNotFoundError, ValueError) as exc:
                raise NotFound() from exc
            response = FileResponse(
                handle, as_attachment=True, filename=filename, content_type=content_type
            )
            for header, value in DOWNLOAD_HEADERS.items():
                response[header] = value
    except BaseException:
        # Not sent (GateLogFailure or another error after opening): close it here.
        if handle is not None:
            handle.close()
        raise
    return response
