"""How the vault plugs into the gate (registered from ``VaultConfig.ready``)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist

from zorgvuldig.vault import keys
from zorgvuldig.vault.fields import encrypted_field_names

# Residents whose key was shredded: the gate hides their rows from every context.
_ERASED_SQL = (
    "SELECT resident_id FROM vault_datakey "
    "WHERE shredded_at IS NOT NULL AND resident_id IS NOT NULL"
)


def erased_residents(model: type) -> tuple[str, list]:
    return _ERASED_SQL, []


def warm_keys(queryset, instances: list) -> None:
    """One query for the keys of every resident in a result, instead of one per row.

    Also when the rows themselves hold nothing encrypted but bring a resident along
    (``select_related``): their residents are the rows' own (the gate checks that).
    """
    if instances and _reads_sealed(queryset.model, queryset.query.select_related):
        keys.prefetch({instance.gate_resident_id() for instance in instances})


def _has_sealed(model: type) -> bool:
    return bool(encrypted_field_names(model)) or any(
        getattr(f, "encrypted_contents", False) for f in model._meta.concrete_fields
    )


def _reads_sealed(model: type, related) -> bool:
    if _has_sealed(model):
        return True
    if related is True:
        return True
    for name, nested in (related or {}).items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        target = field.related_model
        if target is not None and _reads_sealed(target, nested):
            return True
    return False
