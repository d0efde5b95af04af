"""The Art. 30 register: rules on activities (P04, P05, P06, P08) and the AP export (P15)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests import factories
from zorgvuldig.core.errors import ValidationFailed
from zorgvuldig.registry.models import LawfulGround, ProcessingActivity
from zorgvuldig.registry.selectors import register_export_csv, register_export_json
from zorgvuldig.registry.services import activity_save

pytestmark = pytest.mark.django_db


def _draft(**overrides) -> ProcessingActivity:
    fields = {
        "code": "proef",
        "name": "Proef",
        "purpose": "Doel",
        "lawful_ground": LawfulGround.PUBLIC_TASK,
        "lawful_ground_detail": "Wmo 2015",
        "subject_categories": "Inwoners",
        "retention_policy": "RP-1",
        "retention_period": "2 jaar",
        "security_measures": "Toegang op toewijzing",
        "controller_contact": "Kwartier",
        "dpo_contact": "FG",
    }
    fields.update(overrides)
    return ProcessingActivity(**fields)


def _save(activity, categories):
    return activity_save(changed_by="test", activity=activity, data_categories=categories)


def test_p04_special_category_requires_art9_exemption():
    health = factories.category("gezondheid", special_kind="health")
    with pytest.raises(ValidationFailed) as exc:
        _save(_draft(), [health])
    assert "art9_exemption" in exc.value.fields
    assert not ProcessingActivity.objects.filter(code="proef").exists()
    saved = _save(_draft(art9_exemption="h"), [health])
    assert saved.current_version.snapshot["special_categories"] == ["health"]


def test_p08_bsn_requires_a_legal_basis_and_never_consent():
    bsn = factories.category("bsn", is_bsn=True)
    with pytest.raises(ValidationFailed) as exc:
        _save(_draft(), [bsn])
    assert "bsn_legal_basis" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        _save(
            _draft(lawful_ground=LawfulGround.CONSENT, bsn_legal_basis="Wmo 2015 art. 5.2.1"), [bsn]
        )
    assert "lawful_ground" in exc.value.fields
    assert not ProcessingActivity.objects.filter(code="proef").exists()
    saved = _save(_draft(bsn_legal_basis="Wmo 2015 art. 5.2.1"), [bsn])
    assert saved.uses_bsn()


@pytest.mark.parametrize("ground", [LawfulGround.LEGAL_OBLIGATION, LawfulGround.CONTRACT])
def test_p05_legal_obligation_and_contract_are_grounds_that_need_their_basis_named(ground):
    naw = factories.category("naw")
    with pytest.raises(ValidationFailed) as exc:
        _save(_draft(lawful_ground=ground, lawful_ground_detail=""), [naw])
    assert "lawful_ground_detail" in exc.value.fields
    assert _save(_draft(lawful_ground=ground, lawful_ground_detail="Wet X art. 1"), [naw]).pk


@pytest.mark.parametrize(
    ("ground", "informs"),
    [
        (LawfulGround.VITAL_INTEREST, True),
        (LawfulGround.PUBLIC_TASK, True),
        (LawfulGround.LEGITIMATE_INTEREST, True),
        (LawfulGround.CONSENT, False),
        (LawfulGround.CONTRACT, False),
        (LawfulGround.LEGAL_OBLIGATION, False),
    ],
)
def test_p06_interest_grounds_are_marked_as_requiring_informing(ground, informs):
    assert _draft(lawful_ground=ground).requires_informing is informs


def test_p08_unknown_lawful_ground_is_rejected():
    with pytest.raises(ValidationFailed) as exc:
        _save(_draft(lawful_ground="because"), [factories.category("naw")])
    assert "lawful_ground" in exc.value.fields


def test_p15_register_exports_as_json_and_csv_with_every_art30_field():
    health = factories.category("gezondheid", special_kind="health")
    _save(_draft(art9_exemption="h"), [health, factories.category("naw")])
    factories.activity("hulptrajecten")
    data = json.loads(register_export_json())["processing_activities"]
    assert {row["code"] for row in data} == {"proef", "hulptrajecten"}
    proef = next(row for row in data if row["code"] == "proef")
    for field in (
        "purpose",
        "lawful_ground",
        "art9_exemption",
        "data_categories",
        "subject_categories",
        "recipients",
        "retention_period",
        "security_measures",
        "controller_contact",
        "dpo_contact",
        "version",
    ):
        assert field in proef
    assert proef["data_categories"] == ["gezondheid", "naw"]
    rows = list(csv.DictReader(io.StringIO(register_export_csv())))
    assert {row["code"] for row in rows} == {"proef", "hulptrajecten"}
    assert next(r for r in rows if r["code"] == "proef")["data_categories"] == "gezondheid; naw"


def test_p15_export_register_command_writes_json_and_csv(tmp_path):
    from django.core.management import CommandError, call_command

    factories.activity("hulptrajecten")
    call_command("export_register", "--output", str(tmp_path / "r.json"))
    assert json.loads((tmp_path / "r.json").read_text())["processing_activities"][0]["code"] == (
        "hulptrajecten"
    )
    call_command("export_register", "--format", "csv", "--output", str(tmp_path / "r.csv"))
    assert "hulptrajecten" in (tmp_path / "r.csv").read_text()
    with pytest.raises(CommandError):
        call_command("export_register", "--output", str(tmp_path / "missing" / "r.json"))


def test_p15_field_rules_give_field_errors_and_store_nothing():
    with pytest.raises(ValidationFailed) as exc:
        _save(
            _draft(retention_period="x" * 301, controller_contact=""), [factories.category("naw")]
        )
    assert {"retention_period", "controller_contact"} <= set(exc.value.fields)
    assert not ProcessingActivity.objects.filter(code="proef").exists()
