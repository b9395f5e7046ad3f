"""Celery tasks of the practices app; each calls practices.digests."""

from __future__ import annotations

from celery import shared_task

from practices import digests
from practices.models import Frequency


@shared_task
def send_weekly_digests() -> dict[str, int]:
    summary = digests.send_digests(Frequency.WEEKLY)
    return {"sent": summary.sent, "empty": summary.empty, "failed": summary.failed}


@shared_task
def send_monthly_digests() -> dict[str, int]:
    summary = digests.send_digests(Frequency.MONTHLY)
    return {"sent": summary.sent, "empty": summary.empty, "failed": summary.failed}


@shared_task
def retry_digest_deliveries() -> int:
    """Retry failed sends whose backoff has passed and take over claims of dead workers."""
    return sum(summary.sent for summary in digests.retry_deliveries())
