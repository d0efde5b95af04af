"""Residents per purpose: the list and the file (P01, P03, P07, P08, P09, P13).

Each view opens the processing gate for the logged-in employee and the purpose in the URL, and
renders *inside* the block so the processing log is written before any data leaves.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.resident_file import resident_file_context
from zorgvuldig.backoffice.search import saved_search, search_post
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get, resident_list

PAGE_SIZE = 25
SEARCH = "residents"


@require_http_methods(["GET", "POST"])
@employee_view
def resident_list_view(request, activity_code: str):
    """The residents the employee may process for this purpose, searchable and paged.

    The search term is POSTed and kept in the session (``backoffice.search``), never put in
    the URL: a name or postcode is personal data.
    """
    if request.method == "POST":
        return search_post(
            request,
            list_name=SEARCH,
            activity_code=activity_code,
            url_name="backoffice:resident_list",
        )
    employee = request.employee
    query = saved_search(request, SEARCH, activity_code).term
    with processing(actor=employee, purpose=activity_code) as ctx:
        residents = resident_list(actor=employee, purpose=activity_code, search=query)
        page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "activity": ctx.activity,
            "page_obj": page,
            "residents": list(page.object_list),
            "query": query,
            "may_register": employee.may_register_residents(ctx.activity),
        }
        return render(request, "backoffice/residents/list.html", context)


@require_GET
@employee_view
def resident_detail_view(request, activity_code: str, public_id):
    """A resident's file: data with sources, timeline, consents and informing tasks."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        # Whose file this is: another resident's data read while showing it is logged as
        # incidental, and shown to that resident only as a monthly count (P17).
        ctx.focus(resident.pk)
        context = resident_file_context(
            actor=employee,
            activity=ctx.activity,
            resident=resident,
            page_number=request.GET.get("page"),
        )
        return render(request, "backoffice/residents/detail.html", context)
