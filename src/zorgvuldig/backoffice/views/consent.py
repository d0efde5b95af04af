"""Recording and withdrawing a resident's consent on their file (P04, P06).

Withdrawing is as easy as giving: one button on the file, one POST, no further questions. The
gate stops the processing that rests on the consent at once; the file then says so.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.downloads import attachment_response
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_file import ConsentForm
from zorgvuldig.core.errors import NotFound, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.core.uploads import content_type_for
from zorgvuldig.people.consent import consent_get, consent_give, consent_list, consent_withdraw
from zorgvuldig.people.selectors import resident_get


def _file(activity_code: str, resident):
    return redirect(
        "backoffice:resident_detail", activity_code=activity_code, public_id=resident.public_id
    )


@require_http_methods(["GET", "POST"])
@employee_view
def consent_create_view(request, activity_code: str, public_id):
    """Record a consent for this purpose: scope, how it was given, notice version, evidence."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        posted = request.method == "POST"
        form = ConsentForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            activity=ctx.activity,
            categories=ctx.activity.data_categories.filter(is_bsn=False),
            recipients=ctx.activity.recipients.all(),
        )
        if posted and form.is_valid():
            try:
                consent_give(
                    actor=employee, purpose=activity_code, resident=resident, **form.consent_data()
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("De toestemming is vastgelegd."))
                return _file(activity_code, resident)
        context = {"activity": ctx.activity, "resident": resident, "form": form}
        return render(request, "backoffice/consent/form.html", context)


@require_POST
@employee_view
def consent_withdraw_view(request, activity_code: str, public_id, pk: int):
    """Withdraw one consent: a single action, effective at once (Art. 7(3) AVG)."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code):
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        consents = consent_list(actor=employee, purpose=activity_code, resident=resident)
        # filter().first(), not get(): a consent of another resident in reach is simply not
        # this file's (404); the gate's hidden-row check would call it a need-to-know refusal.
        consent = consents.filter(pk=pk).first()
        if consent is None:
            raise NotFound()
        try:
            consent_withdraw(actor=employee, purpose=activity_code, consent=consent)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "De toestemming is ingetrokken. Verwerking die op deze toestemming steunt, "
                    "is direct gestopt."
                ),
            )
        return _file(activity_code, resident)


@require_GET
@employee_view
def consent_evidence_view(request, activity_code: str, public_id, pk: int):
    """Download the evidence of a consent (e.g. the signed form), through the gate."""
    employee = request.employee

    def load():
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        record = consent_get(actor=employee, purpose=activity_code, pk=pk)
        if record.resident_id != resident.pk:
            raise NotFound()
        name = f"toestemming-{record.pk}{PurePath(record.evidence.name).suffix.lower()}"
        return record.evidence, name, content_type_for(record.evidence.name)

    return attachment_response(processing(actor=employee, purpose=activity_code), load)
