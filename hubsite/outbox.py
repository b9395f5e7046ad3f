"""Queue Celery tasks after commit without failing a request when the broker is down.

`enqueue(task, *args)` publishes the task once the current transaction
commits. If the broker (Redis) is unreachable, the publish gives up after the
short timeout and retry policy of settings.CELERY_BROKER_CONNECTION_TIMEOUT
and CELERY_TASK_PUBLISH_RETRY_POLICY (about a second), and the task is stored
as a QueuedTask row. The periodic job hubsite.tasks.drain_outbox publishes the
stored rows once the broker is reachable again.

Delivery is at least once: a process that dies after the broker accepted a
row's task but before the row's deletion commits publishes it again on the
next drain. Arguments must be JSON-serializable, as Celery's own messages are.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from hubsite.models import QueuedTask

logger = logging.getLogger(__name__)

DRAIN_BATCH_SIZE = 100


def publish(task_name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Send one task to the broker, or raise kombu's OperationalError within about a second."""
    current_app.send_task(
        task_name,
        args=args,
        kwargs=kwargs,
        retry=True,
        retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
    )


def _publish_or_store(task_name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    try:
        publish(task_name, args, kwargs)
    except OperationalError as error:
        row = QueuedTask.objects.create(
            task=task_name,
            args=args,
            kwargs=kwargs,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        logger.warning(
            "Broker unreachable, task %s stored in the outbox as queued task %s: %s",
            task_name,
            row.pk,
            error,
        )


def enqueue(task: Task | str, *args: Any, **kwargs: Any) -> None:
    """Publish `task` with these arguments once the current transaction commits.

    Without a broker (CELERY_TASK_ALWAYS_EAGER, as in `make run`) the task runs
    in-process after commit, as `.delay()` does.
    """
    if current_app.conf.task_always_eager:
        if isinstance(task, str):
            task = current_app.tasks[task]
        eager_task = task
        transaction.on_commit(lambda: eager_task.delay(*args, **kwargs))
        return
    task_name = task if isinstance(task, str) else task.name
    transaction.on_commit(lambda: _publish_or_store(task_name, list(args), dict(kwargs)))


def drain(batch_size: int = DRAIN_BATCH_SIZE) -> tuple[int, int]:
    """Publish stored tasks, oldest first, and delete each one the broker accepted.

    Returns (published, still queued). Rows are claimed with SELECT ... FOR
    UPDATE SKIP LOCKED, so two drains at once never publish the same row. On
    SQLite, which has no row locks, the database's single writer serializes
    them. The drain stops at the first failed publish, because the broker is
    then still down.
    """
    published = 0
    while True:
        with transaction.atomic():
            rows = list(
                QueuedTask.objects.select_for_update(skip_locked=True).order_by("id")[:batch_size]
            )
            if not rows:
                break
            failed = False
            for row in rows:
                try:
                    publish(row.task, row.args, row.kwargs)
                except OperationalError as error:
                    QueuedTask.objects.filter(pk=row.pk).update(
                        attempts=row.attempts + 1,
                        last_error=f"{type(error).__name__}: {error}"[:500],
                    )
                    logger.warning(
                        "Outbox drain: broker still unreachable, queued task %s (%s) kept: %s",
                        row.pk,
                        row.task,
                        error,
                    )
                    failed = True
                    break
                row.delete()
                published += 1
        if failed or len(rows) < batch_size:
            break
    remaining = QueuedTask.objects.count()
    if published or remaining:
        logger.info("Outbox drain: %d tasks published, %d still queued", published, remaining)
    return published, remaining
