"""How the vault plugs into the gate (registered from ``VaultConfig.ready``)."""

from __future__ import annotations

from zorgvuldig.vault import keys
from zorgvuldig.vault.fields import encrypted_field_names

# Residents whose key was shredded: the gate hides their rows from every context.
_ERASED_SQL = (
    "SELECT resident_id FROM vault_datakey "
    "WHERE shredded_at IS NOT NULL AND resident_id IS NOT NULL"
)


def erased_residents(model: type) -> tuple[str, list]:
    return _ERASED_SQL, []


def warm_keys(model: type, instances: list) -> None:
    """One query for the keys of every resident in a result, instead of one per row."""
    if instances and (encrypted_field_names(model) or _has_encrypted_file(model)):
        keys.prefetch({instance.gate_resident_id() for instance in instances})


def _has_encrypted_file(model: type) -> bool:
    return any(getattr(f, "encrypted_contents", False) for f in model._meta.concrete_fields)
