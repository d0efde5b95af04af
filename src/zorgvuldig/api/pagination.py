"""Page-number pagination for the API's list operations.

Lists of personal data must be paginated inside the processing context: the page is read,
serialised and logged before the context closes (see :func:`paginated_response`).
"""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; 25 per page by default, at most 100."""

    page_size_query_param = "page_size"
    max_page_size = 100


def paginated_response(
    *, queryset, serializer_class, request, view, context: dict | None = None
) -> Response:
    """Read one page of ``queryset`` and return it serialised, with count and links."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    serializer = serializer_class(page, many=True, context=context or {})
    return paginator.get_paginated_response(serializer.data)
