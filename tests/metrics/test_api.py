"""The metrics API: indicators, reports with their states, results; constant query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hubsite.quarters import Quarter, current_quarter
from initiatives.models import Initiative
from metrics.models import Indicator, Report, ReportState
from metrics.results import invalidate_results
from partners.models import Organization, User


def test_indicators_public(client: Client, library: dict[str, Indicator]) -> None:
    response = client.get("/api/v1/indicators/", {"page_size": 100})
    assert response.status_code == 200
    codes = [item["code"] for item in response.json()["results"]]
    assert "participants-served" in codes
    assert "sdg-8-5-2" in codes
    rate = client.get("/api/v1/indicators/employment-rate/").json()
    assert [baseline["value"] for baseline in rate["baselines"]] == ["62.0000", "78.0000"]
    assert rate["baselines"][0]["source_en"].startswith("Statistics Canada")


def test_indicators_bad_filter(client: Client, library: dict[str, Indicator]) -> None:
    response = client.get("/api/v1/indicators/", {"unit": "parsecs"})
    assert response.status_code == 400
    assert "unit" in response.json()


def test_report_lifecycle_through_api(
    organization_a: Organization,
    editor_a: User,
    coordinator: User,
    make_initiative: Callable[..., Initiative],
    last_quarter: Quarter,
    client: Client,
) -> None:
    initiative = make_initiative(organization_a)
    client.force_login(editor_a)

    created = client.post(
        "/api/v1/reports/",
        {
            "organization": organization_a.slug,
            "initiative": initiative.pk,
            "quarter": last_quarter.code,
            "values": [
                {"indicator": "participants-served", "value": 20},
                {"indicator": "employment-rate", "value": "48.5", "people": 20, "unit": "percent"},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert len(created.json()["values"]) == 2

    bad = client.put(
        f"/api/v1/reports/{report_id}/values/",
        {
            "values": [
                {"indicator": "participants-served", "value": 20},
                {"indicator": "employment-rate", "value": 140, "people": 20},
            ]
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["values"][1]["value"] == ["A percent is between 0 and 100."]
    assert bad.json()["values"][0] == {}
    assert len(client.get(f"/api/v1/reports/{report_id}/").json()["values"]) == 2, "nothing saved"

    assert (
        client.post(f"/api/v1/reports/{report_id}/submit/").json()["state"] == ReportState.SUBMITTED
    )
    assert client.post(f"/api/v1/reports/{report_id}/approve/").status_code == 403

    client.force_login(coordinator)
    returned = client.post(
        f"/api/v1/reports/{report_id}/return/", {"comment": ""}, content_type="application/json"
    )
    assert returned.status_code == 400
    assert "comment" in returned.json()
    assert (
        client.post(f"/api/v1/reports/{report_id}/approve/").json()["state"] == ReportState.APPROVED
    )
    assert client.post(f"/api/v1/reports/{report_id}/approve/").status_code == 409

    client.force_login(editor_a)
    correction = client.post(f"/api/v1/reports/{report_id}/correct/")
    assert correction.status_code == 201
    assert correction.json()["revision"] == 2


def test_api_future_quarter_rejected(
    organization_a: Organization,
    editor_a: User,
    make_initiative: Callable[..., Initiative],
    client: Client,
) -> None:
    initiative = make_initiative(organization_a)
    client.force_login(editor_a)
    response = client.post(
        "/api/v1/reports/",
        {
            "organization": organization_a.slug,
            "initiative": initiative.pk,
            "quarter": current_quarter().next().code,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "quarter" in response.json()


def test_api_reports_need_sign_in(client: Client, library: dict[str, Indicator]) -> None:
    assert client.get("/api/v1/reports/").status_code == 403


def test_api_report_filters(
    organization_a: Organization,
    editor_a: User,
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
    client: Client,
) -> None:
    initiative = make_initiative(organization_a)
    approved_report(organization_a, initiative, last_quarter, {"participants-served": (3, 3)})
    client.force_login(editor_a)
    assert client.get("/api/v1/reports/", {"quarter": last_quarter.code}).json()["count"] == 1
    assert client.get("/api/v1/reports/", {"state": "draft"}).json()["count"] == 0
    bad = client.get("/api/v1/reports/", {"quarter": "soon"})
    assert bad.status_code == 400
    assert "quarter" in bad.json()
    assert "state" in client.get("/api/v1/reports/", {"state": "lost"}).json()


def test_results_bad_parameters(client: Client, library: dict[str, Indicator]) -> None:
    response = client.get(
        "/api/v1/results/", {"indicator": "nope", "quarter": "1999Q1", "dimension": "colour"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"indicator", "quarter", "dimension"}


def make_reports(
    count: int,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    quarter: Quarter,
    member: User | None = None,
) -> None:
    from partners import services as partner_services
    from partners.models import Role

    for number in range(count):
        organization = make_organization(name=f"Bulk {count}-{number}")
        if member is not None:
            partner_services.add_member(organization, member, Role.EDITOR)
        approved_report(
            organization,
            make_initiative(organization),
            quarter,
            {
                "participants-served": (10 + number, 10 + number),
                "employment-rate": (50, 10 + number),
            },
        )


def count_queries(client: Client, path: str, params: dict[str, str] | None = None) -> int:
    """Count the queries of one request, with the results computed afresh rather than cached."""
    invalidate_results()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/results/",
        "/api/v1/indicators/",
        "/en/results/",
        "/en/indicators/",
        "/en/indicators/participants-served/",
    ],
)
def test_public_query_counts_constant(
    path: str,
    client: Client,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
) -> None:
    make_reports(3, make_organization, make_initiative, approved_report, last_quarter)
    count_queries(client, path)  # warm caches such as the content types
    small = count_queries(client, path)
    make_reports(12, make_organization, make_initiative, approved_report, last_quarter.previous())
    large = count_queries(client, path)
    assert small == large, f"{path}: {small} queries with 3 reports, {large} with 15"


@pytest.mark.parametrize("path", ["/api/v1/reports/", "/en/reports/"])
def test_report_list_query_counts_constant(
    path: str,
    client: Client,
    editor_a: User,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
) -> None:
    client.force_login(editor_a)
    make_reports(
        2, make_organization, make_initiative, approved_report, last_quarter, member=editor_a
    )
    count_queries(client, path)
    small = count_queries(client, path)
    make_reports(
        10,
        make_organization,
        make_initiative,
        approved_report,
        last_quarter.previous(),
        member=editor_a,
    )
    large = count_queries(client, path)
    assert small == large, f"{path}: {small} queries with 2 reports, {large} with 12"


def test_results_cache_renewed_on_approval(
    organization_a: Organization,
    editor_a: User,
    coordinator: User,
    make_organization: Callable[..., Organization],
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
    client: Client,
) -> None:
    from decimal import Decimal

    from metrics import services
    from metrics.validation import ValueInput

    make_reports(3, make_organization, make_initiative, approved_report, last_quarter)
    params = {
        "indicator": "participants-served",
        "quarter": last_quarter.code,
        "dimension": "total",
    }
    before = client.get("/api/v1/results/", params).json()["results"][0]["value"]
    assert client.get("/api/v1/results/", params).json()["results"][0]["value"] == before

    report = services.open_report(
        editor_a, organization_a, make_initiative(organization_a), last_quarter
    )
    services.save_values(
        editor_a, report, [ValueInput("participants-served", Decimal(100))], replace_all=True
    )
    services.submit_report(editor_a, report)
    services.approve_report(coordinator, report)

    after = client.get("/api/v1/results/", params).json()["results"][0]["value"]
    assert after == before + 100


def test_coordinators_maintain_library(
    coordinator: User, editor_a: User, client: Client, library: dict[str, Indicator]
) -> None:
    new = {
        "code": "mentors-matched",
        "name_en": "Mentors matched",
        "name_fr": "Mentors jumelés",
        "unit": "count",
        "direction": "increase",
        "disaggregations": ["gender"],
        "themes": [1],
    }
    client.force_login(editor_a)
    assert (
        client.post("/api/v1/indicators/", new, content_type="application/json").status_code == 403
    )

    client.force_login(coordinator)
    created = client.post("/api/v1/indicators/", new, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["themes"] == [1]
    bad = client.post(
        "/api/v1/indicators/",
        {**new, "code": "other", "disaggregations": ["shoe-size"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "disaggregations" in bad.json()

    retired = client.patch(
        "/api/v1/indicators/mentors-matched/", {"retired": True}, content_type="application/json"
    )
    assert retired.json()["retired"] is True
    renamed = client.patch(
        "/api/v1/indicators/mentors-matched/", {"code": "x"}, content_type="application/json"
    )
    assert renamed.status_code == 400
    assert client.delete("/api/v1/indicators/mentors-matched/").status_code == 405
