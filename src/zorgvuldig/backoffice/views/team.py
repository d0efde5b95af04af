"""The team lead's assignment screen: who in the team may process which resident (P13).

Residents are offered only from what the gate lets the team lead see for the chosen purpose
(``resident_list`` inside the processing context), so a lead cannot assign someone outside the
team's reach. The page shows one purpose at a time, chosen with a plain GET form.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.forms import AssignmentForm, add_service_errors
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_list
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.selectors import activities_for_employee, team_assignments, team_members
from zorgvuldig.staff.services import assignment_create, assignment_end

TEMPLATE = "backoffice/team/assignments.html"


def _team_lead_view(view):
    """Only a team lead who leads a team may use these views."""
    view = roles_required(Role.TEAM_LEAD, refusal="not_team_lead")(view)

    @wraps(view)
    def with_team(request, *args, **kwargs):
        if request.employee.team_id is None:
            return refusals.forbidden(request, "not_team_lead")
        return view(request, *args, **kwargs)

    return employee_view(with_team)


def _page_url(code: str) -> str:
    return f"{reverse('backoffice:team_assignments')}?{urlencode({'doel': code})}"


def _target(value: str, *, members, team):
    """Turn the form's ``employee:<id>``/``team:<id>`` choice into assignment_create keywords."""
    kind, _sep, pk = value.partition(":")
    if kind == "team":
        return {"team": team, "employee": None}
    return {"employee": next(m for m in members if str(m.pk) == pk), "team": None}


def _assign(form: AssignmentForm, *, lead, activity, residents, members) -> bool:
    """Create the assignment the valid form asks for; False (errors on the form) if refused."""
    chosen = form.cleaned_data["resident"]
    resident = next(r for r in residents if str(r.public_id) == chosen)
    try:
        assignment_create(
            assigned_by=lead,
            resident_id=resident.pk,
            activity=activity,
            **_target(form.cleaned_data["target"], members=members, team=lead.team),
        )
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return False
    return True


def _rows(*, lead, activity, residents) -> list[dict]:
    """The team's assignments for this purpose, each with its resident (if still in reach)."""
    by_id = {r.pk: r for r in residents}
    now = timezone.now()
    return [
        {
            "assignment": a,
            "resident": by_id.get(a.resident_id),
            "active": a.valid_until is None or a.valid_until > now,
        }
        for a in team_assignments(team_id=lead.team_id).filter(activity_id=activity.pk)
    ]


@require_http_methods(["GET", "POST"])
@_team_lead_view
def team_assignments_view(request):
    lead = request.employee
    purposes = activities_for_employee(employee=lead)
    code = request.POST.get("doel") or request.GET.get("doel")
    code = code or (purposes[0].code if purposes else None)
    if code is None:
        return render(request, TEMPLATE, {"purposes": [], "team": lead.team})
    with processing(actor=lead, purpose=code) as ctx:
        residents = list(resident_list(actor=lead, purpose=code))
        members = list(team_members(team_id=lead.team_id))
        posted = request.method == "POST"
        form = AssignmentForm(
            request.POST if posted else None, residents=residents, members=members, team=lead.team
        )
        scope = {"lead": lead, "activity": ctx.activity, "residents": residents}
        if posted and form.is_valid() and _assign(form, members=members, **scope):
            messages.success(request, _("De toewijzing is vastgelegd."))
            return redirect(_page_url(code))
        context = {
            "purposes": purposes,
            "activity": ctx.activity,
            "team": lead.team,
            "rows": _rows(**scope),
            "form": form,
        }
        return render(request, TEMPLATE, context)


@require_POST
@_team_lead_view
def assignment_end_view(request, pk: int):
    """End one of the team's assignments (the resident leaves that person's reach)."""
    lead = request.employee
    assignment = team_assignments(team_id=lead.team_id).filter(pk=pk).first()
    if assignment is None:
        return refusals.not_found(request)
    assignment_end(ended_by=lead, assignment=assignment)
    messages.success(request, _("De toewijzing is beëindigd."))
    return redirect(_page_url(assignment.activity.code))
