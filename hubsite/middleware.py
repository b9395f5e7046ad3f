"""Middleware for production: request ids, Permissions-Policy and the database outage page."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

from hubsite.logging import make_request_id, request_id_var

logger = logging.getLogger(__name__)

# Exceptions that mean the database is unreachable rather than a bug: the
# server is down, restarting, or dropped the connection.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Give each request an id, for its log records and its X-Request-ID response header.

    A safe X-Request-ID from the client or proxy is kept, so one id follows a
    request through the load balancer's logs and the hub's.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = make_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # The id stays set after this returns, because Django logs 4xx and 5xx
        # responses after the middleware. hubsite.logging clears it when the
        # request finishes.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from HUB_PERMISSIONS_POLICY."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.HUB_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def outage_response(request: HttpRequest) -> HttpResponse:
    """Return the 503 response shown while the database is unreachable.

    It renders without a request context, because the context processors
    (user, messages, demo notice) would query the database again.
    """
    # Pages take the language of their URL prefix. API paths have none, so
    # they keep the one LocaleMiddleware chose from Accept-Language.
    language = (
        translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("The service is temporarily unavailable. Please try again shortly.")},
                status=503,
            )
        else:
            html = render_to_string("503.html", {"LANGUAGE_CODE": language})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.HUB_OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Return 503 instead of 500 when a view fails because the database is unreachable.

    Errors raised inside other middleware reach `server_error` below instead,
    through the root URLconf's handler500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return None
        logger.error(
            "Database unreachable during %s %s: %s", request.method, request.path, exception
        )
        return outage_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page, or the 503 page when the error is a database outage.

    Django calls handler500 inside its `except` block, so `sys.exc_info()`
    still holds the exception.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_OUTAGE_ERRORS):
        return outage_response(request)
    return default_server_error(request)
