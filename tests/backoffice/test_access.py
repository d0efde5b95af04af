"""Login, the employee behind it, the dashboard and the confidentiality declaration (P09)."""

from django.urls import reverse
from django.utils.html import escape

from tests import factories
from tests.auth import mfa_login
from tests.backoffice.conftest import file_url, list_url


def test_backoffice_requires_login(client, db):
    response = client.get(reverse("backoffice:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_login_page_is_dutch_and_logs_in(client, worker):
    page = client.get(reverse("backoffice:login"))
    assert page.status_code == 200
    assert 'lang="nl"' in page.content.decode()
    assert "Inloggen voor medewerkers" in page.content.decode()
    response = client.post(
        reverse("backoffice:login"),
        {"username": worker.user.username, "password": factories.PASSWORD},
    )
    # The password is the first factor: next comes the code (tests/staff/test_mfa.py).
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:verify"))


def test_wrong_password_shows_dutch_error(client, worker):
    response = client.post(
        reverse("backoffice:login"), {"username": worker.user.username, "password": "fout"}
    )
    assert response.status_code == 200
    assert "Controleer de gemarkeerde velden" in response.content.decode()


def test_logout_is_a_post(as_employee, worker):
    client = as_employee(worker)
    assert client.get(reverse("backoffice:logout")).status_code == 200  # confirmation page
    assert client.get(reverse("backoffice:dashboard")).status_code == 200
    response = client.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert client.get(reverse("backoffice:dashboard")).status_code == 302


def test_user_without_employee_is_refused(client, django_user_model, db):
    user = django_user_model.objects.create_user(username="los", password=factories.PASSWORD)
    mfa_login(client, user)
    response = client.get(reverse("backoffice:dashboard"))
    assert response.status_code == 403
    assert "niet gekoppeld aan een medewerker" in response.content.decode()


def test_dashboard_shows_role_team_and_purposes(as_employee, support, worker):
    factories.resident(assign_to=worker)
    factories.resident(assign_to=worker)
    body = as_employee(worker).get(reverse("backoffice:dashboard")).content.decode()
    assert "Hulpverlener" in body
    assert "Team Noord" in body
    assert "Getekend (versie" in body
    assert list_url() in body
    assert '<td class="numeric">2</td>' in body


def test_p09_worker_without_declaration_sees_no_personal_data(as_employee, support, north):
    worker = factories.employee(team_obj=north, declared=False)
    resident = factories.resident(
        assign_to=worker, surname="Verborgen-Achternaam", given_names="Verborgen-Voornaam"
    )
    client = as_employee(worker)

    dashboard = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "Teken eerst de geheimhoudingsverklaring" in dashboard
    assert "kunt u geen persoonsgegevens van inwoners inzien" in dashboard
    assert reverse("backoffice:declaration_sign") in dashboard
    assert list_url() not in dashboard

    for url in (list_url(), file_url(resident.public_id)):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 403
        assert "geheimhoudingsverklaring" in body
        assert "Verborgen-Achternaam" not in body
        assert resident.given_names not in body


def test_p09_signing_is_an_explicit_act(as_employee, support, north):
    worker = factories.employee(team_obj=north, declared=False)
    resident = factories.resident(assign_to=worker)
    client = as_employee(worker)

    unticked = client.post(reverse("backoffice:declaration_sign"), {})
    assert unticked.status_code == 200
    assert "Vink aan dat u de verklaring hebt gelezen" in unticked.content.decode()
    assert client.get(list_url()).status_code == 403

    signed = client.post(reverse("backoffice:declaration_sign"), {"agree": "on"}, follow=True)
    assert "U hebt de geheimhoudingsverklaring getekend" in signed.content.decode()
    page = client.get(list_url())
    assert page.status_code == 200
    assert escape(resident.surname) in page.content.decode()


def test_unknown_purpose_is_refused_with_a_reason(as_employee, support, worker):
    response = as_employee(worker).get(list_url("bestaat-niet"))
    assert response.status_code == 403
    assert "niet (of niet meer) als actieve verwerking" in response.content.decode()


def test_dashboard_of_privacy_officer_explains_no_casework(as_employee, support, privacy_officer):
    body = as_employee(privacy_officer).get(reverse("backoffice:dashboard")).content.decode()
    assert "werkt u niet met dossiers van inwoners" in body
    assert reverse("backoffice:register_export_csv") in body
    assert reverse("backoffice:resident_create", args=["hulptrajecten"]) not in body
