"""Small-cell suppression: the generic helper and the network results that use it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from hubsite.quarters import Quarter
from hubsite.suppression import Cell, is_small, suppress
from initiatives.models import Initiative
from metrics.models import Indicator, Report
from metrics.results import TOTAL, compute_results
from partners.models import Organization, Region, StakeholderKind


def test_primary_rules() -> None:
    assert is_small(Cell("a", people=4, organizations=5))
    assert is_small(Cell("a", people=100, organizations=2))
    assert not is_small(Cell("a", people=5, organizations=3))
    assert not is_small(Cell("a", people=None, organizations=3)), (
        "no people rule for non-people counts"
    )


def test_complementary_hides_next_smallest() -> None:
    cells = [Cell("QC", 50, 4), Cell("ON", 3, 3), Cell("NB", 9, 3), Cell("MB", 20, 3)]
    assert suppress(cells) == {"ON", "NB"}


def test_no_complement_without_published_total() -> None:
    cells = [Cell("QC", 50, 4), Cell("ON", 3, 3), Cell("NB", 9, 3)]
    assert suppress(cells, total_published=False) == {"ON"}


def test_two_hidden_cells_need_no_complement() -> None:
    cells = [Cell("QC", 50, 4), Cell("ON", 3, 3), Cell("NB", 4, 3), Cell("MB", 6, 3)]
    assert suppress(cells) == {"ON", "NB"}


def test_complement_ties_are_deterministic() -> None:
    cells = [Cell("b", 10, 3), Cell("x", 1, 1), Cell("a", 10, 3)]
    assert suppress(cells) == {"x", "a"}


@pytest.fixture
def network(
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
) -> dict[str, Organization]:
    """Five organizations, each with a report: three in Quebec, one in Ontario, one in Manitoba."""
    quebec, ontario, manitoba = (
        Region.objects.get(code=code) for code in ("CA-QC", "CA-ON", "CA-MB")
    )
    served = {"q1": 40, "q2": 35, "q3": 30, "on": 12, "mb": 3}
    provinces = {"q1": quebec, "q2": quebec, "q3": quebec, "on": ontario, "mb": manitoba}
    organizations = {}
    for key, count in served.items():
        organization = make_organization(name=f"Org {key}", province=provinces[key])
        initiative = make_initiative(organization)
        approved_report(
            organization,
            initiative,
            last_quarter,
            {
                "participants-served": (count, count),
                "employment-rate": (Decimal("50") + count % 7, count),
            },
        )
        organizations[key] = organization
    return organizations


def cells_by_group(library: dict[str, Indicator], last_quarter: Quarter, dimension: str) -> dict:
    indicator = library["participants-served"]
    result = compute_results([indicator], [last_quarter])[indicator.pk]
    return {cell.group: cell for cell in result.cells if cell.dimension == dimension}


def test_results_total_and_weighted_mean(
    network: dict[str, Organization], library: dict[str, Indicator], last_quarter: Quarter
) -> None:
    results = compute_results(
        [library["participants-served"], library["employment-rate"]], [last_quarter]
    )
    served = results[library["participants-served"].pk].totals()[-1]
    rate = results[library["employment-rate"].pk].totals()[-1]
    assert served.value == Decimal(120)
    assert served.organizations == 5
    # (40*55 + 35*50 + 30*52 + 12*55 + 3*53) / 120
    expected = (Decimal(40 * 55 + 35 * 50 + 30 * 52 + 12 * 55 + 3 * 53) / 120).quantize(
        Decimal("0.01")
    )
    assert rate.value == expected


def test_province_cells_primary_and_complementary(
    network: dict[str, Organization], library: dict[str, Indicator], last_quarter: Quarter
) -> None:
    cells = cells_by_group(library, last_quarter, "province")

    assert not cells["CA-QC"].suppressed
    assert cells["CA-QC"].value == Decimal(105)
    # One organization each: both hidden by the primary rule.
    assert cells["CA-ON"].suppressed and cells["CA-ON"].value is None
    assert cells["CA-MB"].suppressed


def test_complementary_suppression_protects_hidden_cell(
    network: dict[str, Organization],
    library: dict[str, Indicator],
    last_quarter: Quarter,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
) -> None:
    # Two more Ontario organizations: Ontario now has 3 organizations and 22
    # people and is shown; Manitoba (1 organization) is hidden, so without a
    # complement it would be the total minus Quebec minus Ontario.
    ontario = Region.objects.get(code="CA-ON")
    for number in (1, 2):
        organization = make_organization(name=f"Ontario extra {number}", province=ontario)
        approved_report(
            organization,
            make_initiative(organization),
            last_quarter,
            {"participants-served": (5, 5)},
        )

    cells = cells_by_group(library, last_quarter, "province")

    assert cells["CA-MB"].suppressed
    assert cells["CA-ON"].suppressed, "the smallest shown cell is hidden as the complement"
    assert not cells["CA-QC"].suppressed
    total = cells_by_group(library, last_quarter, TOTAL)[""]
    assert total.value == Decimal(130)


def test_total_hidden_under_three_organizations(
    library: dict[str, Indicator],
    last_quarter: Quarter,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
) -> None:
    for number in (1, 2):
        organization = make_organization(name=f"Lonely {number}")
        approved_report(
            organization,
            make_initiative(organization),
            last_quarter,
            {"participants-served": (50, 50)},
        )

    total = cells_by_group(library, last_quarter, TOTAL)[""]

    assert total.suppressed
    assert total.value is None
    assert total.people is None
    assert total.organizations is None


def test_total_hidden_under_five_people(
    library: dict[str, Indicator],
    last_quarter: Quarter,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
) -> None:
    for number in (1, 2, 3):
        organization = make_organization(name=f"Tiny {number}")
        approved_report(
            organization,
            make_initiative(organization),
            last_quarter,
            {"participants-served": (1, 1)},
        )
    assert cells_by_group(library, last_quarter, TOTAL)[""].suppressed


def test_unapproved_and_unverified_not_counted(
    network: dict[str, Organization],
    library: dict[str, Indicator],
    last_quarter: Quarter,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
) -> None:
    pending = make_organization(name="Pending org", verification_status="pending")
    approved_report(
        pending, make_initiative(pending), last_quarter, {"participants-served": (500, 500)}
    )
    verified = make_organization(name="Submitted only")
    approved_report(
        verified,
        make_initiative(verified),
        last_quarter,
        {"participants-served": (700, 700)},
        state="submitted",
    )

    assert cells_by_group(library, last_quarter, TOTAL)[""].value == Decimal(120)


def test_api_and_exports_hide_suppressed_cells(
    network: dict[str, Organization],
    library: dict[str, Indicator],
    last_quarter: Quarter,
    client: Client,
) -> None:
    response = client.get(
        "/api/v1/results/",
        {"indicator": "participants-served", "quarter": last_quarter.code, "dimension": "province"},
    )
    assert response.status_code == 200
    cells = {cell["group"]: cell for cell in response.json()["results"]}
    assert cells["CA-ON"]["suppressed"] is True
    assert cells["CA-ON"]["value"] is None
    assert cells["CA-ON"]["people"] is None
    assert cells["CA-QC"]["value"] == 105

    exported = client.get(
        "/en/results/export.csv", {"indicator": "participants-served"}
    ).content.decode("utf-8-sig")
    ontario_rows = [line for line in exported.splitlines() if ",province,CA-ON," in line]
    assert ontario_rows
    assert all(row.split(",")[7:10] == ["", "", ""] for row in ontario_rows)
    assert ",12," not in "\n".join(ontario_rows)

    page = client.get(
        f"/en/indicators/participants-served/?quarter={last_quarter.code}"
    ).content.decode()
    assert "Hidden: fewer than 5 people or 3 organizations" in page


def test_kind_breakdown_uses_stakeholder_kind(
    network: dict[str, Organization], library: dict[str, Indicator], last_quarter: Quarter
) -> None:
    cells = cells_by_group(library, last_quarter, "kind")
    kind = StakeholderKind.objects.get(slug="disability-organization")
    assert cells[kind.slug].organizations == 5
    assert cells[kind.slug].value == Decimal(120)
