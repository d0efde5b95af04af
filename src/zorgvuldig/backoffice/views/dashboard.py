"""The employee's start page and signing the confidentiality declaration (P07, P09).

The start page also lists the employee's overdue informing tasks and, for the privacy officer,
the number of overdue tasks per processing activity (``backoffice.informing_overview``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import DeclarationForm
from zorgvuldig.backoffice.informing_overview import overdue_for_employee, overdue_summary_for
from zorgvuldig.oversight.alerts.review import open_alert_count
from zorgvuldig.registry.selectors import activity_list
from zorgvuldig.staff.emergency import emergency_accesses_active
from zorgvuldig.staff.models import CASEWORK_ROLES, Role
from zorgvuldig.staff.selectors import activities_for_employee
from zorgvuldig.staff.services import declaration_sign

REGISTER_EXPORT_ROLES = {Role.PRIVACY_OFFICER, Role.ADMINISTRATOR}


def _dashboard(request, *, form: DeclarationForm | None = None):
    employee = request.employee
    declared = employee.has_current_declaration()
    activities = activities_for_employee(employee=employee) if declared else []
    context = {
        "employee": employee,
        "declared": declared,
        "declaration_version": settings.CONFIDENTIALITY_DECLARATION_VERSION,
        "declaration_form": form or DeclarationForm(),
        "activities": activities,
        "overdue": overdue_for_employee(employee=employee, activities=activities),
        "overdue_summary": overdue_summary_for(employee),
        "register_activities": (
            list(activity_list(active_only=True))
            if declared and employee.role in CASEWORK_ROLES
            else []
        ),
        "does_casework": employee.role in CASEWORK_ROLES,
        "emergency_accesses": (
            emergency_accesses_active(employee=employee)
            if declared and employee.role in CASEWORK_ROLES
            else []
        ),
        "may_export_register": employee.role in REGISTER_EXPORT_ROLES,
        "open_alerts": open_alert_count(reviewer=employee),
    }
    return render(request, "backoffice/dashboard.html", context)


@require_GET
@employee_view
def dashboard_view(request):
    """Who you are, whether you may reach personal data, and your purposes."""
    return _dashboard(request)


@require_POST
@employee_view
def declaration_sign_view(request):
    """Sign the current confidentiality declaration: an explicit act, with a tick box."""
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, form=form)
    declaration_sign(employee=request.employee)
    messages.success(
        request,
        _(
            "U hebt de geheimhoudingsverklaring getekend. U kunt nu de gegevens inzien van de "
            "inwoners die aan u of uw team zijn toegewezen."
        ),
    )
    return redirect("backoffice:dashboard")
