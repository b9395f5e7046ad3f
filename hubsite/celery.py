"""The Celery application. Without REDIS_URL, tasks run eagerly in-process."""

import logging.config
import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")

app = Celery("hubsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def configure_worker_logging(**kwargs: Any) -> None:
    """Log from workers and beat with Django's LOGGING (format and request ids).

    Connecting this signal stops Celery from installing its own root handler.
    """
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
