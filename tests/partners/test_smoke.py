import pytest

pytestmark = pytest.mark.django_db


def test_directory_lists_organization(client, make_organization):
    make_organization(name="Réseau d'emploi inclusif de Montréal", city="Montréal")

    response = client.get("/en/organizations/?search=montreal")

    assert response.status_code == 200
    assert "Réseau d&#x27;emploi inclusif de Montréal" in response.content.decode()
