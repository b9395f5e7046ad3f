"""Celery tasks of the metrics app; each calls a service."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from hubsite.quarters import current_quarter
from metrics.compliance import REPORTING_DAYS, send_compliance_reminders

logger = logging.getLogger(__name__)


@shared_task
def send_reporting_reminders() -> int:
    """Remind organizations that owe last quarter's report, once the reporting days are over.

    Safe to run every day and to retry: each organization is reminded at most once per quarter.
    """
    quarter = current_quarter().previous()
    if timezone.now() < quarter.end + timedelta(days=REPORTING_DAYS):
        logger.info("Reporting for %s is still open; no reminders yet", quarter.code)
        return 0
    return send_compliance_reminders(quarter)
