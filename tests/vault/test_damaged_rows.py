"""A damaged ciphertext is an integrity error, shown as such, and never stops the rest (P12).

One corrupted row must not break a whole list or stall the snooping monitor: lists mark the
row as damaged (no data shown), the monitor skips it, and the file itself answers with the
integrity-error page.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories
from tests.auth import mfa_login
from tests.oversight.alerts_data import alerts, monitoring_activity, read
from zorgvuldig.casework.selectors import signal_list
from zorgvuldig.casework.services.signals import signal_register
from zorgvuldig.core.gate import processing
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.oversight.models import AlertKind
from zorgvuldig.vault import keys

pytestmark = pytest.mark.django_db


def corrupt(row, column: str = "surname") -> None:
    """Flip one bit of a stored ciphertext, as damage or tampering would."""
    table = type(row)._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
        blob = bytearray(cursor.fetchone()[0])
        blob[-1] ^= 1
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
            [bytes(blob), row.pk],
        )
    keys.evict()


def test_p12_list_marks_a_damaged_resident_and_shows_the_others(support, worker):
    fine = factories.resident(assign_to=worker, surname="Heelhuids")
    damaged = factories.resident(assign_to=worker, surname="Beschadigd")
    corrupt(damaged)

    response = mfa_login(Client(), worker.user).get(
        reverse("backoffice:resident_list", args=["hulptrajecten"])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Heelhuids" in page
    assert "Gegevens beschadigd (integriteitsfout)" in page
    assert "Beschadigd," not in page
    assert page.index("Heelhuids") < page.index("integriteitsfout")  # damaged rows go last
    assert str(fine.public_id) in page


def test_p12_damaged_resident_file_is_an_integrity_error_page(support, worker):
    damaged = factories.resident(assign_to=worker, surname="Beschadigd")
    corrupt(damaged)

    response = mfa_login(Client(), worker.user).get(
        reverse("backoffice:resident_detail", args=["hulptrajecten", damaged.public_id])
    )

    assert response.status_code == 500
    page = response.content.decode()
    assert "integriteitsfout" in page
    assert "Beschadigd" not in page


def test_p12_api_answers_integrity_error_for_a_damaged_resident(support, worker):
    damaged = factories.resident(assign_to=worker, surname="Beschadigd")
    corrupt(damaged, "given_names")

    response = mfa_login(APIClient(), worker.user).get(
        f"/api/purposes/hulptrajecten/residents/{damaged.public_id}/"
    )

    assert response.status_code == 500
    assert response.json()["code"] == "integrity_error"
    assert "Beschadigd" not in response.content.decode()


def test_p14_monitor_skips_a_damaged_resident_and_keeps_going(support, worker):
    monitoring_activity()
    worker.user.last_name = "Smit"
    worker.user.save()
    sister = factories.resident(assign_to=worker, surname="Smit")
    damaged = factories.resident(assign_to=worker, surname="Smit")
    read(worker, [sister, damaged])
    corrupt(damaged)

    run_rules()

    assert alerts(AlertKind.SHARED_SURNAME).count() == 1


def test_p12_signal_search_skips_a_damaged_signal(support, worker):
    resident = factories.resident(assign_to=worker, surname="Zoekbaar")
    kept, damaged = (
        signal_register(
            actor=worker,
            purpose=support,
            resident=resident,
            kind="problem",
            description=text,
            reporter_kind="resident",
            channel="phone",
        )
        for text in ("Huur achterstand", "Huur kapot")
    )
    corrupt(damaged, "description")

    with processing(actor=worker, purpose=support):
        found = [s.pk for s in signal_list(actor=worker, purpose=support, search="huur")]

    assert found == [kept.pk]
