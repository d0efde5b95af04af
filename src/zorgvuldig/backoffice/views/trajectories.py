"""Support trajectories per purpose: the list, one trajectory, opening one, status and goals
(P01, P13).

Every view opens the processing gate for the purpose in the URL and renders inside it. A
trajectory belongs to the purpose it was opened under: under another purpose it does not exist
(purpose limitation), and one of a resident outside the employee's reach gives the same 404 as
a missing one (P13). The forms only shape input; the trajectory services decide and explain.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_casework import (
    GoalAddForm,
    GoalProgressForm,
    TrajectoryOpenForm,
    TrajectoryStatusForm,
)
from zorgvuldig.casework.models import Trajectory
from zorgvuldig.casework.selectors import (
    goal_get,
    trajectory_contents,
    trajectory_get,
    trajectory_list,
)
from zorgvuldig.casework.services.trajectories import (
    TRANSITIONS,
    goal_add,
    goal_update,
    trajectory_open,
    trajectory_set_status,
)
from zorgvuldig.core.errors import NotFound, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.staff.selectors import team_members

PAGE_SIZE = 25
DETAIL_TEMPLATE = "backoffice/trajectories/detail.html"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _get_trajectory(employee, ctx, pk) -> Trajectory:
    trajectory = trajectory_get(actor=employee, purpose=ctx.activity.code, pk=pk)
    if trajectory.activity_id != ctx.activity.pk:
        raise NotFound()
    return trajectory


def _detail_redirect(activity_code: str, trajectory: Trajectory):
    return redirect("backoffice:trajectory_detail", activity_code=activity_code, pk=trajectory.pk)


@require_GET
@employee_view
def trajectory_list_view(request, activity_code: str):
    """Trajectories of the residents the employee may process for this purpose, paged."""
    employee = request.employee
    status = request.GET.get("status", "")
    status = status if status in Trajectory.Status.values else ""
    mine = request.GET.get("mijn") == "1"
    with processing(actor=employee, purpose=activity_code) as ctx:
        trajectories = trajectory_list(actor=employee, purpose=activity_code, status=status)
        trajectories = trajectories.filter(activity=ctx.activity).order_by("-start_date", "-pk")
        if mine:
            trajectories = trajectories.filter(workers=employee)
        page = Paginator(trajectories, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "activity": ctx.activity,
            "page_obj": page,
            "trajectories": list(page.object_list),
            "status": status,
            "mine": mine,
            "statuses": Trajectory.Status.choices,
        }
        return render(request, "backoffice/trajectories/list.html", context)


def _render_detail(request, *, employee, ctx, trajectory, forms=None):
    """The trajectory page; ``forms`` replaces the blank forms with a posted one."""
    forms = forms or {}
    contents = trajectory_contents(actor=employee, purpose=ctx.activity.code, trajectory=trajectory)
    allowed = TRANSITIONS.get(trajectory.status, set())
    posted_goal = forms.get("goal_progress")
    goals = [
        {
            "goal": goal,
            "form": posted_goal[1]
            if posted_goal and posted_goal[0] == goal.pk
            else GoalProgressForm(
                prefix=f"doel-{goal.pk}",
                initial={"progress": goal.progress, "progress_note": goal.progress_note},
            ),
        }
        for goal in contents["goals"]
    ]
    context = {
        "activity": ctx.activity,
        "trajectory": trajectory,
        "resident": trajectory.resident,
        "goals": goals,
        "notes": contents["notes"],
        "documents": contents["documents"],
        "is_closed": trajectory.status == Trajectory.Status.CLOSED,
        "status_form": forms.get("status")
        or (TrajectoryStatusForm(allowed=allowed) if allowed else None),
        "goal_form": forms.get("goal_add") or GoalAddForm(),
        "has_errors": bool(forms),  # only a refused form comes back to this page
    }
    return render(request, DETAIL_TEMPLATE, context)


@require_GET
@employee_view
def trajectory_detail_view(request, activity_code: str, pk: int):
    """One trajectory: status, question, workers, dates, goals, notes and documents."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        trajectory = _get_trajectory(employee, ctx, pk)
        return _render_detail(request, employee=employee, ctx=ctx, trajectory=trajectory)


@require_http_methods(["GET", "POST"])
@employee_view
def trajectory_open_view(request, activity_code: str, public_id):
    """Open a trajectory for a resident; workers come from the employee's team."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        members = list(team_members(team_id=employee.team_id)) if employee.team_id else []
        if employee.pk not in {m.pk for m in members}:
            members.insert(0, employee)
        form = TrajectoryOpenForm(
            _posted(request),
            members=members,
            initial={"start_date": timezone.localdate(), "workers": [str(employee.pk)]},
        )
        if request.method == "POST" and form.is_valid():
            try:
                trajectory = trajectory_open(
                    actor=employee,
                    purpose=activity_code,
                    resident=resident,
                    question=form.cleaned_data["question"],
                    start_date=form.cleaned_data["start_date"],
                    workers=form.chosen_workers(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het hulptraject is geopend."))
                return _detail_redirect(activity_code, trajectory)
        context = {"activity": ctx.activity, "resident": resident, "form": form}
        return render(request, "backoffice/trajectories/open.html", context)


@require_http_methods(["GET", "POST"])
@employee_view
def trajectory_status_view(request, activity_code: str, pk: int):
    """Move the trajectory on; closing needs an end date (the retention trigger)."""
    if request.method != "POST":
        return redirect("backoffice:trajectory_detail", activity_code=activity_code, pk=pk)
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        trajectory = _get_trajectory(employee, ctx, pk)
        allowed = TRANSITIONS.get(trajectory.status, set())
        form = TrajectoryStatusForm(request.POST, allowed=allowed)
        if form.is_valid():
            try:
                trajectory_set_status(
                    actor=employee,
                    purpose=activity_code,
                    trajectory=trajectory,
                    status=form.cleaned_data["status"],
                    end_date=form.cleaned_data["end_date"],
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De status van het traject is gewijzigd."))
                return _detail_redirect(activity_code, trajectory)
        return _render_detail(
            request, employee=employee, ctx=ctx, trajectory=trajectory, forms={"status": form}
        )


@require_http_methods(["GET", "POST"])
@employee_view
def goal_add_view(request, activity_code: str, pk: int):
    """Add a goal to the trajectory."""
    if request.method != "POST":
        return redirect("backoffice:trajectory_detail", activity_code=activity_code, pk=pk)
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        trajectory = _get_trajectory(employee, ctx, pk)
        form = GoalAddForm(request.POST)
        if form.is_valid():
            try:
                goal_add(
                    actor=employee,
                    purpose=activity_code,
                    trajectory=trajectory,
                    description=form.cleaned_data["description"],
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het doel is toegevoegd."))
                return _detail_redirect(activity_code, trajectory)
        return _render_detail(
            request, employee=employee, ctx=ctx, trajectory=trajectory, forms={"goal_add": form}
        )


@require_http_methods(["GET", "POST"])
@employee_view
def goal_update_view(request, activity_code: str, pk: int, goal_pk: int):
    """Record the progress of one goal."""
    if request.method != "POST":
        return redirect("backoffice:trajectory_detail", activity_code=activity_code, pk=pk)
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        trajectory = _get_trajectory(employee, ctx, pk)
        goal = goal_get(actor=employee, purpose=activity_code, trajectory=trajectory, pk=goal_pk)
        form = GoalProgressForm(request.POST, prefix=f"doel-{goal.pk}")
        if form.is_valid():
            try:
                goal_update(
                    actor=employee,
                    purpose=activity_code,
                    goal=goal,
                    progress=form.cleaned_data["progress"],
                    progress_note=form.cleaned_data["progress_note"],
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De voortgang is vastgelegd."))
                return _detail_redirect(activity_code, trajectory)
        forms = {"goal_progress": (goal.pk, form)}
        return _render_detail(
            request, employee=employee, ctx=ctx, trajectory=trajectory, forms=forms
        )
