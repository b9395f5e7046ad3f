"""Celery tasks of the hub site."""

from __future__ import annotations

from celery import shared_task

from hubsite import outbox


@shared_task
def drain_outbox() -> dict[str, int]:
    """Publish the tasks stored while the broker was unreachable (see hubsite.outbox)."""
    published, remaining = outbox.drain()
    return {"published": published, "remaining": remaining}
