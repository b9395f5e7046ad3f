"""Subscribing with double opt-in, and one-click unsubscribing with signed tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from partners.models import Theme, User
from practices.models import Subscription
from practices.subscriptions import UNSUBSCRIBE_SALT, make_token

pytestmark = pytest.mark.django_db


def form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "Visitor@Example.org",
        "frequency": "weekly",
        "kinds": ["best-practice", "lesson"],
        "language": "fr",
        "themes": [str(Theme.objects.get(number=2).pk)],
        "consent": "on",
    }
    data.update(overrides)
    return data


def confirmation_path(body: str) -> str:
    match = re.search(r"http://[^/]+(/\w\w/digests/confirm/[^/\s]+/)", body)
    assert match is not None, body
    return match.group(1)


def test_visitor_subscription_pending_until_confirmed(
    client: Client,
    reference_data: None,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post("/en/digests/subscribe/", form())

    subscription = Subscription.objects.get()
    assert response.status_code == 302
    assert subscription.status == "pending"
    assert subscription.consent_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Visitor@Example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"

    path = confirmation_path(str(mail.outbox[0].body))
    assert path.startswith("/fr/")
    assert client.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "pending", "a GET alone must not confirm"

    client.post(path)

    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.consent_method == "email-confirmation"
    assert subscription.consent_at is not None


def test_consent_box_required(client: Client, reference_data: None) -> None:
    response = client.post("/en/digests/subscribe/", form(consent=""))

    assert response.status_code == 400
    assert "consent" in response.context["form"].errors
    assert Subscription.objects.count() == 0


def test_confirmation_not_resent_within_hour(
    client: Client,
    reference_data: None,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        client.post("/en/digests/subscribe/", form())
        client.post("/en/digests/subscribe/", form(email="visitor@example.org"))

    assert len(mail.outbox) == 1


def test_signed_in_own_address_active_at_once(
    signed_in: Callable[[User], Client], admin_b: User
) -> None:
    response = signed_in(admin_b).post("/en/digests/subscribe/", form(email=admin_b.email))

    subscription = Subscription.objects.get()
    assert response.status_code == 302
    assert subscription.status == "active"
    assert subscription.user == admin_b
    assert subscription.consent_method == "signed-in"
    assert len(mail.outbox) == 0


def test_signed_in_other_address_needs_confirmation(
    signed_in: Callable[[User], Client], admin_b: User
) -> None:
    signed_in(admin_b).post("/en/digests/subscribe/", form(email="someone.else@example.org"))

    assert Subscription.objects.get().status == "pending"


def test_expired_confirmation_gets_error_page(client: Client, reference_data: None) -> None:
    client.post("/en/digests/subscribe/", form())
    subscription = Subscription.objects.get()
    from practices.subscriptions import CONFIRM_SALT

    token = make_token(subscription, CONFIRM_SALT)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(f"/en/digests/confirm/{token}/")

    subscription.refresh_from_db()
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert subscription.status == "pending"


@pytest.fixture
def two_subscriptions(
    make_subscriber: Callable[..., Subscription], admin_b: User
) -> tuple[Subscription, Subscription]:
    weekly = make_subscriber(email=admin_b.email, user=admin_b, frequency="weekly")
    monthly = make_subscriber(email=admin_b.email, user=admin_b, frequency="monthly")
    return weekly, monthly


def test_unsubscribe_logged_out(
    client: Client, two_subscriptions: tuple[Subscription, Subscription]
) -> None:
    weekly, monthly = two_subscriptions
    token = make_token(weekly, UNSUBSCRIBE_SALT)

    page = client.get(f"/fr/digests/unsubscribe/{token}/")
    weekly.refresh_from_db()
    assert page.status_code == 200
    assert weekly.status == "active", "a GET alone must not unsubscribe"

    done = client.post(f"/fr/digests/unsubscribe/{token}/")

    weekly.refresh_from_db()
    monthly.refresh_from_db()
    assert done.status_code == 200
    assert weekly.status == "unsubscribed"
    assert monthly.status == "active"
    assert "_auth_user_id" not in client.session


def test_unsubscribe_one_click_post_without_csrf(
    two_subscriptions: tuple[Subscription, Subscription],
) -> None:
    weekly, _monthly = two_subscriptions
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/en/digests/unsubscribe/{make_token(weekly, UNSUBSCRIBE_SALT)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    weekly.refresh_from_db()
    assert response.status_code == 200
    assert weekly.status == "unsubscribed"


def test_unsubscribe_signed_in_as_someone_else(
    signed_in: Callable[[User], Client],
    two_subscriptions: tuple[Subscription, Subscription],
    admin_a: User,
    make_subscriber: Callable[..., Subscription],
) -> None:
    weekly, monthly = two_subscriptions
    own = make_subscriber(email=admin_a.email, user=admin_a)
    client = signed_in(admin_a)

    response = client.post(f"/en/digests/unsubscribe/{make_token(weekly, UNSUBSCRIBE_SALT)}/")

    weekly.refresh_from_db()
    monthly.refresh_from_db()
    own.refresh_from_db()
    assert response.status_code == 200
    assert weekly.status == "unsubscribed"
    assert monthly.status == "active"
    assert own.status == "active"
    assert int(client.session["_auth_user_id"]) == admin_a.pk


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "1:" + token.split(":", 1)[1],
        lambda token: token.split(":")[0],
        lambda token: "garbage",
    ],
    ids=["signature", "subscription-id", "truncated", "garbage"],
)
def test_unsubscribe_tampered_token(
    client: Client,
    two_subscriptions: tuple[Subscription, Subscription],
    mangle: Callable[[str], str],
) -> None:
    weekly, monthly = two_subscriptions
    token = mangle(make_token(weekly, UNSUBSCRIBE_SALT))

    response = client.post(f"/en/digests/unsubscribe/{token}/")

    weekly.refresh_from_db()
    monthly.refresh_from_db()
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert weekly.status == "active"
    assert monthly.status == "active"


def test_confirmation_token_cannot_unsubscribe(
    client: Client, two_subscriptions: tuple[Subscription, Subscription]
) -> None:
    from practices.subscriptions import CONFIRM_SALT

    weekly, _monthly = two_subscriptions

    response = client.post(f"/en/digests/unsubscribe/{make_token(weekly, CONFIRM_SALT)}/")

    weekly.refresh_from_db()
    assert response.status_code == 400
    assert weekly.status == "active"


def test_api_lists_only_own_subscriptions(
    signed_in: Callable[[User], Client],
    two_subscriptions: tuple[Subscription, Subscription],
    admin_a: User,
) -> None:
    weekly, _monthly = two_subscriptions
    client = signed_in(admin_a)

    listing = client.get("/api/v1/subscriptions/")
    detail = client.get(f"/api/v1/subscriptions/{weekly.pk}/")
    delete = client.delete(f"/api/v1/subscriptions/{weekly.pk}/")

    weekly.refresh_from_db()
    assert listing.json()["count"] == 0
    assert detail.status_code == 404
    assert delete.status_code == 404
    assert weekly.status == "active"


def test_api_subscribe_and_unsubscribe(signed_in: Callable[[User], Client], admin_b: User) -> None:
    client = signed_in(admin_b)

    created = client.post(
        "/api/v1/subscriptions/",
        {"kinds": ["evidence-gap"], "frequency": "monthly", "themes": []},
        content_type="application/json",
    )
    bad = client.post(
        "/api/v1/subscriptions/",
        {"kinds": ["nonsense"]},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["status"] == "active"
    assert created.json()["email"] == admin_b.email
    assert bad.status_code == 400
    assert "kinds" in bad.json()
    assert client.delete(f"/api/v1/subscriptions/{created.json()['id']}/").status_code == 204
    assert Subscription.objects.get().status == "unsubscribed"


def test_visitor_cannot_use_subscription_api(client: Client, reference_data: None) -> None:
    assert client.get("/api/v1/subscriptions/").status_code == 403
