"""Purpose limitation over the API: work recorded under one purpose is not there under another,
even for a worker assigned to the resident under both (P08, Art. 5(1)(b))."""

import pytest
from django.utils import timezone

from tests import factories
from zorgvuldig.staff.services import assignment_create

pytestmark = pytest.mark.django_db


def test_p08_work_under_one_purpose_is_404_under_another(support, worker, client_for):
    factories.activity("signalen")
    resident = factories.resident(purpose="signalen", assign_to=worker)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        employee=worker,
    )
    client = client_for(worker)
    signal = client.post(
        "/api/purposes/signalen/signals/",
        {
            "resident": str(resident.public_id),
            "kind": "problem",
            "description": "Zorgen over de buurman",
            "reporter_kind": "resident",
            "channel": "phone",
        },
        format="json",
    ).json()
    notes = f"residents/{resident.public_id}/notes/"
    note = {"occurred_on": timezone.localdate().isoformat(), "kind": "phone", "text": "Gebeld"}
    assert client.post(f"/api/purposes/signalen/{notes}", note, format="json").status_code == 201

    elsewhere = client.get(f"/api/purposes/hulptrajecten/signals/{signal['id']}/")
    missing = client.get("/api/purposes/hulptrajecten/signals/999999/")

    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.content == missing.content
    assert client.get("/api/purposes/hulptrajecten/signals/").json()["count"] == 0
    assert client.get(f"/api/purposes/hulptrajecten/{notes}").json()["count"] == 0
    assert client.get(f"/api/purposes/signalen/{notes}").json()["count"] == 1
