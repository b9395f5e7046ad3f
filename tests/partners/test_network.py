"""Missing voices per partnership and the "Who is at the table" figures, page and API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from partners.models import (
    GovernmentLevel,
    Language,
    MemberStatus,
    PartnershipMember,
    PartnershipState,
    Region,
    StakeholderKind,
)
from partners.network import VOICES, missing_voices, voices_of, who_is_at_the_table
from tests.partners.test_leadership_roles import make_partnership

ALL_VOICES = {voice.key for voice in VOICES}


def kind(slug: str) -> StakeholderKind:
    return StakeholderKind.objects.get(slug=slug)


# ---------------------------------------------------------------------------
# Missing voices
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"kind_slug": "business"}, {"business"}),
        ({"kind_slug": "labour-union"}, {"labour"}),
        ({"kind_slug": "college"}, {"education"}),
        ({"kind_slug": "school-board"}, {"education"}),
        ({"kind_slug": "university"}, {"education"}),
        ({"kind_slug": "research"}, {"research"}),
        ({"kind_slug": "government"}, {"government"}),
        ({"kind_slug": "funder", "government_level": "municipal"}, {"government"}),
        ({"kind_slug": "government", "government_level": "inuit"}, {"government", "indigenous"}),
        ({"kind_slug": "funder", "indigenous_led": True}, {"indigenous"}),
        ({"kind_slug": "disability-organization"}, set()),
        ({"kind_slug": "disability-organization", "disability_led": True}, {"disability-led"}),
        ({"kind_slug": "chamber-of-commerce"}, set()),
    ],
)
def test_voices_of_organization(fields, expected):
    arguments = {
        "kind_slug": "",
        "government_level": "",
        "disability_led": False,
        "indigenous_led": False,
        **fields,
    }
    assert voices_of(**arguments) == expected


def test_missing_voices_per_partnership(make_organization):
    lead = make_organization(disability_led=True)
    business = make_organization(kind=kind("business"))
    union = make_organization(kind=kind("labour-union"))
    government = make_organization(
        kind=kind("government"), government_level=GovernmentLevel.FIRST_NATIONS
    )
    invited_school = make_organization(kind=kind("university"))
    partnership = make_partnership(lead, members=(business, union, government))
    PartnershipMember.objects.create(
        partnership=partnership, organization=invited_school, status=MemberStatus.INVITED
    )
    alone = make_partnership(business, name="Alone")

    gaps = missing_voices([partnership.pk, alone.pk])

    assert {voice.key for voice in gaps[partnership.pk]} == {"education", "research"}
    assert {voice.key for voice in gaps[alone.pk]} == ALL_VOICES - {"business"}


def test_member_that_left_is_missing(make_organization):
    lead = make_organization(kind=kind("business"))
    research = make_organization(kind=kind("research"))
    partnership = make_partnership(lead, members=(research,))
    assert "research" not in {v.key for v in missing_voices([partnership.pk])[partnership.pk]}
    PartnershipMember.objects.filter(organization=research).update(status=MemberStatus.LEFT)
    assert "research" in {v.key for v in missing_voices([partnership.pk])[partnership.pk]}


def test_missing_voices_query_count(make_organization):
    lead = make_organization()
    ids = [make_partnership(lead, name=f"P{n}").pk for n in range(8)]
    with CaptureQueriesContext(connection) as queries:
        gaps = missing_voices(ids)
    assert len(queries) == 1
    assert len(gaps) == 8


def test_missing_voices_in_indicator_api(make_organization):
    lead = make_organization(kind=kind("business"), disability_led=True)
    partnership = make_partnership(lead)
    response = APIClient().get(reverse("api:leadership-indicator-list"))
    row = response.json()["results"][0]
    assert row["partnership"] == partnership.slug
    assert set(row["missing_voices"]) == ALL_VOICES - {"business", "disability-led"}


# ---------------------------------------------------------------------------
# Who is at the table
# ---------------------------------------------------------------------------


def cells(population_key: str, breakdown_key: str) -> dict[str, int]:
    population = next(p for p in who_is_at_the_table() if p.key == population_key)
    breakdown = next(b for b in population.breakdowns if b.key == breakdown_key)
    return {cell.key: cell.count for cell in breakdown.cells}


@pytest.fixture
def table(make_organization):
    """Verified and unverified organizations, in public and hidden partnerships."""
    quebec = Region.objects.get(code="CA-QC")
    yukon = Region.objects.get(code="CA-YT")
    french = Language.objects.get(code="fr")
    english = Language.objects.get(code="en")
    verified_business = make_organization(
        kind=kind("business"), province=quebec, languages=[french, english]
    )
    verified_government = make_organization(
        kind=kind("government"), government_level=GovernmentLevel.TERRITORIAL, province=yukon
    )
    pending_union = make_organization(
        kind=kind("labour-union"),
        province=quebec,
        verification_status="pending",
        languages=[french],
    )
    hidden_only = make_organization(kind=kind("research"), province=quebec)
    public = make_partnership(verified_business, members=(pending_union,))
    make_partnership(hidden_only, name="Hidden", state=PartnershipState.PROPOSED)
    declined = make_partnership(
        verified_government, name="Declined", state=PartnershipState.DECLINED
    )
    return {"public": public, "declined": declined}


def test_verified_counts_exclude_unverified(table):
    by_kind = cells("verified", "stakeholder-kind")
    assert by_kind["business"] == 1
    assert by_kind["government"] == 1
    assert by_kind["research"] == 1
    assert by_kind["labour-union"] == 0
    assert cells("verified", "province")["CA-QC"] == 2
    assert cells("verified", "language")["fr"] == 1
    assert cells("verified", "government-level")["territorial"] == 1


def test_member_counts_only_public_partnerships(table):
    by_kind = cells("partnership-members", "stakeholder-kind")
    assert by_kind["business"] == 1
    # Unverified, in a public partnership.
    assert by_kind["labour-union"] == 0
    # Verified, but only in proposed or declined partnerships.
    assert by_kind["research"] == 0
    assert by_kind["government"] == 0
    assert cells("partnership-members", "government-level")["territorial"] == 0
    population = next(p for p in who_is_at_the_table() if p.key == "partnership-members")
    assert population.total == 1


def test_member_counted_once(make_organization):
    business = make_organization(kind=kind("business"))
    make_partnership(business, name="One")
    make_partnership(business, name="Two")
    assert cells("partnership-members", "stakeholder-kind")["business"] == 1


def test_every_category_listed_with_gaps(table):
    population = who_is_at_the_table()[0]
    breakdowns = {b.key: b for b in population.breakdowns}
    assert len(breakdowns["stakeholder-kind"].cells) == StakeholderKind.objects.count()
    assert len(breakdowns["province"].cells) == 13
    assert "CA" not in {cell.key for cell in breakdowns["province"].cells}
    province = {cell.key: cell for cell in breakdowns["province"].cells}
    assert province["CA-QC"].is_thin
    assert not province["CA-QC"].is_empty
    assert province["CA-NU"].is_empty
    assert not province["CA-NU"].is_thin


def test_page_marks_gaps_in_words(client, table):
    response = client.get(reverse("partners:who-is-at-the-table"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Empty</td>" in html.replace("</span> ", "</span>").replace("✗</span>", "")
    assert html.count("<table") == 8
    assert "Thin" in html


def test_page_in_french(client, table):
    response = client.get("/fr" + reverse("partners:who-is-at-the-table").removeprefix("/en"))
    assert response.status_code == 200


def test_api_same_figures(table):
    response = APIClient().get(reverse("api:who-is-at-the-table"))
    assert response.status_code == 200
    populations = {p["key"]: p for p in response.json()}
    members = populations["partnership-members"]
    kinds = next(b for b in members["breakdowns"] if b["key"] == "stakeholder-kind")
    by_key = {cell["key"]: cell for cell in kinds["cells"]}
    assert by_key["business"]["count"] == 1
    assert by_key["business"]["is_thin"] is True
    assert by_key["research"]["count"] == 0
    assert by_key["research"]["is_empty"] is True
    assert populations["verified"]["total"] == 3


def add_network(make_organization, count: int, offset: int) -> None:
    french = Language.objects.get(code="fr")
    quebec = Region.objects.get(code="CA-QC")
    for number in range(count):
        organization = make_organization(
            name=f"Network {offset + number}",
            kind=kind("business"),
            province=quebec,
            languages=[french],
        )
        make_partnership(organization, name=f"Network partnership {offset + number}")


def test_page_and_api_query_count(client, make_organization):
    page = reverse("partners:who-is-at-the-table")
    api = reverse("api:who-is-at-the-table")
    add_network(make_organization, 2, 0)
    client.get(page)  # fills the in-process reference-list cache
    APIClient().get(api)
    with CaptureQueriesContext(connection) as few_page:
        client.get(page)
    with CaptureQueriesContext(connection) as few_api:
        APIClient().get(api)
    add_network(make_organization, 12, 100)
    with CaptureQueriesContext(connection) as many_page:
        client.get(page)
    with CaptureQueriesContext(connection) as many_api:
        response = APIClient().get(api)
    assert response.json()[0]["total"] == 14
    assert len(many_page) == len(few_page)
    assert len(many_api) == len(few_api)
