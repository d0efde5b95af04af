"""Signals about residents: intake, the queue and triage (P01, P03, P07, P13).

A signal is personal data: every view opens the processing gate for the purpose in the URL and
renders inside it. A signal from anyone but the resident records the reporter as its source and
opens an informing task (Art. 14); the file shows that task with its deadline.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_signals import (
    ExistingResidentSignalForm,
    NewResidentSignalForm,
    TriageForm,
)
from zorgvuldig.backoffice.search import saved_search, search_post
from zorgvuldig.casework.models import Outcome, ReporterKind
from zorgvuldig.casework.selectors import project_list, signal_get, signal_list
from zorgvuldig.casework.services.signals import (
    signal_register,
    signal_register_new_resident,
    signal_triage,
)
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_list
from zorgvuldig.staff.models import Team

PAGE_SIZE = 25
SEARCH = "signals"
# The "only open" switch travels with the search form: posted, kept in the session.
SEARCH_FLAGS = {"open": ("status", "open")}
FORM_TEMPLATE = "backoffice/signals/form.html"
# The queue shows what still needs a decision first, then the newest.
OPEN_FIRST = Case(
    When(outcome=Outcome.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _registered(request, activity_code: str, signal):
    """After intake: to the resident's file, where an informing task shows when one was made."""
    message = _("Het signaal is vastgelegd.")
    if signal.reporter_kind != ReporterKind.RESIDENT:
        message += " " + _(
            "Het signaal komt niet van de inwoner zelf: onder ‘Informatieplicht’ staat een taak "
            "om de inwoner te informeren over de gegevens en de bron."
        )
    messages.success(request, message)
    return redirect(
        "backoffice:resident_detail",
        activity_code=activity_code,
        public_id=signal.resident.public_id,
    )


@require_http_methods(["GET", "POST"])
@employee_view
def signal_list_view(request, activity_code: str):
    """The signals the employee may see for this purpose: open first, searchable, paged.

    The search (term and "only open") is POSTed and kept in the session, never in the URL.
    """
    if request.method == "POST":
        return search_post(
            request,
            list_name=SEARCH,
            activity_code=activity_code,
            url_name="backoffice:signal_list",
            flags=SEARCH_FLAGS,
        )
    employee = request.employee
    search = saved_search(request, SEARCH, activity_code)
    query = search.term
    open_only = "open" in search.flags
    with processing(actor=employee, purpose=activity_code) as ctx:
        signals = signal_list(
            actor=employee, purpose=activity_code, open_only=open_only, search=query
        ).order_by(OPEN_FIRST, "-received_at")
        page = Paginator(signals, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "activity": ctx.activity,
            "page_obj": page,
            "signals": list(page.object_list),
            "query": query,
            "open_only": open_only,
        }
        return render(request, "backoffice/signals/list.html", context)


@require_http_methods(["GET", "POST"])
@employee_view
def signal_create_view(request, activity_code: str):
    """Register a signal about a resident the employee may already process."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        residents = list(resident_list(actor=employee, purpose=activity_code))
        initial = {"resident": request.GET.get("inwoner", "")}
        form = ExistingResidentSignalForm(_posted(request), residents=residents, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                signal = signal_register(
                    actor=employee,
                    purpose=activity_code,
                    resident=form.chosen_resident(),
                    **form.signal_data(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return _registered(request, activity_code, signal)
        context = {"activity": ctx.activity, "form": form, "new_resident": False}
        return render(request, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@employee_view
def signal_create_new_resident_view(request, activity_code: str):
    """Register a resident not yet known together with the signal about them."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        if not employee.may_register_residents(ctx.activity):
            return refusals.forbidden(request, "role_not_allowed")
        form = NewResidentSignalForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                signal = signal_register_new_resident(
                    actor=employee,
                    purpose=activity_code,
                    resident_data=form.resident_data(),
                    **form.signal_data(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                return _registered(request, activity_code, signal)
        context = {"activity": ctx.activity, "form": form, "new_resident": True}
        return render(request, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@employee_view
def signal_detail_view(request, activity_code: str, pk: int):
    """One signal with its source, and the triage form (urgency, team, what follows)."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        signal = signal_get(actor=employee, purpose=activity_code, pk=pk)
        initial = {
            "urgency": signal.urgency,
            "team": signal.team_id or "",
            "outcome": signal.outcome,
            "project": signal.project_id or "",
        }
        form = TriageForm(
            _posted(request),
            initial=initial,
            teams=Team.objects.order_by("name"),
            projects=project_list(),
        )
        if request.method == "POST" and form.is_valid():
            try:
                signal_triage(
                    actor=employee, purpose=activity_code, signal=signal, **form.triage_data()
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De beoordeling van het signaal is opgeslagen."))
                return redirect("backoffice:signal_detail", activity_code=activity_code, pk=pk)
        context = {"activity": ctx.activity, "signal": signal, "form": form}
        return render(request, "backoffice/signals/detail.html", context)
