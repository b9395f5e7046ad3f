"""Rate limits of the hub's own forms and API endpoints, and their HTTP 429 responses.

Sign-in, sign-up and password reset are limited by django-allauth
(ACCOUNT_RATE_LIMITS). The limits here cover invitations and digest
subscriptions, counted with django-ratelimit in the default cache, with rates
from settings.HUB_RATE_LIMITS so that tests and deployments can change them.
"""

from __future__ import annotations

import logging
import math
from typing import Any, NoReturn

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage
from drf_spectacular.utils import OpenApiResponse
from redis.exceptions import RedisError
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.request import Request

logger = logging.getLogger(__name__)

INVITATIONS = "hub.invitations"
SUBSCRIPTIONS = "hub.subscriptions"


class TooManyRequestsSerializer(serializers.Serializer[Any]):
    """The body of a 429 response. The Retry-After header gives the seconds to wait."""

    detail = serializers.CharField(help_text="What failed and when to try again.")


TOO_MANY_REQUESTS = OpenApiResponse(
    TooManyRequestsSerializer,
    description="Too many requests in a period; wait the seconds in the Retry-After header.",
)


def _rate(name: str) -> str:
    return str(settings.HUB_RATE_LIMITS[name])


def _constant_key(value: str) -> Any:
    return lambda group, request: value


def _client_address(group: str, request: HttpRequest) -> str:
    # django-ratelimit's own "ip" key raises KeyError when a server (or a test
    # client) leaves REMOTE_ADDR out; such requests share one count instead.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def count_attempt(
    request: HttpRequest | Request, group: str, rate_name: str, key: str
) -> int | None:
    """Count one attempt against a limit; return the seconds to wait when it is exceeded.

    `key` is what the attempt counts against: "ip", "user", or any other
    string, such as a lowercased email address. Returns None while the limit
    holds, and when the cache cannot count (django-ratelimit's fail-open mode).
    """
    if key == "ip":
        counted_key: Any = _client_address
    elif key == "user":
        counted_key = key
    else:
        counted_key = _constant_key(key)
    try:
        usage = get_usage(
            request, group=group, key=counted_key, rate=_rate(rate_name), increment=True
        )
    except (RedisError, OSError) as error:
        logger.warning("Rate limit %s not counted, the cache failed: %s", group, error)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    logger.info("Rate limit %s (%s) exceeded", group, rate_name)
    return max(1, int(usage["time_left"]))


def count_invitation(request: HttpRequest | Request) -> int | None:
    """Count an invitation sent by the signed-in person (member or partnership invitation)."""
    return count_attempt(request, INVITATIONS, "invitation_per_user", "user")


def count_subscription(request: HttpRequest | Request, email: str | None) -> int | None:
    """Count a subscription request per client address, then per email address if given."""
    wait = count_attempt(request, SUBSCRIPTIONS, "subscription_per_ip", "ip")
    if wait is not None or not email:
        return wait
    return count_attempt(request, SUBSCRIPTIONS + ".email", "subscription_per_email", email.lower())


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def too_many_requests_page(request: HttpRequest, retry_after: int) -> HttpResponse:
    """Render the 429 page with the minutes to wait and a Retry-After header."""
    minutes = _minutes(retry_after)
    retry_message = ngettext(
        "Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", minutes
    ) % {"minutes": minutes}
    response = render(request, "429.html", {"retry_message": retry_message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def raise_throttled(retry_after: int) -> NoReturn:
    """Raise DRF's Throttled, which returns 429 with {"detail": ...} and Retry-After."""
    minutes = _minutes(retry_after)
    detail = ngettext(
        "Too many requests. Try again in %(minutes)s minute.",
        "Too many requests. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    error = Throttled(detail=detail)
    # Set after construction, because Throttled(wait=...) appends an English
    # "Expected available in N seconds." to the detail.
    error.wait = retry_after  # type: ignore[attr-defined]
    raise error
