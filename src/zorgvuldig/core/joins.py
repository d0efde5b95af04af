"""Guard against reaching personal data through joins from plain models (P08, P13).

The gated managers cover queries *on* personal-data models. A query on a plain model can still
join into one -- ``Assignment.objects.values("resident__surname")`` or
``Project.objects.filter(participations__resident__surname="...")`` -- and read or probe
personal fields without any scope or log. Every field path Django resolves (filters, values,
ordering, annotations, F expressions) passes ``Query.names_to_path``; this module wraps it so
that a query whose base model is *not* personal may follow a relation to a personal model only
as far as its primary key (the pseudonymous id), never into its fields.

Django has no hook for this, hence the wrapper (installed once from ``CoreConfig.ready``).
"""

from __future__ import annotations

from django.db.models import Field
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql.query import Query

from zorgvuldig.core.errors import GateMisuse

_original = Query.names_to_path


def _is_personal(model) -> bool:
    from zorgvuldig.core.models import PersonalDataModel

    if model is None:
        return False
    if issubclass(model, PersonalDataModel):
        return True
    # The rows of an auto-created many-to-many table belong to the personal model they link.
    if model._meta.auto_created:
        return any(
            f.is_relation and f.related_model and issubclass(f.related_model, PersonalDataModel)
            for f in model._meta.fields
        )
    return False


def _guarded_names_to_path(self, names, opts, allow_many=True, fail_on_missing=False):
    result = _original(self, names, opts, allow_many=allow_many, fail_on_missing=fail_on_missing)
    path, final_field = result[0], result[1]
    if not path or self.model is None or _is_personal(self.model):
        return result
    owner = final_field.model if isinstance(final_field, Field) else None
    if owner is None or not _is_personal(owner):
        return result
    if not any(_is_personal(p.to_opts.model) for p in path):
        return result
    # The id of a personal row is pseudonymous; so is a link row of its many-to-many table
    # (needed by prefetch_related on plain models such as data categories).
    if final_field.primary_key or (owner._meta.auto_created and final_field.is_relation):
        return result
    raise GateMisuse(
        f"a query on {self.model._meta.label} may not reach into personal-data fields "
        f"({LOOKUP_SEP.join(names)})"
    )


def install() -> None:
    """Wrap ``Query.names_to_path`` once."""
    if Query.names_to_path is not _guarded_names_to_path:
        Query.names_to_path = _guarded_names_to_path
