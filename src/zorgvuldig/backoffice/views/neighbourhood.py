"""Signals about a neighbourhood, not about a person (P01).

They hold no personal data, so no processing context is opened; the form asks the employee not
to write any down. Only the roles that do casework use these pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_signals import NeighbourhoodSignalForm
from zorgvuldig.casework.selectors import neighbourhood_signal_list
from zorgvuldig.casework.services.signals import neighbourhood_signal_register
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.staff.models import Role

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@employee_view
@roles_required(Role.CASE_WORKER, Role.TEAM_LEAD, refusal="role_not_allowed")
def neighbourhood_signals_view(request):
    """The neighbourhood signals, newest first, with the form to register one."""
    form = NeighbourhoodSignalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            neighbourhood_signal_register(actor=request.employee, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het buurtsignaal is vastgelegd."))
            return redirect("backoffice:neighbourhood_signals")
    page = Paginator(neighbourhood_signal_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "signals": list(page.object_list)}
    return render(request, "backoffice/signals/neighbourhood.html", context)
