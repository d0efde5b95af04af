"""Registering and changing a resident (P03, P07, P13).

The forms only shape input; ``resident_register``/``resident_update`` validate and store it.
When they raise ``ValidationFailed`` nothing was stored, and the page shows the field errors
with the input kept. Success redirects to the file (post/redirect/get) with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import ResidentForm, add_service_errors
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import PERSONAL_FIELDS
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.people.services import resident_register, resident_update

TEMPLATE = "backoffice/residents/form.html"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _detail_redirect(activity_code: str, resident):
    return redirect(
        "backoffice:resident_detail", activity_code=activity_code, public_id=resident.public_id
    )


@require_http_methods(["GET", "POST"])
@employee_view
def resident_create_view(request, activity_code: str):
    """Register a new resident under this purpose; the employee is assigned to them."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        if not employee.may_register_residents(ctx.activity):
            return refusals.forbidden(request, "role_not_allowed")
        uses_bsn = ctx.activity.uses_bsn()
        form = ResidentForm(_posted(request), uses_bsn=uses_bsn)
        if request.method == "POST" and form.is_valid():
            try:
                resident = resident_register(
                    actor=employee,
                    purpose=activity_code,
                    data=form.resident_data(),
                    **form.source(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De inwoner is geregistreerd."))
                return _detail_redirect(activity_code, resident)
        context = {"activity": ctx.activity, "form": form, "resident": None}
        return render(request, TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@employee_view
def resident_edit_view(request, activity_code: str, public_id):
    """Change a resident's data; each changed datum records its source."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        uses_bsn = ctx.activity.uses_bsn()
        initial = {name: getattr(resident, name) for name in PERSONAL_FIELDS}
        form = ResidentForm(_posted(request), initial=initial, uses_bsn=uses_bsn)
        if request.method == "POST" and form.is_valid():
            try:
                resident_update(
                    actor=employee,
                    purpose=activity_code,
                    resident=resident,
                    data=form.resident_data(),
                    **form.source(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De gegevens zijn opgeslagen."))
                return _detail_redirect(activity_code, resident)
        context = {"activity": ctx.activity, "form": form, "resident": resident}
        return render(request, TEMPLATE, context)
