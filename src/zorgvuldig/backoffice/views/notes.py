"""Writing a contact note on a resident's file (P01, P04, P06).

When the gate refuses the note -- special-category data without explicit consent or an Art. 9(2)
exemption (``no_art9_ground``), or a consent-based purpose whose consent was withdrawn
(``no_consent``) -- the employee gets an understandable message on the form, with the text kept,
instead of a refusal page: they can act on it (record the consent first). Nothing is stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgvuldig.backoffice import refusals
from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_file import NoteForm
from zorgvuldig.backoffice.resident_file import consent_basis_missing
from zorgvuldig.casework.services.notes import note_write
from zorgvuldig.core.errors import GateRefused, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.consent import consent_list
from zorgvuldig.people.selectors import resident_get
from zorgvuldig.registry.models import SpecialKind


def _refusal(form: NoteForm, exc: GateRefused) -> str:
    """The gate's refusal as on-form text (re-raised when it has none); marks the field."""
    kind = form.cleaned_data.get("special_kind", "")
    message = refusals.form_refusal(
        exc.code, special_kind=kind, kind_label=SpecialKind(kind).label if kind else ""
    )
    if message is None:
        raise exc
    if exc.code == "no_art9_ground":
        form.add_error("special_kind", _("Hiervoor is eerst uitdrukkelijke toestemming nodig."))
    return message


@require_http_methods(["GET", "POST"])
@employee_view
def note_create_view(request, activity_code: str, public_id):
    """Write a note under this purpose; refusals by the gate show on the form."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        form = NoteForm(request.POST if request.method == "POST" else None)
        refusal = None
        if request.method == "POST" and form.is_valid():
            try:
                note_write(
                    actor=employee, purpose=activity_code, resident=resident, **form.note_data()
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            except GateRefused as exc:
                refusal = _refusal(form, exc)
            else:
                messages.success(request, _("De notitie is opgeslagen."))
                return redirect(
                    "backoffice:resident_detail",
                    activity_code=activity_code,
                    public_id=resident.public_id,
                )
        consents = list(consent_list(actor=employee, purpose=activity_code, resident=resident))
        context = {
            "activity": ctx.activity,
            "resident": resident,
            "form": form,
            "refusal": refusal,
            "basis_missing": consent_basis_missing(ctx.activity, consents),
        }
        return render(request, "backoffice/notes/form.html", context)
