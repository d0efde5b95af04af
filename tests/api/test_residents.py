"""Residents over the API: every operation through the processing gate (P03, P07-P09, P13)."""

import uuid

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.models import Resident
from zorgvuldig.registry.models import ProcessingActivity
from zorgvuldig.staff.models import Role
from zorgvuldig.staff.services import assignment_create
from zorgvuldig.vault import keys

LIST = "/api/purposes/{purpose}/residents/"
DETAIL = "/api/purposes/{purpose}/residents/{public_id}/"

pytestmark = pytest.mark.django_db


def _list_url(purpose="hulptrajecten"):
    return LIST.format(purpose=purpose)


def _detail_url(public_id, purpose="hulptrajecten"):
    return DETAIL.format(purpose=purpose, public_id=public_id)


def _fixture_read(public_id, purpose="hulptrajecten") -> Resident:
    with processing(actor=factories.FIXTURE_ACTOR, purpose=purpose):
        return Resident.objects.get(public_id=public_id)


def _valid_payload(**overrides) -> dict:
    payload = {
        "given_names": "Femke",
        "surname": "Zwanenburg",
        "birth_date": "1961-04-12",
        "street": "Lindelaan",
        "house_number": "12a",
        "postcode": "1234 ab",
        "city": "Amersfoort",
        "phone": "06-12345678",
        "email": "femke@example.org",
    }
    payload.update(overrides)
    return payload


# -- list -----------------------------------------------------------------------------------


def test_p13_list_shows_only_assigned_residents(support, worker, other_worker, client_for):
    mine = {factories.resident(assign_to=worker).public_id for _ in range(2)}
    foreign = factories.resident(assign_to=other_worker)
    unassigned = factories.resident()

    response = client_for(worker).get(_list_url())

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {uuid.UUID(r["public_id"]) for r in body["results"]} == mine
    content = response.content.decode()
    assert str(foreign.public_id) not in content
    assert str(unassigned.public_id) not in content


def test_list_logs_one_read_record_per_resident(support, worker, client_for):
    residents = [factories.resident(assign_to=worker) for _ in range(3)]
    before = ProcessingLogRecord.objects.count()

    response = client_for(worker).get(_list_url())

    assert response.status_code == 200
    records = list(ProcessingLogRecord.objects.order_by("id")[before:])
    assert len(records) == 3
    assert {r.subject_ref for r in records} == {subject_ref(r.pk) for r in residents}
    for record in records:
        assert record.action == "read"
        assert record.status == "ok"
        assert record.object_type == "people.resident"
        assert record.actor_ref == f"employee:{worker.pk}"
        assert record.activity_version_id == support.current_version_id


def test_list_is_paginated(support, worker, client_for):
    for _ in range(3):
        factories.resident(assign_to=worker)

    body = client_for(worker).get(_list_url(), {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


# -- search: the term in the body, never in the URL ----------------------------------------------

SEARCH = "/api/purposes/{purpose}/residents/search/"


def _search_url(purpose="hulptrajecten"):
    return SEARCH.format(purpose=purpose)


def test_search_via_post_filters_and_is_scoped(support, worker, other_worker, client_for):
    wanted = factories.resident(assign_to=worker, surname="Zwanenburg", postcode="1234 AB")
    factories.resident(assign_to=worker, surname="Bakker", postcode="9999 ZZ")
    foreign = factories.resident(assign_to=other_worker, surname="Zwanenburg")
    unassigned = factories.resident(surname="Zwanenburg")
    client = client_for(worker)
    before = ProcessingLogRecord.objects.count()

    by_name = client.post(_search_url(), {"search": "zwanen"}, format="json")
    by_postcode = client.post(_search_url(), {"search": "1234ab"}, format="json")

    assert by_name.status_code == by_postcode.status_code == 200, by_name.json()
    body = by_name.json()
    assert body["count"] == 1
    assert [r["public_id"] for r in body["results"]] == [str(wanted.public_id)]
    assert (body["next"], body["previous"]) == (None, None)
    assert [r["public_id"] for r in by_postcode.json()["results"]] == [str(wanted.public_id)]
    for other in (foreign, unassigned):
        assert str(other.public_id) not in by_name.content.decode()
    # One read record per resident shown; nothing for those filtered out or out of reach.
    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert {r.subject_ref for r in reads} == {subject_ref(wanted.pk)}
    assert {r.action for r in reads} == {"read"}


def test_search_answer_has_the_list_shape_with_page_numbers(support, worker, client_for):
    for _ in range(3):
        factories.resident(assign_to=worker, surname="Zwanenburg")
    client = client_for(worker)

    first = client.post(_search_url(), {"search": "zwanen", "page_size": 2}, format="json")
    second = client.post(
        _search_url(), {"search": "zwanen", "page": 2, "page_size": 2}, format="json"
    )
    past_end = client.post(_search_url(), {"search": "zwanen", "page": 9}, format="json")

    assert (
        set(first.json())
        == set(client.get(_list_url()).json())
        == {
            "count",
            "next",
            "previous",
            "results",
        }
    )
    assert (first.json()["count"], len(first.json()["results"])) == (3, 2)
    assert (first.json()["next"], first.json()["previous"]) == (2, None)
    assert len(second.json()["results"]) == 1
    assert (second.json()["next"], second.json()["previous"]) == (None, 1)
    assert past_end.status_code == 404
    assert past_end.json()["code"] == "not_found"


def test_search_without_term_lists_everyone_reachable(support, worker, other_worker, client_for):
    mine = factories.resident(assign_to=worker)
    factories.resident(assign_to=other_worker)

    body = client_for(worker).post(_search_url(), {}, format="json").json()

    assert [r["public_id"] for r in body["results"]] == [str(mine.public_id)]


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"search": "x" * 101}, "search"),
        ({"search": "Zwanenburg", "zoek": "Zwanenburg"}, "zoek"),
        ({"search": "Zwanenburg", "page": 0}, "page"),
        ({"search": "Zwanenburg", "page_size": 101}, "page_size"),
        ({"search": ["Zwanenburg"]}, "search"),
    ],
)
def test_bad_search_is_validation_failed_without_echo(support, worker, client_for, payload, field):
    response = client_for(worker).post(_search_url(), payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert list(response.json()["fields"]) == [field]
    assert "Zwanenburg" not in response.content.decode()
    assert "xxxxx" not in response.content.decode()


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", LIST.format(purpose="hulptrajecten")),
        ("post", SEARCH.format(purpose="hulptrajecten")),
        ("get", "/api/purposes/hulptrajecten/signals/"),
        ("get", "/api/purposes/hulptrajecten/trajectories/"),
        ("get", "/api/projects/"),
    ],
)
def test_search_in_the_query_string_is_refused(support, worker, client_for, method, url):
    factories.resident(assign_to=worker, surname="Jansen")
    before = ProcessingLogRecord.objects.count()

    for key in ("search", "Search"):
        response = getattr(client_for(worker), method)(
            f"{url}?{key}=jansen", {} if method == "post" else None, format="json"
        )

        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "search_in_url_not_allowed"
        assert body["fields"] == {}
        assert "niet toegestaan" in body["detail"]
        assert "/search/" in body["detail"]
        assert "jansen" not in response.content.decode().lower()
    # Refused before anything was read: no data, no read records.
    assert ProcessingLogRecord.objects.count() == before


def test_search_in_the_query_string_still_needs_a_login(anonymous, support):
    response = anonymous.get(_list_url(), {"search": "jansen"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_search_is_refused_by_the_gate_like_the_list(support, north, worker, client_for):
    undeclared = factories.employee(team_obj=north, declared=False)

    no_declaration = client_for(undeclared).post(_search_url(), {"search": "a"}, format="json")
    unknown = client_for(worker).post(_search_url("bestaat-niet"), {"search": "a"}, format="json")

    assert no_declaration.json()["code"] == "no_confidentiality_declaration"
    assert unknown.json()["code"] == "unknown_purpose"


# -- the gate's opening checks ----------------------------------------------------------------


def test_p09_employee_without_declaration_is_refused(support, north, client_for):
    undeclared = factories.employee(team_obj=north, declared=False)
    factories.resident(assign_to=undeclared)

    response = client_for(undeclared).get(_list_url())

    assert response.status_code == 403
    assert response.json()["code"] == "no_confidentiality_declaration"
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{undeclared.pk}",
        status="refused",
        reason_code="no_confidentiality_declaration",
    ).exists()


def test_p09_employee_without_declaration_cannot_register(support, north, client_for, stored):
    undeclared = factories.employee(team_obj=north, declared=False)
    before = stored()

    response = client_for(undeclared).post(_list_url(), _valid_payload(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "no_confidentiality_declaration"
    assert stored() == before


def test_p08_unknown_purpose_refused(support, worker, client_for):
    response = client_for(worker).get(_list_url("bestaat-niet"))

    assert response.status_code == 403
    assert response.json() == {
        "code": "unknown_purpose",
        "detail": response.json()["detail"],
        "fields": {},
    }
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{worker.pk}", status="refused", reason_code="unknown_purpose"
    ).exists()


def test_p08_inactive_purpose_refused(support, worker, client_for):
    res = factories.resident(assign_to=worker, surname="Onvindbaar-Achternaam")
    ProcessingActivity.objects.filter(pk=support.pk).update(is_active=False)

    response = client_for(worker).get(_detail_url(res.public_id))

    assert response.status_code == 403
    assert response.json()["code"] == "unknown_purpose"
    assert res.surname not in response.content.decode()


# -- one resident -------------------------------------------------------------------------------


def test_detail_returns_resident_with_sources(support, worker, client_for):
    res = factories.resident(assign_to=worker, surname="Zwanenburg")

    response = client_for(worker).get(_detail_url(res.public_id))

    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == str(res.public_id)
    assert body["surname"] == "Zwanenburg"
    assert {s["field_name"] for s in body["sources"]} >= {"given_names", "surname"}
    assert all(s["kind"] == "resident" for s in body["sources"])
    assert all(s["activity"] == "hulptrajecten" for s in body["sources"])


def test_detail_logs_a_read_of_that_resident(support, worker, client_for):
    res = factories.resident(assign_to=worker)
    before = ProcessingLogRecord.objects.count()

    client_for(worker).get(_detail_url(res.public_id))

    reads = ProcessingLogRecord.objects.order_by("id")[before:]
    assert {(r.action, r.status, r.subject_ref) for r in reads} == {
        ("read", "ok", subject_ref(res.pk))
    }
    assert {r.object_type for r in reads} == {"people.resident", "people.datasource"}


def test_p13_unassigned_resident_is_404_like_missing(support, worker, other_worker, client_for):
    foreign = factories.resident(assign_to=other_worker)
    client = client_for(worker)

    hidden = client.get(_detail_url(foreign.public_id))
    missing = client.get(_detail_url(uuid.uuid4()))
    garbage = client.get(_detail_url("geen-uuid"))

    assert hidden.status_code == missing.status_code == garbage.status_code == 404
    assert hidden.json() == missing.json() == garbage.json()
    assert hidden.json()["code"] == "not_found"
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{worker.pk}",
        status="refused",
        reason_code="need_to_know",
        subject_ref=subject_ref(foreign.pk),
    ).exists()


def test_p13_patch_of_unassigned_resident_is_404_like_missing(
    support, worker, other_worker, client_for
):
    foreign = factories.resident(assign_to=other_worker, surname="Onaangeroerd")
    client = client_for(worker)

    hidden = client.patch(_detail_url(foreign.public_id), {"surname": "Anders"}, format="json")
    missing = client.patch(_detail_url(uuid.uuid4()), {"surname": "Anders"}, format="json")
    # Even an invalid body gives the same 404: the lookup comes first.
    hidden_bad = client.patch(_detail_url(foreign.public_id), {"postcode": "x"}, format="json")

    assert hidden.status_code == missing.status_code == hidden_bad.status_code == 404
    assert hidden.json() == missing.json() == hidden_bad.json()
    assert _fixture_read(foreign.public_id).surname == "Onaangeroerd"


def test_p13_team_lead_reaches_residents_of_team_members(support, north, worker, client_for):
    lead = factories.employee(role=Role.TEAM_LEAD, team_obj=north)
    res = factories.resident(assign_to=worker)

    response = client_for(lead).get(_detail_url(res.public_id))

    assert response.status_code == 200


# -- BSN only where the register allows it --------------------------------------------------------


def test_p03_bsn_only_under_an_activity_that_uses_it(support, bsn_activity, worker, client_for):
    bsn = factories.fake_bsn()
    res = factories.resident(purpose="wmo-toegang", assign_to=worker, bsn=bsn)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR, resident_id=res.pk, activity=support, employee=worker
    )
    client = client_for(worker)

    with_bsn = client.get(_detail_url(res.public_id, purpose="wmo-toegang"))
    without = client.get(_detail_url(res.public_id, purpose="hulptrajecten"))
    listed = client.get(_list_url("hulptrajecten"))

    assert with_bsn.json()["bsn"] == bsn
    assert "bsn" in {s["field_name"] for s in with_bsn.json()["sources"]}
    assert without.status_code == 200
    assert "bsn" not in without.json()
    assert "bsn" not in {s["field_name"] for s in without.json()["sources"]}
    assert bsn not in without.content.decode()
    assert bsn not in listed.content.decode()
    assert "bsn" not in listed.json()["results"][0]


def test_register_with_bsn_under_bsn_activity(bsn_activity, worker, client_for):
    bsn = factories.fake_bsn()

    response = client_for(worker).post(
        _list_url("wmo-toegang"), _valid_payload(bsn=bsn), format="json"
    )

    assert response.status_code == 201
    assert response.json()["bsn"] == bsn


@pytest.mark.parametrize("bsn", ["", "111222333"])
def test_p03_bsn_refused_under_activity_without_basis(support, worker, client_for, stored, bsn):
    before = stored()

    response = client_for(worker).post(_list_url(), _valid_payload(bsn=bsn), format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["bsn"]
    assert stored() == before


# -- register (create) ----------------------------------------------------------------------------


def test_create_registers_resident_and_logs_create(support, worker, client_for):
    client = client_for(worker)

    response = client.post(_list_url(), _valid_payload(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == _detail_url(body["public_id"])
    assert body["postcode"] == "1234 AB"
    assert {s["field_name"] for s in body["sources"]} >= {"given_names", "surname", "postcode"}
    res = _fixture_read(body["public_id"])
    assert res.surname == "Zwanenburg"
    record = ProcessingLogRecord.objects.get(action="create", object_type="people.resident")
    assert record.status == "ok"
    assert record.actor_ref == f"employee:{worker.pk}"
    assert record.activity_version_id == support.current_version_id
    assert record.subject_ref == subject_ref(res.pk)
    # The registering worker is assigned and can find the resident again.
    assert client.get(_detail_url(body["public_id"])).status_code == 200


def test_p07_create_records_a_third_party_source(support, worker, client_for):
    payload = _valid_payload(source_kind="third_party", source_name="huisarts")

    body = client_for(worker).post(_list_url(), payload, format="json").json()

    assert {(s["kind"], s["source_name"]) for s in body["sources"]} == {("third_party", "huisarts")}


def test_privacy_officer_may_not_register(support, client_for, stored):
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    before = stored()

    response = client_for(officer).post(_list_url(), _valid_payload(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert stored() == before
    assert ProcessingLogRecord.objects.filter(
        actor_ref=f"employee:{officer.pk}", status="refused", reason_code="role_not_allowed"
    ).exists()


BAD_INPUT = {
    "missing_names": ({"given_names": None, "surname": None}, {"given_names", "surname"}),
    "blank_names": ({"given_names": " ", "surname": ""}, {"given_names", "surname"}),
    "future_birth_date": ({"birth_date": "2999-01-01"}, {"birth_date"}),
    "not_a_date": ({"birth_date": "gisteren"}, {"birth_date"}),
    "bad_postcode": ({"postcode": "12345"}, {"postcode"}),
    "bad_email": ({"email": "geen-adres"}, {"email"}),
    "bad_phone": ({"phone": "bel maar"}, {"phone"}),
    "list_for_text": ({"surname": ["Zwanenburg"]}, {"surname"}),
    "object_for_text": ({"given_names": {"x": 1}}, {"given_names"}),
    "unknown_field": ({"bsnn": "123456782"}, {"bsnn"}),
    "unknown_source_kind": ({"source_kind": "buurman"}, {"source_kind"}),
    "third_party_without_name": ({"source_kind": "third_party"}, {"source_name"}),
    "too_long": ({"surname": "x" * 121}, {"surname"}),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_p12_bad_input_is_400_and_stores_nothing(support, worker, client_for, stored, case):
    changes, expected_fields = case
    payload = _valid_payload(**changes)
    payload = {k: v for k, v in payload.items() if v is not None}
    before = stored()

    response = client_for(worker).post(_list_url(), payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert set(body["fields"]) == expected_fields
    assert stored() == before
    # Messages never echo what was sent.
    for value in ("Femke", "Zwanenburg", "Lindelaan", "12345", "geen-adres", "buurman"):
        assert value not in response.content.decode()


def test_p07_field_and_source_errors_come_in_one_answer(support, worker, client_for, stored):
    client = client_for(worker)
    resident = factories.resident(assign_to=worker)
    before = stored()

    created = client.post(
        _list_url(),
        _valid_payload(postcode="12345", source_kind="third_party"),
        format="json",
    )
    changed = client.patch(
        _detail_url(resident.public_id),
        {"phone": "bel maar", "source_kind": "referrer", "source_name": " "},
        format="json",
    )

    for response in (created, changed):
        assert response.status_code == 400
        assert response.json()["code"] == "validation_failed"
    assert set(created.json()["fields"]) == {"postcode", "source_name"}
    assert set(changed.json()["fields"]) == {"phone", "source_name"}
    assert stored() == before


def test_invalid_bsn_11_test_is_400(bsn_activity, worker, client_for):
    response = client_for(worker).post(
        _list_url("wmo-toegang"), _valid_payload(bsn="123456789"), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["bsn"]
    assert "123456789" not in response.content.decode()


def test_malformed_json_is_parse_error(support, worker, client_for, stored):
    before = stored()

    response = client_for(worker).post(
        _list_url(), data="{niet: json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert stored() == before


# -- update ------------------------------------------------------------------------------------


def test_patch_changes_data_and_records_source(support, worker, client_for):
    res = factories.resident(assign_to=worker)
    payload = {"phone": "06-87654321", "source_kind": "referrer", "source_name": "GGD"}

    response = client_for(worker).patch(_detail_url(res.public_id), payload, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == "06-87654321"
    assert ("phone", "referrer", "GGD") in {
        (s["field_name"], s["kind"], s["source_name"]) for s in body["sources"]
    }
    assert _fixture_read(res.public_id).phone == "06-87654321"
    assert ProcessingLogRecord.objects.filter(
        action="update",
        object_type="people.resident",
        actor_ref=f"employee:{worker.pk}",
        subject_ref=subject_ref(res.pk),
    ).exists()


def test_patch_with_bad_input_changes_nothing(support, worker, client_for, stored):
    res = factories.resident(assign_to=worker, postcode="1234 AB")
    before = stored()

    response = client_for(worker).patch(
        _detail_url(res.public_id), {"postcode": "XXXX", "surname": ""}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"postcode", "surname"}
    assert stored() == before
    assert _fixture_read(res.public_id).postcode == "1234 AB"


# -- fail closed ----------------------------------------------------------------------------------


def _fail_log_inserts(execute, sql, params, many, context):
    """Act as a database that cannot take processing-log records (full disk, lost lock)."""
    if sql.lstrip().upper().startswith("INSERT") and ProcessingLogRecord._meta.db_table in sql:
        raise DatabaseError("processing log unavailable")
    return execute(sql, params, many, context)


@pytest.mark.parametrize("url", ["list", "detail"])
def test_p12_log_unavailable_means_no_data_leaves(support, worker, client_for, url):
    res = factories.resident(assign_to=worker, surname="Zwanenburg")
    client = client_for(worker)

    with connection.execute_wrapper(_fail_log_inserts):
        response = client.get(_list_url() if url == "list" else _detail_url(res.public_id))

    assert response.status_code == 503
    assert response.json()["code"] == "log_unavailable"
    assert "Zwanenburg" not in response.content.decode()
    assert str(res.public_id) not in response.content.decode()


# -- cost -----------------------------------------------------------------------------------------


def _queries_for_list(client) -> int:
    keys.evict()  # cold: the list pays for loading its residents' keys (one query)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_list_url()).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_the_page(support, worker, client_for):
    client = client_for(worker)
    factories.resident(assign_to=worker)
    one = _queries_for_list(client)
    for _ in range(9):
        factories.resident(assign_to=worker)

    assert _queries_for_list(client) == one
    # The session, its user and their verified second-factor device (P12); employee with
    # declaration, activity with version, the ordering pass over the scope (names are
    # encrypted: sorted in memory), the residents' keys, the page, one log insert.
    assert one <= 9
