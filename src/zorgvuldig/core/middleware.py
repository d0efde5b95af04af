"""Request middleware: one trace id per request, shared by every processing context in it."""

from __future__ import annotations

import secrets

from zorgvuldig.core import tracing


class TraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trace_id = tracing.parse_traceparent(request.headers.get("traceparent"))
        trace_id = trace_id or secrets.token_hex(16)
        token = tracing.set_trace_id(trace_id)
        try:
            response = self.get_response(request)
        finally:
            tracing.reset_trace_id(token)
        response["traceparent"] = f"00-{trace_id}-{secrets.token_hex(8)}-01"
        return response
