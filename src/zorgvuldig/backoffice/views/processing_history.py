"""Who processed this resident's data: a page in the resident's file (P17).

A page staff can show the resident (or print for them): when, under which processing activity
and for which purpose, what was done, by which team and role, with emergency access and
disclosures marked (``oversight.transparency``). The file is opened through the gate like its
other pages, so looking at the overview is itself logged as processing of the resident's data.

The overview lists the processing under the purpose of the file only: the worker works under
that purpose, and processing under other purposes is not theirs to see (purpose limitation).
The resident's complete overview, across every purpose, is the access export of a rights request.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.transparency import processing_history
from zorgvuldig.people.selectors import resident_get


@require_GET
@employee_view
def processing_history_view(request, activity_code: str, public_id):
    """The processing of this resident under the file's purpose, newest first, 50 a page."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        ctx.focus(resident.pk)
        history = processing_history(
            actor=employee,
            purpose=activity_code,
            resident=resident,
            page_number=request.GET.get("page"),
            only_activity=ctx.activity,
        )
        context = {
            "activity": ctx.activity,
            "resident": resident,
            "history": history,
            "page_obj": history.page,
            "entries": list(history.page.object_list),
        }
        return render(request, "backoffice/residents/processing_history.html", context)
