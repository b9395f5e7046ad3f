"""Celery tasks of the partners app; each one calls a service."""

from __future__ import annotations

import logging

from celery import shared_task

from partners import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_declaration_reminders() -> int:
    """Daily: remind administrators whose leadership declaration is more than 12 months old."""
    logger.info("Leadership declaration reminders: starting")
    sent = services.send_declaration_reminders()
    logger.info("Leadership declaration reminders: %d organizations reminded", sent)
    return sent
