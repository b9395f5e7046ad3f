"""Reports: opening, the form, states, corrections, and who may see and change them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hubsite.quarters import Quarter, current_quarter
from initiatives.models import Initiative
from metrics import services
from metrics.models import Report, ReportState, ReportValue
from metrics.validation import ValueInput
from partners.models import Organization, User


@pytest.fixture
def initiative(
    organization_a: Organization, make_initiative: Callable[..., Initiative]
) -> Initiative:
    return make_initiative(organization_a)


@pytest.fixture
def report(
    organization_a: Organization, editor_a: User, initiative: Initiative, last_quarter: Quarter
) -> Report:
    report = services.open_report(editor_a, organization_a, initiative, last_quarter)
    services.save_values(
        editor_a,
        report,
        [
            ValueInput("participants-served", Decimal(30)),
            ValueInput("employment-rate", Decimal(55), people=30),
        ],
        replace_all=True,
    )
    return report


def test_open_report_returns_same_draft(
    organization_a: Organization, editor_a: User, initiative: Initiative, last_quarter: Quarter
) -> None:
    first = services.open_report(editor_a, organization_a, initiative, last_quarter)
    second = services.open_report(editor_a, organization_a, initiative, last_quarter.code)
    assert first.pk == second.pk
    assert first.state == ReportState.DRAFT
    assert first.revision == 1


def test_open_report_rejects_future_quarter(
    organization_a: Organization, editor_a: User, initiative: Initiative
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.open_report(editor_a, organization_a, initiative, current_quarter().next())
    assert "quarter" in caught.value.message_dict


def test_open_report_needs_participation(
    organization_b: Organization, admin_b: User, initiative: Initiative, last_quarter: Quarter
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.open_report(admin_b, organization_b, initiative, last_quarter)
    assert "target" in caught.value.message_dict


def test_partner_organization_may_report(
    organization_b: Organization, admin_b: User, initiative: Initiative, last_quarter: Quarter
) -> None:
    initiative.partner_organizations.add(organization_b)
    report = services.open_report(admin_b, organization_b, initiative, last_quarter)
    assert report.organization == organization_b


def test_viewer_cannot_open_report(
    organization_a: Organization, member_a: User, initiative: Initiative, last_quarter: Quarter
) -> None:
    with pytest.raises(PermissionDenied):
        services.open_report(member_a, organization_a, initiative, last_quarter)


def test_workflow_submit_approve_correct(report: Report, editor_a: User, coordinator: User) -> None:
    services.submit_report(editor_a, report)
    with pytest.raises(services.StateConflict):
        services.save_values(
            editor_a, report, [ValueInput("participants-served", Decimal(1))], replace_all=False
        )
    with pytest.raises(PermissionDenied):
        services.approve_report(editor_a, report)

    approved = services.approve_report(coordinator, report)
    assert approved.state == ReportState.APPROVED
    assert approved.is_counted

    correction = services.start_correction(editor_a, approved)
    assert correction.revision == 2
    assert correction.state == ReportState.DRAFT
    assert ReportValue.objects.filter(report=correction).count() == 2
    services.save_values(
        editor_a, correction, [ValueInput("participants-served", Decimal(32))], replace_all=False
    )
    approved.refresh_from_db()
    assert approved.is_counted, (
        "the approved revision stays counted until the correction is approved"
    )
    assert ReportValue.objects.get(
        report=approved, indicator__code="participants-served"
    ).value == Decimal(30)

    services.submit_report(editor_a, correction)
    services.approve_report(coordinator, correction)
    approved.refresh_from_db()
    correction.refresh_from_db()
    assert not approved.is_counted
    assert correction.is_counted
    assert approved.state == ReportState.APPROVED, "history stays"


def test_only_latest_approved_revision_corrected(
    report: Report, editor_a: User, coordinator: User
) -> None:
    services.submit_report(editor_a, report)
    services.approve_report(coordinator, report)
    services.start_correction(editor_a, report)
    with pytest.raises(services.StateConflict):
        services.start_correction(editor_a, report)


def test_return_needs_comment(report: Report, editor_a: User, coordinator: User) -> None:
    services.submit_report(editor_a, report)
    with pytest.raises(ValidationError):
        services.return_report(coordinator, report, "   ")
    returned = services.return_report(
        coordinator, report, "Le nombre de personnes placées semble élevé."
    )
    assert returned.state == ReportState.RETURNED
    assert returned.return_comment.startswith("Le nombre")
    services.save_values(
        editor_a, returned, [ValueInput("participants-served", Decimal(28))], replace_all=False
    )
    assert services.submit_report(editor_a, returned).state == ReportState.SUBMITTED


def test_approve_twice_conflicts(report: Report, editor_a: User, coordinator: User) -> None:
    services.submit_report(editor_a, report)
    services.approve_report(coordinator, report)
    with pytest.raises(services.StateConflict):
        services.approve_report(coordinator, report)


def test_submit_needs_values(
    organization_a: Organization, editor_a: User, initiative: Initiative, last_quarter: Quarter
) -> None:
    empty = services.open_report(editor_a, organization_a, initiative, last_quarter)
    with pytest.raises(ValidationError):
        services.submit_report(editor_a, empty)


def test_form_saves_totals_and_keeps_breakdowns(
    report: Report, editor_a: User, client: Client
) -> None:
    services.save_values(
        editor_a,
        report,
        [
            ValueInput("participants-served", Decimal(30)),
            ValueInput(
                "participants-served", Decimal(12), disaggregation="gender", category="woman"
            ),
            ValueInput("employment-rate", Decimal(55), people=30),
        ],
        replace_all=True,
    )
    client.force_login(editor_a)

    response = client.post(
        report.get_absolute_url(),
        {
            "value_participants-served": "31",
            "value_employment-rate": "56,5",
            "people_employment-rate": "31",
        },
    )

    assert response.status_code == 302
    values = {
        (value.indicator.code, value.category): value
        for value in report.values.select_related("indicator")
    }
    assert values[("employment-rate", "")].value == Decimal("56.5")
    assert values[("participants-served", "woman")].value == Decimal(12)


def test_form_shows_error_on_field(report: Report, editor_a: User, client: Client) -> None:
    client.force_login(editor_a)
    response = client.post(
        report.get_absolute_url(),
        {
            "value_participants-served": "31",
            "value_employment-rate": "120",
            "people_employment-rate": "31",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_value_employment-rate-error"' in body
    assert "A percent is between 0 and 100." in body
    assert ReportValue.objects.get(
        report=report, indicator__code="employment-rate"
    ).value == Decimal(55)


def test_pages_of_workflow(
    report: Report, editor_a: User, coordinator: User, client: Client
) -> None:
    client.force_login(editor_a)
    assert (
        client.post(
            reverse("metrics:report-action", kwargs={"pk": report.pk, "action": "submit"})
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("metrics:report-action", kwargs={"pk": report.pk, "action": "approve"})
        ).status_code
        == 403
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("metrics:report-action", kwargs={"pk": report.pk, "action": "return"}),
        {"comment": ""},
    )
    assert response.status_code == 400
    assert (
        client.post(
            reverse("metrics:report-action", kwargs={"pk": report.pk, "action": "approve"})
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_open_page_creates_draft(
    organization_a: Organization,
    editor_a: User,
    initiative: Initiative,
    last_quarter: Quarter,
    client: Client,
) -> None:
    client.force_login(editor_a)
    assert client.get(reverse("metrics:report-open")).status_code == 200
    response = client.post(
        reverse("metrics:report-open"),
        {
            "organization": organization_a.pk,
            "target": f"initiative-{initiative.pk}",
            "quarter": last_quarter.code,
        },
    )
    assert response.status_code == 302
    assert Report.objects.filter(organization=organization_a, quarter=last_quarter.code).exists()


# ---------------------------------------------------------------------------
# Another organization's reports: detail, list, filter, template export, API
# ---------------------------------------------------------------------------


def test_other_organization_gets_404_on_detail(
    report: Report, admin_b: User, client: Client
) -> None:
    client.force_login(admin_b)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("metrics:report-template", kwargs={"pk": report.pk})).status_code == 404
    )
    assert (
        client.post(
            reverse("metrics:report-action", kwargs={"pk": report.pk, "action": "submit"})
        ).status_code
        == 404
    )


def test_other_organization_sees_no_report_in_list(
    report: Report, admin_b: User, client: Client
) -> None:
    client.force_login(admin_b)
    response = client.get(reverse("metrics:report-list"))
    assert response.status_code == 200
    assert report.get_absolute_url() not in response.content.decode()
    filtered = client.get(
        reverse("metrics:report-list"), {"quarter": report.quarter, "state": "draft"}
    )
    assert report.get_absolute_url() not in filtered.content.decode()


def test_visitor_redirected_from_reports(report: Report, client: Client) -> None:
    assert client.get(reverse("metrics:report-list")).status_code == 302
    assert client.get(report.get_absolute_url()).status_code == 302


def test_report_list_rejects_bad_filter(editor_a: User, client: Client) -> None:
    client.force_login(editor_a)
    response = client.get(reverse("metrics:report-list"), {"quarter": "2026Q9", "state": "lost"})
    assert response.status_code == 400
    assert "Quarter" in response.content.decode()


def test_api_other_organization(report: Report, admin_b: User, client: Client) -> None:
    client.force_login(admin_b)
    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    listed = client.get("/api/v1/reports/", {"organization": report.organization.slug}).json()
    assert listed["count"] == 0
    response = client.put(
        f"/api/v1/reports/{report.pk}/values/",
        {"values": [{"indicator": "participants-served", "value": 3}]},
        content_type="application/json",
    )
    assert response.status_code == 404
    created = client.post(
        "/api/v1/reports/",
        {
            "organization": report.organization.slug,
            "initiative": report.initiative_id,
            "quarter": report.quarter,
        },
        content_type="application/json",
    )
    assert created.status_code == 403
