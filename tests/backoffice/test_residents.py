"""The resident list and file (P08, P13): only what the gate lets the employee see."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.auth import mfa_login
from tests.backoffice.conftest import (
    assert_term_in_no_url,
    clear_search,
    file_url,
    list_url,
    search,
    urls_of,
)
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing, subject_ref
from zorgvuldig.people.selectors import resident_list
from zorgvuldig.people.services import resident_update

FORM = re.compile(r"<form\b.*?</form>", re.S)
FILE_LINK = re.compile(r'href="/backoffice/doel/hulptrajecten/inwoners/[0-9a-f-]{36}/"')


def test_list_shows_only_own_residents(as_employee, support, worker, other_worker):
    mine = factories.resident(assign_to=worker, surname="Eigenaar")
    theirs = factories.resident(assign_to=other_worker, surname="Vreemdeling")
    body = as_employee(worker).get(list_url()).content.decode()
    assert "Eigenaar" in body
    assert str(mine.public_id) in body
    assert "Vreemdeling" not in body
    assert str(theirs.public_id) not in body


def test_list_shows_team_assignments(as_employee, support, worker, north):
    factories.resident(team_obj=north, surname="Teamgenoot")
    assert "Teamgenoot" in as_employee(worker).get(list_url()).content.decode()


def test_search_works_within_scope(as_employee, support, worker, other_worker):
    factories.resident(assign_to=worker, surname="Jansen")
    factories.resident(assign_to=worker, surname="Pietersen")
    factories.resident(assign_to=other_worker, surname="Jansen-Buiten")
    client = as_employee(worker)
    search(client, list_url(), "jansen")
    body = client.get(list_url()).content.decode()
    assert "Jansen" in body
    assert "Pietersen" not in body
    assert "Jansen-Buiten" not in body
    assert "1 inwoner gevonden" in body


def test_search_without_results_says_so(as_employee, support, worker, other_worker):
    factories.resident(assign_to=other_worker, surname="Onvindbaar")
    client = as_employee(worker)
    search(client, list_url(), "Onvindbaar")
    body = client.get(list_url()).content.decode()
    assert "Geen inwoners gevonden" in body
    assert "Onvindbaar</a>" not in body


# -- the search term never travels in a URL --------------------------------------------------


def test_search_is_posted_and_redirects_to_the_bare_list(as_employee, support, worker):
    factories.resident(assign_to=worker, surname="Vermeulen", postcode="3811 AB")
    factories.resident(assign_to=worker, surname="Dijkstra", postcode="9711 CD")
    client = as_employee(worker)
    posted = search(client, list_url(), "Vermeulen")
    assert posted.status_code == 302
    assert posted["Location"] == list_url()
    assert_term_in_no_url(posted, "Vermeulen")
    page = client.get(posted["Location"])
    body = page.content.decode()
    assert ">Vermeulen, " in body
    assert "Dijkstra" not in body
    # The active term is shown in the page (not in a URL), with a POST button to clear it.
    assert "U zoekt op “<strong>Vermeulen</strong>”." in body
    assert 'value="Vermeulen"' in body
    assert "Zoekopdracht wissen</button>" in body
    assert_term_in_no_url(page, "Vermeulen")


def test_search_and_clear_forms_post_with_a_csrf_token(as_employee, support, worker):
    client = as_employee(worker)
    search(client, list_url(), "Vermeulen")
    forms = FORM.findall(client.get(list_url()).content.decode())
    search_form = next(form for form in forms if 'role="search"' in form)
    clear_form = next(form for form in forms if 'name="wissen"' in form)
    for form in (search_form, clear_form):
        assert form.startswith('<form method="post"')
        assert 'name="csrfmiddlewaretoken"' in form
        assert f'action="{list_url()}"' in form


def test_search_without_csrf_token_is_refused(support, worker):
    client = Client(enforce_csrf_checks=True)
    mfa_login(client, worker.user)
    response = client.post(list_url(), {"q": "Vermeulen"})
    assert response.status_code == 403
    assert "backoffice_searches" not in client.session


def test_a_search_term_in_the_query_string_is_ignored(as_employee, support, worker):
    factories.resident(assign_to=worker, surname="Vermeulen")
    factories.resident(assign_to=worker, surname="Dijkstra")
    response = as_employee(worker).get(list_url(), {"q": "Vermeulen"})
    body = response.content.decode()
    assert "Dijkstra" in body
    assert "U zoekt op" not in body
    assert not [url for url in urls_of(response)[1:] if "Vermeulen" in url]


def test_clearing_the_search_shows_everyone_again(as_employee, support, worker):
    factories.resident(assign_to=worker, surname="Vermeulen")
    factories.resident(assign_to=worker, surname="Dijkstra")
    client = as_employee(worker)
    search(client, list_url(), "Vermeulen")
    assert "Dijkstra" not in client.get(list_url()).content.decode()
    cleared = clear_search(client, list_url())
    assert cleared.status_code == 302
    assert cleared["Location"] == list_url()
    body = client.get(list_url()).content.decode()
    assert "Dijkstra" in body
    assert "Vermeulen" in body
    assert "U zoekt op" not in body
    assert "Zoekopdracht wissen" not in body
    assert "Vermeulen" not in str(client.session.get("backoffice_searches"))


def test_an_empty_search_clears_it_too(as_employee, support, worker):
    factories.resident(assign_to=worker, surname="Dijkstra")
    client = as_employee(worker)
    search(client, list_url(), "Vermeulen")
    search(client, list_url(), "   ")
    assert "Dijkstra" in client.get(list_url()).content.decode()


def test_a_search_is_kept_per_list_and_purpose(as_employee, support, worker):
    factories.activity("schuldhulp")
    factories.resident(assign_to=worker, surname="Vermeulen")
    factories.resident(assign_to=worker, surname="Dijkstra")
    factories.resident(purpose="schuldhulp", assign_to=worker, surname="Schuldvrij")
    client = as_employee(worker)
    search(client, list_url(), "Vermeulen")
    assert "Schuldvrij" in client.get(list_url("schuldhulp")).content.decode()
    signals = client.get(reverse("backoffice:signal_list", args=["hulptrajecten"]))
    assert "U zoekt op" not in signals.content.decode()
    assert "Dijkstra" not in client.get(list_url()).content.decode()


def test_a_search_for_a_purpose_the_gate_refuses_is_403_and_not_kept(as_employee, support, worker):
    client = as_employee(worker)
    response = search(client, list_url("bestaat-niet"), "Vermeulen")
    assert response.status_code == 403
    assert "Vermeulen" not in response.content.decode()
    assert "Vermeulen" not in str(client.session.get("backoffice_searches"))


def test_search_term_is_capped(as_employee, support, worker):
    client = as_employee(worker)
    search(client, list_url(), "x" * 500)
    assert client.session["backoffice_searches"]["residents:hulptrajecten"]["term"] == "x" * 100


@pytest.mark.parametrize("typed", ["1234AB", "1234 AB", "1234 ab", "1234ab", " 1234  AB "])
def test_postcode_search_matches_however_it_is_typed(as_employee, support, worker, typed):
    factories.resident(assign_to=worker, surname="Postcodevrouw", postcode="1234 AB")
    factories.resident(assign_to=worker, surname="Qbuurmanq", postcode="1234 AC")
    factories.resident(assign_to=worker, surname="Qeldersq", postcode="5678 AB")
    client = as_employee(worker)
    posted = search(client, list_url(), typed)
    page = client.get(list_url())
    body = page.content.decode()
    assert "Postcodevrouw" in body
    assert "Qbuurmanq" not in body
    assert "Qeldersq" not in body
    assert "1 inwoner gevonden" in body
    assert_term_in_no_url(posted, typed.strip(), "1234")
    assert_term_in_no_url(page, typed.strip(), "1234")


def test_postcode_and_name_together(as_employee, support, worker):
    factories.resident(assign_to=worker, surname="Jansen", postcode="1234 AB")
    factories.resident(assign_to=worker, surname="Jansen", postcode="5678 CD")
    factories.resident(assign_to=worker, surname="Pietersen", postcode="1234 AB")
    with processing(actor=worker, purpose=support):
        found = list(resident_list(actor=worker, purpose=support, search="jansen 1234 ab"))
        assert [(r.surname, r.postcode) for r in found] == [("Jansen", "1234 AB")]
        # Four digits alone are not a postcode: they match nothing else either.
        assert list(resident_list(actor=worker, purpose=support, search="1234")) == []


def test_empty_state(as_employee, support, worker):
    body = as_employee(worker).get(list_url()).content.decode()
    assert "nog geen inwoners aan u of uw team toegewezen" in body


def test_pagination_25_per_page(as_employee, support, worker):
    for i in range(27):
        factories.resident(assign_to=worker, surname=f"Achternaam{i:02d}")
    client = as_employee(worker)
    first = client.get(list_url()).content.decode()
    second = client.get(list_url(), {"page": 2}).content.decode()
    assert len(FILE_LINK.findall(first)) == 25
    assert len(FILE_LINK.findall(second)) == 2
    assert "Pagina 1 van 2" in first
    assert "?page=2" in first
    assert "Pagina 2 van 2" in second
    assert client.get(list_url(), {"page": "onzin"}).status_code == 200


def test_pagination_keeps_the_search(as_employee, support, worker):
    for i in range(27):
        factories.resident(assign_to=worker, surname=f"Vermeulen{i:02d}")
    for _ in range(3):
        factories.resident(assign_to=worker, surname="Dijkstra")
    client = as_employee(worker)
    search(client, list_url(), "vermeulen")
    first = client.get(list_url())
    body = first.content.decode()
    assert "27 inwoners gevonden" in body
    assert 'href="?page=2"' in body
    assert_term_in_no_url(first, "vermeulen")
    second = client.get(list_url(), {"page": 2})
    body = second.content.decode()
    assert len(FILE_LINK.findall(body)) == 2
    assert "Dijkstra" not in body
    assert "U zoekt op “<strong>vermeulen</strong>”." in body
    assert 'href="?page=1"' in body
    assert_term_in_no_url(second, "vermeulen")


def test_pagination_links_carry_only_the_page(as_employee, support, worker):
    for i in range(26):
        factories.resident(assign_to=worker, surname=f"Achternaam{i:02d}")
    body = as_employee(worker).get(list_url(), {"page": 1, "q": "x", "extra": "y"}).content
    assert 'href="?page=2"' in body.decode()
    assert "extra=" not in body.decode()


def test_resident_list_query_count_is_bounded(
    as_employee, support, worker, django_assert_max_num_queries
):
    for _ in range(25):
        factories.resident(assign_to=worker)
    client = as_employee(worker)
    # Session, user, employee, activity, count, one page of rows, the log insert: 7 today.
    with django_assert_max_num_queries(9):
        assert client.get(list_url()).status_code == 200
    search(client, list_url(), "Achternaam")
    with django_assert_max_num_queries(9):
        assert client.get(list_url()).status_code == 200


def test_file_shows_data_and_sources(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, surname="Bakker", postcode="1234 AB")
    response = as_employee(worker).get(file_url(resident.public_id))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bakker" in body
    assert "1234 AB" in body
    assert "De inwoner zelf" in body
    assert support.name in body


def test_file_query_count_is_bounded(as_employee, support, worker, django_assert_max_num_queries):
    resident = factories.resident(assign_to=worker)
    with processing(actor=worker, purpose=support):
        resident_update(
            actor=worker,
            purpose=support,
            resident=resident,
            data={"city": "Zwolle", "phone": "06 1234 5678"},
            source_kind="referrer",
            source_name="Huisarts",
        )
    client = as_employee(worker)
    # Session, user, employee, activity, resident, its sources, one query per kind of record
    # in the timeline (5), consents, informing tasks, the log insert: 14 today. The bound with
    # every kind of record present is in test_resident_file_timeline.py.
    with django_assert_max_num_queries(16):
        assert client.get(file_url(resident.public_id)).status_code == 200


def test_file_read_is_logged(as_employee, support, worker):
    resident = factories.resident(assign_to=worker)
    as_employee(worker).get(file_url(resident.public_id))
    assert ProcessingLogRecord.objects.filter(
        actor_ref=worker.actor_ref,
        subject_ref=subject_ref(resident.pk),
        action="read",
        status="ok",
        object_type="people.resident",
    ).exists()


def test_p13_unassigned_resident_file_is_same_404_as_missing(
    as_employee, support, worker, other_worker
):
    theirs = factories.resident(assign_to=other_worker, surname="Niet-Van-Mij")
    client = as_employee(worker)
    unassigned = client.get(file_url(theirs.public_id))
    missing = client.get(file_url(uuid.uuid4()))
    assert unassigned.status_code == missing.status_code == 404
    assert unassigned.content == missing.content
    assert b"Niet-Van-Mij" not in unassigned.content
    # The attempt on an existing resident is logged as refused; the missing one has no subject.
    assert ProcessingLogRecord.objects.filter(
        subject_ref=subject_ref(theirs.pk), status="refused", reason_code="need_to_know"
    ).exists()


def test_p13_edit_page_of_unassigned_resident_is_404(as_employee, support, worker, other_worker):
    theirs = factories.resident(assign_to=other_worker)
    client = as_employee(worker)
    edit = f"{file_url(theirs.public_id)}wijzigen/"
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"given_names": "X", "surname": "Y"}).status_code == 404


def test_bsn_shown_only_when_purpose_uses_it(as_employee, worker):
    bsn_category = factories.category("bsn", is_bsn=True)
    factories.activity(
        "schuldhulp",
        ground="legal_obligation",
        categories=[factories.category("naw"), bsn_category],
        bsn_legal_basis="Wet gemeentelijke schuldhulpverlening, art. 8",
    )
    factories.activity("hulptrajecten")
    bsn = factories.fake_bsn()
    resident = factories.resident(purpose="schuldhulp", assign_to=worker, bsn=bsn)
    factories.resident(purpose="hulptrajecten", assign_to=worker)
    client = as_employee(worker)
    with_bsn = client.get(file_url(resident.public_id, "schuldhulp")).content.decode()
    assert bsn in with_bsn
    assert "BSN" in with_bsn


def test_bsn_hidden_when_purpose_does_not_use_it(as_employee, worker, support):
    from zorgvuldig.staff.services import assignment_create

    bsn_category = factories.category("bsn", is_bsn=True)
    factories.activity(
        "schuldhulp",
        ground="legal_obligation",
        categories=[factories.category("naw"), bsn_category],
        bsn_legal_basis="Wet gemeentelijke schuldhulpverlening, art. 8",
    )
    bsn = factories.fake_bsn()
    resident = factories.resident(purpose="schuldhulp", assign_to=worker, bsn=bsn)
    assignment_create(
        assigned_by=factories.FIXTURE_ACTOR,
        resident_id=resident.pk,
        activity=support,
        employee=worker,
    )
    body = as_employee(worker).get(file_url(resident.public_id)).content.decode()
    assert escape(resident.surname) in body
    assert bsn not in body


# Without a surrounding test transaction, so the failed insert does not abort the transaction
# the test needs to put the table back (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_log_failure_shows_503_without_data(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, surname="Geheimgehouden")
    client = as_employee(worker)
    table = ProcessingLogRecord._meta.db_table
    for url in (list_url(), file_url(resident.public_id)):
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
        try:
            response = client.get(url)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
        body = response.content.decode()
        assert response.status_code == 503
        assert "verwerkingslog niet kon worden geschreven" in body
        assert "Geheimgehouden" not in body


@pytest.mark.parametrize("code", ["hulptrajecten"])
def test_privacy_officer_sees_no_residents_without_assignment(as_employee, support, worker, code):
    from zorgvuldig.staff.models import Role

    factories.resident(assign_to=worker, surname="Alleen-Voor-Hulpverlener")
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    response = as_employee(officer).get(list_url(code))
    assert response.status_code == 200
    assert "Alleen-Voor-Hulpverlener" not in response.content.decode()
