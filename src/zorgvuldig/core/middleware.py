"""Request middleware: one trace id per request, shared by every processing context in it.

A valid W3C ``traceparent`` from the caller is taken over (its trace id, and its span id as
the parent of our operations); the response carries a ``traceparent`` with the same trace id
so that the caller can find the processing-log records of its request. The operation name in
the log is the URL name of the view.
"""

from __future__ import annotations

import secrets

from zorgvuldig.core import tracing


class TraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ids = tracing.parse_traceparent_ids(request.headers.get("traceparent"))
        trace_id, parent_id = ids if ids else (secrets.token_hex(16), "")
        tokens = (
            tracing.set_trace_id(trace_id),
            tracing.set_parent_id(parent_id),
            tracing.set_operation(""),
        )
        try:
            response = self.get_response(request)
        finally:
            tracing.reset_operation(tokens[2])
            tracing.reset_parent_id(tokens[1])
            tracing.reset_trace_id(tokens[0])
        response["traceparent"] = f"00-{trace_id}-{secrets.token_hex(8)}-01"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None:
            tracing.set_operation(match.view_name or "")
        return None
