"""Celery workers killed with SIGKILL in the middle of a job, then replaced and the job run again.

Each test starts a real worker (tests.hubsite.fault_support.Worker) against
Redis and the PostgreSQL test database, with hooks that make the job slow
enough to kill mid-run (tests.hubsite.fault_worker_app). Needs REDIS_URL and
PostgreSQL, as in `.ci/run`; elsewhere the tests are skipped with the reason.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from governance import tasks as governance_tasks
from governance.models import Review
from hubsite.quarters import current_quarter
from partners.models import Partnership, PartnershipState
from practices import digests
from practices import tasks as practices_tasks
from practices.models import DigestDelivery, Frequency, Practice, Subscription
from practices.models.digests import ConsentMethod, DeliveryStatus
from tests.hubsite.fault_support import Worker, skip_without_worker_support, wait_for

SUBSCRIBERS = 2000
PARTNERSHIPS = 300
JOB_TIMEOUT = 80  # seconds
RECIPIENT = re.compile(r"^To: (\S+)$", re.MULTILINE)
REVIEWS_OPENED = re.compile(r"Opening quarterly reviews: (\d+) opened")


def recipients(directory: Path) -> Counter[str]:
    """Count the messages per recipient that the file email backend wrote."""
    counts: Counter[str] = Counter()
    for path in directory.glob("*.log"):
        counts.update(RECIPIENT.findall(path.read_text(errors="replace")))
    return counts


@pytest.mark.django_db(transaction=True)
def test_digest_run_survives_killed_worker(tmp_path: Path, reference_data: None) -> None:
    skip_without_worker_support()
    mail_directory = tmp_path / "mail"
    mail_directory.mkdir()
    key = digests.last_complete_period(Frequency.WEEKLY)
    week_start, _week_end = digests.period_bounds(Frequency.WEEKLY, key)
    Practice.objects.create(
        kind="best-practice",
        title_en="Job coaching that works",
        summary_en="Coaches who stay for the first six months.",
        status="published",
        published_at=week_start + timedelta(days=1),
    )
    Subscription.objects.bulk_create(
        Subscription(
            email=f"subscriber{number:04d}@example.org",
            status="active",
            frequency=Frequency.WEEKLY,
            language="en",
            consent_method=ConsentMethod.EMAIL_CONFIRMATION,
            consent_at=timezone.make_aware(datetime(2026, 1, 5, 12)),
        )
        for number in range(SUBSCRIBERS)
    )
    queue = f"faults-{uuid.uuid4().hex[:12]}"
    environment = {"HUB_FAULT_EMAIL_DIR": str(mail_directory), "HUB_FAULT_EMAIL_DELAY": "0.005"}
    first = Worker(queue, tmp_path / "worker1.log", environment)
    second = Worker(queue, tmp_path / "worker2.log", environment)
    try:
        first.start()
        practices_tasks.send_weekly_digests.apply_async(queue=queue)
        wait_for(
            lambda: sum(recipients(mail_directory).values()) >= 300,
            JOB_TIMEOUT,
            "300 digests to be sent",
            first.log,
        )
        first.kill()
        sent_before_kill = sum(recipients(mail_directory).values())
        assert sent_before_kill < SUBSCRIBERS, "The run finished before the kill."

        # The dead worker's claims stay "sending" until CLAIM_LEASE has passed;
        # move them back in time instead of waiting 30 minutes.
        stale = DigestDelivery.objects.filter(status=DeliveryStatus.SENDING)
        stale.update(claimed_at=F("claimed_at") - digests.CLAIM_LEASE)

        second.start()
        practices_tasks.send_weekly_digests.apply_async(queue=queue)
        wait_for(
            lambda: f"Digest run weekly-{key} finished" in second.log.read_text(),
            JOB_TIMEOUT,
            "the second digest run to finish",
            second.log,
        )
    finally:
        first.stop()
        second.stop()

    counts = recipients(mail_directory)
    duplicates = {address: count for address, count in counts.items() if count > 1}
    print(
        f"digest: {sent_before_kill} sent before SIGKILL, {sum(counts.values())} messages in all, "
        f"{len(counts)} recipients, duplicates {duplicates}"
    )
    assert len(counts) == SUBSCRIBERS
    assert sum(counts.values()) <= SUBSCRIBERS + 1
    assert len(duplicates) <= 1
    assert all(count == 2 for count in duplicates.values())
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT).count() == SUBSCRIBERS


@pytest.mark.django_db(transaction=True)
def test_review_job_survives_killed_worker(tmp_path: Path, reference_data: None) -> None:
    skip_without_worker_support()
    partnerships = [
        Partnership.objects.create(name=f"Partnership {number:03d}", state=PartnershipState.ACTIVE)
        for number in range(PARTNERSHIPS)
    ]
    quarter = current_quarter().code
    queue = f"faults-{uuid.uuid4().hex[:12]}"
    environment = {"HUB_FAULT_REVIEW_DELAY": "0.03", "HUB_FAULT_EMAIL_DIR": str(tmp_path)}
    first = Worker(queue, tmp_path / "worker1.log", environment)
    second = Worker(queue, tmp_path / "worker2.log", environment)
    reviews = Review.objects.filter(quarter=quarter)
    try:
        first.start()
        governance_tasks.open_quarterly_reviews.apply_async(queue=queue)
        wait_for(lambda: reviews.count() >= 50, JOB_TIMEOUT, "50 reviews", first.log)
        first.kill()
        opened_before_kill = reviews.count()
        assert opened_before_kill < PARTNERSHIPS, "The run finished before the kill."

        second.start()
        governance_tasks.open_quarterly_reviews.apply_async(queue=queue)
        wait_for(
            lambda: REVIEWS_OPENED.search(second.log.read_text()) is not None,
            JOB_TIMEOUT,
            "the second review run to finish",
            second.log,
        )
    finally:
        first.stop()
        second.stop()

    finished = REVIEWS_OPENED.search(second.log.read_text())
    assert finished is not None
    opened_after = int(finished.group(1))
    print(f"reviews: {opened_before_kill} opened before SIGKILL, {opened_after} by the second run")
    per_partnership = Counter(reviews.values_list("partnership_id", flat=True))
    assert set(per_partnership) == {partnership.pk for partnership in partnerships}
    assert set(per_partnership.values()) == {1}
    assert opened_before_kill + opened_after == PARTNERSHIPS
