"""The initiative directory: accent-insensitive search, filters, stable pages and query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from partners.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["Montréal", "montreal", "MONTREAL", "montréal"])
def test_search_ignores_accents_and_case(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    query: str,
) -> None:
    make_initiative(organization_a, title_en="", title_fr="Emplois inclusifs à Montréal")
    make_initiative(organization_a, title_en="Halifax job fair")

    page = client.get("/en/initiatives/", {"search": query}).content.decode()

    assert "1 initiative found" in page
    assert "Montréal" in page


def test_search_finds_ligature_and_french_summary(
    client: Client, make_initiative: Callable[..., Initiative], organization_a: Organization
) -> None:
    make_initiative(organization_a, title_en="Hands-on work", summary_fr="Main-d'œuvre et emploi")

    page = client.get("/en/initiatives/", {"search": "main-d'oeuvre"}).content.decode()

    assert "1 initiative found" in page


def test_pagination_is_stable_across_ties(
    client: Client, make_initiative: Callable[..., Initiative], organization_a: Organization
) -> None:
    created = [make_initiative(organization_a, title_en="Same title") for _ in range(45)]

    seen: list[int] = []
    for page in (1, 2, 3):
        response = client.get("/api/v1/initiatives/", {"page": page, "page_size": 20})
        seen += [row["id"] for row in response.json()["results"]]
    html_ids = []
    for page in (1, 2, 3):
        response = client.get("/en/initiatives/", {"page": page})
        html_ids += [item.pk for item in response.context["page"].object_list]

    assert seen == sorted(initiative.pk for initiative in created)
    assert html_ids == seen


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"theme": "99"}, "theme"),
        ({"region": "XX"}, "region"),
        ({"status": "finished"}, "status"),
        ({"kind": "movie"}, "kind"),
        ({"group": "aliens"}, "group"),
        ({"lead_kind": "nothing"}, "lead_kind"),
        ({"funding_program": "ZZZ99"}, "funding_program"),
    ],
)
def test_bad_filter_names_field(
    client: Client, reference_data: None, query: dict[str, str], field: str
) -> None:
    page = client.get("/en/initiatives/", query)
    api = client.get("/api/v1/initiatives/", query)

    assert page.status_code == 400
    assert api.status_code == 400
    assert field in api.json()


def test_filters_select_matching(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
) -> None:
    wanted = make_initiative(
        organization_a,
        title_en="Wanted",
        themes=[3],
        regions=["CA-QC"],
        groups=["youth"],
        status="active",
        kind="research",
        funding_program="BGO04",
    )
    make_initiative(organization_a, title_en="Other", themes=[2], regions=["CA-ON"])

    query = {
        "theme": "3",
        "region": "qc",
        "group": "youth",
        "status": "active",
        "kind": "research",
        "lead_kind": "disability-organization",
        "funding_program": "bgo04",
    }
    ids = [row["id"] for row in client.get("/api/v1/initiatives/", query).json()["results"]]

    assert ids == [wanted.pk]


def test_list_queries_constant(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
) -> None:
    def measure(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        make_initiative(organization_a, themes=[1, 2], regions=["CA-ON"], partners=[organization_b])
    # The first requests fill the in-process reference-list cache.
    measure("/en/initiatives/"), measure("/api/v1/initiatives/")
    small_page, small_api = measure("/en/initiatives/"), measure("/api/v1/initiatives/")
    for _ in range(15):
        make_initiative(organization_b, themes=[3], regions=["CA-QC", "CA-ON"], groups=["youth"])
    large_page, large_api = measure("/en/initiatives/"), measure("/api/v1/initiatives/")

    assert small_page == large_page
    assert small_api == large_api


def test_detail_queries_constant(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
) -> None:
    from initiatives import detection

    text = {"summary_en": "Peer mentoring for young job seekers with disabilities and mentors."}
    subject = make_initiative(organization_a, themes=[1], regions=["CA-ON"], **text)
    make_initiative(organization_b, themes=[1], regions=["CA-ON"], **text)
    detection.rebuild_similar_work()

    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/en/initiatives/{subject.pk}/").status_code == 200
        return len(context.captured_queries)

    measure()  # fills the in-process reference-list cache
    few = measure()
    for _ in range(6):
        make_initiative(organization_b, themes=[1, 2], regions=["CA-ON", "CA-QC"], **text)
    detection.rebuild_similar_work()
    many = measure()

    assert subject.similar_work.count() == 7
    assert few == many


def test_province_view_groups_by_theme(
    client: Client, make_initiative: Callable[..., Initiative], organization_a: Organization
) -> None:
    make_initiative(organization_a, title_en="Quebec hiring", themes=[3, 4], regions=["CA-QC"])
    make_initiative(organization_a, title_en="Ontario hiring", themes=[3], regions=["CA-ON"])

    response = client.get("/fr/initiatives/provinces/QC/")
    themes = {row["theme"].number: row["initiatives"] for row in response.context["themes"]}

    assert response.status_code == 200
    assert [item.title_en for item in themes[3]] == ["Quebec hiring"]
    assert [item.title_en for item in themes[4]] == ["Quebec hiring"]
    assert themes[1] == []
    assert client.get("/en/initiatives/provinces/ZZ/").status_code == 404
