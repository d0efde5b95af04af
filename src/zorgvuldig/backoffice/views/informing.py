"""Completing an informing task on a resident's file (Art. 13/14 AVG; P06, P07).

One page per task with three small forms, each its own POST (``actie``): the resident was
informed (when, how), an Art. 14(5) exception applies (which, why), or a first contact or
disclosure happened, which brings the deadline forward (Art. 14(3)).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_file import ContactForm, ExemptionForm, InformedForm
from zorgvuldig.core.errors import NotFound, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.informing import (
    informing_complete,
    informing_exempt,
    informing_record_contact,
    informing_tasks,
)
from zorgvuldig.people.models import InformingTask
from zorgvuldig.people.selectors import resident_get

# actie -> (form class, service, success message); the form's prefix is the actie. The
# messages are lazy: this dict is built at import, the language is the request's.
ACTIONS = {
    "geinformeerd": (
        InformedForm,
        informing_complete,
        _("Vastgelegd dat de inwoner is geïnformeerd."),
    ),
    "uitzondering": (
        ExemptionForm,
        informing_exempt,
        _("De uitzondering op de informatieplicht is vastgelegd."),
    ),
    "contact": (
        ContactForm,
        informing_record_contact,
        _("Vastgelegd. De uiterste datum om te informeren is zo nodig vervroegd."),
    ),
}


def _task(*, employee, activity, resident, pk) -> InformingTask:
    """This purpose's task of this resident, or NotFound (the same for missing and hidden)."""
    tasks = informing_tasks(actor=employee, purpose=activity, resident=resident)
    # filter().first(), not get(): the resident is in reach already (resident_get), and a task
    # of another resident or purpose is simply not this page's (404).
    task = tasks.filter(activity=activity, pk=pk).first()
    if task is None:
        raise NotFound()
    return task


def _forms(request, task: InformingTask) -> tuple[dict, str | None]:
    """The task's forms, the posted one bound; exceptions only for data from someone else."""
    action = request.POST.get("actie") if request.method == "POST" else None
    names = ["geinformeerd", "contact"]
    if task.reason == InformingTask.Reason.SOURCE:
        names.insert(1, "uitzondering")
    forms = {
        name: ACTIONS[name][0](request.POST if name == action else None, prefix=name)
        for name in names
    }
    return forms, action if action in forms else None


@require_http_methods(["GET", "POST"])
@employee_view
def informing_task_view(request, activity_code: str, public_id, pk: int):
    """An informing task with its deadline, and the forms that complete or advance it."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        task = _task(employee=employee, activity=ctx.activity, resident=resident, pk=pk)
        is_open = task.status == InformingTask.Status.OPEN
        forms, action = _forms(request, task) if is_open else ({}, None)
        if action and forms[action].is_valid():
            _form_class, service, success = ACTIONS[action]
            try:
                service(
                    actor=employee, purpose=activity_code, task=task, **forms[action].service_data()
                )
            except ValidationFailed as exc:
                add_service_errors(forms[action], exc)
            else:
                messages.success(request, success)
                if task.status == InformingTask.Status.OPEN:
                    return redirect(request.path)
                return redirect(
                    "backoffice:resident_detail",
                    activity_code=activity_code,
                    public_id=resident.public_id,
                )
        context = {
            "activity": ctx.activity,
            "resident": resident,
            "task": task,
            "forms": forms,
            "now": timezone.now(),
        }
        return render(request, "backoffice/informing/task.html", context)
