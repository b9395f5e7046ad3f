"""Directory search: case- and accent-insensitive, safe with any input."""

from __future__ import annotations

import pytest

from hubsite.search import fold, search_terms
from partners.models import Organization

pytestmark = pytest.mark.django_db

ACCENT_QUERIES = ["montreal", "MONTRÉAL", "Montréal", "montréal", "MONTREAL", "Montreal"]


@pytest.fixture
def montreal_pair(make_organization):
    accented = make_organization(name="Réseau d'emploi inclusif de Montréal", city="Montréal")
    plain = make_organization(name="Inclusive Jobs Collective", city="Montreal")
    make_organization(name="Prairie Employment Link", city="Regina")
    return accented, plain


@pytest.mark.parametrize("query", ACCENT_QUERIES)
def test_search_ignores_case_and_accents(montreal_pair, query):
    found = set(Organization.objects.public().search(query))

    assert found == set(montreal_pair)


@pytest.mark.parametrize("query", ACCENT_QUERIES)
def test_directory_page_search_ignores_accents(client, montreal_pair, query):
    response = client.get("/en/organizations/", {"search": query})

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == set(montreal_pair)


def test_search_covers_alternate_name_and_descriptions(make_organization):
    by_alternate = make_organization(name="A", alternate_name="Centre d'intégration")
    by_english = make_organization(name="B", description_en="Integration services downtown")
    by_french = make_organization(name="C", description_fr="Services d'INTÉGRATION au travail")
    make_organization(name="D", description_en="Unrelated")

    found = set(Organization.objects.search("integration"))

    assert found == {by_alternate, by_english, by_french}


def test_search_requires_every_term(make_organization):
    both = make_organization(name="Réseau emploi", city="Québec")
    make_organization(name="Réseau santé", city="Toronto")

    assert list(Organization.objects.search("reseau quebec")) == [both]


def test_search_matches_typographic_apostrophe(make_organization):
    organization = make_organization(name="Centre d’emploi de l’Est")

    assert list(Organization.objects.search("d'emploi")) == [organization]


def test_search_folds_ligatures(make_organization):
    organization = make_organization(name="Cœur de l'emploi")

    assert list(Organization.objects.search("coeur")) == [organization]


def test_search_excludes_unverified(make_organization):
    make_organization(name="Pending Montréal group", verification_status="pending")

    assert not Organization.objects.public().search("montreal").exists()


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "100%",
        "a_b",
        "'; DROP TABLE partners_organization; --",
        '"quoted"',
        "back\\slash",
        "\\",
        "😀",
        "x" * 5000,
        "\x00",
        "   ",
        "ᐃᓄᒃᑎᑐᑦ",
    ],
)
def test_hostile_queries_never_fail(client, make_organization, query):
    make_organization(name="Plain name")

    page = client.get("/en/organizations/", {"search": query})
    api = client.get("/api/v1/organizations/", {"search": query})

    assert page.status_code in {200, 400}
    assert api.status_code in {200, 400}


def test_percent_is_literal_not_wildcard(make_organization):
    make_organization(name="Plain name")
    percent = make_organization(name="100% inclusive hiring")

    assert list(Organization.objects.search("%")) == [percent]
    assert list(Organization.objects.search("_")) == []


def test_syllabics_search(make_organization):
    organization = make_organization(name="ᐃᓄᐃᑦ ᐱᓕᕆᐊᕐᕕᖓ", alternate_name="Inuit Works")

    assert list(Organization.objects.search("ᐱᓕᕆᐊᕐᕕᖓ")) == [organization]
    assert list(Organization.objects.search("inuit")) == [organization]


def test_fold_examples():
    assert fold("  MONTRÉAL  Nord ") == "montreal nord"
    assert fold("Œuvre") == "oeuvre"
    assert fold("Straße") == "strasse"


def test_search_terms_are_bounded():
    assert len(search_terms(" ".join(["a"] * 50))) == 10
    assert search_terms("x" * 5000) == ["x" * 200]
