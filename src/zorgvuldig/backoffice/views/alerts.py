"""Snooping alerts for team leads and the privacy officer: the list and the review page (P14).

Which alerts a reviewer sees and the review rules live in
:mod:`zorgvuldig.oversight.alerts.review`. Alerts name residents only by a pseudonymous
reference; the review page shows the resident's name only when the reviewer may process that
resident for the alert's purpose, read through the gate (and so logged). The stated reason of
an emergency access is free text about the resident: it is shown under the same condition.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_alerts import AlertReviewForm
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.oversight.alerts.review import (
    AlreadyReviewed,
    OwnAlert,
    alert_get,
    alert_resident_name,
    alert_review,
    alerts_for_reviewer,
    grant_ended_by_review,
)
from zorgvuldig.staff.models import Role

PAGE_SIZE = 25
SHOW_ALL = "alle"


def _reviewer_view(view):
    """Team leads and the privacy officer only; the others get a 403 with the reason."""
    restricted = roles_required(Role.TEAM_LEAD, Role.PRIVACY_OFFICER, refusal="role_not_allowed")
    return employee_view(restricted(view))


@require_GET
@_reviewer_view
def alert_list_view(request):
    """Open alerts (or all, ``?toon=alle``), newest first, 25 a page."""
    show_all = request.GET.get("toon") == SHOW_ALL
    alerts = alerts_for_reviewer(reviewer=request.employee, include_reviewed=show_all)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "alerts": page.object_list,
        "show_all": show_all,
        "filter_query": f"&toon={SHOW_ALL}" if show_all else "",
        "is_privacy_officer": request.employee.role == Role.PRIVACY_OFFICER,
    }
    return render(request, "backoffice/alerts/list.html", context)


def _review(request, alert, form: AlertReviewForm) -> bool:
    """Record the review the valid form asks for; False (errors shown) when refused."""
    try:
        alert = alert_review(
            reviewer=request.employee,
            pk=alert.pk,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, _("Uw beoordeling is vastgelegd."))
    if grant_ended_by_review(alert):
        messages.success(request, _("De noodtoegang is direct beëindigd."))
    return True


@require_http_methods(["GET", "POST"])
@_reviewer_view
def alert_detail_view(request, pk: int):
    """One alert, with the review form while it is open (and not about the reviewer)."""
    reviewer = request.employee
    alert = alert_get(reviewer=reviewer, pk=pk)
    own = alert.actor_ref == reviewer.actor_ref
    reviewable = alert.is_open and not own
    form = AlertReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not reviewable:
            messages.error(
                request,
                _("Een melding over uzelf beoordeelt een ander.")
                if own
                else _("Deze melding is al beoordeeld; een beoordeling blijft staan."),
            )
            return redirect("backoffice:alert_detail", pk=alert.pk)
        try:
            if form.is_valid() and _review(request, alert, form):
                return redirect("backoffice:alert_detail", pk=alert.pk)
        except (AlreadyReviewed, OwnAlert) as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:alert_detail", pk=alert.pk)
    grant = alert.emergency_access
    context = {
        "alert": alert,
        "form": form if reviewable else None,
        "own": own,
        # The grant's reason is shown only with the name: to whom may see the resident.
        "resident_name": alert_resident_name(reviewer=reviewer, alert=alert),
        "grant": grant,
        "grant_active": grant is not None and grant.is_active(),
        "grant_ended_by_review": grant_ended_by_review(alert),
    }
    return render(request, "backoffice/alerts/detail.html", context)
