"""Celery tasks of the partners app; each one calls a service."""

from __future__ import annotations

import logging

from celery import shared_task

from partners import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_declaration_reminders() -> int:
    """Email the administrators whose current leadership declaration is 365 days old or older.

    Celery beat runs it daily. It is safe to run twice or on two workers at
    once, because the service claims each declaration before its email goes out.
    """
    logger.info("Leadership declaration reminders: starting")
    sent = services.send_declaration_reminders()
    logger.info("Leadership declaration reminders: %d organizations reminded", sent)
    return sent
