"""Models of the hub site itself, shared by every app."""

from __future__ import annotations

from django.db import models


class QueuedTask(models.Model):
    """A Celery task that could not be published because the broker was unreachable.

    hubsite.tasks.drain_outbox publishes it again and deletes the row once
    the broker accepts it.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "queued task"
        verbose_name_plural = "queued tasks"

    def __str__(self) -> str:
        return f"{self.task} (queued task {self.pk})"
