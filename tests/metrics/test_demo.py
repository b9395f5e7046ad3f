"""The demo metrics loader, on a small set of demo initiatives made here."""

from __future__ import annotations

from collections.abc import Callable

from initiatives.models import Initiative
from metrics.demo import load_demo_metrics
from metrics.models import IndicatorAdoption, Report, ReportState, ReportValue
from metrics.results import reporting_quarters
from partners.models import Organization, Theme


def make_demo_initiatives(
    make_organization: Callable[..., Organization], count: int
) -> list[Initiative]:
    theme = Theme.objects.get(number=3)
    initiatives = []
    for number in range(count):
        organization = make_organization(name=f"Demo org {number}", is_demo=True)
        initiative = Initiative.objects.create(
            lead_organization=organization, title_en=f"Demo {number}", demo_key=f"demo-{number}"
        )
        initiative.themes.set([theme])
        initiatives.append(initiative)
    return initiatives


def snapshot() -> list[tuple]:
    return sorted(
        ReportValue.objects.values_list(
            "report__initiative__demo_key",
            "report__quarter",
            "report__state",
            "indicator__code",
            "category",
            "value",
        )
    )


def test_demo_reports_eight_quarters_with_gaps(
    make_organization: Callable[..., Organization],
) -> None:
    make_demo_initiatives(make_organization, 24)

    result = load_demo_metrics()

    assert result.created > 0
    adopting = Initiative.objects.filter(indicator_adoptions__isnull=False).distinct().count()
    assert 16 <= adopting < 24, "most initiatives adopt indicators, some do not"
    quarters = {report.quarter for report in Report.objects.all()}
    assert quarters == {quarter.code for quarter in reporting_quarters()}
    expected = sum(
        8 for _initiative in Initiative.objects.filter(indicator_adoptions__isnull=False).distinct()
    )
    assert Report.objects.count() < expected, "some quarters have no report"
    assert Report.objects.filter(state=ReportState.APPROVED, is_counted=True).exists()
    assert ReportValue.objects.filter(disaggregation="gender").exists()


def test_demo_is_deterministic_and_idempotent(
    make_organization: Callable[..., Organization],
) -> None:
    make_demo_initiatives(make_organization, 10)
    load_demo_metrics()
    first = snapshot()
    adoptions = IndicatorAdoption.objects.count()

    again = load_demo_metrics()

    assert snapshot() == first
    assert IndicatorAdoption.objects.count() == adoptions
    assert again.created == 0

    Report.objects.all().delete()
    IndicatorAdoption.objects.all().delete()
    load_demo_metrics()
    assert [row[1:] for row in snapshot()] == [row[1:] for row in first]


def test_demo_without_initiatives(reference_data: None) -> None:
    result = load_demo_metrics()
    assert result.created == 0
