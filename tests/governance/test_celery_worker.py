"""The review job on a real Celery worker, sent through Redis, against the live test database.

Needs REDIS_URL pointing at a reachable Redis and a PostgreSQL database
(the worker is another process, and an SQLite test database may live in
memory). `.ci/run` provides both; elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from governance import tasks
from governance.models import Review
from hubsite.quarters import current_quarter
from partners.models import Partnership, PartnershipState

WORKER_START_TIMEOUT = 60  # seconds
TASK_TIMEOUT = 60  # seconds
FINISHED = re.compile(r"Opening quarterly reviews: (\d+) opened")


def redis_unavailable_reason() -> str | None:
    if not settings.REDIS_URL:
        return "REDIS_URL is not set, so there is no broker for a real worker."
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {settings.REDIS_URL} is not reachable: {error}"
    return None


def database_url() -> str:
    """The URL of the test database this process uses, for the worker process."""
    database = connection.settings_dict
    user = quote(database.get("USER") or "")
    password = database.get("PASSWORD") or ""
    credentials = ""
    if user:
        credentials = f"{user}@"
    if password:
        credentials = f"{user}:{quote(password)}@"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the worker and everything it started, even if a test failed."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}. Worker log:\n{log.read_text()}")


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Start `celery worker` on a queue of its own, with two threads; yield (queue, log path)."""
    reason = redis_unavailable_reason()
    if reason:
        pytest.skip(reason)
    if connection.vendor != "postgresql":
        pytest.skip("The worker needs to see the test database, so it runs only on PostgreSQL.")

    queue = f"governance-test-{uuid.uuid4().hex[:12]}"
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "TIME_ZONE": settings.TIME_ZONE,
        "HUB_QUARTER_START_MONTH": str(settings.HUB_QUARTER_START_MONTH),
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "hubsite",
        "worker",
        "--pool=threads",
        "--concurrency=2",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (a fixed command, no shell)
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: process.poll() is not None or " ready." in log.read_text(),
            WORKER_START_TIMEOUT,
            "the worker to start",
            log,
        )
        if process.poll() is not None:
            pytest.fail(f"The worker exited with {process.returncode}:\n{log.read_text()}")
        yield queue, log
    finally:
        stop(process)


@pytest.mark.django_db(transaction=True)
def test_review_job_through_broker(
    worker: tuple[str, Path], make_partnership: Callable[..., Partnership]
) -> None:
    queue, log = worker
    running = [make_partnership(), make_partnership(state=PartnershipState.RENEWED)]
    make_partnership(state=PartnershipState.PROPOSED)

    # Sent twice; the two threads may run them at the same time.
    tasks.open_quarterly_reviews.apply_async(queue=queue)
    tasks.open_quarterly_reviews.apply_async(queue=queue)

    wait_for(
        lambda: len(FINISHED.findall(log.read_text())) >= 2,
        TASK_TIMEOUT,
        "both tasks to finish",
        log,
    )
    text = log.read_text()
    assert "Opening quarterly reviews failed" not in text, text
    reviews = Review.objects.filter(quarter=current_quarter().code)
    assert sorted(reviews.values_list("partnership_id", flat=True)) == sorted(
        partnership.pk for partnership in running
    )
    # However the two runs interleave, together they open each review once.
    opened = [int(count) for count in FINISHED.findall(text)]
    assert len(opened) == 2, text
    assert sum(opened) == 2, text
