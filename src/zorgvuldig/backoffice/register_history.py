"""What changed between two versions of a processing activity, named in Dutch (P15)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from zorgvuldig.registry.models import ActivityVersion, ProcessingActivity

_DERIVED_LABELS = {
    "special_categories": _("bijzondere persoonsgegevens"),
    "uses_bsn": _("gebruik van het BSN"),
}


def snapshot_label(key: str) -> str:
    """The Dutch name of a snapshot key (a model field or a derived value)."""
    if key in _DERIVED_LABELS:
        return capfirst(_DERIVED_LABELS[key])
    try:
        return capfirst(ProcessingActivity._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def version_history(versions: list[ActivityVersion]) -> list[dict]:
    """Each version (newest first) with the names of the fields it changed."""
    ordered = sorted(versions, key=lambda v: v.number)
    history = []
    previous: dict | None = None
    for version in ordered:
        snapshot = version.snapshot or {}
        if previous is None:
            changed = []
        else:
            keys = sorted(set(snapshot) | set(previous))
            changed = [snapshot_label(k) for k in keys if snapshot.get(k) != previous.get(k)]
        history.append({"version": version, "changed": changed, "first": previous is None})
        previous = snapshot
    return list(reversed(history))
