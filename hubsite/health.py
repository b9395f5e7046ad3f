"""Health endpoints for docker-compose health checks and load balancers.

/healthz returns 200 while the process can serve requests and touches
nothing else. /readyz also checks that PostgreSQL (or SQLite) runs a query
and, when REDIS_URL is set, that Redis replies to a ping. It returns 503 with the
failing checks named, so a load balancer stops sending requests to a web
process that cannot serve them.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds that /readyz waits for Redis before it reports the check as failed.
REDIS_TIMEOUT = 2.0


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database() -> str | None:
    """Run SELECT 1 and return the error message, or None when it works."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return str(error).strip() or error.__class__.__name__
    return None


def check_redis() -> str | None:
    """Ping REDIS_URL and return the error message, or None when Redis replies."""
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return str(error).strip() or error.__class__.__name__
    finally:
        client.close()
    return None


@never_cache
@require_safe
@transaction.non_atomic_requests
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database()}
    if settings.REDIS_URL:
        checks["redis"] = check_redis()
    failing = {name: error for name, error in checks.items() if error is not None}
    for name, error in failing.items():
        logger.warning("Readiness check %s failed: %s", name, error)
    body: dict[str, object] = {
        "status": "unavailable" if failing else "ok",
        "checks": {name: ("failed" if error else "ok") for name, error in checks.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    return JsonResponse(body, status=503 if failing else 200)
