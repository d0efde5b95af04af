"""Guard against reaching personal data through joins from plain models (P08, P13).

The gated managers cover queries *on* personal-data models. A query on a plain model can still
join into one -- ``Assignment.objects.values("resident__surname")`` or
``Project.objects.filter(participations__resident__surname="...")`` -- and read or probe
personal fields without any scope or log. Every field path Django resolves (filters, values,
ordering, annotations, F expressions) passes ``Query.names_to_path``; this module wraps it so
that a query may follow a relation into a personal model (or its many-to-many link table) only
as far as ids, never into its fields -- except that a personal row may use the fields of the
row it points to directly (its resident, a goal's trajectory). The gate's own filters
(purpose, consent, Art. 9) are built under ``gate_internal()`` and are exempt.

Django has no hook for this, hence the wrapper (installed once from ``CoreConfig.ready``).
"""

from __future__ import annotations

from django.db.models import Field
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql.query import Query

from zorgvuldig.core.errors import GateMisuse

_original = Query.names_to_path


def _gated(model) -> bool:
    from zorgvuldig.core.models import PersonalDataModel

    return model is not None and issubclass(model, PersonalDataModel)


def _holds_personal(model) -> bool:
    """Gated models, and the auto-created link tables of their many-to-many fields."""
    if _gated(model):
        return True
    return bool(model is not None and model._meta.auto_created) and any(
        f.is_relation and _gated(f.related_model) for f in model._meta.fields
    )


def _allowed(query, names, path, final_field) -> bool:
    owner = final_field.model if isinstance(final_field, Field) else None
    if owner is None or not _holds_personal(owner):
        return True  # ends on a plain model's field
    if final_field.primary_key or final_field.is_relation:
        return True  # ids are pseudonymous
    base = query.model
    if _gated(base):
        # A personal row may use the fields of the row it points to directly (its resident,
        # a goal's trajectory): one forward hop, which stays with the same resident. Reverse
        # hops (a resident's notes) and longer paths could reach other rows or residents.
        return len(path) == 1 and path[0].direct
    return False


def _guarded_names_to_path(self, names, opts, allow_many=True, fail_on_missing=False):
    result = _original(self, names, opts, allow_many=allow_many, fail_on_missing=fail_on_missing)
    path, final_field = result[0], result[1]
    if not path or self.model is None or _gate_internal():
        return result
    if not any(_holds_personal(p.to_opts.model) for p in path):
        return result
    if _allowed(self, names, path, final_field):
        return result
    raise GateMisuse(
        f"a query on {self.model._meta.label} may not reach into personal-data fields "
        f"({LOOKUP_SEP.join(names)})"
    )


def _gate_internal() -> bool:
    from zorgvuldig.core.models import gate_internal_active

    return gate_internal_active()


def install() -> None:
    """Wrap ``Query.names_to_path`` once."""
    if Query.names_to_path is not _guarded_names_to_path:
        Query.names_to_path = _guarded_names_to_path
