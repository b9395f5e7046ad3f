"""Benchmark of network results: 200,000 reported values over 1,000 organizations and 8 quarters.

Builds a fresh database (SQLite under var/ by default, or DATABASE_URL), fills
it with 1,000 verified organizations, one initiative each that adopted the 12
starter indicators, and one approved report per organization and quarter with
12 totals and 13 breakdown values: 1,000 x 8 x 25 = 200,000 values. It then
times the results dashboard, one indicator's page and the results API, and
counts their queries. It exits with status 1 when a page is over its bound.

Run: .venv/bin/python bench/metrics_results.py
Not part of the test suite.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = ROOT / "var" / "bench-metrics.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DATABASE}")

ORGANIZATIONS = 1000
QUARTERS = 8
BATCH = 5000
RUNS = 3

# Upper bounds per request, checked against the median of RUNS runs after one
# warm-up. The query count does not grow with the data, but the time does. The
# time bounds leave room for a machine slower than the 2-core one that gave the
# figures in bench/README.md.
BOUNDS = {
    "dashboard /en/results/": (3.0, 15),
    "indicator page /en/indicators/employment-rate/": (3.0, 15),
    "results API /api/v1/results/": (6.0, 15),
    "results API, one indicator": (3.0, 15),
}


def progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done:,}/{total:,}", end="" if done < total else "\n", flush=True)


def build() -> int:
    import django
    from django.core.management import call_command

    if os.environ["DATABASE_URL"] == f"sqlite:///{DEFAULT_DATABASE}":
        DEFAULT_DATABASE.parent.mkdir(exist_ok=True)
        DEFAULT_DATABASE.unlink(missing_ok=True)
    django.setup()

    from hubsite.search import fold
    from initiatives.models import Initiative
    from metrics.library import load_indicator_library
    from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
    from metrics.results import reporting_quarters
    from partners.models import Organization, Region, StakeholderKind, Theme
    from partners.reference_data import load_reference_data

    print("Creating the database schema...", flush=True)
    call_command("migrate", verbosity=0)
    load_reference_data()
    load_indicator_library()

    indicators = list(Indicator.objects.reportable().order_by("position"))
    regions = list(Region.objects.exclude(code="CA"))
    kinds = list(StakeholderKind.objects.all())
    themes = list(Theme.objects.all())
    quarters = reporting_quarters(QUARTERS)

    print(f"Creating {ORGANIZATIONS:,} organizations and initiatives...", flush=True)
    organizations = [
        Organization(
            name=f"Bench organization {number:04d}",
            slug=f"bench-organization-{number:04d}",
            sort_name=fold(f"Bench organization {number:04d}"),
            kind=kinds[number % len(kinds)],
            province=regions[number % len(regions)],
            verification_status="verified",
        )
        for number in range(ORGANIZATIONS)
    ]
    Organization.objects.bulk_create(organizations, batch_size=BATCH)
    organizations = list(Organization.objects.order_by("pk"))
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                lead_organization=organization,
                title_en=f"Bench initiative {index:04d}",
                sort_title=f"bench initiative {index:04d}",
            )
            for index, organization in enumerate(organizations)
        ],
        batch_size=BATCH,
    )
    initiatives = list(Initiative.objects.order_by("pk"))
    Through = Initiative.themes.through
    Through.objects.bulk_create(
        [
            Through(initiative_id=initiative.pk, theme_id=themes[index % len(themes)].pk)
            for index, initiative in enumerate(initiatives)
        ],
        batch_size=BATCH,
    )
    IndicatorAdoption.objects.bulk_create(
        [
            IndicatorAdoption(indicator=indicator, initiative=initiative)
            for initiative in initiatives
            for indicator in indicators
        ],
        batch_size=BATCH,
    )

    print(f"Creating {ORGANIZATIONS * QUARTERS:,} approved reports...", flush=True)
    Report.objects.bulk_create(
        [
            Report(
                organization=initiative.lead_organization,
                initiative=initiative,
                quarter=quarter.code,
                state=ReportState.APPROVED,
                is_counted=True,
            )
            for initiative in initiatives
            for quarter in quarters
        ],
        batch_size=BATCH,
    )

    served = next(indicator for indicator in indicators if indicator.code == "participants-served")
    placed = next(indicator for indicator in indicators if indicator.code == "participants-placed")
    parts = (
        [
            (served, "gender", category)
            for category in ("woman", "man", "gender-diverse", "not-stated")
        ]
        + [
            (served, "age-group", category)
            for category in ("15-24", "25-34", "35-44", "45-54", "55-64", "65-plus", "not-stated")
        ]
        + [(placed, "gender", category) for category in ("woman", "man")]
    )
    total_values = ORGANIZATIONS * QUARTERS * (len(indicators) + len(parts))
    print(f"Creating {total_values:,} reported values...", flush=True)
    created = 0
    pending: list[ReportValue] = []
    for report_id, organization_id in Report.objects.order_by("pk").values_list(
        "pk", "organization_id"
    ):
        size = 8 + organization_id % 90
        for indicator in indicators:
            value = (
                Decimal(size) if indicator.unit == "count" else Decimal(40 + organization_id % 50)
            )
            pending.append(
                ReportValue(report_id=report_id, indicator=indicator, value=value, people=size)
            )
        for indicator, disaggregation, category in parts:
            pending.append(
                ReportValue(
                    report_id=report_id,
                    indicator=indicator,
                    disaggregation=disaggregation,
                    category=category,
                    value=Decimal(1),
                    people=1,
                )
            )
        if len(pending) >= BATCH:
            ReportValue.objects.bulk_create(pending)
            created += len(pending)
            pending = []
            progress("values", created, total_values)
    if pending:
        ReportValue.objects.bulk_create(pending)
        created += len(pending)
        progress("values", created, total_values)
    return created


def timed_request(
    client: object, path: str, params: dict[str, str], *, cold: bool
) -> tuple[float, int]:
    """Time one request and count its queries; `cold` empties the results cache first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from metrics.results import invalidate_results

    if cold:
        invalidate_results()
    with CaptureQueriesContext(connection) as context:
        start = time.perf_counter()
        response = client.get(path, params)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, f"{path} returned {response.status_code}"
    return elapsed, len(context.captured_queries)


def measure() -> bool:
    """Print the median cold and cached time and the queries of each request; check the bounds.

    A cold request computes the results after the cache version changed, as
    the first request after an approval does. The bounds apply to cold requests.
    """
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    requests = {
        "dashboard /en/results/": ("/en/results/", {}),
        "indicator page /en/indicators/employment-rate/": ("/en/indicators/employment-rate/", {}),
        "results API /api/v1/results/": ("/api/v1/results/", {"format": "json"}),
        "results API, one indicator": (
            "/api/v1/results/",
            {"format": "json", "indicator": "participants-served"},
        ),
    }
    within = True
    print(f"\n{'request':<48} {'cold s':>7} {'queries':>8} {'cached s':>9} {'bound':>10}  result")
    for label, (path, params) in requests.items():
        timed_request(client, path, params, cold=True)
        cold_runs = [timed_request(client, path, params, cold=True) for _run in range(RUNS)]
        cached_runs = [timed_request(client, path, params, cold=False) for _run in range(RUNS)]
        cold = statistics.median(seconds for seconds, _queries in cold_runs)
        queries = max(count for _seconds, count in cold_runs)
        cached = statistics.median(seconds for seconds, _queries in cached_runs)
        max_seconds, max_queries = BOUNDS[label]
        ok = cold <= max_seconds and queries <= max_queries
        within &= ok
        print(
            f"{label:<48} {cold:>7.3f} {queries:>8} {cached:>9.3f} "
            f"{f'{max_seconds}s/{max_queries}q':>10}  {'ok' if ok else 'OVER BOUND'}"
        )
    return within


def main() -> int:
    start = time.perf_counter()
    values = build()
    print(f"Built {values:,} values in {time.perf_counter() - start:.1f} s.")
    within = measure()
    print(
        f"\nSummary: {values:,} values, {ORGANIZATIONS:,} organizations, {QUARTERS} quarters; "
        f"{'every request within its bound' if within else 'a request is over its bound'}."
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
