"""In-process measurements on one benchmark database, run by bench.run as a subprocess.

Each command prints one JSON document to --out (or stdout):

    targets       organization slugs, initiatives with similar work, a session cookie
    queries       status and query count of one request per scenario (Django test client)
    timing        sequential time per request of the scaling scenarios, with the
                  EXPLAIN ANALYZE of each one's slowest query
    profile       pyinstrument profile of a few requests of the named scenarios
    reset-digests clear the last complete weekly digest, so it can be sent again
    send-digest   queue practices.tasks.send_weekly_digests on the Celery broker

The database comes from DATABASE_URL, as for the portal.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")

TARGET_COUNT = 200
HOST = "127.0.0.1"


def bench_user() -> Any:
    from bench.scale_data import BENCH_EMAIL
    from partners.models import User

    return User.objects.get(email=BENCH_EMAIL)


def client_for(signed_in: bool) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en")
    if signed_in:
        client.force_login(bench_user())
    return client


def targets() -> dict[str, Any]:
    from django.test import Client

    from initiatives.models import Initiative, SimilarWork
    from partners.models import Organization

    slugs = list(Organization.objects.public().order_by("id").values_list("slug", flat=True))
    step = max(1, len(slugs) // TARGET_COUNT)
    with_similar = SimilarWork.objects.values("initiative_id")
    initiatives = list(
        Initiative.objects.public()
        .filter(pk__in=with_similar)
        .order_by("id")
        .values_list("id", flat=True)
    )
    initiative_step = max(1, len(initiatives) // TARGET_COUNT)
    # A real session row, as a browser signing in would get, for the gunicorn server.
    client = Client(HTTP_HOST=HOST)
    client.force_login(bench_user())
    return {
        "organizations": slugs[::step][:TARGET_COUNT],
        "initiatives": initiatives[::initiative_step][:TARGET_COUNT],
        "session": [client.cookies["sessionid"].value],
    }


def request(client: Any, path: str) -> tuple[int, float, list[dict[str, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    return response.status_code, seconds, list(context.captured_queries)


def queries(target_file: Path) -> dict[str, Any]:
    from bench.scenarios import RESULTS_DASHBOARD, SCENARIOS, fill

    chosen = json.loads(target_file.read_text())
    rows: dict[str, Any] = {}
    for scenario in (*SCENARIOS, RESULTS_DASHBOARD):
        client = client_for(scenario.signed_in)
        path = fill(scenario.path, chosen, 0)
        request(client, path)  # warm-up: caches, sessions, lazy imports
        status, seconds, captured = request(client, fill(scenario.path, chosen, 1))
        rows[scenario.name] = {
            "path": path,
            "status": status,
            "queries": len(captured),
            "milliseconds": round(seconds * 1000, 1),
        }
        print(f"  {scenario.name}: HTTP {status}, {len(captured)} queries", flush=True)
    return rows


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def timing(target_file: Path, repeat: int) -> dict[str, Any]:
    from django.db import connection

    from bench.scenarios import BY_NAME, SCALING, fill
    from partners.models import Organization

    chosen = json.loads(target_file.read_text())
    rows: dict[str, Any] = {"organizations": Organization.objects.count(), "scenarios": {}}
    for name in SCALING:
        scenario = BY_NAME[name]
        client = client_for(scenario.signed_in)
        path = fill(scenario.path, chosen, 0)
        for _warm_up in range(2):
            request(client, path)
        samples = []
        # Seconds per SELECT statement, summed over the runs: one slow run of a
        # fast query on a busy machine does not make it the slowest.
        totals: dict[str, float] = {}
        statuses = set()
        for _run in range(repeat):
            status, seconds, captured = request(client, path)
            statuses.add(status)
            samples.append(seconds * 1000)
            for query in captured:
                if query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                    totals[query["sql"]] = totals.get(query["sql"], 0.0) + float(query["time"])
        sql = max(totals, key=lambda statement: totals[statement]) if totals else ""
        plan = ""
        if connection.vendor == "postgresql" and sql:
            plan = explain(sql)
        rows["scenarios"][name] = {
            "path": path,
            "statuses": sorted(statuses),
            "median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(sorted(samples)[max(0, int(len(samples) * 0.95) - 1)], 1),
            "queries": len(captured),
            "slowest_query_ms": round(totals.get(sql, 0.0) / repeat * 1000, 1),
            "slowest_query": sql,
            "plan": plan,
        }
        print(
            f"  {name}: median {statistics.median(samples):.1f} ms over {repeat} requests",
            flush=True,
        )
    return rows


def profile(target_file: Path, names: list[str], repeat: int) -> dict[str, Any]:
    from pyinstrument import Profiler

    from bench.scenarios import BY_NAME, fill

    chosen = json.loads(target_file.read_text())
    reports: dict[str, Any] = {}
    for name in names:
        scenario = BY_NAME[name]
        client = client_for(scenario.signed_in)
        request(client, fill(scenario.path, chosen, 0))
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for index in range(repeat):
            client.get(fill(scenario.path, chosen, index))
        profiler.stop()
        reports[name] = profiler.output_text(unicode=False, color=False, short_mode=True)
    return reports


def reset_digests() -> dict[str, Any]:
    from practices.digests import last_complete_period
    from practices.models import DigestDelivery, Subscription

    period = last_complete_period("weekly")
    deleted, _by_model = DigestDelivery.objects.filter(
        issue__frequency="weekly", issue__key=period
    ).delete()
    weekly = Subscription.objects.active().filter(frequency="weekly")
    weekly.update(covered_until=None)
    return {"period": period, "deleted": deleted, "weekly_subscribers": weekly.count()}


def send_digest() -> dict[str, Any]:
    from practices.tasks import send_weekly_digests

    result = send_weekly_digests.delay()
    return {"task_id": str(result.id)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        choices=["targets", "queries", "timing", "profile", "reset-digests", "send-digest"],
    )
    parser.add_argument("--targets", type=Path, help="targets JSON file from `targets`")
    parser.add_argument("--repeat", type=int, default=20, help="requests per scenario")
    parser.add_argument("--scenario", action="append", default=[], help="scenario to profile")
    parser.add_argument("--out", type=Path, help="JSON output file (default: standard output)")
    arguments = parser.parse_args()

    import django

    django.setup()
    if arguments.command in {"queries", "timing", "profile"} and arguments.targets is None:
        parser.error(f"{arguments.command} needs --targets.")
    if arguments.command == "targets":
        document: Any = targets()
    elif arguments.command == "queries":
        document = queries(arguments.targets)
    elif arguments.command == "timing":
        document = timing(arguments.targets, arguments.repeat)
    elif arguments.command == "profile":
        document = profile(arguments.targets, arguments.scenario, arguments.repeat)
    elif arguments.command == "reset-digests":
        document = reset_digests()
    else:
        document = send_digest()
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if arguments.out is None:
        print(text)
    else:
        arguments.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
