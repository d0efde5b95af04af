"""Registering and changing residents through the back-office (P03, P07, P13)."""

from django.urls import reverse

from tests import factories
from tests.backoffice.conftest import file_url, resident_count
from zorgvuldig.audit.models import ProcessingLogRecord
from zorgvuldig.core.gate import processing
from zorgvuldig.people.models import DataSource, Resident
from zorgvuldig.staff.models import Role

CREATE_URL = reverse("backoffice:resident_create", args=["hulptrajecten"])


def valid_input(**overrides) -> dict:
    data = {
        "given_names": "Fatima",
        "surname_prefix": "",
        "surname": "El Amrani",
        "birth_date": "1984-03-12",
        "street": "Lindenlaan",
        "house_number": "12",
        "postcode": "1234 AB",
        "city": "Amersfoort",
        "phone": "",
        "email": "",
        "source_kind": "resident",
        "source_name": "",
    }
    data.update(overrides)
    return data


def test_create_form_renders(as_employee, support, worker):
    response = as_employee(worker).get(CREATE_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_postcode"' in body
    assert 'name="bsn"' not in body  # this purpose has no legal basis for the BSN


def test_create_with_bad_input_shows_field_errors_and_stores_nothing(as_employee, support, worker):
    before = resident_count()
    log_before = ProcessingLogRecord.objects.filter(action="create").count()
    response = as_employee(worker).post(
        CREATE_URL,
        valid_input(postcode="12345", email="geen-adres", birth_date="2999-01-01"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geef een Nederlandse postcode op, zoals 1234 AB." in body
    assert "Geef een geldig e-mailadres op." in body
    assert "De geboortedatum kan niet in de toekomst liggen." in body
    assert 'aria-invalid="true"' in body
    assert 'href="#id_postcode"' in body  # the error summary links to the field
    assert 'value="12345"' in body  # input kept
    assert 'value="El Amrani"' in body
    assert resident_count() == before
    assert ProcessingLogRecord.objects.filter(action="create").count() == log_before


def test_create_without_source_name_for_third_party_stores_nothing(as_employee, support, worker):
    before = resident_count()
    response = as_employee(worker).post(CREATE_URL, valid_input(source_kind="third_party"))
    assert "Vermeld wie de gegevens heeft verstrekt." in response.content.decode()
    assert resident_count() == before


def test_create_with_missing_name_uses_form_errors(as_employee, support, worker):
    before = resident_count()
    response = as_employee(worker).post(CREATE_URL, valid_input(given_names=""))
    assert "Dit veld is verplicht." in response.content.decode()
    assert resident_count() == before


def test_create_success_logs_create_and_redirects_to_file(as_employee, support, worker):
    client = as_employee(worker)
    response = client.post(
        CREATE_URL, valid_input(source_kind="referrer", source_name="Huisartsenpraktijk")
    )
    assert response.status_code == 302
    with processing(actor=factories.FIXTURE_ACTOR, purpose="hulptrajecten"):
        resident = factories.find_resident("El Amrani")
        sources = list(DataSource.objects.filter(resident=resident))
    assert response["Location"] == file_url(resident.public_id)
    assert {s.kind for s in sources} == {"referrer"}
    assert {s.source_name for s in sources} == {"Huisartsenpraktijk"}
    assert ProcessingLogRecord.objects.filter(
        action="create", actor_ref=worker.actor_ref, object_type="people.resident", status="ok"
    ).exists()
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "De inwoner is geregistreerd." in body
    assert "Huisartsenpraktijk" in body


def test_privacy_officer_may_not_register(as_employee, support):
    officer = factories.employee(role=Role.PRIVACY_OFFICER)
    before = resident_count()
    client = as_employee(officer)
    assert client.get(CREATE_URL).status_code == 403
    response = client.post(CREATE_URL, valid_input())
    assert response.status_code == 403
    assert "Uw rol geeft geen toegang" in response.content.decode()
    assert resident_count() == before


def test_edit_keeps_input_on_error_and_changes_nothing(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, postcode="1234 AB", city="Utrecht")
    url = reverse("backoffice:resident_edit", args=["hulptrajecten", resident.public_id])
    client = as_employee(worker)
    form = client.get(url).content.decode()
    assert 'value="Utrecht"' in form
    response = client.post(
        url,
        valid_input(given_names=resident.given_names, surname=resident.surname, postcode="ABCD 12"),
    )
    assert "Geef een Nederlandse postcode op" in response.content.decode()
    assert 'value="ABCD 12"' in response.content.decode()
    with processing(actor=factories.FIXTURE_ACTOR, purpose="hulptrajecten"):
        assert Resident.objects.get(pk=resident.pk).postcode == "1234 AB"


def test_edit_success_records_the_new_source(as_employee, support, worker):
    resident = factories.resident(assign_to=worker, city="Utrecht")
    url = reverse("backoffice:resident_edit", args=["hulptrajecten", resident.public_id])
    data = {
        "given_names": resident.given_names,
        "surname": resident.surname,
        "birth_date": resident.birth_date.isoformat(),
        "street": resident.street,
        "house_number": resident.house_number,
        "postcode": resident.postcode,
        "city": "Zwolle",
        "source_kind": "third_party",
        "source_name": "Buurvrouw",
    }
    response = as_employee(worker).post(url, data, follow=True)
    body = response.content.decode()
    assert "De gegevens zijn opgeslagen." in body
    assert "Zwolle" in body
    assert "Buurvrouw" in body
    with processing(actor=factories.FIXTURE_ACTOR, purpose="hulptrajecten"):
        changed = {s.field_name for s in DataSource.objects.filter(kind="third_party")}
    assert changed == {"city"}
    assert ProcessingLogRecord.objects.filter(action="update", actor_ref=worker.actor_ref).exists()
