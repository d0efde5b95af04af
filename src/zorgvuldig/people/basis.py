"""The legal-basis rules the people app adds to the gate (P04, P06, P08).

- Consent as lawful ground: under an activity whose ground is consent, only residents with an
  active consent record for that activity are reachable; withdrawing stops processing at once.
- Special categories (Art. 9): a row classified as special may be read or written only when
  the activity records an Art. 9(2) exemption other than consent covering that kind, or the
  resident gave *explicit* consent for this activity covering a category of that kind.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from zorgvuldig.core import hooks
from zorgvuldig.core.models import gate_internal
from zorgvuldig.registry.models import Art9Exemption, LawfulGround


def consent_basis_filter(activity):
    """SQL for residents with active consent, when the activity's ground is consent."""
    if activity.lawful_ground != LawfulGround.CONSENT:
        return None
    from zorgvuldig.people.models import ConsentRecord

    table = ConsentRecord._meta.db_table
    sql = (
        f"SELECT c.resident_id FROM {table} c WHERE c.activity_id = %s "  # noqa: S608
        "AND c.given_at <= %s AND c.withdrawn_at IS NULL"
    )
    return sql, [activity.pk, timezone.now()]


def exempted_special_kinds(activity) -> set[str]:
    """Special kinds the activity may process without the resident's explicit consent."""
    if activity.art9_exemption in ("", Art9Exemption.A):
        return set()
    version = activity.current_version
    return set(version.snapshot.get("special_categories", [])) if version else set()


def _explicit_consents(activity, resident_ref, kind_ref):
    from zorgvuldig.people.models import ConsentRecord

    through = ConsentRecord.categories.through
    return through.objects.filter(
        consentrecord__resident_id=resident_ref,
        consentrecord__activity_id=activity.pk,
        consentrecord__explicit=True,
        consentrecord__withdrawn_at__isnull=True,
        consentrecord__given_at__lte=timezone.now(),
        datacategory__special_kind=kind_ref,
    )


def special_read_q(ctx, model) -> Q:
    field = model.gate_special_field
    allowed = Q(**{field: ""}) | Q(**{f"{field}__in": exempted_special_kinds(ctx.activity)})
    resident_attname = model.gate_resident_attname()
    return allowed | Q(
        Exists(_explicit_consents(ctx.activity, OuterRef(resident_attname), OuterRef(field)))
    )


def special_write_refusal(ctx, obj) -> str | None:
    kind = getattr(obj, obj.gate_special_field)
    if not kind or kind in exempted_special_kinds(ctx.activity):
        return None
    with gate_internal():
        explicit = _explicit_consents(ctx.activity, obj.gate_resident_id(), kind).exists()
    if explicit:
        return None
    return "no_art9_ground"


def register() -> None:
    hooks.register_basis_filter(consent_basis_filter)
    hooks.register_special_category_rule(
        hooks.SpecialCategoryRule(read_q=special_read_q, write_refusal=special_write_refusal)
    )
