"""Writes to the register: one function per use case, each atomic (P03, P05, P06, P15)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.registry.models import (
    ActivityVersion,
    DataCategory,
    LawfulGround,
    ProcessingActivity,
    Recipient,
)

SNAPSHOT_FIELDS = [
    "code",
    "name",
    "purpose",
    "lawful_ground",
    "lawful_ground_detail",
    "art9_exemption",
    "art9_detail",
    "bsn_legal_basis",
    "subject_categories",
    "retention_policy",
    "retention_period",
    "security_measures",
    "controller_contact",
    "dpo_contact",
    "is_active",
]


def activity_validate(*, activity: ProcessingActivity, categories: Iterable[DataCategory]) -> None:
    """Raise ValidationFailed with field-level messages when the activity breaks a rule."""
    categories = list(categories)
    errors: dict[str, list[str]] = {}
    try:
        # Field rules (lengths, choices, required) first: the database only enforces some.
        activity.clean_fields(exclude=["current_version"])
    except DjangoValidationError as exc:
        errors.update({field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()})
    if activity.lawful_ground not in LawfulGround.values:
        errors.setdefault("lawful_ground", []).append(_("Kies een van de zes grondslagen."))
    if any(c.is_special for c in categories) and not activity.art9_exemption:
        errors.setdefault("art9_exemption", []).append(
            _(
                "Deze verwerking bevat bijzondere persoonsgegevens: leg de uitzondering van "
                "art. 9 lid 2 vast."
            )
        )
    if any(c.is_bsn for c in categories):
        if not activity.bsn_legal_basis.strip():
            errors.setdefault("bsn_legal_basis", []).append(
                _("Het BSN mag alleen worden verwerkt met een wettelijke grondslag; vul die in.")
            )
        if activity.lawful_ground == LawfulGround.CONSENT:
            errors.setdefault("lawful_ground", []).append(
                _("Toestemming is nooit een grondslag voor het BSN (UAVG art. 46).")
            )
    if (
        activity.lawful_ground != LawfulGround.CONSENT
        and activity.lawful_ground
        and not (activity.lawful_ground_detail.strip())
    ):
        errors.setdefault("lawful_ground_detail", []).append(
            _("Licht de grondslag toe (wet en artikel, overeenkomst of belangenafweging).")
        )
    if errors:
        raise ValidationFailed(_("De verwerkingsactiviteit is niet geldig."), fields=errors)


def activity_snapshot(*, activity: ProcessingActivity) -> dict:
    """Return the JSON snapshot of an activity as stored in its versions."""
    categories = list(activity.data_categories.order_by("code"))
    snapshot = {name: getattr(activity, name) for name in SNAPSHOT_FIELDS}
    snapshot["data_categories"] = [c.code for c in categories]
    snapshot["special_categories"] = sorted(c.special_kind for c in categories if c.is_special)
    snapshot["uses_bsn"] = any(c.is_bsn for c in categories)
    snapshot["recipients"] = sorted(activity.recipients.values_list("name", flat=True))
    return snapshot


@transaction.atomic
def activity_record_version(*, activity: ProcessingActivity, changed_by: str) -> ActivityVersion:
    """Store a new version when the activity differs from its current version."""
    activity = ProcessingActivity.objects.select_for_update().get(pk=activity.pk)
    snapshot = activity_snapshot(activity=activity)
    current = activity.current_version
    if current is not None and current.snapshot == snapshot:
        return current
    number = (current.number + 1) if current else 1
    version = ActivityVersion.objects.create(
        activity=activity, number=number, snapshot=snapshot, created_by=changed_by
    )
    ProcessingActivity.objects.filter(pk=activity.pk).update(current_version=version)
    return version


@transaction.atomic
def activity_save(
    *,
    changed_by: str,
    activity: ProcessingActivity,
    data_categories: Iterable[DataCategory],
    recipients: Iterable[Recipient] = (),
) -> ProcessingActivity:
    """Validate and save an activity with its categories; a change makes a new version."""
    data_categories = list(data_categories)
    activity_validate(activity=activity, categories=data_categories)
    activity.save()
    activity.data_categories.set(data_categories)
    activity.recipients.set(list(recipients))
    activity.current_version = activity_record_version(activity=activity, changed_by=changed_by)
    return activity
