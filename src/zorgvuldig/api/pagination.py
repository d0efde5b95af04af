"""Page-number pagination for the API's list and search operations.

Lists of personal data must be paginated inside the processing context: the page is read,
serialised and logged before the context closes (see :func:`paginated_response`).

A search term is often personal data (a name, a postcode) and a URL ends up in access logs, so
searches are not query parameters: they are ``POST .../search/`` operations with the term, the
filters and the page in the JSON body (:class:`SearchInput`). Their answer has the list's shape,
except that ``next`` and ``previous`` are page numbers to send again as ``page`` -- a link
could not carry the body (:func:`search_page_response`, :func:`search_page_serializer`).
"""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from zorgvuldig.api.fields import StrictInputSerializer, Text
from zorgvuldig.core.errors import NotFound

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``; 25 per page by default, at most 100."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def paginated_response(
    *, queryset, serializer_class, request, view, context: dict | None = None
) -> Response:
    """Read one page of ``queryset`` and return it serialised, with count and links."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    serializer = serializer_class(page, many=True, context=context or {})
    return paginator.get_paginated_response(serializer.data)


_NUMBER_MESSAGES = {
    "invalid": gettext_lazy("Geef een geheel getal op."),
    "min_value": gettext_lazy("Geef een getal van 1 of meer op."),
    "max_value": gettext_lazy("Geef een getal van ten hoogste 100 op."),
}


class SearchInput(StrictInputSerializer):
    """The body of a ``POST .../search/``: the term and the page. Lists add their filters."""

    search = Text(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Words to search for (max. 100 characters); empty: no search.",
    )
    page = serializers.IntegerField(
        min_value=1, default=1, error_messages=_NUMBER_MESSAGES, help_text="Page number (1 up)."
    )
    page_size = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
        error_messages=_NUMBER_MESSAGES,
        help_text=f"Results per page ({PAGE_SIZE} by default, at most {MAX_PAGE_SIZE}).",
    )


def search_page_response(
    *, queryset, serializer_class, page: int, page_size: int, context: dict | None = None
) -> Response:
    """One page of a search, in the list's shape; ``next``/``previous`` are page numbers.

    A page past the end answers 404 ``not_found``, like a list's.
    """
    paginator = Paginator(queryset, page_size)
    try:
        current = paginator.page(page)
    except InvalidPage as exc:
        raise NotFound() from exc
    results = serializer_class(current.object_list, many=True, context=context or {}).data
    return Response(
        {
            "count": paginator.count,
            "next": current.next_page_number() if current.has_next() else None,
            "previous": current.previous_page_number() if current.has_previous() else None,
            "results": results,
        }
    )


def search_page_serializer(name: str, result_serializer) -> type[serializers.Serializer]:
    """The schema of a search answer (``name`` is the component name) around ``results``."""
    return type(
        f"{name}Serializer",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(help_text="Number of results in all pages."),
            "next": serializers.IntegerField(
                allow_null=True, help_text="Next page number, to send as `page`; null at the end."
            ),
            "previous": serializers.IntegerField(
                allow_null=True, help_text="Previous page number; null on the first page."
            ),
            "results": result_serializer,
            "__module__": __name__,
        },
    )
