"""The organizations API and its OpenAPI description."""

from __future__ import annotations

import pytest

from partners.models import Region

pytestmark = pytest.mark.django_db


def test_list_body_shape(client, make_organization):
    for number in range(3):
        make_organization(name=f"Org {number}")

    body = client.get("/api/v1/organizations/", {"page_size": 2}).json()

    assert body["count"] == 3
    assert body["next"].endswith("page=2&page_size=2")
    assert body["previous"] is None
    assert [result["slug"] for result in body["results"]] == ["org-0", "org-1"]


def test_page_size_is_capped(client, make_organization):
    make_organization(name="Org")

    response = client.get("/api/v1/organizations/", {"page_size": 100000})

    assert response.status_code == 200


def test_page_past_the_end_is_404(client, make_organization):
    make_organization(name="Org")

    assert client.get("/api/v1/organizations/", {"page": 99}).status_code == 404
    assert client.get("/api/v1/organizations/", {"page": "abc"}).status_code == 404


def test_search_montreal(client, make_organization):
    make_organization(name="Réseau d'emploi inclusif de Montréal", city="Montréal")
    make_organization(name="Other", city="Montreal")
    make_organization(name="Elsewhere", city="Halifax")

    body = client.get("/api/v1/organizations/", {"search": "montreal"}).json()

    assert sorted(result["city"] for result in body["results"]) == ["Montreal", "Montréal"]


def test_detail_by_slug_has_both_languages(client, make_organization):
    organization = make_organization(
        name="Org",
        description_en="English text",
        description_fr="Texte français",
        province=Region.objects.get(code="CA-QC"),
    )

    body = client.get(f"/api/v1/organizations/{organization.slug}/").json()

    assert body["slug"] == organization.slug
    assert body["description_en"] == "English text"
    assert body["description_fr"] == "Texte français"
    assert body["province"] == {
        "code": "CA-QC",
        "kind": "province",
        "name_en": "Quebec",
        "name_fr": "Québec",
        "abbreviation_en": "Que.",
        "abbreviation_fr": "Qc",
    }


def test_api_is_read_only(client, make_organization):
    organization = make_organization(name="Org")

    assert client.post("/api/v1/organizations/", {"name": "New"}).status_code in {403, 405}
    assert client.delete(f"/api/v1/organizations/{organization.slug}/").status_code in {403, 405}


def test_schema_describes_organizations(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/organizations/" in schema["paths"]
    assert "/api/v1/organizations/{slug}/" in schema["paths"]
    parameters = {
        parameter["name"]
        for parameter in schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    }
    expected = {"search", "kind", "province", "region", "language", "indigenous_led", "sector"}
    assert expected | {"ordering", "page", "page_size"} <= parameters


def test_docs_page_uses_vendored_assets(client):
    content = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in content
    assert "cdn" not in content.lower()


def test_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")
