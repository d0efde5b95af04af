"""Consent records: giving and withdrawing, each one action (P04, P06).

Withdrawal takes effect at once: the gate's consent filter (people.basis) stops processing that
depends on it, and Art. 9 reads that relied on explicit consent are refused from then on.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from zorgvuldig.core.context import SystemActor
from zorgvuldig.core.errors import NotFound, ValidationFailed
from zorgvuldig.core.gate import processing_atomic, require_open
from zorgvuldig.core.uploads import files_removed_on_failure, validate_upload
from zorgvuldig.people.models import ConsentRecord, Resident

RETENTION_MONITOR = SystemActor("retention-monitor")


def _validate(*, activity, categories, recipients, method, notice_version, given_at, explicit):
    errors: dict[str, list[str]] = {}
    allowed = set(activity.data_categories.values_list("pk", flat=True))
    if not categories:
        errors["categories"] = [_("Kies voor welke gegevens de toestemming geldt.")]
    elif any(c.pk not in allowed for c in categories):
        errors["categories"] = [_("Kies alleen gegevens die bij dit doel in het register staan.")]
    if any(c.is_special for c in categories) and not explicit:
        errors["explicit"] = [
            _("Voor bijzondere persoonsgegevens is uitdrukkelijke toestemming nodig.")
        ]
    if any(c.is_bsn for c in categories):
        errors.setdefault("categories", []).append(
            _("Toestemming is nooit een grondslag voor het BSN.")
        )
    allowed_recipients = set(activity.recipients.values_list("pk", flat=True))
    if any(r.pk not in allowed_recipients for r in recipients):
        errors["recipients"] = [_("Kies alleen ontvangers die bij dit doel in het register staan.")]
    if method not in ConsentRecord.Method.values:
        errors["method"] = [_("Kies hoe de toestemming is verkregen.")]
    if not notice_version.strip():
        errors["notice_version"] = [_("Vermeld welke versie van de informatietekst is getoond.")]
    if given_at is None:
        errors["given_at"] = [_("Vul in wanneer de toestemming is gegeven.")]
    elif given_at > timezone.now() + dt.timedelta(minutes=5):
        errors["given_at"] = [_("Het moment van toestemming kan niet in de toekomst liggen.")]
    if errors:
        raise ValidationFailed(_("Controleer de gemarkeerde velden."), fields=errors)


def consent_give(
    *,
    actor,
    purpose,
    resident: Resident,
    categories,
    method: str,
    notice_version: str,
    given_at=None,
    explicit: bool = False,
    recipients=(),
    evidence=None,
) -> ConsentRecord:
    """Record a consent for ``purpose``; evidence (a signed form) is optional."""
    with (
        files_removed_on_failure() as written,
        processing_atomic(actor=actor, purpose=purpose) as ctx,
    ):
        categories, recipients = list(categories), list(recipients)
        given_at = given_at or timezone.now()
        _validate(
            activity=ctx.activity,
            categories=categories,
            recipients=recipients,
            method=method,
            notice_version=notice_version,
            given_at=given_at,
            explicit=explicit,
        )
        record = ConsentRecord(
            resident=resident,
            activity=ctx.activity,
            explicit=explicit,
            method=method,
            notice_version=notice_version.strip()[:40],
            given_at=given_at,
            recorded_by=actor.actor_ref,
        )
        record.gate_check_write(ctx, creating=True)  # refuse before writing any file
        if evidence is not None:
            name, _type, _size = validate_upload(evidence, field="evidence")
            record.evidence.save(name, evidence, save=False)
            written.append(record.evidence)
        record.save()
        record.categories.set(categories)
        record.recipients.set(recipients)
        ctx.forget_scope()
        return record


def consent_withdraw(*, actor, purpose, consent: ConsentRecord) -> ConsentRecord:
    """Withdraw a consent: one action, effective immediately (Art. 7(3))."""
    with processing_atomic(actor=actor, purpose=purpose) as ctx:
        if consent.withdrawn_at is not None:
            raise ValidationFailed(
                _("Deze toestemming is al ingetrokken."),
                fields={"consent": [_("Deze toestemming is al ingetrokken.")]},
            )
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        ctx.forget_scope()
        return consent


def consent_list(*, actor, purpose, resident: Resident):
    """Consents of this resident for the open purpose, newest first."""
    ctx = require_open(actor=actor, purpose=purpose)
    return ConsentRecord.objects.filter(resident=resident, activity=ctx.activity).prefetch_related(
        "categories", "recipients"
    )


def consent_get(*, actor, purpose, pk) -> ConsentRecord:
    """One consent record for the open purpose, or NotFound (missing or out of reach alike)."""
    ctx = require_open(actor=actor, purpose=purpose)
    try:
        return ConsentRecord.objects.filter(activity=ctx.activity).get(pk=pk)
    except (ConsentRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def consent_withdrawals_due_for_retention(*, since=None) -> list[dict]:
    """Withdrawn consents whose dependent data is due for retention handling (P04, P10).

    Returns ids only (consent, resident, purpose, withdrawn at) for the retention sweep that a
    later issue builds; ``withdrawn_at`` is the trigger and is stored with the consent. Runs
    as the named system actor ``retention-monitor``, one processing context per purpose.
    """
    from zorgvuldig.core.gate import processing
    from zorgvuldig.registry.models import ProcessingActivity

    rows: list[dict] = []
    for activity in ProcessingActivity.objects.filter(is_active=True):
        with processing(actor=RETENTION_MONITOR, purpose=activity):
            withdrawn = ConsentRecord.objects.filter(withdrawn_at__isnull=False)
            if since is not None:
                withdrawn = withdrawn.filter(withdrawn_at__gte=since)
            rows += [
                {
                    "consent_id": pk,
                    "resident_id": resident_id,
                    "activity": activity.code,
                    "withdrawn_at": at,
                }
                for pk, resident_id, at in withdrawn.values_list(
                    "pk", "resident_id", "withdrawn_at"
                )
            ]
    return rows
