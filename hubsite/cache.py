"""A Redis cache that keeps the site serving while Redis is unreachable.

Django's RedisCache raises redis.ConnectionError or redis.TimeoutError on
every call while the server is down, so each page that reads the cache
(rate limits, metrics results) would fail with a 500 response. This subclass
treats those errors as a miss: reads return the default, writes do nothing, and `incr`
raises ValueError as Django does for a missing key. django-ratelimit then
applies RATELIMIT_FAIL_OPEN, and metrics compute their results again.

A warning is logged at most once per WARNING_INTERVAL seconds per process,
with the number of calls that failed since the last warning.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

WARNING_INTERVAL = 60.0  # seconds
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

Result = TypeVar("Result")


class _FailureLog:
    """Counter of cache failures that logs one warning per interval, to keep outages quiet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures = 0
        self._last_warning = float("-inf")

    def record(self, operation: str, error: Exception) -> None:
        with self._lock:
            self._failures += 1
            now = time.monotonic()
            if now - self._last_warning < WARNING_INTERVAL:
                return
            failures, self._failures = self._failures, 0
            self._last_warning = now
        logger.warning(
            "Redis cache unavailable, serving without it (%s failed: %s: %s); "
            "%d cache calls failed since the last warning",
            operation,
            type(error).__name__,
            error,
            failures,
        )


_failures = _FailureLog()


def _call(operation: str, fallback: Result, function: Callable[[], Result]) -> Result:
    try:
        return function()
    except UNAVAILABLE as error:
        _failures.record(operation, error)
        return fallback


class ResilientRedisCache(RedisCache):
    """RedisCache that returns a miss, and skips writes, while Redis is unreachable."""

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return _call(
            "add", False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version)
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return _call(
            "get", default, lambda: super(ResilientRedisCache, self).get(key, default, version)
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        _call(
            "set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version)
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return _call(
            "touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return _call("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return _call(
            "get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version)
        )

    def has_key(self, key: Any, version: Any = None) -> bool:
        return _call(
            "has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version)
        )

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            _failures.record("incr", error)
            # The same error Django raises for a missing key, which callers already handle.
            raise ValueError(
                f"Key {key!r} is unavailable: the Redis cache is unreachable."
            ) from error

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return _call(
            "set_many",
            list(data),
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        _call(
            "delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version)
        )

    def clear(self) -> None:
        _call("clear", None, lambda: super(ResilientRedisCache, self).clear())
