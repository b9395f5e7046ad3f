"""Demo metrics: indicator adoptions and eight quarters of reports for most demo initiatives.

Runs after the initiatives demo loader and works on whatever demo initiatives
exist (those led by a demo organization). Each initiative's figures come from
a random generator seeded with its demo key or id, so every load gives the
same values. One initiative in eight adopts no indicator, some quarters
have no report, and in the last quarter some reports are still submitted or
returned, so the compliance view and the suppressed cells have something to show.
A load adds what is missing and leaves existing adoptions and reports as they are.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from initiatives.models import Initiative
from metrics.library import load_indicator_library
from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
from metrics.results import invalidate_results, reporting_quarters
from partners.demo.base import ProgressCallback, SectionResult

logger = logging.getLogger(__name__)

SECTION = "metrics"
ALWAYS_ADOPTED = "participants-served"
OPTIONAL_INDICATORS = [
    "participants-placed",
    "employed-6-months",
    "employed-12-months",
    "employment-rate",
    "hours-per-week",
    "hourly-wage",
    "days-to-placement",
    "employers-engaged",
    "accommodations-provided",
    "school-to-work-students",
    "leadership-lived-experience",
]


@dataclass
class InitiativeProfile:
    """The made-up size and trend of one initiative, from which its figures follow."""

    served: int
    growth: float
    placement_rate: float
    wage: float
    hours: float


def seed_for(initiative: Initiative) -> str:
    return f"metrics/{initiative.demo_key or initiative.pk}"


def figures(
    code: str, profile: InitiativeProfile, step: int, rng: random.Random
) -> tuple[Decimal, int | None]:
    """Return one indicator's value and people for the quarter `step` (0 is the oldest)."""
    served = max(1, round(profile.served * (1 + profile.growth) ** step * rng.uniform(0.85, 1.15)))
    placed = round(served * profile.placement_rate * rng.uniform(0.8, 1.2))
    if code == "participants-served":
        return Decimal(served), served
    if code == "participants-placed":
        return Decimal(placed), placed
    if code == "employed-6-months":
        return Decimal(round(placed * rng.uniform(0.6, 0.85))), None
    if code == "employed-12-months":
        return Decimal(round(placed * rng.uniform(0.45, 0.7))), None
    if code == "employment-rate":
        rate = min(100.0, 100 * profile.placement_rate * rng.uniform(1.1, 1.6) + step * 0.6)
        return Decimal(f"{rate:.1f}"), served
    if code == "hours-per-week":
        return Decimal(f"{profile.hours * rng.uniform(0.92, 1.08):.1f}"), max(placed, 1)
    if code == "hourly-wage":
        return Decimal(f"{profile.wage * (1.008**step) * rng.uniform(0.97, 1.03):.2f}"), max(
            placed, 1
        )
    if code == "days-to-placement":
        return Decimal(round(rng.uniform(35, 110) - step * 1.5)), max(placed, 1)
    if code == "employers-engaged":
        return Decimal(rng.randint(0, 12)), None
    if code == "accommodations-provided":
        return Decimal(round(served * rng.uniform(0.1, 0.4))), None
    if code == "school-to-work-students":
        return Decimal(round(served * rng.uniform(0.2, 0.6))), None
    return Decimal(rng.randint(1, 6)), None


def gender_parts(total: int, rng: random.Random) -> list[tuple[str, Decimal]]:
    women = round(total * rng.uniform(0.4, 0.55))
    diverse = min(total - women, round(total * rng.uniform(0.0, 0.06)))
    return [
        ("woman", Decimal(women)),
        ("gender-diverse", Decimal(diverse)),
        ("man", Decimal(total - women - diverse)),
    ]


def load_demo_metrics(progress: ProgressCallback | None = None) -> SectionResult:
    """Create the demo adoptions and reports that are missing; existing ones stay unchanged."""
    result = SectionResult(name=SECTION)
    load_indicator_library()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.reportable()}
    initiatives = list(
        Initiative.objects.filter(lead_organization__is_demo=True)
        .select_related("lead_organization")
        .order_by("pk")
    )
    quarters = reporting_quarters()
    now = timezone.now()

    adopted: dict[int, set[int]] = {}
    for initiative_id, indicator_id in IndicatorAdoption.objects.filter(
        initiative__in=initiatives
    ).values_list("initiative_id", "indicator_id"):
        adopted.setdefault(initiative_id, set()).add(indicator_id)
    reported = set(
        Report.objects.filter(initiative__in=initiatives).values_list("initiative_id", "quarter")
    )

    with transaction.atomic():
        for index, initiative in enumerate(initiatives, start=1):
            rng = random.Random(seed_for(initiative))  # noqa: S311 - demo figures, not secrets
            # Every eighth initiative adopts no indicator.
            if index % 8 == 4:
                result.unchanged += 1
                continue
            codes = [ALWAYS_ADOPTED, *rng.sample(OPTIONAL_INDICATORS, rng.randint(2, 4))]
            chosen = [indicators[code] for code in codes if code in indicators]
            new_adoptions = [
                IndicatorAdoption(indicator=indicator, initiative=initiative)
                for indicator in chosen
                if indicator.pk not in adopted.get(initiative.pk, set())
            ]
            IndicatorAdoption.objects.bulk_create(new_adoptions)
            result.created += len(new_adoptions)

            # Most initiatives are small, as community programs are; a few
            # serve hundreds of people.
            profile = InitiativeProfile(
                served=int(
                    rng.choice([rng.randint(2, 12), rng.randint(10, 60), rng.randint(40, 300)])
                ),
                growth=rng.uniform(-0.02, 0.06),
                placement_rate=rng.uniform(0.2, 0.45),
                wage=rng.uniform(17.5, 27.0),
                hours=rng.uniform(18.0, 34.0),
            )
            split_by_gender = rng.random() < 0.4
            for step, quarter in enumerate(quarters):
                # Each quarter draws from its own generator, so skipping an
                # existing report does not change the figures of the next one.
                rng = random.Random(f"{seed_for(initiative)}/{quarter.code}")  # noqa: S311
                is_last = step == len(quarters) - 1
                if rng.random() < (0.1 if is_last else 0.07):
                    continue
                if (initiative.pk, quarter.code) in reported:
                    result.unchanged += 1
                    continue
                state = ReportState.APPROVED
                if is_last:
                    state = rng.choices(
                        [
                            ReportState.APPROVED,
                            ReportState.SUBMITTED,
                            ReportState.RETURNED,
                            ReportState.DRAFT,
                        ],
                        weights=[82, 12, 2, 4],
                    )[0]
                submitted = min(quarter.end + timedelta(days=rng.randint(5, 25)), now)
                report = Report.objects.create(
                    organization=initiative.lead_organization,
                    initiative=initiative,
                    quarter=quarter.code,
                    state=state,
                    is_counted=state == ReportState.APPROVED,
                    submitted_at=None if state == ReportState.DRAFT else submitted,
                    decided_at=submitted
                    if state in (ReportState.APPROVED, ReportState.RETURNED)
                    else None,
                    return_comment="Please check the people placed against your intake records."
                    if state == ReportState.RETURNED
                    else "",
                )
                values = []
                for indicator in chosen:
                    value, people = figures(indicator.code, profile, step, rng)
                    if people is None and indicator.unit == "count" and indicator.measures_people:
                        people = int(value)
                    values.append(
                        ReportValue(report=report, indicator=indicator, value=value, people=people)
                    )
                    if split_by_gender and indicator.code == ALWAYS_ADOPTED:
                        for category, part in gender_parts(int(value), rng):
                            values.append(
                                ReportValue(
                                    report=report,
                                    indicator=indicator,
                                    disaggregation="gender",
                                    category=category,
                                    value=part,
                                    people=int(part),
                                )
                            )
                ReportValue.objects.bulk_create(values)
                result.created += 1
            if progress is not None:
                progress(SECTION, index, len(initiatives))
    # bulk_create() sends no post_save signal, so the results cache is renewed here.
    invalidate_results()
    logger.info("Loaded demo metrics: %d created, %d unchanged", result.created, result.unchanged)
    return result
