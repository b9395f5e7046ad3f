"""Network results: approved values added up per indicator and quarter, with small cells hidden.

A count is the sum of the organizations' totals. Every other unit (percent,
dollars, days, ratio) is the mean of the organizations' values weighted by the
people each value rests on. Results count only the approved revision of each
report (Report.is_counted) of verified organizations.

Each indicator and quarter has a network total and three breakdowns: by the
reporting organization's province or territory, by the initiative's or
partnership's themes, and by the organization's stakeholder kind. Cells are
hidden by hubsite.suppression: primary suppression for fewer than five people
or three organizations, and complementary suppression inside each breakdown
whose total is shown.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hubsite.quarters import Quarter, current_quarter
from hubsite.suppression import Cell, suppress
from metrics.models import Baseline, Indicator, ReportState, ReportValue
from partners.models import Region, StakeholderKind, Theme, VerificationStatus

TREND_QUARTERS = 8

# Computed results are cached for this long. Saving a report, a value, an
# indicator, a baseline or an organization starts a new cache version (see
# metrics.signals), so the time limit only bounds staleness from changes that
# send no signal, such as bulk updates.
RESULTS_CACHE_SECONDS = 600
VERSION_KEY = "metrics:results-version"

TOTAL = "total"
DIMENSIONS: dict[str, Any] = {
    "province": gettext_lazy("Province or territory"),
    "theme": gettext_lazy("Theme"),
    "kind": gettext_lazy("Stakeholder kind"),
}
# Values whose organization has no head-office province are counted in this cell,
# so the province cells still add up to the total.
UNSPECIFIED = "unspecified"

# The grouping column of each breakdown. A theme comes from the initiative or,
# for a partnership's report, from the partnership.
GROUP_FIELDS: dict[str, Any] = {
    "province": F("report__organization__province__code"),
    "kind": F("report__organization__kind__slug"),
    "theme": Coalesce("report__initiative__themes__number", "report__partnership__themes__number"),
}


def reporting_quarters(count: int = TREND_QUARTERS, last: Quarter | None = None) -> list[Quarter]:
    """Return the last `count` complete quarters, oldest first; the current one is still open."""
    return (last or current_quarter().previous()).last(count)


@dataclass
class ResultCell:
    """One figure of the network results; its numbers are None when it is hidden."""

    indicator: Indicator
    quarter: str
    dimension: str
    group: str
    group_label: str
    value: Decimal | None
    people: int | None
    organizations: int | None
    suppressed: bool = False

    @property
    def quarter_label(self) -> str:
        return Quarter.parse(self.quarter).label


@dataclass
class _Sums:
    total: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    people: int | None = None
    organizations: int = 0


@dataclass
class IndicatorResults:
    """The results of one indicator over some quarters, with its baseline."""

    indicator: Indicator
    quarters: list[Quarter]
    cells: list[ResultCell] = field(default_factory=list)
    baseline: Baseline | None = None

    def totals(self) -> list[ResultCell]:
        """Return the network total per quarter, oldest first; a quarter without data has none."""
        by_quarter = {cell.quarter: cell for cell in self.cells if cell.dimension == TOTAL}
        return [
            by_quarter.get(quarter.code)
            or ResultCell(
                self.indicator, quarter.code, TOTAL, "", _("Network"), None, None, None, False
            )
            for quarter in self.quarters
        ]

    def breakdown(self, dimension: str, quarter: str) -> list[ResultCell]:
        return [
            cell for cell in self.cells if cell.dimension == dimension and cell.quarter == quarter
        ]

    def latest_total(self) -> ResultCell | None:
        totals = self.totals()
        return totals[-1] if totals else None


def counted_values(indicators: Iterable[Indicator], quarters: Sequence[Quarter]) -> Any:
    """Total values of approved, counted reports of verified organizations."""
    return ReportValue.objects.filter(
        indicator__in=list(indicators),
        disaggregation="",
        report__is_counted=True,
        report__state=ReportState.APPROVED,
        report__quarter__in=[quarter.code for quarter in quarters],
        report__organization__verification_status=VerificationStatus.VERIFIED,
    )


def aggregate(queryset: Any, group: Any | None) -> list[dict[str, Any]]:
    """Sum values, people-weighted values and people, and count organizations per group."""
    weighted = ExpressionWrapper(
        F("value") * F("people"), output_field=DecimalField(max_digits=28, decimal_places=4)
    )
    columns = ["indicator_id", "report__quarter"]
    if group is not None:
        queryset = queryset.annotate(group=group)
        columns.append("group")
    return list(
        queryset.values(*columns)
        .order_by()
        .annotate(
            total=Sum("value"),
            weighted=Sum(weighted),
            people=Sum("people"),
            organizations=Count("report__organization", distinct=True),
        )
    )


def group_labels() -> dict[str, dict[str, str]]:
    """Names of provinces, themes and stakeholder kinds in the active language."""
    return {
        "province": {region.code: region.name for region in Region.objects.all()}
        | {UNSPECIFIED: _("Not stated")},
        "theme": {
            str(theme.number): f"{theme.number}. {theme.name}" for theme in Theme.objects.all()
        }
        | {UNSPECIFIED: _("No theme")},
        "kind": {kind.slug: kind.name for kind in StakeholderKind.objects.all()}
        | {UNSPECIFIED: _("Not stated")},
    }


def plain_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros, so SQLite and PostgreSQL sums print alike ("33", not "33.0000")."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def mean_or_sum(indicator: Indicator, sums: _Sums) -> Decimal | None:
    if indicator.is_sum:
        return plain_decimal(sums.total)
    if not sums.people:
        return None
    mean = (sums.weighted / Decimal(sums.people)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return plain_decimal(mean)


def compute_results(
    indicators: Sequence[Indicator],
    quarters: Sequence[Quarter],
    dimensions: Sequence[str] = tuple(DIMENSIONS),
) -> dict[int, IndicatorResults]:
    """Compute and suppress the results of `indicators` over `quarters`, keyed by indicator id.

    Runs one aggregate query for the totals and one per breakdown, plus the
    label and baseline look-ups, whatever the number of reports.
    """
    by_id = {indicator.pk: indicator for indicator in indicators}
    results = {
        indicator.pk: IndicatorResults(indicator=indicator, quarters=list(quarters))
        for indicator in indicators
    }
    if not indicators:
        return results
    for baseline in Baseline.objects.filter(indicator__in=list(indicators)).order_by(
        "indicator_id", "-reference_year", "id"
    ):
        results[baseline.indicator_id].baseline = (
            results[baseline.indicator_id].baseline or baseline
        )

    values = counted_values(indicators, quarters)
    labels = group_labels() if dimensions else {}
    rows_by_dimension: dict[str, list[dict[str, Any]]] = {TOTAL: aggregate(values, None)}
    for dimension in dimensions:
        rows_by_dimension[dimension] = aggregate(values, GROUP_FIELDS[dimension])

    # (indicator id, quarter, dimension) -> group -> sums
    groups: dict[tuple[int, str, str], dict[str, _Sums]] = defaultdict(dict)
    for dimension, rows in rows_by_dimension.items():
        for row in rows:
            group = "" if dimension == TOTAL else str(row["group"] or UNSPECIFIED)
            indicator = by_id[row["indicator_id"]]
            people = row["people"]
            if indicator.is_sum and not indicator.measures_people:
                people = None
            groups[(row["indicator_id"], row["report__quarter"], dimension)][group] = _Sums(
                total=Decimal(row["total"] or 0),
                weighted=Decimal(row["weighted"] or 0),
                people=int(people) if people is not None else None,
                organizations=row["organizations"],
            )

    total_shown: dict[tuple[int, str], bool] = {}
    for (indicator_id, quarter, dimension), sums_by_group in sorted(
        groups.items(), key=lambda item: item[0][2] != TOTAL
    ):
        indicator = by_id[indicator_id]
        cells = [
            Cell(key=group, people=sums.people, organizations=sums.organizations)
            for group, sums in sums_by_group.items()
        ]
        if dimension == TOTAL:
            hidden = suppress(cells, total_published=False)
            total_shown[(indicator_id, quarter)] = "" not in hidden
        else:
            hidden = suppress(
                cells, total_published=total_shown.get((indicator_id, quarter), False)
            )
        for group, sums in sorted(sums_by_group.items()):
            is_hidden = group in hidden
            label = _("Network") if dimension == TOTAL else labels[dimension].get(group, group)
            results[indicator_id].cells.append(
                ResultCell(
                    indicator=indicator,
                    quarter=quarter,
                    dimension=dimension,
                    group=group,
                    group_label=label,
                    value=None if is_hidden else mean_or_sum(indicator, sums),
                    people=None if is_hidden else sums.people,
                    organizations=None if is_hidden else sums.organizations,
                    suppressed=is_hidden,
                )
            )
    for result in results.values():
        result.cells.sort(
            key=lambda cell: (
                cell.quarter,
                cell.dimension != TOTAL,
                cell.dimension,
                cell.group_label,
            )
        )
    return results


def results_version() -> int:
    """Return the current cache version of results, starting one when the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A version taken from the clock never repeats one from before a cache flush.
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def invalidate_results() -> None:
    """Start a new cache version, so every cached result is computed again."""
    # Without a version yet, incr() raises ValueError and the next read starts one.
    with contextlib.suppress(ValueError):
        cache.incr(VERSION_KEY)


def cached_results(
    indicators: Sequence[Indicator],
    quarters: Sequence[Quarter],
    dimensions: Sequence[str] = tuple(DIMENSIONS),
) -> dict[int, IndicatorResults]:
    """Return compute_results() from the cache, computing and storing it on a miss.

    The key includes the active language, because group and quarter labels are translated.
    """
    parts = [
        str(results_version()),
        get_language() or "en",
        ",".join(str(indicator.pk) for indicator in indicators),
        ",".join(quarter.code for quarter in quarters),
        ",".join(dimensions),
    ]
    key = "metrics:results:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    results: dict[int, IndicatorResults] | None = cache.get(key)
    if results is None:
        results = compute_results(indicators, quarters, dimensions)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def result_rows(results: Iterable[IndicatorResults]) -> list[dict[str, Any]]:
    """Flatten results into the rows of the CSV and JSON exports; hidden figures are None."""
    rows = []
    for result in results:
        baseline = result.baseline
        for cell in result.cells:
            rows.append(
                {
                    "indicator": result.indicator.code,
                    "indicator_name": result.indicator.name,
                    "unit": result.indicator.unit,
                    "quarter": cell.quarter,
                    "dimension": cell.dimension,
                    "group": cell.group,
                    "group_name": cell.group_label,
                    "value": cell.value,
                    "people": cell.people,
                    "organizations": cell.organizations,
                    "suppressed": cell.suppressed,
                    "baseline": plain_decimal(baseline.value) if baseline else None,
                    "baseline_source": baseline.source if baseline else "",
                }
            )
    return rows


EXPORT_FIELDS = [
    "indicator",
    "indicator_name",
    "unit",
    "quarter",
    "dimension",
    "group",
    "group_name",
    "value",
    "people",
    "organizations",
    "suppressed",
    "baseline",
    "baseline_source",
]
