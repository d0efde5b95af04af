"""Casework lists cost the same number of queries for one row as for a page of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from zorgvuldig.vault import keys

pytestmark = pytest.mark.django_db

PURPOSE = "/api/purposes/hulptrajecten/"


def _queries(client, url) -> int:
    keys.evict()  # cold: each list pays for loading its residents' keys (one query)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_casework_lists_do_not_grow_with_the_page(support, worker, client_for):
    client = client_for(worker)
    holder = factories.resident(assign_to=worker)
    file_url = f"{PURPOSE}residents/{holder.public_id}/"
    urls = [
        f"{PURPOSE}signals/",
        f"{PURPOSE}trajectories/",
        f"{PURPOSE}informing-tasks/",
        f"{file_url}notes/",
        f"{file_url}consents/",
        f"{file_url}documents/",
        "/api/projects/",
    ]

    def add_work():
        resident = factories.resident(assign_to=worker)
        today = timezone.localdate().isoformat()
        for url, payload in [
            (
                f"{PURPOSE}signals/",
                {
                    "resident": str(resident.public_id),
                    "kind": "problem",
                    "description": "Zorgen",
                    "reporter_kind": "gp",
                    "channel": "phone",
                },
            ),
            (
                f"{PURPOSE}trajectories/",
                {"resident": str(resident.public_id), "question": "Hulp", "start_date": today},
            ),
            (f"{file_url}notes/", {"occurred_on": today, "kind": "phone", "text": "Gebeld"}),
        ]:
            assert client.post(url, payload, format="json").status_code == 201

    add_work()
    one = [_queries(client, url) for url in urls]
    for _ in range(4):
        add_work()

    assert [_queries(client, url) for url in urls] == one
