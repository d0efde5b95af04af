"""Answers that are files: the register export and resident documents (P12, P15).

Such an answer is sent whatever the client says it accepts (a download has one type); errors
are still JSON in the API's one shape.
"""

from __future__ import annotations

from django.http import FileResponse
from rest_framework.negotiation import BaseContentNegotiation


class AttachmentNegotiation(BaseContentNegotiation):
    """Files answer in their own type whatever the client accepts; errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return (renderers[0], renderers[0].media_type)


# A stored upload is served so that a browser never renders or runs it: always a download, no
# type sniffing, and a policy that blocks scripts, styles and frames should it be opened anyway.
# Personal data: no shared caches, no copy kept on disk by the browser.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def file_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """A file as an attachment with :data:`DOWNLOAD_HEADERS`; the response closes ``handle``."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response
