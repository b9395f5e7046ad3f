"""The API token page: create once-shown keys, replace and revoke them, only for oneself."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partners import services
from partners.models import User
from tests.partners.test_accounts import reauthenticate, url


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(url("partners:api-token"))

    assert response.status_code == 302
    assert url("account_login") in response["Location"]


@pytest.mark.django_db
def test_page_without_token(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).get(url("partners:api-token"))

    assert response.status_code == 200
    assert "You have no token." in response.content.decode()
    assert not Token.objects.exists()


@pytest.mark.django_db
def test_creating_asks_password_first(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).post(url("partners:api-token"), {"action": "create"})

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_reauthenticate"))
    assert not Token.objects.exists()


@pytest.mark.django_db
def test_new_key_shown_once_and_works(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.post(url("partners:api-token"), {"action": "create"})

    token = Token.objects.get(user=member_a)
    assert token.key in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    later = client.get(url("partners:api-token")).content.decode()
    assert token.key not in later
    assert "You have a token" in later
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["email"] == member_a.email


@pytest.mark.django_db
def test_replacing_revokes_the_old_key(signed_in: Callable[[User], Client], member_a: User) -> None:
    old = services.issue_api_token(member_a).key
    client = signed_in(member_a)
    reauthenticate(client)

    client.post(url("partners:api-token"), {"action": "create"})

    assert Token.objects.filter(user=member_a).count() == 1
    assert Token.objects.get(user=member_a).key != old
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/me/").status_code in (401, 403)


@pytest.mark.django_db
def test_revoking_touches_only_own_token(
    signed_in: Callable[[User], Client], member_a: User, admin_b: User
) -> None:
    services.issue_api_token(member_a)
    other = services.issue_api_token(admin_b).key
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.post(url("partners:api-token"), {"action": "revoke"}, follow=True)

    assert "Your API token is revoked." in response.content.decode()
    assert not Token.objects.filter(user=member_a).exists()
    assert Token.objects.get(user=admin_b).key == other


@pytest.mark.django_db
def test_unknown_action_changes_nothing(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    key = services.issue_api_token(member_a).key
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.post(url("partners:api-token"), {"action": "<script>"})

    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert Token.objects.get(user=member_a).key == key


@pytest.mark.django_db
def test_page_in_french(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).get(url("partners:api-token", language="fr"))

    assert "Vous n’avez pas de jeton." in response.content.decode()
