"""P08: personal-data models refuse every query path outside an open processing context.

Parametrised over every model carrying the PersonalDataModel marker, so a new model is covered
automatically (and must have a builder in gate_builders).
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models
from django.db.models import Count

from tests import factories
from tests.core.gate_builders import BUILDERS, build, personal_data_models
from zorgvuldig.casework.models import Signal
from zorgvuldig.core.errors import GateClosed, GateMisuse
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import Resident
from zorgvuldig.staff.models import Assignment

MODELS = personal_data_models()

QUERY_PATHS = {
    "list": lambda m: list(m.objects.all()),
    "get": lambda m: m.objects.get(pk=1),
    "first": lambda m: m.objects.first(),
    "count": lambda m: m.objects.count(),
    "exists": lambda m: m.objects.exists(),
    "values": lambda m: list(m.objects.values()),
    "values_list": lambda m: list(m.objects.values_list("pk", flat=True)),
    "iterator": lambda m: list(m.objects.iterator()),
    "aggregate": lambda m: m.objects.aggregate(n=Count("pk")),
    "update": lambda m: m.objects.update(pk=1),
    "delete": lambda m: m.objects.all().delete(),
    "in_bulk": lambda m: m.objects.in_bulk([1]),
    "base_manager": lambda m: list(m._base_manager.all()),
    "default_manager": lambda m: list(m._default_manager.all()),
}


def test_there_are_personal_data_models():
    labels = {m._meta.label for m in MODELS}
    assert {"people.Resident", "people.DataSource"} <= labels


def test_every_personal_data_model_has_a_builder():
    missing = [m._meta.label for m in MODELS if m not in BUILDERS]
    assert missing == [], f"add a builder in tests/core/gate_builders.py for {missing}"


def test_every_personal_data_model_uses_the_gated_base_manager():
    # Relation traversal (note.resident) goes through the base manager: it must be gated too.
    for model in MODELS:
        assert model._base_manager.__class__.__name__ == "GatedManager", model._meta.label


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(QUERY_PATHS))
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_p08_query_outside_context_is_refused(model, path, support, worker):
    build(model, factories.resident(assign_to=worker), support)
    with pytest.raises(GateClosed):
        QUERY_PATHS[path](model)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_p08_save_and_delete_outside_context_are_refused(model, support, worker):
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        obj = build(model, factories.resident(assign_to=worker), support)
    with pytest.raises(GateClosed):
        obj.save()
    with pytest.raises(GateClosed):
        obj.delete()


@pytest.mark.django_db
def test_p08_relation_traversal_outside_context_is_refused(support, worker):
    factories.resident(assign_to=worker)
    assignment = Assignment.objects.filter(employee=worker).get()
    with pytest.raises(GateClosed):
        _ = assignment.resident


@pytest.mark.django_db
def test_p08_select_related_from_plain_model_outside_context_is_refused(support, worker):
    factories.resident(assign_to=worker)
    with pytest.raises(GateClosed):
        list(Assignment.objects.select_related("resident"))


@pytest.mark.django_db
def test_p08_subquery_outside_context_is_refused(support, worker):
    from zorgvuldig.people.models import Resident

    factories.resident(assign_to=worker)
    with pytest.raises(GateClosed):
        list(Assignment.objects.filter(resident__in=Resident.objects.all()))


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_p08_raw_sql_and_set_operations_are_refused_even_inside_a_context(model, support):
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        with pytest.raises(GateMisuse):
            model.objects.raw(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
        with pytest.raises(GateMisuse):
            model.objects.all().union(model.objects.all())


@pytest.mark.django_db
def test_p08_queryset_cannot_outlive_its_context(support, worker):
    from zorgvuldig.people.models import Resident

    factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        qs = Resident.objects.all()
    with processing(actor=worker, purpose=support), pytest.raises(GateClosed):
        list(qs)


def test_p08_no_personal_data_model_is_registered_in_the_admin():
    registered = [m._meta.label for m in admin.site._registry if m in MODELS]
    assert registered == []


@pytest.mark.django_db
def test_p04_special_category_cannot_be_set_by_bulk_update(support, worker):
    from zorgvuldig.casework.models import Note

    build(Note, factories.resident(assign_to=worker), support)
    with processing(actor=factories.FIXTURE_ACTOR, purpose=support):
        with pytest.raises(GateMisuse):
            Note.objects.update(special_kind="health")
        assert not Note.objects.exclude(special_kind="").exists()


JOIN_LEAKS = {
    "values_into_resident": lambda: list(Assignment.objects.values("resident__surname")),
    "filter_on_resident_field": lambda: list(Assignment.objects.filter(resident__surname="X")),
    "order_by_resident_field": lambda: list(Assignment.objects.order_by("resident__surname")),
    "annotate_f_resident_field": lambda: list(
        Assignment.objects.annotate(n=models.F("resident__given_names"))
    ),
    "reverse_into_participation": lambda: list(
        __import__("zorgvuldig.casework.models", fromlist=["Project"]).Project.objects.filter(
            participations__resident__surname="X"
        )
    ),
    "two_hops_from_team": lambda: list(
        __import__("zorgvuldig.staff.models", fromlist=["Team"]).Team.objects.values(
            "members__assignments__resident__bsn"
        )
    ),
}


def _through(model_path: str, field: str):
    module, name = model_path.rsplit(".", 1)
    model = getattr(__import__(module, fromlist=[name]), name)
    return getattr(model, field).through


JOIN_LEAKS.update(
    {
        "m2m_link_table_into_trajectory": lambda: list(
            _through("zorgvuldig.casework.models.Trajectory", "workers").objects.values(
                "trajectory__question", "trajectory__resident__surname"
            )
        ),
        "m2m_link_table_into_consent": lambda: list(
            _through("zorgvuldig.people.models.ConsentRecord", "categories").objects.values(
                "consentrecord__resident__bsn"
            )
        ),
    }
)

# Queries that start on a personal model but hop into *other* personal rows.
HOP_LEAKS = {
    "resident_into_notes": lambda: list(Resident.objects.values("notes__text")),
    "resident_via_plain_into_other_residents": lambda: list(
        Resident.objects.values("assignments__activity__assignments__resident__surname")
    ),
    "signal_past_its_resident": lambda: list(Signal.objects.values("resident__notes__text")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(HOP_LEAKS))
def test_p13_personal_queries_cannot_hop_into_other_personal_rows(path, support, worker):
    factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support), pytest.raises(GateMisuse):
        HOP_LEAKS[path]()


@pytest.mark.django_db
def test_p13_a_personal_row_may_be_searched_by_its_own_residents_fields(support, worker):
    resident = factories.resident(assign_to=worker, surname="Zoekbaar")
    build(Signal, resident, support)
    with processing(actor=worker, purpose=support):
        assert Signal.objects.filter(resident__public_id=resident.public_id).count() == 1
        # Encrypted fields cannot be compared by the database at all (docs/security.md).
        with pytest.raises(GateMisuse):
            Signal.objects.filter(resident__surname__icontains="zoekb").count()


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(JOIN_LEAKS))
def test_p13_plain_models_cannot_join_into_personal_fields(path, support, worker):
    factories.resident(assign_to=worker)
    for ctx in (None, factories.FIXTURE_ACTOR):
        if ctx is None:
            with pytest.raises(GateMisuse):
                JOIN_LEAKS[path]()
        else:
            with processing(actor=ctx, purpose=support), pytest.raises(GateMisuse):
                JOIN_LEAKS[path]()


@pytest.mark.django_db
def test_p13_plain_models_may_use_the_pseudonymous_resident_id(support, worker):
    resident = factories.resident(assign_to=worker)
    assert list(
        Assignment.objects.filter(resident=resident.pk).values_list("resident", flat=True)
    ) == [resident.pk]
    assert Assignment.objects.filter(resident__in=[resident.pk], resident__pk=resident.pk).exists()
