"""Test-only hooks that slow a worker's jobs, so a fault test can kill it mid-run.

Loaded only by tests.hubsite.fault_worker_settings. Delays come from the
environment, in seconds: HUB_FAULT_EMAIL_DELAY per email sent and
HUB_FAULT_REVIEW_DELAY per review created. HUB_FAULT_EMAIL_DIR is where
messages are written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.db.models.signals import post_save


class SlowFileEmailBackend(EmailBackend):
    """Django's file backend, sleeping before each message as a slow mail server would."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_path", os.environ["HUB_FAULT_EMAIL_DIR"])
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("HUB_FAULT_EMAIL_DELAY", "0")) * len(email_messages))
        return super().send_messages(email_messages)


def _slow_review_created(sender: Any, created: bool, **kwargs: Any) -> None:
    if created:
        time.sleep(float(os.environ.get("HUB_FAULT_REVIEW_DELAY", "0")))


class FaultWorkerConfig(AppConfig):
    name = "tests.hubsite.fault_worker_app"
    label = "fault_worker"

    def ready(self) -> None:
        from governance.models import Review

        post_save.connect(_slow_review_created, sender=Review, dispatch_uid="fault-slow-review")
