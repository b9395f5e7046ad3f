"""hubsite.outbox: publish after commit, store while the broker is unreachable, drain later."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from celery import shared_task

from hubsite import outbox
from hubsite.celery import app as celery_app
from hubsite.models import QueuedTask
from tests.hubsite.fault_support import free_port, reset_broker_pools

calls: list[tuple[int, str]] = []


@shared_task(name="tests.hubsite.record_call")
def record_call(number: int, label: str = "") -> None:
    calls.append((number, label))


@pytest.fixture
def dead_broker() -> Iterator[None]:
    """Point Celery at a loopback port where nothing listens, as when Redis is down."""
    saved = {name: celery_app.conf[name] for name in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=f"redis://127.0.0.1:{free_port()}/0")
    celery_app.conf.task_always_eager = False
    reset_broker_pools()
    yield
    celery_app.conf.update(saved)
    reset_broker_pools()


@pytest.fixture
def eager() -> Iterator[None]:
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.mark.django_db
def test_eager_runs_after_commit(eager: None, django_capture_on_commit_callbacks: Callable) -> None:
    calls.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.enqueue(record_call, 7, label="seven")
    assert calls == []

    for callback in callbacks:
        callback()

    assert calls == [(7, "seven")]
    assert not QueuedTask.objects.exists()


@pytest.mark.django_db
def test_dead_broker_stores_task(
    dead_broker: None, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(record_call, 3, label="three")

    row = QueuedTask.objects.get()
    assert row.task == "tests.hubsite.record_call"
    assert row.args == [3]
    assert row.kwargs == {"label": "three"}
    assert row.last_error


@pytest.mark.django_db
def test_rollback_queues_nothing(
    dead_broker: None, django_capture_on_commit_callbacks: Callable
) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                outbox.enqueue(record_call, 4)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not QueuedTask.objects.exists()


@pytest.mark.django_db
def test_drain_keeps_rows_while_down(dead_broker: None) -> None:
    QueuedTask.objects.create(task="tests.hubsite.record_call", args=[1])
    QueuedTask.objects.create(task="tests.hubsite.record_call", args=[2])

    assert outbox.drain() == (0, 2)

    attempts = list(QueuedTask.objects.values_list("attempts", flat=True))
    assert attempts == [1, 0]
