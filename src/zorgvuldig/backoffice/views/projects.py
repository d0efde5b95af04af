"""Community projects: list, page, starting one, planning activities, adding participants
(P01, P04, P13).

A project describes a group effort, not a person, so every employee sees projects and their
activities. Participants are personal data on the basis of consent: they are read and added
only inside the gate under the ``projecten`` purpose, so an employee sees just the participants
assigned to them or their team whose consent still holds. Without access to that purpose at all
(no declaration, purpose not in the register) the page says why instead of listing anyone.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_casework import (
    ParticipationForm,
    ProjectActivityForm,
    ProjectForm,
)
from zorgvuldig.casework.selectors import project_get, project_list, project_participants
from zorgvuldig.casework.services.projects import (
    participation_add,
    project_activity_add,
    project_create,
    project_may_manage,
)
from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_list
from zorgvuldig.people.selectors import resident_get, resident_list
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.selectors import team_members

PAGE_SIZE = 25
# The processing activity under which project participants are processed (ground: consent).
PROJECT_PURPOSE = "projecten"
NO_CONSENT = gettext_lazy(
    "Er is geen geldige toestemming van deze inwoner voor deelname aan projecten. Leg eerst "
    "de toestemming vast in het dossier; zonder toestemming kan de inwoner niet deelnemen."
)


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_GET
@employee_view
def project_list_view(request):
    """All community projects, newest first, paged (no personal data)."""
    page = Paginator(project_list().order_by("-start_date", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "projects": list(page.object_list),
        "may_create": request.employee.role == Role.TEAM_LEAD and request.employee.team_id,
    }
    return render(request, "backoffice/projects/list.html", context)


def _render_detail(request, project, *, activity_form=None):
    """The project page; participants only as far as the gate lets this employee see them."""
    employee = request.employee
    context = {
        "project": project,
        "activities": list(project.activities.all()),
        "may_manage": project_may_manage(actor=employee, project=project),
        "activity_form": activity_form or ProjectActivityForm(),
        "participants": None,
        "participants_refusal": "",
    }
    try:
        with processing(actor=employee, purpose=PROJECT_PURPOSE) as ctx:
            context["purpose"] = ctx.activity
            context["participants"] = list(
                project_participants(actor=employee, purpose=PROJECT_PURPOSE, project=project)
            )
            return render(request, "backoffice/projects/detail.html", context)
    except GateRefused as exc:
        context["participants"] = None
        context["participants_refusal"] = refusals.refusal_reason(exc.code)
    return render(request, "backoffice/projects/detail.html", context)


@require_GET
@employee_view
def project_detail_view(request, pk: int):
    return _render_detail(request, project_get(pk=pk))


@require_http_methods(["GET", "POST"])
@employee_view
@roles_required(Role.TEAM_LEAD, refusal="role_not_allowed")
def project_create_view(request):
    """Start a project for the team lead's own team."""
    lead = request.employee
    if lead.team_id is None:
        return refusals.forbidden(request, "role_not_allowed")
    form = ProjectForm(
        _posted(request),
        members=team_members(team_id=lead.team_id),
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(
                actor=lead,
                name=data["name"],
                description=data["description"],
                team=lead.team,
                start_date=data["start_date"],
                end_date=data["end_date"],
                coordinators=form.chosen_coordinators(),
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het project is aangemaakt."))
            return redirect("backoffice:project_detail", pk=project.pk)
    return render(request, "backoffice/projects/create.html", {"form": form, "team": lead.team})


@require_http_methods(["GET", "POST"])
@employee_view
def project_activity_add_view(request, pk: int):
    """Plan an activity (coordinators and the team lead; the service refuses others)."""
    project = project_get(pk=pk)
    if request.method != "POST":
        return redirect("backoffice:project_detail", pk=project.pk)
    form = ProjectActivityForm(request.POST)
    if form.is_valid():
        try:
            project_activity_add(actor=request.employee, project=project, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De activiteit is toegevoegd."))
            return redirect("backoffice:project_detail", pk=project.pk)
    return _render_detail(request, project, activity_form=form)


def _add_participant(form, *, employee, resident, project) -> bool:
    """Add the participation the valid form asks for; False (errors on the form) if refused."""
    try:
        participation_add(
            actor=employee,
            purpose=PROJECT_PURPOSE,
            resident=resident,
            project=project,
            consent=form.chosen_consent(),
            may_contact=form.cleaned_data["may_contact"],
            joined_on=form.cleaned_data["joined_on"],
        )
    except ValidationFailed as exc:
        add_service_errors(form, exc)
        return False
    except GateRefused as exc:
        if exc.code != "no_consent":
            raise
        form.add_error("consent", NO_CONSENT)
        return False
    return True


@require_http_methods(["GET", "POST"])
@employee_view
def participation_add_view(request, pk: int):
    """Two steps without scripts: choose a resident, then the consent the participation rests on."""
    employee = request.employee
    project = project_get(pk=pk)
    chosen = (request.POST.get("inwoner") or request.GET.get("inwoner") or "").strip()
    with processing(actor=employee, purpose=PROJECT_PURPOSE) as ctx:
        context = {"project": project, "purpose": ctx.activity}
        if not chosen:
            context["residents"] = list(resident_list(actor=employee, purpose=PROJECT_PURPOSE))
            return render(request, "backoffice/projects/participant_choose.html", context)
        resident = resident_get(actor=employee, purpose=PROJECT_PURPOSE, public_id=chosen)
        consents = consent_list(actor=employee, purpose=PROJECT_PURPOSE, resident=resident)
        form = ParticipationForm(
            _posted(request), consents=consents, initial={"joined_on": timezone.localdate()}
        )
        scope = {"employee": employee, "resident": resident, "project": project}
        if request.method == "POST" and form.is_valid() and _add_participant(form, **scope):
            messages.success(request, _("De inwoner is als deelnemer toegevoegd."))
            return redirect("backoffice:project_detail", pk=project.pk)
        context.update({"resident": resident, "form": form})
        return render(request, "backoffice/projects/participant_add.html", context)
