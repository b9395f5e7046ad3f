"""Run the benchmark suite end to end and write the report: what `make bench` calls.

Steps, each printed as it starts:
 1. a fresh PostgreSQL database (hub_bench), migrated, with the scale dataset;
 2. query counts per scenario (Django test client, bench.probe);
 3. the portal and the floor (bench.floor) under gunicorn, Redis on loopback;
 4. locust, headless, for each scenario at each concurrency;
 5. peak memory of the gunicorn workers, profiles of scenarios that miss a goal;
 6. page weight in headless Chromium;
 7. the weekly digest on a real Celery worker, with its peak memory;
 8. scaling curves: sequential requests on each dataset size, with query plans;
 9. the report: bench/results/latest.md, latest.json and SVG charts.

Every setting has a command-line option and an environment variable (see
--help and bench/README.md). Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import pageweight, report  # noqa: E402
from bench.scenarios import FLOOR, SCENARIOS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
RUNS = RESULTS / "runs"
BIN = Path(sys.executable).parent
DATASETS_FILE = RUNS / "datasets.json"
STATIC_ROOT = ROOT / "var" / "bench-static"
# Sent as SECRET_KEY to the servers; the benchmark database holds only generated records.
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105


def env_default(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is invalid: expected whole numbers separated by commas, such as 1,10,50."
        ) from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is invalid: every number must be at least 1.")
    return values


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--postgres",
        default=env_default("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without a database name (BENCH_POSTGRES)",
    )
    parser.add_argument(
        "--database",
        default=env_default("BENCH_DATABASE", "hub_bench"),
        help="database for the load test; dropped and created again (BENCH_DATABASE)",
    )
    parser.add_argument(
        "--redis",
        default=env_default("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        help="Redis database for cache and broker; emptied at the start (BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--organizations",
        type=int,
        default=int(env_default("BENCH_ORGANIZATIONS", "10000")),
        help="dataset size of the load test (BENCH_ORGANIZATIONS, default 10000)",
    )
    parser.add_argument(
        "--sizes",
        type=int_list,
        default=int_list(env_default("BENCH_SIZES", "1000,10000")),
        help="dataset sizes of the scaling curves (BENCH_SIZES, default 1000,10000)",
    )
    parser.add_argument(
        "--users",
        type=int_list,
        default=int_list(env_default("BENCH_USERS", "1,10,50")),
        help="concurrent clients per scenario (BENCH_USERS, default 1,10,50)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(env_default("BENCH_DURATION", "12")),
        help="seconds of load per scenario and concurrency (BENCH_DURATION, default 12)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env_default("BENCH_WORKERS", str(2 * cores + 1))),
        help=f"gunicorn workers per server (BENCH_WORKERS; default 2 x cores + 1, {2 * cores + 1})",
    )
    parser.add_argument("--port", type=int, default=int(env_default("BENCH_PORT", "18500")))
    parser.add_argument(
        "--floor-port", type=int, default=int(env_default("BENCH_FLOOR_PORT", "18501"))
    )
    parser.add_argument(
        "--uncached-port", type=int, default=int(env_default("BENCH_UNCACHED_PORT", "18502"))
    )
    parser.add_argument(
        "--page-cache",
        type=int,
        default=int(env_default("BENCH_PAGE_CACHE_SECONDS", "60")),
        help="HUB_PAGE_CACHE_SECONDS of the portal under load (BENCH_PAGE_CACHE_SECONDS, "
        "default 60 as in production; the uncached scenarios use a second server with 0)",
    )
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        help="run only this scenario (repeatable; default: all)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(env_default("BENCH_REPEAT", "20")),
        help="sequential requests per scaling point (BENCH_REPEAT, default 20)",
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        default=env_default("BENCH_REUSE_DATA", "0") == "1",
        help="keep a load-test database that already has the dataset (BENCH_REUSE_DATA=1)",
    )
    for step in ("load", "pageweight", "digest", "scaling", "profile"):
        parser.add_argument(f"--skip-{step}", action="store_true", help=f"skip the {step} step")
    arguments = parser.parse_args()
    if arguments.duration < 1 or arguments.workers < 1 or arguments.repeat < 1:
        parser.error("--duration, --workers and --repeat must be at least 1.")
    return arguments


class Suite:
    """State of one run: settings, folders, processes to stop, and the results so far."""

    def __init__(self, arguments: argparse.Namespace) -> None:
        self.arguments = arguments
        self.started = time.perf_counter()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.run_dir = RUNS / stamp
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen[bytes]] = []
        self.results: dict[str, Any] = {
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "run": stamp,
            "settings": {
                "organizations": arguments.organizations,
                "sizes": arguments.sizes,
                "users": arguments.users,
                "duration_s": arguments.duration,
                "workers": arguments.workers,
                "repeat": arguments.repeat,
                "page_cache_s": arguments.page_cache,
            },
            "machine": machine_facts(),
            "steps_s": {},
        }

    # -- helpers ------------------------------------------------------------

    def say(self, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"[bench {elapsed:6.0f} s] {message}", flush=True)

    def database_url(self, name: str) -> str:
        return f"{self.arguments.postgres.rstrip('/')}/{name}"

    def environment(self, database: str, *, redis: bool = True) -> dict[str, str]:
        """Return the environment of the portal's processes: production-like, on loopback."""
        environment = dict(os.environ)
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "hubsite.settings",
                "DATABASE_URL": self.database_url(database),
                "DEBUG": "0",
                "SECRET_KEY": BENCH_SECRET_KEY,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "HUB_SITE_URL": f"http://127.0.0.1:{self.arguments.port}",
                # Plain HTTP on loopback: no redirect to HTTPS, no HSTS.
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_HSTS_SECONDS": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "STATIC_ROOT": str(STATIC_ROOT),
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT),
                # Query counts, profiles and scaling curves measure the work of
                # a page, so they run without the anonymous page cache.
                "HUB_PAGE_CACHE_SECONDS": "0",
            }
        )
        if redis:
            environment["REDIS_URL"] = self.arguments.redis
        else:
            environment.pop("REDIS_URL", None)
        return environment

    def run(self, command: list[str], environment: dict[str, str], log: str) -> None:
        """Run a command to its end, its output in the run folder; raise on failure."""
        path = self.run_dir / log
        with path.open("ab") as handle:
            completed = subprocess.run(  # noqa: S603
                command, cwd=ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT
            )
        if completed.returncode:
            tail = path.read_text(errors="replace")[-3000:]
            raise SystemExit(
                f"Failed with exit status {completed.returncode}: {' '.join(command)}\n"
                f"Last output ({path}):\n{tail}"
            )

    def probe(self, arguments: list[str], database: str, *, redis: bool = True) -> Any:
        out = self.run_dir / f"probe-{arguments[0]}-{database}.json"
        self.run(
            [str(BIN / "python"), "-m", "bench.probe", *arguments, "--out", str(out)],
            self.environment(database, redis=redis),
            f"probe-{database}.log",
        )
        return json.loads(out.read_text())

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.say(f"{name}...")
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.results["steps_s"][name] = round(seconds, 1)
        self.say(f"{name}: done in {seconds:.0f} s")

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    # -- databases ------------------------------------------------------------

    def organization_count(self, database: str) -> int | None:
        import psycopg2

        try:
            connection = psycopg2.connect(self.database_url(database))
        except psycopg2.OperationalError:
            return None
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM partners_organization")
                return int(cursor.fetchone()[0])
        except psycopg2.Error:
            return None
        finally:
            connection.close()

    def server_version(self) -> str:
        import psycopg2

        connection = psycopg2.connect(self.database_url("postgres"))
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return f"PostgreSQL {cursor.fetchone()[0]}"
        finally:
            connection.close()

    def recreate_database(self, database: str) -> None:
        import psycopg2

        connection = psycopg2.connect(self.database_url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()

    def prepare_dataset(self, database: str, organizations: int, *, reuse: bool) -> dict[str, Any]:
        """Migrate `database` and fill it, unless `reuse` is set and it has this size already."""
        datasets = read_datasets()
        environment = self.environment(database)
        if reuse and self.organization_count(database) == organizations:
            self.say(f"{database}: reusing the {organizations:,}-organization dataset")
            self.run(
                [str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"],
                environment,
                f"dataset-{database}.log",
            )
            entry = dict(datasets.get(database, {}))
            entry["reused"] = True
            return entry
        self.say(f"{database}: creating it and generating {organizations:,} organizations")
        self.recreate_database(database)
        started = time.perf_counter()
        self.run(
            [str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"],
            environment,
            f"dataset-{database}.log",
        )
        migrated = time.perf_counter()
        self.run(
            [
                str(BIN / "python"),
                "-m",
                "bench.scale_data",
                "--organizations",
                str(organizations),
            ],
            environment,
            f"dataset-{database}.log",
        )
        finished = time.perf_counter()
        entry = {
            "organizations": organizations,
            "migrate_s": round(migrated - started, 1),
            "generate_s": round(finished - migrated, 1),
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "summary": last_summary(self.run_dir / f"dataset-{database}.log"),
            "reused": False,
        }
        datasets[database] = entry
        DATASETS_FILE.write_text(json.dumps(datasets, indent=2) + "\n")
        self.say(
            f"{database}: generated in {entry['generate_s']} s (migrations {entry['migrate_s']} s)"
        )
        return entry

    # -- servers --------------------------------------------------------------

    def start_gunicorn(
        self, port: int, settings: str, name: str, *, page_cache: int = 0
    ) -> subprocess.Popen[bytes]:
        environment = self.environment(self.arguments.database)
        environment["DJANGO_SETTINGS_MODULE"] = settings
        environment["HUB_PAGE_CACHE_SECONDS"] = str(page_cache)
        log = (self.run_dir / f"gunicorn-{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "hubsite.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.arguments.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def wait_ready(self, url: str, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(
                    f"The server for {url} stopped: see the gunicorn log in {self.run_dir}."
                )
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                urllib.request.urlopen(url, timeout=10) as response,  # noqa: S310
            ):
                if response.status == 200:
                    return
            time.sleep(0.5)
        raise SystemExit(f"{url} did not respond with HTTP 200 within 90 s: timed out.")

    # -- load -----------------------------------------------------------------

    def warm_up(self, host: str, path: str, headers: dict[str, str]) -> None:
        for _request in range(self.arguments.workers * 2):
            request = urllib.request.Request(f"{host}{path}", headers=headers)  # noqa: S310
            with contextlib.suppress(urllib.error.URLError, TimeoutError):
                urllib.request.urlopen(request, timeout=30).close()  # noqa: S310

    def locust(self, scenario_name: str, users: int, host: str, targets: Path) -> dict[str, Any]:
        prefix = self.run_dir / "locust" / f"{scenario_name}-{users}"
        prefix.parent.mkdir(exist_ok=True)
        environment = dict(os.environ)
        environment.update({"BENCH_SCENARIO": scenario_name, "BENCH_TARGETS": str(targets)})
        duration = self.arguments.duration
        self.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{duration}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            environment,
            "locust.log",
        )
        return read_locust(prefix, scenario_name)

    def load(self, targets: Path) -> None:
        arguments = self.arguments
        app_host = f"http://127.0.0.1:{arguments.port}"
        floor_host = f"http://127.0.0.1:{arguments.floor_port}"
        uncached_host = f"http://127.0.0.1:{arguments.uncached_port}"
        chosen = json.loads(targets.read_text())
        scenarios = [s for s in SCENARIOS if not arguments.scenario or s.name in arguments.scenario]
        rows: dict[str, dict[str, Any]] = {FLOOR.name: {}}
        for scenario in scenarios:
            rows[scenario.name] = {}
        from bench.scenarios import fill

        total = len(arguments.users) * (len(scenarios) + 1)
        done = 0
        for users in arguments.users:
            for scenario in (FLOOR, *scenarios):
                if scenario is FLOOR:
                    host = floor_host
                elif scenario.uncached:
                    host = uncached_host
                else:
                    host = app_host
                headers = {"Accept-Language": "en"}
                if scenario.signed_in:
                    headers["Cookie"] = f"sessionid={chosen['session'][0]}"
                self.warm_up(host, fill(scenario.path, chosen, 0), headers)
                row = self.locust(scenario.name, users, host, targets)
                rows[scenario.name][str(users)] = row
                done += 1
                self.say(
                    f"  [{done}/{total}] {scenario.name} at {users} users: "
                    f"{row['rps']:.1f} req/s, p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, "
                    f"{row['failures']} failures"
                )
        self.results["load"] = rows

    def worker_memory(self, master: subprocess.Popen[bytes]) -> dict[str, Any]:
        workers = children(master.pid)
        peaks = {pid: vm_hwm_kib(pid) for pid in workers}
        values = [value for value in peaks.values() if value]
        return {
            "workers": len(workers),
            "peak_rss_mib_max": round(max(values) / 1024, 1) if values else None,
            "peak_rss_mib_each": sorted(round(value / 1024, 1) for value in values),
            "master_peak_rss_mib": round((vm_hwm_kib(master.pid) or 0) / 1024, 1),
        }

    # -- Celery digest ------------------------------------------------------------

    def digest(self) -> None:
        database = self.arguments.database
        reset = self.probe(["reset-digests"], database)
        environment = self.environment(database)
        environment["LOG_LEVEL"] = "INFO"
        log_path = self.run_dir / "celery-worker.log"
        log = log_path.open("ab")
        worker = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "celery"),
                "-A",
                "hubsite",
                "worker",
                "--loglevel",
                "INFO",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--hostname",
                "bench@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(worker)
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The Celery worker did not start: see {log_path}.")
            time.sleep(0.5)
        idle = {pid: vm_hwm_kib(pid) or 0 for pid in [worker.pid, *children(worker.pid)]}
        started = time.perf_counter()
        self.probe(["send-digest"], database)
        peak: dict[int, int] = {}
        outcome = ""
        while time.perf_counter() - started < 900:
            for pid in [worker.pid, *children(worker.pid)]:
                value = vm_hwm_kib(pid)
                if value:
                    peak[pid] = max(peak.get(pid, 0), value)
            text = log_path.read_text(errors="replace")
            lines = [line for line in text.splitlines() if "send_weekly_digests" in line]
            finished = [line for line in lines if "succeeded in" in line or "raised" in line]
            if finished:
                outcome = finished[-1]
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        self.processes.remove(worker)
        child_peaks = [value for pid, value in peak.items() if pid != worker.pid]
        self.results["digest"] = {
            "period": reset["period"],
            "weekly_subscribers": reset["weekly_subscribers"],
            "seconds": round(seconds, 1),
            "outcome": outcome.split("]", 1)[-1].strip()[:300],
            "worker_peak_rss_mib": round(max(child_peaks) / 1024, 1) if child_peaks else None,
            "main_process_peak_rss_mib": round(peak.get(worker.pid, 0) / 1024, 1),
            "idle_rss_mib": round(max(idle.values(), default=0) / 1024, 1),
            "pool": "prefork, concurrency 1",
            "email_backend": "django.core.mail.backends.dummy.EmailBackend",
        }
        self.say(
            f"  digest to {reset['weekly_subscribers']:,} weekly subscribers: {seconds:.1f} s, "
            f"worker peak {self.results['digest']['worker_peak_rss_mib']} MiB"
        )

    # -- the whole run ---------------------------------------------------------

    def execute(self) -> int:
        arguments = self.arguments
        database = arguments.database
        try:
            self.results["machine"]["postgresql"] = self.server_version()
            with self.step("dataset for the load test"):
                self.results["dataset"] = self.prepare_dataset(
                    database, arguments.organizations, reuse=arguments.reuse_data
                )
                if static_is_current():
                    self.say("static files: var/bench-static is newer than static/, kept")
                else:
                    # Compressing and hashing every file took about 2 minutes on
                    # the busy 2-core machine.
                    self.run(
                        [str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"],
                        self.environment(database),
                        "collectstatic.log",
                    )
                flush_redis(arguments.redis)

            with self.step("targets and query counts"):
                targets = self.run_dir / "targets.json"
                targets.write_text(
                    json.dumps(self.probe(["targets"], database), ensure_ascii=False) + "\n"
                )
                self.results["queries"] = self.probe(
                    ["queries", "--targets", str(targets)], database
                )

            app = self.start_gunicorn(
                arguments.port, "hubsite.settings", "app", page_cache=arguments.page_cache
            )
            floor = self.start_gunicorn(arguments.floor_port, "bench.floor_settings", "floor")
            uncached = self.start_gunicorn(arguments.uncached_port, "hubsite.settings", "uncached")
            self.wait_ready(f"http://127.0.0.1:{arguments.port}/en/", app)
            self.wait_ready(f"http://127.0.0.1:{arguments.uncached_port}/en/", uncached)
            self.wait_ready(f"http://127.0.0.1:{arguments.floor_port}/floor/organizations/", floor)
            self.results["load_average_before"] = load_average()

            if not arguments.skip_load:
                with self.step("load test"):
                    self.load(targets)
                self.results["gunicorn_memory"] = self.worker_memory(app)
                self.results["floor_memory"] = self.worker_memory(floor)
            self.results["load_average_after"] = load_average()

            if not arguments.skip_pageweight:
                with self.step("page weight"):
                    self.results["page_weight"] = pageweight.measure(
                        f"http://127.0.0.1:{arguments.port}",
                        json.loads(targets.read_text()),
                    )
            self.stop_all()

            goals = report.evaluate_goals(self.results)
            self.results["goals"] = goals
            missed = report.profiled_scenarios(self.results)
            if missed and not arguments.skip_profile:
                with self.step("profiles of scenarios that miss a goal"):
                    self.results["profiles"] = self.probe(
                        [
                            "profile",
                            "--targets",
                            str(targets),
                            "--repeat",
                            "20",
                            *[f"--scenario={name}" for name in missed],
                        ],
                        database,
                    )

            if not arguments.skip_digest:
                with self.step("weekly digest on a Celery worker"):
                    self.digest()

            if not arguments.skip_scaling:
                with self.step("scaling curves"):
                    self.scaling()
        finally:
            self.stop_all()

        self.results["total_s"] = round(time.perf_counter() - self.started, 1)
        self.results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        paths = report.write(self.results, self.run_dir, RESULTS)
        self.say(f"Report: {', '.join(str(path.relative_to(ROOT)) for path in paths)}")
        print()
        print(report.summary_text(self.results))
        return 0

    def scaling(self) -> None:
        arguments = self.arguments
        points: dict[str, Any] = {}
        for size in sorted(arguments.sizes):
            database = (
                arguments.database
                if size == arguments.organizations
                else f"{arguments.database}_s{size}"
            )
            if database == arguments.database:
                dataset = self.results.get("dataset", {})
            else:
                # Other sizes are kept between runs: 100,000 organizations take minutes.
                dataset = self.prepare_dataset(database, size, reuse=True)
            targets = self.run_dir / f"targets-{size}.json"
            targets.write_text(
                json.dumps(self.probe(["targets"], database, redis=False), ensure_ascii=False)
            )
            timing = self.probe(
                ["timing", "--targets", str(targets), "--repeat", str(arguments.repeat)],
                database,
                redis=False,
            )
            timing["dataset"] = dataset
            points[str(size)] = timing
            self.say(f"  scaling point {size:,} organizations measured")
        self.results["scaling"] = points


def static_is_current() -> bool:
    """Tell whether the collected static files are newer than every file under static/."""
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = [path for path in (ROOT / "static").rglob("*") if path.is_file()]
    return all(path.stat().st_mtime < collected for path in sources)


def read_datasets() -> dict[str, Any]:
    if DATASETS_FILE.exists():
        return dict(json.loads(DATASETS_FILE.read_text()))
    return {}


def last_summary(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines()
    if "Summary" not in lines:
        return []
    return lines[len(lines) - 1 - lines[::-1].index("Summary") + 1 :]


def read_locust(prefix: Path, name: str) -> dict[str, Any]:
    stats = Path(f"{prefix}_stats.csv")
    with stats.open(newline="") as handle:
        row = next((row for row in csv.DictReader(handle) if row["Name"] == name), None)
    if row is None:
        return {
            "requests": 0,
            "failures": 0,
            "rps": 0.0,
            "p50_ms": None,
            "p95_ms": None,
            "p99_ms": None,
            "failure_messages": ["no request was recorded"],
        }
    messages: list[str] = []
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(newline="") as handle:
            messages = [
                f"{item['Occurrences']} x {item['Error']}"[:200] for item in csv.DictReader(handle)
            ][:3]

    def number(key: str) -> float | None:
        value = row.get(key, "")
        return None if value in {"", "N/A"} else float(value)

    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 2),
        "p50_ms": number("50%"),
        "p95_ms": number("95%"),
        "p99_ms": number("99%"),
        "mean_ms": round(float(row["Average Response Time"]), 1),
        "bytes": round(float(row["Average Content Size"])),
        "failure_messages": messages,
    }


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(part) for part in path.read_text().split()]
    except OSError:
        return []


def vm_hwm_kib(pid: int) -> int | None:
    """Return the peak resident set size (VmHWM) of a process in KiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def machine_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": load_average(),
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                facts["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                facts["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(subprocess.SubprocessError, OSError):
        facts["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    return facts


def main() -> int:
    arguments = parse_arguments()
    suite = Suite(arguments)
    suite.say(
        f"Benchmark run {suite.results['run']}: {arguments.organizations:,} organizations, "
        f"users {arguments.users}, {arguments.duration} s each, {arguments.workers} workers"
    )
    return suite.execute()


if __name__ == "__main__":
    sys.exit(main())
