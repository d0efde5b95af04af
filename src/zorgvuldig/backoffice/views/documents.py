"""Documents: uploading one to a resident's file or trajectory, and downloading it (P12, P13).

The upload check (type, size, content against the extension) lives in ``core.uploads`` and
runs inside ``document_upload``; a refused file gets a field error and nothing is stored.
A download passes the gate like any read and is served only as an attachment, with headers
that stop the browser from sniffing, rendering or caching it.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zorgvuldig.backoffice.access import employee_view
from zorgvuldig.backoffice.downloads import attachment_response
from zorgvuldig.backoffice.forms import add_service_errors
from zorgvuldig.backoffice.forms_casework import DocumentUploadForm
from zorgvuldig.casework.selectors import document_get, trajectory_get
from zorgvuldig.casework.services.notes import document_upload
from zorgvuldig.core.errors import NotFound, ValidationFailed
from zorgvuldig.core.gate import processing
from zorgvuldig.people.selectors import resident_get

# A downloaded document must never run as a page of ours: no sniffing, no scripts, no cache.


def _trajectory_from_query(request, *, employee, ctx):
    """The trajectory named by ``?traject=``: absent, or reachable under this purpose."""
    pk = request.GET.get("traject", "")
    if not pk:
        return None
    trajectory = trajectory_get(actor=employee, purpose=ctx.activity.code, pk=pk)
    if trajectory.activity_id != ctx.activity.pk:
        raise NotFound()
    return trajectory


def _after_upload(activity_code: str, resident, trajectory):
    if trajectory is not None:
        return redirect(
            "backoffice:trajectory_detail", activity_code=activity_code, pk=trajectory.pk
        )
    return redirect(
        "backoffice:resident_detail", activity_code=activity_code, public_id=resident.public_id
    )


@require_http_methods(["GET", "POST"])
@employee_view
def document_upload_view(request, activity_code: str, public_id):
    """Attach a document to a resident's file, or to one of their trajectories."""
    employee = request.employee
    with processing(actor=employee, purpose=activity_code) as ctx:
        resident = resident_get(actor=employee, purpose=activity_code, public_id=public_id)
        trajectory = _trajectory_from_query(request, employee=employee, ctx=ctx)
        posted = request.method == "POST"
        form = DocumentUploadForm(
            request.POST if posted else None, request.FILES if posted else None
        )
        if posted and form.is_valid():
            try:
                document_upload(
                    actor=employee,
                    purpose=activity_code,
                    resident=resident,
                    uploaded=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    trajectory=trajectory,
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Het document is opgeslagen."))
                return _after_upload(activity_code, resident, trajectory)
        context = {
            "activity": ctx.activity,
            "resident": resident,
            "trajectory": trajectory,
            "form": form,
        }
        return render(request, "backoffice/documents/upload.html", context)


@require_GET
@employee_view
def document_download_view(request, activity_code: str, pk: int):
    """Send a document as a download, after the gate has allowed and logged the read."""
    employee = request.employee

    def load():
        document = document_get(actor=employee, purpose=activity_code, public_id=pk)
        return document.file, document.original_name, document.content_type

    return attachment_response(processing(actor=employee, purpose=activity_code), load)
