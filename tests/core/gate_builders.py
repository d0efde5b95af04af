"""One builder per personal-data model, so the gate tests cover every model.

A new PersonalDataModel without a builder here makes `test_every_personal_data_model_has_a_builder`
fail: the gate matrix must never silently skip a model.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

from tests import factories
from zorgvuldig.core.gate import processing
from zorgvuldig.core.models import PersonalDataModel
from zorgvuldig.people.models import DataSource, Resident


def personal_data_models() -> list[type[PersonalDataModel]]:
    """Every concrete model carrying the PersonalDataModel marker."""
    return sorted(
        (m for m in apps.get_models() if issubclass(m, PersonalDataModel)),
        key=lambda m: m._meta.label,
    )


def _resident(resident: Resident, activity) -> Resident:
    return resident


def _data_source(resident: Resident, activity) -> DataSource:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=activity):
        source = DataSource(
            resident=resident,
            field_name="phone",
            kind="third_party",
            source_name="huisarts",
            activity=activity,
        )
        source.save()
    return source


BUILDERS: dict[type, Callable] = {
    Resident: _resident,
    DataSource: _data_source,
}


def build(model, resident, activity):
    """Make (or find) one row of ``model`` belonging to ``resident``."""
    return BUILDERS[model](resident, activity)
