"""Redis stopped: pages and the API keep serving, and queued tasks wait in the outbox.

The test runs a redis-server of its own on a loopback port (18400-18499),
points the cache and the Celery broker at it, stops it, and starts it again.
It needs no worker, so it also runs on SQLite; it is skipped only where
redis-server is not installed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
import redis
from django.test import Client

from hubsite import outbox
from hubsite.celery import app as celery_app
from hubsite.models import QueuedTask
from hubsite.tasks import drain_outbox
from initiatives.models import Initiative
from partners.models import Organization, Theme, User
from tests.hubsite.fault_support import (  # noqa: F401 (own_redis is a fixture)
    RedisServer,
    own_redis,
    reset_broker_pools,
)

# A request must respond within this many seconds while Redis is down.
MAX_SECONDS = 2.0
REFRESH_TASK = "initiatives.tasks.refresh_similar_work"


@pytest.fixture
def redis_backends(own_redis: RedisServer, settings: Any) -> Iterator[RedisServer]:  # noqa: F811
    """Point the cache and the Celery broker of this process at the test's own Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "hubsite.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    saved = {name: celery_app.conf[name] for name in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=own_redis.url)
    celery_app.conf.task_always_eager = False
    reset_broker_pools()
    try:
        yield own_redis
    finally:
        celery_app.conf.update(saved)
        reset_broker_pools()


def queued_messages(server: RedisServer) -> list[str]:
    """Return the task names of the messages waiting in the broker's default queue."""
    client = redis.Redis.from_url(server.url)
    return [json.loads(raw)["headers"]["task"] for raw in client.lrange("celery", 0, -1)]


def timed(request: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_site_serves_with_redis_stopped(
    redis_backends: RedisServer,
    client: Client,
    editor_a: User,
    admin_a: User,
    organization_a: Organization,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    initiative = Initiative.objects.create(lead_organization=organization_a, title_en="Mentoring")
    initiative.themes.set([Theme.objects.get(number=1)])
    # The first request of a process loads URL patterns and templates. It is
    # made while Redis is up, so the timings below measure the outage alone.
    assert client.get("/en/").status_code == 200
    redis_backends.stop()

    timings: dict[str, float] = {}
    for path in ("/en/", "/fr/", "/en/organizations/", "/en/initiatives/", "/api/v1/initiatives/"):
        response, seconds = timed(partial(client.get, path))
        timings[path] = round(seconds, 3)
        assert response.status_code == 200, path  # type: ignore[attr-defined]
        assert seconds < MAX_SECONDS, path

    client.force_login(editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.post(
                "/en/initiatives/new/",
                {
                    "lead_organization": organization_a.pk,
                    "title_en": "Employment and disability",
                    "kind": "project",
                    "status": "planned",
                    "themes": [Theme.objects.get(number=3).pk],
                },
            )
        )
    timings["POST /en/initiatives/new/"] = round(seconds, 3)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert seconds < MAX_SECONDS

    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.patch(
                f"/api/v1/initiatives/{initiative.pk}/",
                {"title_en": "Mentoring in Manitoba"},
                content_type="application/json",
            )
        )
    timings["PATCH /api/v1/initiatives/"] = round(seconds, 3)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert seconds < MAX_SECONDS
    print("Redis stopped, seconds per request:", timings)

    stored = list(QueuedTask.objects.values_list("task", flat=True))
    assert stored == [REFRESH_TASK, REFRESH_TASK]

    redis_backends.start()
    reset_broker_pools()
    assert drain_outbox() == {"published": 2, "remaining": 0}
    assert outbox.drain() == (0, 0)
    assert queued_messages(redis_backends) == [REFRESH_TASK, REFRESH_TASK]
    assert not QueuedTask.objects.exists()
