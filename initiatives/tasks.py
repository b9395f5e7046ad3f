"""Celery tasks of the initiatives app; each one calls a service."""

from __future__ import annotations

import logging

from celery import shared_task

from initiatives import detection, services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_similar_work(initiative_id: int) -> int:
    """Recompute one initiative's similar work after it was saved; safe to run again."""
    return detection.refresh_similar_work(initiative_id)


@shared_task(acks_late=True)
def rebuild_similar_work() -> int:
    """Recompute every initiative's similar work. Celery beat runs it nightly."""
    summary = detection.rebuild_similar_work()
    return summary.matches


@shared_task(acks_late=True)
def send_connection_emails(connection_id: int) -> int:
    """Send a connection request's pending emails; each is claimed, so none goes out twice."""
    sent = services.send_connection_emails(connection_id)
    logger.info("Connection request %s: %d emails sent", connection_id, sent)
    return sent
