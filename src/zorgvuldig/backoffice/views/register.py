"""The register of processing activities (P15): readable by every employee, since it is
public information; exportable by the privacy officer and administrators only.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.register_history import version_history
from zorgvuldig.registry.selectors import (
    activity_get,
    activity_list,
    register_export_csv,
    register_export_json,
)
from zorgvuldig.staff.models import Role

EXPORT_ROLES = (Role.PRIVACY_OFFICER, Role.ADMINISTRATOR)


@require_GET
@employee_view
def register_list_view(request):
    context = {
        "activities": activity_list(),
        "may_export": request.employee.role in EXPORT_ROLES,
    }
    return render(request, "backoffice/register/list.html", context)


@require_GET
@employee_view
def register_detail_view(request, code: str):
    activity = activity_get(code=code)
    context = {
        "activity": activity,
        "subject_categories": [
            line.strip() for line in activity.subject_categories.splitlines() if line.strip()
        ],
        "history": version_history(list(activity.versions.all())),
    }
    return render(request, "backoffice/register/detail.html", context)


def _download(content: str, *, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"verwerkingsregister-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@employee_view
@roles_required(*EXPORT_ROLES, refusal="export_not_allowed")
def register_export_json_view(request):
    return _download(
        register_export_json(), content_type="application/json; charset=utf-8", extension="json"
    )


@require_GET
@employee_view
@roles_required(*EXPORT_ROLES, refusal="export_not_allowed")
def register_export_csv_view(request):
    return _download(register_export_csv(), content_type="text/csv; charset=utf-8", extension="csv")
