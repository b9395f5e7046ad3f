"""Celery tasks of the governance app; each one logs and calls a service.

Beat runs both daily (settings.CELERY_BEAT_SCHEDULE). Both are safe to run
twice or on two workers at once: reviews are unique per (partnership,
quarter) and each reminder is claimed before it is sent.
"""

from __future__ import annotations

import logging

from celery import shared_task

from governance import reminders, services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def open_quarterly_reviews() -> int:
    """Open this quarter's review for every running partnership that has none."""
    logger.info("Opening quarterly reviews: starting")
    try:
        opened = services.open_quarterly_reviews()
    except Exception:
        logger.exception("Opening quarterly reviews failed")
        raise
    logger.info("Opening quarterly reviews: %d opened", opened)
    return opened


@shared_task(acks_late=True)
def send_review_reminders() -> int:
    """Send the review reminders due today."""
    logger.info("Review reminders: starting")
    try:
        sent = reminders.send_review_reminders()
    except Exception:
        logger.exception("Sending review reminders failed")
        raise
    logger.info("Review reminders: %d sent", sent)
    return sent
