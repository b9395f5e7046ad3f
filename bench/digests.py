"""Benchmark of the weekly digest: 20,000 subscribers over 2,000 practices.

Builds a fresh database (SQLite under var/ by default, or DATABASE_URL). It
holds 2,000 practices published during one week, tagged with themes, regions
and sectors, and 20,000 active weekly subscriptions. A third of them filter by
theme, a third by region, and a third read French. It then runs
practices.digests.send_digests for that week with Django's locmem email
backend, and reports the time, the peak Python memory (tracemalloc) and the
queries per subscriber. A second run for the same week must send nothing.

Run: .venv/bin/python bench/digests.py [--subscribers N] [--practices N]
With DATABASE_URL set, the named database must exist; the benchmark empties it.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = ROOT / "var" / "bench-digests.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DATABASE}")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

PERIOD = "2026-W48"
BATCH = 5000


def progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done:,}/{total:,}", end="" if done < total else "\n", flush=True)


def build(subscriber_count: int, practice_count: int) -> None:
    import django
    from django.core.management import call_command

    if os.environ["DATABASE_URL"] == f"sqlite:///{DEFAULT_DATABASE}":
        DEFAULT_DATABASE.parent.mkdir(exist_ok=True)
        DEFAULT_DATABASE.unlink(missing_ok=True)
    django.setup()

    from django.utils import timezone

    from hubsite.search import fold
    from partners.models import Region, Sector, Theme
    from partners.reference_data import load_reference_data
    from practices.models import Practice, PracticeKind, Subscription

    print("Creating the database schema...", flush=True)
    call_command("migrate", verbosity=0)
    # A DATABASE_URL database is reused, so empty it first.
    call_command("flush", interactive=False, verbosity=0)
    load_reference_data()
    themes = list(Theme.objects.all())
    regions = list(Region.objects.all())
    sectors = list(Sector.objects.all())
    kinds = list(PracticeKind.values)
    start = timezone.make_aware(datetime(2026, 11, 23, 8))

    print(f"Creating {practice_count:,} practices...", flush=True)
    practices = []
    for number in range(practice_count):
        title = f"Practice {number:05d}: paid work trials with peer mentors"
        practices.append(
            Practice(
                kind=kinds[number % len(kinds)],
                title_en=title,
                title_fr=f"Pratique {number:05d} : stages d'essai rémunérés",
                summary_en="Trials paid at the going rate, with a peer mentor.",
                summary_fr="Des stages payés au taux du marché, avec un mentor.",
                status="published",
                published_at=start + timedelta(minutes=3 * number),
                slug=f"practice-{number:05d}",
                search_document=fold(title),
            )
        )
    Practice.objects.bulk_create(practices, batch_size=BATCH)
    ids = list(Practice.objects.order_by("id").values_list("id", flat=True))
    through = Practice.themes.through
    through.objects.bulk_create(
        [through(practice_id=pk, theme_id=themes[index % 7].pk) for index, pk in enumerate(ids)],
        batch_size=BATCH,
    )
    region_through = Practice.regions.through
    region_through.objects.bulk_create(
        [
            region_through(practice_id=pk, region_id=regions[index % len(regions)].pk)
            for index, pk in enumerate(ids)
        ],
        batch_size=BATCH,
    )
    sector_through = Practice.sectors.through
    sector_through.objects.bulk_create(
        [
            sector_through(practice_id=pk, sector_id=sectors[index % len(sectors)].pk)
            for index, pk in enumerate(ids)
        ],
        batch_size=BATCH,
    )

    print(f"Creating {subscriber_count:,} subscriptions...", flush=True)
    consent = start - timedelta(days=30)
    for offset in range(0, subscriber_count, BATCH):
        Subscription.objects.bulk_create(
            [
                Subscription(
                    email=f"subscriber{number:06d}@example.org",
                    language=["en", "fr", ""][number % 3],
                    frequency="weekly",
                    kinds=kinds if number % 4 else kinds[:1],
                    status="active",
                    consent_method="email-confirmation",
                    consent_at=consent,
                )
                for number in range(offset, min(offset + BATCH, subscriber_count))
            ]
        )
        progress("subscriptions", min(offset + BATCH, subscriber_count), subscriber_count)
    subscription_ids = list(Subscription.objects.order_by("id").values_list("id", flat=True))
    theme_filters = Subscription.themes.through
    theme_filters.objects.bulk_create(
        [
            theme_filters(subscription_id=pk, theme_id=themes[index % 7].pk)
            for index, pk in enumerate(subscription_ids)
            if index % 3 == 1
        ],
        batch_size=BATCH,
    )
    region_filters = Subscription.regions.through
    region_filters.objects.bulk_create(
        [
            region_filters(subscription_id=pk, region_id=regions[index % len(regions)].pk)
            for index, pk in enumerate(subscription_ids)
            if index % 3 == 2
        ],
        batch_size=BATCH,
    )


def run(subscriber_count: int) -> int:
    from django.core import mail
    from django.db import connection

    from practices.digests import RunSummary, send_digests

    queries = {"count": 0}

    def count_query(execute, sql, params, many, context):
        queries["count"] += 1
        return execute(sql, params, many, context)

    delivered = {"count": 0}

    def show(done: int, summary: RunSummary) -> None:
        # The locmem backend keeps every message; count and drop them per batch
        # so the peak measures building and sending, not the outbox.
        delivered["count"] += len(getattr(mail, "outbox", []))
        mail.outbox = []
        progress("digests", done, subscriber_count)

    mail.outbox = []
    print(f"Sending the weekly digest {PERIOD}...", flush=True)
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count_query):
        summary = send_digests("weekly", PERIOD, progress=show)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    delivered["count"] += len(getattr(mail, "outbox", []))

    again_started = time.perf_counter()
    again = send_digests("weekly", PERIOD)
    again_seconds = time.perf_counter() - again_started

    print()
    print(f"subscribers            {subscriber_count:,}")
    print(f"digests sent           {summary.sent:,} ({delivered['count']:,} in the outbox)")
    print(f"nothing new            {summary.empty:,}")
    print(f"failed                 {summary.failed:,}")
    per_subscriber = seconds / subscriber_count * 1000
    print(f"time                   {seconds:.1f} s ({per_subscriber:.2f} ms per subscriber)")
    print(f"peak Python memory     {peak / 1024 / 1024:.1f} MiB")
    per_query = queries["count"] / subscriber_count
    print(f"queries                {queries['count']:,} ({per_query:.2f} per subscriber)")
    print(
        f"second run, same week  {again.sent} sent, {again.skipped:,} skipped "
        f"in {again_seconds:.1f} s"
    )
    if again.sent or delivered["count"] != summary.sent or summary.failed:
        print("FAILED: a digest was sent twice, lost or failed.")
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=20000)
    parser.add_argument("--practices", type=int, default=2000)
    arguments = parser.parse_args()
    build(arguments.subscribers, arguments.practices)
    return run(arguments.subscribers)


if __name__ == "__main__":
    sys.exit(main())
