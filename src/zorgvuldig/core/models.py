"""Personal-data models and the ORM-level half of the processing gate (P08, P13).

Every model that holds personal data subclasses :class:`PersonalDataModel`. Its managers
(default *and* base manager, so relation traversal is covered too) hand out querysets only
inside an open processing context, already filtered to the residents the actor may process.
:meth:`PersonalDataModel.from_db` is the backstop: every instance Django materialises -- from
the model's own queries, ``select_related`` from other models, prefetching, deferred loading --
passes it, is checked against the actor's scope and is remembered for the processing log.

Paths the gate cannot guard (``raw()``, ``union()`` and friends) raise :class:`GateMisuse`.
Django's admin is not registered for these models; the back-office goes through services.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.expressions import RawSQL

from zorgvuldig.core import context, hooks
from zorgvuldig.core.errors import GateClosed, GateMisuse, GateRefused

# The gated model whose own queryset is being fetched: its rows are already scope-filtered,
# so from_db needs no second check for them (it still records them for the log).
_fetching_root: contextvars.ContextVar[type | None] = contextvars.ContextVar(
    "zorgvuldig_gate_fetching_root", default=None
)
# Set while the gate itself reads resident ids (for logging), so that is not logged as a read.
_internal: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "zorgvuldig_gate_internal", default=False
)


@contextlib.contextmanager
def gate_internal():
    """Mark queries the gate itself builds (scope, purpose, basis filters) as trusted."""
    token = _internal.set(True)
    try:
        yield
    finally:
        _internal.reset(token)


def gate_internal_active() -> bool:
    return _internal.get()


def _gate():
    # Imported late: the gate needs the register and the log, which load after this module.
    from zorgvuldig.core import gate

    return gate


class GatedQuerySet(models.QuerySet):
    """A queryset bound to the processing context it was created in."""

    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model=model, query=query, using=using, hints=hints)
        self._gate_ctx: context.ProcessingContext | None = None

    def _clone(self):
        clone = super()._clone()
        clone._gate_ctx = self._gate_ctx
        return clone

    # -- the check every evaluation path runs ------------------------------------------------

    def _gate_check(self) -> context.ProcessingContext:
        ctx = context.require(self.model._meta.label)
        if self._gate_ctx is not ctx:
            raise GateClosed("a personal-data queryset was used outside the context it was made in")
        return ctx

    @property
    def _gate_path(self) -> str:
        return self.model.gate_resident_path

    # -- reads --------------------------------------------------------------------------------

    def _fetch_all(self):
        if self._result_cache is not None:
            return
        self._gate_check()
        token = _fetching_root.set(self.model)
        try:
            super()._fetch_all()
        finally:
            _fetching_root.reset(token)
        if issubclass(self._iterable_class, models.query.ModelIterable):
            hooks.after_fetch(self, self._result_cache)
        elif not _internal.get():
            self._gate_record_values_read()

    def _gate_record_values_read(self) -> None:
        """values()/values_list() build no instances: look the residents up to log them."""
        ctx = self._gate_check()
        ids_qs = GatedQuerySet(model=self.model, query=self.query.chain(), using=self._db)
        ids_qs._gate_ctx = ctx
        token = _internal.set(True)
        try:
            ids = set(ids_qs.values_list(self._gate_path, flat=True))
        finally:
            _internal.reset(token)
        for resident_id in ids:
            if resident_id is not None:
                ctx.record_read(resident_id, self.model._meta.label_lower)

    def _gate_refuse_sealed(self, names) -> None:
        """values()/values_list() would hand out ciphertext: refuse encrypted fields."""
        for name in names or [f.name for f in self.model._meta.concrete_fields]:
            if not isinstance(name, str):
                continue
            model, field = self.model, None
            for part in name.split("__"):
                try:
                    field = model._meta.get_field(part)
                except FieldDoesNotExist:  # an annotation or a transform
                    field = None
                    break
                model = field.related_model or model
            if getattr(field, "encrypted", False):
                raise GateMisuse("encrypted fields are read from model instances, not values()")

    def values(self, *fields, **expressions):
        self._gate_refuse_sealed(fields)
        return super().values(*fields, **expressions)

    def values_list(self, *fields, flat=False, named=False):
        self._gate_refuse_sealed(fields)
        return super().values_list(*fields, flat=flat, named=named)

    def iterator(self, chunk_size=None):
        self._gate_check()
        token = _fetching_root.set(self.model)
        try:
            yield from super().iterator(chunk_size=chunk_size)
        finally:
            _fetching_root.reset(token)

    def get(self, *args, **kwargs):
        try:
            return super().get(*args, **kwargs)
        except self.model.DoesNotExist:
            # Same answer as "missing" (P13), but a refusal for an existing resident is logged.
            _gate().log_refusal_if_hidden(self, args, kwargs)
            raise

    def count(self):
        self._gate_check()
        return super().count()

    def exists(self):
        self._gate_check()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._gate_check()
        return super().aggregate(*args, **kwargs)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery inside another query: still needs the context it was made in.
        self._gate_check()
        return super().resolve_expression(*args, **kwargs)

    # -- writes -------------------------------------------------------------------------------

    def _gate_resident_ids(self) -> set:
        token = _internal.set(True)
        try:
            return set(self._chain().values_list(self._gate_path, flat=True))
        finally:
            _internal.reset(token)

    def update(self, **kwargs):
        ctx = self._gate_check()
        special = self.model.gate_special_field
        if special and kwargs.get(special):
            # The Art. 9 rule is checked per row in save(); a bulk update cannot apply it.
            raise GateMisuse("classify special-category data through save(), not update()")
        with transaction.atomic(using=self.db):
            ids = self._gate_resident_ids()
            rows = super().update(**kwargs)
            _gate().log_writes(ctx, "update", self.model._meta.label_lower, ids)
        return rows

    def _update(self, values):
        self._gate_check()
        return super()._update(values)

    def delete(self):
        ctx = self._gate_check()
        with transaction.atomic(using=self.db):
            ids = self._gate_resident_ids()
            result = super().delete()
            _gate().log_writes(ctx, "delete", self.model._meta.label_lower, ids)
        return result

    def _raw_delete(self, using):
        self._gate_check()
        return super()._raw_delete(using)

    def bulk_create(self, objs, *args, **kwargs):
        ctx = self._gate_check()
        objs = list(objs)
        for obj in objs:
            obj.gate_check_write(ctx, creating=True)
        for obj in objs:
            obj._write_scratch = {}  # one key read per object, as in save()
        try:
            with transaction.atomic(using=self.db):
                created = super().bulk_create(objs, *args, **kwargs)
                for obj in created:
                    obj.gate_after_write()
                ids = {obj.gate_resident_id() for obj in objs}
                _gate().log_writes(ctx, "create", self.model._meta.label_lower, ids)
        finally:
            for obj in objs:
                obj._write_scratch = None
        return created

    # -- paths the gate cannot guard ------------------------------------------------------------

    def raw(self, *args, **kwargs):
        raise GateMisuse("raw SQL cannot be used on personal-data models")

    def _combinator_query(self, *args, **kwargs):
        raise GateMisuse("set operations cannot be used on personal-data models")


class GatedManager(models.Manager.from_queryset(GatedQuerySet)):
    """Hands out querysets only inside an open context, scoped to the actor."""

    def get_queryset(self):
        ctx = context.require(self.model._meta.label)
        qs = super().get_queryset()
        qs._gate_ctx = ctx
        if self.model.gate_purpose_path:
            # Purpose limitation (Art. 5(1)(b)): work recorded under one purpose is not
            # reachable under another, even for a worker assigned under both.
            with gate_internal():
                qs = qs.filter(**{self.model.gate_purpose_path: ctx.activity.pk})
        path = f"{self.model.gate_resident_path}__in"
        for sql, params in ctx.scope_filters(self.model):
            # The SQL comes from model metadata; every value is a bound parameter.
            qs = qs.filter(**{path: RawSQL(sql, params)})  # noqa: S611
        for sql, params in hooks.hidden_filters(self.model):
            # Erased residents: their rows stay (unreadable) but no context gets them.
            qs = qs.exclude(**{path: RawSQL(sql, params)})  # noqa: S611
        if self.model.gate_special_field:
            rule = hooks.special_category_rule()
            if rule is None:
                raise GateMisuse("special-category data needs a registered rule")
            with gate_internal():
                qs = qs.filter(rule.read_q(ctx, self.model))
        return qs


class PersonalDataModel(models.Model):
    """Base for every model holding personal data; the marker the gate tests discover.

    Subclasses set ``gate_resident_path`` to the lookup that leads to the resident ("pk" on the
    resident itself, "resident" on data that belongs to one).
    """

    gate_resident_path = "resident"
    # False for the records that *establish* a basis (consent records), which must stay
    # reachable when the basis itself is missing or withdrawn.
    gate_basis_bound = True
    # Name of a SpecialKind field when rows may hold special-category data (P04).
    gate_special_field = ""
    # Lookup to the processing activity a row was recorded under, when it belongs to one
    # purpose only (notes, signals, ...); empty for data shared across purposes (identity).
    gate_purpose_path = ""

    # Names the row in the associated data of its encrypted fields (docs/security.md): known
    # before the insert, unlike the auto-increment id, so a value is sealed in one write.
    row_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = GatedManager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        ctx = context.require(self._meta.label)
        creating = self._state.adding
        self.gate_check_write(ctx, creating=creating)
        # Scratch space for one write: the vault keeps the resident's key here, so it is read
        # once per save and never outlives a transaction that might roll back.
        self._write_scratch = {}
        try:
            with transaction.atomic(using=kwargs.get("using") or "default"):
                super().save(*args, **kwargs)
                self.gate_after_write()
                action = "create" if creating else "update"
                _gate().log_writes(ctx, action, self._meta.label_lower, {self.gate_resident_id()})
        finally:
            self._write_scratch = None
        if creating and self.gate_resident_path == "pk":
            ctx.forget_scope()

    def delete(self, *args, **kwargs):
        ctx = context.require(self._meta.label)
        self.gate_check_write(ctx, creating=False)
        resident_id = self.gate_resident_id()
        with transaction.atomic(using=kwargs.get("using") or "default"):
            result = super().delete(*args, **kwargs)
            _gate().log_writes(ctx, "delete", self._meta.label_lower, {resident_id})
        return result

    def gate_after_write(self) -> None:
        """Runs in the write's transaction, after the row is stored (the vault binds keys)."""

    @classmethod
    def gate_resident_attname(cls) -> str:
        if cls.gate_resident_path == "pk":
            return cls._meta.pk.attname
        return cls._meta.get_field(cls.gate_resident_path).attname

    def gate_resident_id(self):
        return self.__dict__.get(self.gate_resident_attname())

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if _internal.get():
            return instance
        ctx = context.require(cls._meta.label)
        resident_id = instance.gate_resident_id()
        if resident_id is None and cls.gate_resident_attname() not in field_names:
            raise GateMisuse("personal-data queries must load the resident reference")
        if _fetching_root.get() is not cls:
            # Reached through another model's query: check what the scoped query would have.
            code = None
            if not ctx.may_touch(resident_id) or resident_id in ctx.hidden_resident_ids():
                code = "need_to_know"
            elif cls.gate_purpose_path == "activity" and (
                instance.__dict__.get("activity_id") != ctx.activity.pk
            ):
                code = "wrong_purpose"
            elif cls.gate_basis_bound and not ctx.basis_holds(resident_id):
                code = "no_consent"
            if code:
                _gate().log_refusal(ctx, code, cls._meta.label_lower, resident_id)
                raise GateRefused(f"processing refused: {code}", code=code)
        if resident_id is not None:
            ctx.record_read(resident_id, cls._meta.label_lower)
        return instance

    def gate_check_write(self, ctx: context.ProcessingContext, *, creating: bool) -> None:
        """Refuse a write the actor may not make (P13); creating a resident is a role check."""
        if creating and self.gate_resident_path == "pk":
            if not ctx.actor.may_register_residents(ctx.activity):
                _gate().log_refusal(ctx, "role_not_allowed", self._meta.label_lower, None)
                raise GateRefused("this role may not register residents", code="role_not_allowed")
            return
        resident_id = self.gate_resident_id()
        code = self.gate_write_refusal(ctx, resident_id)
        if code:
            _gate().log_refusal(ctx, code, self._meta.label_lower, resident_id)
            raise GateRefused(f"processing refused: {code}", code=code)

    def gate_write_refusal(self, ctx: context.ProcessingContext, resident_id) -> str | None:
        """Return why this write is refused, checking need-to-know, basis, Art. 9 in order."""
        if not ctx.may_touch(resident_id):
            return "need_to_know"
        if self.gate_purpose_path == "activity" and self.activity_id != ctx.activity.pk:
            return "wrong_purpose"
        if self.gate_basis_bound and not ctx.basis_holds(resident_id):
            return "no_consent"
        if self.gate_special_field and getattr(self, self.gate_special_field):
            rule = hooks.special_category_rule()
            if rule is None:
                return "no_art9_ground"
            return rule.write_refusal(ctx, self)
        return None
