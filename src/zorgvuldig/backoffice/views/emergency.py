"""Break the glass: the emergency-access page and ending it early (P13, P14).

A case worker or team lead names a resident who is not assigned to them and says why; the
service (``people.emergency.emergency_access_open``) checks, looks the resident up through the
gate, stores the time-limited grant and logs it. The identification (BSN, surname, date of
birth) is POSTed only, never put in a URL; the page redirects to the resident's file, which
shows a banner with the end time and a button to end the access early.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view, roles_required
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_emergency import EmergencyAccessForm
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.people.emergency import (
    EmergencyAccessNotNeeded,
    ResidentNotIdentified,
    emergency_access_open,
)
from zorgvuldig.registry.selectors import activity_list
from zorgvuldig.staff.emergency import emergency_access_end
from zorgvuldig.staff.models import Role

TEMPLATE = "backoffice/emergency/form.html"


def duration_text() -> str:
    """How long emergency access lasts, in words ("4 uur", "90 minuten")."""
    minutes = settings.EMERGENCY_ACCESS_MINUTES
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}
    return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}


def _until(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


def _open(request, form: EmergencyAccessForm):
    """Run the service for a valid form: a redirect to the file, or None (errors on the form)."""
    try:
        opened = emergency_access_open(employee=request.employee, **form.service_arguments())
    except ValidationFailed as exc:
        add_service_errors(form, exc)
    except ResidentNotIdentified as exc:
        form.add_error(None, exc.message)
    except EmergencyAccessNotNeeded as exc:
        form.add_error(None, exc.message)
        form.in_reach_url = reverse(
            "backoffice:resident_detail",
            kwargs={
                "activity_code": form.cleaned_data["purpose"],
                "public_id": exc.resident_public_id,
            },
        )
    else:
        messages.warning(
            request,
            _(
                "U hebt noodtoegang tot dit dossier tot %(until)s. Uw teamleider en de "
                "privacyfunctionaris krijgen hiervan bericht."
            )
            % {"until": _until(opened.access.expires_at)},
        )
        return redirect(
            "backoffice:resident_detail",
            activity_code=form.cleaned_data["purpose"],
            public_id=opened.resident_public_id,
        )
    return None


@require_http_methods(["GET", "POST"])
@employee_view
@roles_required(Role.CASE_WORKER, Role.TEAM_LEAD, refusal="role_not_allowed")
def emergency_access_view(request):
    """Ask for emergency access to a resident's file: purpose, identification, reason."""
    if not request.employee.has_current_declaration():
        return refusals.forbidden(request, "no_confidentiality_declaration")
    activities = list(activity_list(active_only=True))
    posted = request.method == "POST"
    initial = {"purpose": request.GET.get("doel", "")}
    form = EmergencyAccessForm(
        request.POST if posted else None, initial=initial, activities=activities
    )
    form.in_reach_url = None
    if posted and form.is_valid():
        response = _open(request, form)
        if response is not None:
            return response
    context = {"form": form, "duration": duration_text()}
    return render(request, TEMPLATE, context)


@require_POST
@employee_view
def emergency_access_end_view(request, pk: int):
    """End one's own emergency access now; the file is out of reach again."""
    emergency_access_end(employee=request.employee, access_id=pk)
    messages.success(request, _("Uw noodtoegang is beëindigd."))
    return redirect("backoffice:dashboard")
