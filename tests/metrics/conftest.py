"""Fixtures of the metrics tests: the indicator library, initiatives with adoptions, and reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest

from hubsite.quarters import Quarter, current_quarter
from initiatives.models import Initiative
from metrics.library import load_indicator_library
from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
from partners.models import Organization, Theme


@pytest.fixture
def library(reference_data: None) -> dict[str, Indicator]:
    load_indicator_library()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


@pytest.fixture
def last_quarter() -> Quarter:
    return current_quarter().previous()


@pytest.fixture
def make_initiative(library: dict[str, Indicator]) -> Callable[..., Initiative]:
    """Create an initiative led by `lead` that adopted the indicators `adopt` (codes)."""
    counter = {"n": 0}

    def make(
        lead: Organization,
        adopt: Sequence[str] = ("participants-served", "employment-rate"),
        themes: Sequence[int] = (1,),
        **fields: Any,
    ) -> Initiative:
        counter["n"] += 1
        fields.setdefault("title_en", f"Initiative {counter['n']:03d}")
        fields.setdefault("title_fr", f"Initiative {counter['n']:03d} (fr)")
        initiative = Initiative.objects.create(lead_organization=lead, **fields)
        initiative.themes.set(Theme.objects.filter(number__in=themes))
        for code in adopt:
            IndicatorAdoption.objects.create(indicator=library[code], initiative=initiative)
        return initiative

    return make


@pytest.fixture
def approved_report(library: dict[str, Indicator]) -> Callable[..., Report]:
    """Create an approved, counted report with total values {code: (value, people)}."""

    def make(
        organization: Organization,
        initiative: Initiative,
        quarter: Quarter,
        values: dict[str, tuple[Decimal | int | str, int | None]],
        state: str = ReportState.APPROVED,
    ) -> Report:
        report = Report.objects.create(
            organization=organization,
            initiative=initiative,
            quarter=quarter.code,
            state=state,
            is_counted=state == ReportState.APPROVED,
        )
        ReportValue.objects.bulk_create(
            [
                ReportValue(
                    report=report, indicator=library[code], value=Decimal(str(value)), people=people
                )
                for code, (value, people) in values.items()
            ]
        )
        return report

    return make
