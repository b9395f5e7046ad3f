"""Directory pages: filters, sorting, pagination, errors and languages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Language, Organization, Region, Sector, StakeholderKind

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [organization.name for organization in response.context["page"].object_list]


@pytest.fixture
def varied(make_organization):
    """Three organizations that differ on every filter."""
    quebec = Region.objects.get(code="CA-QC")
    nunavut = Region.objects.get(code="CA-NU")
    national = Region.objects.get(code="CA")
    business = StakeholderKind.objects.get(slug="business")
    return {
        "qc": make_organization(
            name="Alpha Québec",
            province=quebec,
            regions_served=[quebec],
            languages=[Language.objects.get(code="fr"), Language.objects.get(code="fcs")],
        ),
        "nu": make_organization(
            name="Bravo Nunavut",
            province=nunavut,
            regions_served=[nunavut, national],
            indigenous_led=True,
            languages=[Language.objects.get(code="en")],
        ),
        "biz": make_organization(
            name="Charlie Employer",
            kind=business,
            sector=Sector.objects.get(code="62"),
            size_band="large",
            regions_served=[national],
            languages=[Language.objects.get(code="ase")],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "business"}, ["Charlie Employer"]),
        ({"province": "CA-QC"}, ["Alpha Québec"]),
        ({"province": "qc"}, ["Alpha Québec"]),
        ({"region": "CA"}, ["Bravo Nunavut", "Charlie Employer"]),
        ({"region": "national"}, ["Bravo Nunavut", "Charlie Employer"]),
        ({"region": "CA-NU"}, ["Bravo Nunavut"]),
        ({"language": "fcs"}, ["Alpha Québec"]),
        ({"language": "ase"}, ["Charlie Employer"]),
        ({"indigenous_led": "true"}, ["Bravo Nunavut"]),
        ({"indigenous_led": "false"}, ["Alpha Québec", "Charlie Employer"]),
        ({"sector": "62"}, ["Charlie Employer"]),
        ({"region": "CA", "indigenous_led": "true"}, ["Bravo Nunavut"]),
        ({"ordering": "-name"}, ["Charlie Employer", "Bravo Nunavut", "Alpha Québec"]),
    ],
)
def test_each_filter(client, varied, query, expected):
    response = client.get("/en/organizations/", query)

    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("kind", "nonexistent"),
        ("province", "CA"),
        ("province", "ZZ"),
        ("region", "atlantis"),
        ("language", "xx"),
        ("indigenous_led", "maybe"),
        ("sector", "99"),
        ("ordering", "password"),
    ],
)
def test_bad_filter_names_parameter(client, varied, parameter, value):
    page = client.get("/en/organizations/", {parameter: value})
    api = client.get("/api/v1/organizations/", {parameter: value})

    assert page.status_code == 400
    assert page.context["filterset"].form.errors[parameter]
    assert 'aria-invalid="true"' in page.content.decode()
    assert api.status_code == 400
    assert parameter in api.json()


def test_newest_first_sorting(client, make_organization):
    first = make_organization(name="Older")
    second = make_organization(name="Newer")
    Organization.objects.filter(pk=first.pk).update(created="2024-01-01T00:00:00Z")
    Organization.objects.filter(pk=second.pk).update(created="2025-01-01T00:00:00Z")

    response = client.get("/en/organizations/", {"ordering": "-created"})

    assert names(response) == ["Newer", "Older"]


def test_name_sorting_ignores_accents(client, make_organization):
    for name in ["Zeta", "École Alpha", "emploi Beta"]:
        make_organization(name=name)

    response = client.get("/en/organizations/")

    assert names(response) == ["École Alpha", "emploi Beta", "Zeta"]


@pytest.mark.parametrize("ordering", ["name", "-name", "created", "-created"])
def test_pagination_across_ties_is_stable(client, make_organization, ordering):
    created = [make_organization(name="Same Name") for _ in range(45)]
    Organization.objects.update(created="2025-06-01T12:00:00Z")

    seen: list[int] = []
    for page_number in (1, 2, 3):
        response = client.get("/en/organizations/", {"ordering": ordering, "page": page_number})
        seen.extend(organization.pk for organization in response.context["page"].object_list)

    assert len(seen) == len(created)
    assert set(seen) == {organization.pk for organization in created}


def test_empty_state_suggests_what_to_try(client, make_organization):
    make_organization(name="Something")

    response = client.get("/en/organizations/", {"search": "zzzz-no-match"})

    content = response.content.decode()
    assert "0 organizations found" in content
    assert "Check the spelling" in content


def test_result_count_announced(client, make_organization):
    make_organization(name="One")

    content = client.get("/en/organizations/").content.decode()

    assert 'role="status"' in content
    assert "1 organization found" in content


def test_unverified_not_listed_or_shown(client, make_organization):
    for status in ("pending", "rejected", "archived"):
        hidden = make_organization(name=f"Hidden {status}", verification_status=status)

        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/organizations/{hidden.slug}/").status_code == 404

    assert client.get("/en/organizations/").context["page"].paginator.count == 0
    assert client.get("/api/v1/organizations/").json()["count"] == 0


def test_detail_shows_public_fields(client, make_organization):
    organization = make_organization(
        name="Detail Org",
        city="Iqaluit",
        province=Region.objects.get(code="CA-NU"),
        website="https://example.org/",
        email="info@example.org",
        phone="+1 555 0100",
        description_en="We help.",
        other_languages="Inuktitut",
    )

    content = client.get(organization.get_absolute_url()).content.decode()

    for text in ["Detail Org", "Iqaluit", "Nunavut", "https://example.org/", "info@example.org"]:
        assert text in content
    assert "We help." in content
    assert "Inuktitut" in content


def test_french_only_description_marked_with_lang(client, make_organization):
    organization = make_organization(name="Org", description_fr="Nous aidons les gens.")

    english = client.get(organization.get_absolute_url()).content.decode()
    french = client.get(f"/fr/organizations/{organization.slug}/").content.decode()

    assert '<div class="prose" lang="fr">' in english
    assert '<div class="prose">' in french


def test_french_pages_are_in_french(client, make_organization):
    make_organization(name="Org", province=Region.objects.get(code="CA-BC"))

    home = client.get("/fr/").content.decode()
    directory = client.get("/fr/organizations/").content.decode()

    assert '<html lang="fr">' in home
    assert "Passer au contenu principal" in home
    assert "Organismes" in directory
    assert "Colombie-Britannique" in directory


def test_root_redirects_by_browser_language(client):
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA")

    assert french.status_code == 302
    assert french["Location"] == "/fr/"
    assert english["Location"] == "/en/"


def test_language_switch_keeps_page_and_query(client, make_organization):
    make_organization(name="Org")

    content = client.get("/en/organizations/?search=abc&kind=business").content.decode()

    assert 'href="/fr/organizations/?search=abc&amp;kind=business"' in content


def test_home_counts_public_organizations(client, make_organization):
    make_organization(name="Visible", regions_served=[Region.objects.get(code="CA-ON")])
    make_organization(name="Hidden", verification_status="pending")

    response = client.get("/en/")

    assert response.context["organization_count"] == 1
    assert response.context["region_count"] == 1


def create_many(make_organization, count: int) -> None:
    quebec = Region.objects.get(code="CA-QC")
    national = Region.objects.get(code="CA")
    french = Language.objects.get(code="fr")
    for _ in range(count):
        make_organization(
            province=quebec,
            sector=Sector.objects.get(code="62"),
            regions_served=[quebec, national],
            languages=[french],
        )


@pytest.mark.parametrize(
    "url", ["/en/organizations/", "/api/v1/organizations/", "/api/v1/organizations/?search=org"]
)
def test_list_query_count_is_constant(client, make_organization, url):
    create_many(make_organization, 5)
    client.get(url)  # fills the in-process reference-list cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    create_many(make_organization, 95)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
