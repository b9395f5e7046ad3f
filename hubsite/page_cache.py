"""Cache of whole rendered public pages for anonymous visitors.

Rendering the directory costs tens of milliseconds of template work per
request, almost all of it the same for every anonymous visitor. PageCacheMiddleware
stores the view's response for an allow-list of public pages and serves it
again to anonymous visitors, keyed by scheme, host, language and full path
with its query string.

A page is served from the cache or stored only when the visitor sends neither
a session cookie nor a messages cookie, so the page cannot depend on an
account or carry a message. A response is stored only when it is a 200, is
not streamed, sets no cookie, and its rendering used neither the CSRF token,
the session, the messages, nor the Content-Security-Policy nonce, because each
of those belongs to one response.

The middleware sits last in MIDDLEWARE, right around the view, so every other
middleware still runs on a hit and adds its per-response headers (X-Request-ID,
Content-Security-Policy, security headers, Content-Language) as usual.

Invalidation: every save, delete and many-to-many change of a model of the
hub's apps increments a generation counter in the cache once the transaction
commits, and a stored page is served only while its generation is current.
Every page also expires after HUB_PAGE_CACHE_SECONDS.
NOTE: QuerySet.update(), bulk_create() and raw SQL send no signals, so pages
changed that way stay stale until they expire.

While the cache is unreachable, hubsite.cache.ResilientRedisCache returns
misses, so pages render as they would without this middleware.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "hub:pagecache:generation"
ENTRY_KEY_PREFIX = "hub:pagecache:page:"
STATUS_HEADER = "X-Hub-Page-Cache"

# Namespaced URL names of the public pages that may be cached.
CACHEABLE_URL_NAMES = frozenset(
    {
        "home",
        "partners:organization-list",
        "partners:organization-detail",
        "partners:partnership-list",
        "initiatives:initiative-list",
        "initiatives:initiative-detail",
        "practices:practice-list",
    }
)

# Apps whose models feed the cached pages. A change to any of their models
# invalidates every cached page.
INVALIDATING_APPS = frozenset({"partners", "initiatives", "governance", "metrics", "practices"})

# Headers that belong to one response and are never stored. The outer
# middleware sets X-Request-ID again on every response.
PER_RESPONSE_HEADERS = frozenset({"set-cookie", "x-request-id", STATUS_HEADER.lower()})

_ELIGIBLE_ATTRIBUTE = "_hub_page_cache"


def cache_seconds() -> int:
    """Return HUB_PAGE_CACHE_SECONDS, read on each call so tests can override it."""
    return int(getattr(settings, "HUB_PAGE_CACHE_SECONDS", 0))


def is_anonymous_visitor(request: HttpRequest) -> bool:
    """Tell whether the request carries no session and no messages cookie."""
    message_cookie = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and message_cookie not in request.COOKIES
    )


def entry_key(request: HttpRequest, language: str) -> str:
    """Build the cache key of a page: scheme, host, language and full path with query string."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{ENTRY_KEY_PREFIX}{language}:{digest}"


def response_is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Tell whether a response is the same for every anonymous visitor and may be stored."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not isinstance(response, HttpResponse):
        return False
    # django.middleware.csrf.get_token() sets this flag whenever a page reads
    # the CSRF token (Django 5.2). CsrfViewMiddleware clears it only later, on
    # the way out, because it sits outside this middleware.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.added_new or messages.used):
        return False
    # django-csp 4 stores the nonce on the request once a template reads
    # request.csp_nonce, and the page's script tags then carry that nonce.
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    return b" nonce=" not in response.content


def bump_generation() -> None:
    """Increment the generation counter, which makes every stored page stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # The counter is missing (first change, or evicted) or the cache is
        # unreachable. add() does nothing if another process created it meanwhile.
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:
                logger.warning(
                    "Page cache generation not incremented because the cache is unreachable, "
                    "so cached pages may stay stale for up to %d seconds",
                    cache_seconds(),
                )


def invalidate_on_change(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Schedule a generation bump when a model of the hub's apps changes."""
    if sender._meta.app_label not in INVALIDATING_APPS or cache_seconds() <= 0:
        return
    action = kwargs.get("action")
    if action is not None and action not in {"post_add", "post_remove", "post_clear"}:
        return
    # After commit, so that no request can render the old rows again and
    # store them under the new generation. Outside a transaction it runs now.
    transaction.on_commit(bump_generation, using=using)


post_save.connect(invalidate_on_change, dispatch_uid="hub_page_cache_post_save")
post_delete.connect(invalidate_on_change, dispatch_uid="hub_page_cache_post_delete")
m2m_changed.connect(invalidate_on_change, dispatch_uid="hub_page_cache_m2m_changed")


class PageCacheMiddleware:
    """Serve stored public pages to anonymous visitors, and store the pages they get.

    While the cache is on, each response to an anonymous visitor of an
    allow-listed page gets an X-Hub-Page-Cache header of "hit" or "miss".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        state = getattr(request, _ELIGIBLE_ATTRIBUTE, None)
        if state is None or state.get("hit"):
            return response
        response[STATUS_HEADER] = "miss"
        if request.method == "GET" and response_is_storable(request, response):
            self._store(request, response, state)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        seconds = cache_seconds()
        match = request.resolver_match
        if (
            seconds <= 0
            or request.method not in {"GET", "HEAD"}
            or match is None
            or match.view_name not in CACHEABLE_URL_NAMES
            or not is_anonymous_visitor(request)
        ):
            return None

        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        key = entry_key(request, language)
        # One round trip reads the generation and the page. The generation is
        # read before the view runs, so a change committed while it renders
        # leaves the stored page already stale.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        state: dict[str, Any] = {"key": key, "generation": generation, "seconds": seconds}
        setattr(request, _ELIGIBLE_ATTRIBUTE, state)

        entry = found.get(key)
        if not isinstance(entry, dict) or entry.get("generation") != generation:
            return None
        state["hit"] = True
        return self._rebuild(entry)

    @staticmethod
    def _store(request: HttpRequest, response: HttpResponseBase, state: dict[str, Any]) -> None:
        assert isinstance(response, HttpResponse)
        session = getattr(request, "session", None)
        entry = {
            "generation": state["generation"],
            "status": response.status_code,
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in PER_RESPONSE_HEADERS
            ],
            # SessionMiddleware adds "Vary: Cookie" when the page read the
            # session (the base template checks whether the visitor is signed in).
            # A hit reads no session, so the header is added back from here.
            "vary_cookie": bool(session is not None and session.accessed),
        }
        cache.set(state["key"], entry, timeout=state["seconds"])

    @staticmethod
    def _rebuild(entry: dict[str, Any]) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        if entry.get("vary_cookie"):
            patch_vary_headers(response, ["Cookie"])
        response[STATUS_HEADER] = "hit"
        return response
