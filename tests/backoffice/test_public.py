"""The public landing page and privacy statement."""

from django.urls import reverse


def test_landing_page_links_to_privacy_statement_and_login(client, db):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="nl"' in body
    assert reverse("public:privacy") in body
    assert reverse("backoffice:login") in body
    assert 'href="#inhoud"' in body  # skip link


def test_privacy_statement_comes_from_the_register(client, support):
    body = client.get(reverse("public:privacy")).content.decode()
    assert support.name in body
    assert support.purpose in body
    assert "Autoriteit Persoonsgegevens" in body


def test_unknown_url_is_the_same_dutch_404(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()
