"""Cache of whole public pages for anonymous visitors (hubsite.page_cache)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from hubsite import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

DIRECTORY = "/en/organizations/"
STATUS = page_cache.STATUS_HEADER


@pytest.fixture(autouse=True)
def page_cache_on():
    """Turn the page cache on; each test's own cache key prefix keeps its pages apart."""
    with override_settings(HUB_PAGE_CACHE_SECONDS=60):
        yield


@pytest.fixture
def listed(make_organization):
    return make_organization(name="Alder Employment Network")


def test_second_request_is_hit(client, listed, django_assert_max_num_queries):
    first = client.get(DIRECTORY)
    with django_assert_max_num_queries(2):
        second = client.get(DIRECTORY)

    assert first.status_code == 200
    assert first[STATUS] == "miss"
    assert second.status_code == 200
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert b"Alder Employment Network" in second.content


def test_miss_queries_more_than_hit(client, listed):
    with CaptureQueriesContext(connection) as miss_queries:
        client.get(DIRECTORY)
    with CaptureQueriesContext(connection) as hit_queries:
        client.get(DIRECTORY)

    assert len(hit_queries) < len(miss_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/organizations/",
        "/en/partnerships/",
        "/en/initiatives/",
        "/en/practices/",
    ],
)
def test_public_pages_cached(client, listed, url):
    first = client.get(url)
    second = client.get(url)

    assert first[STATUS] == "miss"
    assert second[STATUS] == "hit"
    assert second.content == first.content


def test_organization_detail_cached(client, listed):
    url = f"/en/organizations/{listed.slug}/"
    first = client.get(url)
    second = client.get(url)

    assert first.status_code == 200
    assert second[STATUS] == "hit"
    assert second.content == first.content


def test_hit_keeps_page_headers(client, listed):
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY)

    assert second[STATUS] == "hit"
    for header in (
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Vary",
    ):
        assert second[header] == first[header], header


def test_request_id_differs_per_request(client, listed):
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY)
    third = client.get(DIRECTORY, headers={"X-Request-ID": "b" * 32})

    assert second[STATUS] == "hit"
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert third[STATUS] == "hit"
    assert third["X-Request-ID"] == "b" * 32


def test_signed_in_never_served_cached_page(client, listed, admin_a, signed_in):
    client.get(DIRECTORY)
    assert client.get(DIRECTORY)[STATUS] == "hit"

    response = signed_in(admin_a).get(DIRECTORY)

    assert response.status_code == 200
    assert STATUS not in response
    assert b"Sign out" in response.content


def test_signed_in_never_stores_page(client, listed, admin_a):
    member = Client()
    member.force_login(admin_a)
    member.get(DIRECTORY)
    member.get(DIRECTORY)

    anonymous = client.get(DIRECTORY)

    assert anonymous[STATUS] == "miss"
    assert b"Sign out" not in anonymous.content


def test_session_cookie_bypasses_cache(client, listed):
    client.get(DIRECTORY)
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert STATUS not in response


def test_messages_cookie_bypasses_cache(client, listed):
    client.get(DIRECTORY)
    client.cookies["messages"] = "anything"

    response = client.get(DIRECTORY)

    assert STATUS not in response


def test_saved_organization_invalidates(client, listed, django_capture_on_commit_callbacks):
    client.get(DIRECTORY)
    assert client.get(DIRECTORY)[STATUS] == "hit"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        listed.name = "Birch Inclusion Works"
        listed.save()
    response = client.get(DIRECTORY)

    assert callbacks
    assert response[STATUS] == "miss"
    assert b"Birch Inclusion Works" in response.content
    assert b"Alder Employment Network" not in response.content


def test_deleted_organization_invalidates(
    client, listed, make_organization, django_capture_on_commit_callbacks
):
    other = make_organization(name="Cedar Career Centre")
    client.get(DIRECTORY)

    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    response = client.get(DIRECTORY)

    assert response[STATUS] == "miss"
    assert b"Cedar Career Centre" not in response.content


def test_uncommitted_change_does_not_invalidate(client, listed):
    """The test's transaction never commits, so the generation stays the same."""
    client.get(DIRECTORY)
    listed.name = "Birch Inclusion Works"
    listed.save()

    assert client.get(DIRECTORY)[STATUS] == "hit"


def test_languages_cached_separately(client, listed):
    english = client.get("/en/organizations/")
    french = client.get("/fr/organizations/")
    french_again = client.get("/fr/organizations/")
    english_again = client.get("/en/organizations/")

    assert english[STATUS] == "miss"
    assert french[STATUS] == "miss"
    assert french_again[STATUS] == "hit"
    assert english_again[STATUS] == "hit"
    assert b'<html lang="fr">' in french_again.content
    assert b'<html lang="en">' in english_again.content
    assert french_again["Content-Language"] == "fr"


def test_query_strings_cached_separately(client, listed, make_organization):
    make_organization(name="Zephyr Supported Work")
    everything = client.get(DIRECTORY)
    searched = client.get(DIRECTORY, {"search": "Zephyr"})
    searched_again = client.get(DIRECTORY, {"search": "Zephyr"})

    assert everything[STATUS] == "miss"
    assert searched[STATUS] == "miss"
    assert searched_again[STATUS] == "hit"
    assert b"Alder Employment Network" in everything.content
    assert b"Alder Employment Network" not in searched_again.content
    assert b"Zephyr Supported Work" in searched_again.content


def test_non_200_not_stored(client, listed):
    first = client.get(DIRECTORY, {"kind": "nonexistent"})
    second = client.get(DIRECTORY, {"kind": "nonexistent"})
    missing = client.get("/en/organizations/no-such-organization/")
    missing_again = client.get("/en/organizations/no-such-organization/")

    assert first.status_code == 400
    assert second.status_code == 400
    assert second[STATUS] == "miss"
    assert missing.status_code == 404
    assert missing_again.status_code == 404
    assert missing_again[STATUS] == "miss"


def test_page_with_csrf_token_not_stored(client, monkeypatch):
    """The sign-in page renders a CSRF token, so it stays uncached even when allowed."""
    monkeypatch.setattr(
        page_cache,
        "CACHEABLE_URL_NAMES",
        page_cache.CACHEABLE_URL_NAMES | {"account_login"},
    )
    first = client.get("/en/accounts/login/")
    second = client.get("/en/accounts/login/")

    assert first.status_code == 200
    assert b"csrfmiddlewaretoken" in first.content
    assert second[STATUS] == "miss"
    assert b"csrfmiddlewaretoken" in second.content


def test_unlisted_page_not_cached(client):
    first = client.get("/en/help/")
    second = client.get("/en/help/")

    assert second.status_code == 200
    assert STATUS not in first
    assert STATUS not in second


def test_post_not_cached(client, listed):
    client.get(DIRECTORY)

    response = client.post(DIRECTORY)

    assert STATUS not in response


def test_head_served_from_cache(client, listed):
    client.get(DIRECTORY)

    response = client.head(DIRECTORY)

    assert response.status_code == 200
    assert response[STATUS] == "hit"


def test_setting_zero_turns_cache_off(client, listed):
    with override_settings(HUB_PAGE_CACHE_SECONDS=0):
        client.get(DIRECTORY)
        response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert STATUS not in response


def test_page_with_nonce_not_storable():
    request = RequestFactory().get(DIRECTORY)
    response = HttpResponse(b'<script nonce="abc" src="/static/x.js"></script>')

    assert not page_cache.response_is_storable(request, response)


def test_request_with_csp_nonce_not_storable():
    request = RequestFactory().get(DIRECTORY)
    request._csp_nonce = "abc"  # type: ignore[attr-defined]

    assert not page_cache.response_is_storable(request, HttpResponse(b"<p>page</p>"))


def test_modified_session_not_storable():
    request = RequestFactory().get(DIRECTORY)
    request.session = SessionStore()
    request.session["seen"] = True

    assert not page_cache.response_is_storable(request, HttpResponse(b"<p>page</p>"))


def test_added_message_not_storable():
    request = RequestFactory().get(DIRECTORY)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    messages.info(request, "Saved.")

    assert not page_cache.response_is_storable(request, HttpResponse(b"<p>page</p>"))


def test_response_with_cookie_not_storable():
    request = RequestFactory().get(DIRECTORY)
    response = HttpResponse(b"<p>page</p>")
    response.set_cookie("django_language", "fr")

    assert not page_cache.response_is_storable(request, response)


def test_plain_response_storable():
    request = RequestFactory().get(DIRECTORY)

    assert page_cache.response_is_storable(request, HttpResponse(b"<p>page</p>"))


def test_unreachable_redis_still_renders(client, listed):
    """Nothing listens on this loopback port, so every cache call fails to connect."""
    unreachable = {
        "default": {
            "BACKEND": "hubsite.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:18799/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        first = client.get(DIRECTORY)
        second = client.get(DIRECTORY)

    assert first.status_code == 200
    assert second.status_code == 200
    assert second[STATUS] == "miss"
    assert b"Alder Employment Network" in second.content


def test_unreachable_redis_change_still_saves(listed, django_capture_on_commit_callbacks):
    unreachable = {
        "default": {
            "BACKEND": "hubsite.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:18799/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with (
        override_settings(CACHES=unreachable),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        listed.name = "Birch Inclusion Works"
        listed.save()

    listed.refresh_from_db()
    assert callbacks
    assert listed.name == "Birch Inclusion Works"
