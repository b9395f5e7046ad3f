"""Rate limits: sign-in, sign-up and password reset (allauth), invitations and subscriptions.

Each test lowers a limit through settings, passes it, and checks the 429
response: a bilingual page for forms, a JSON body with Retry-After for the API.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from redis.exceptions import ConnectionError as RedisConnectionError

from partners.models import Invitation, Organization, PartnershipMember, Theme, User
from practices.models import Subscription
from tests.partners.partnership_support import Network

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def lower_limit(settings: Any, name: str, rate: str) -> None:
    settings.HUB_RATE_LIMITS = {**settings.HUB_RATE_LIMITS, name: rate}


def assert_friendly_429_page(response: Any, language: str) -> str:
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    heading = "Too many attempts" if language == "en" else "Trop de tentatives"
    assert heading in html
    return html


# ---------------------------------------------------------------------------
# allauth: sign-in, sign-up, password reset
# ---------------------------------------------------------------------------

ALLAUTH_FORMS = [
    ("login", "account_login", {"login": "nobody@example.org", "password": "wrong"}),
    ("signup", "account_signup", {"email": "not-an-address"}),
    # allauth counts a reset request only for a known address.
    ("reset_password", "account_reset_password", {"email": "member.a@example.org"}),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("action", "url_name", "data"), ALLAUTH_FORMS)
def test_allauth_limit_page(
    client: Client,
    settings: Any,
    member_a: User,
    action: str,
    url_name: str,
    data: dict[str, str],
    language: str,
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, action: "2/m/ip"}
    for _ in range(2):
        assert client.post(url(url_name, language), data).status_code != 429

    response = client.post(url(url_name, language), data)

    html = assert_friendly_429_page(response, language)
    assert settings.HUB_CONTACT_EMAIL in html


def test_password_reset_limit_per_address(
    client: Client, settings: Any, member_a: User, editor_a: User
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "100/m/ip,2/m/key",
    }
    for _ in range(2):
        client.post(url("account_reset_password"), {"email": member_a.email})

    response = client.post(url("account_reset_password"), {"email": member_a.email})
    other = client.post(url("account_reset_password"), {"email": editor_a.email})

    assert response.status_code == 429
    assert other.status_code == 302
    assert len(mail.outbox) == 3


# ---------------------------------------------------------------------------
# Invitations to an organization
# ---------------------------------------------------------------------------


def invite_page(client: Client, organization: Organization, number: int, language: str = "en"):
    return client.post(
        url("partners:member-invite", language, slug=organization.slug),
        {"invite-email": f"person{number}@example.org", "invite-role": "viewer"},
    )


def invite_api(client: Client, organization: Organization, number: int):
    return client.post(
        f"/api/v1/organizations/{organization.slug}/invitations/",
        {"email": f"api{number}@example.org", "role": "viewer"},
        content_type="application/json",
    )


def test_invitation_page_limit(
    client: Client, settings: Any, organization_a: Organization, admin_a: User
) -> None:
    lower_limit(settings, "invitation_per_user", "2/h")
    client.force_login(admin_a)
    for number in range(2):
        assert invite_page(client, organization_a, number).status_code == 302

    response = invite_page(client, organization_a, 3)

    html = assert_friendly_429_page(response, "en")
    assert "Try again in" in html
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Invitation.objects.filter(organization=organization_a).count() == 2


def test_invitation_page_limit_in_french(
    client: Client, settings: Any, organization_a: Organization, admin_a: User
) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(admin_a)
    invite_page(client, organization_a, 1, "fr")

    response = invite_page(client, organization_a, 2, "fr")

    assert_friendly_429_page(response, "fr")


def test_invitation_api_limit(
    client: Client, settings: Any, organization_a: Organization, admin_a: User
) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(admin_a)
    assert invite_api(client, organization_a, 1).status_code == 201

    response = invite_api(client, organization_a, 2)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "Try again in" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Invitation.objects.filter(organization=organization_a).count() == 1


def test_invitation_limit_shared_by_page_and_api(
    client: Client, settings: Any, organization_a: Organization, admin_a: User
) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(admin_a)
    assert invite_page(client, organization_a, 1).status_code == 302

    assert invite_api(client, organization_a, 2).status_code == 429


def test_invitation_limit_per_person(
    client: Client,
    settings: Any,
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(admin_a)
    invite_page(client, organization_a, 1)
    assert invite_page(client, organization_a, 2).status_code == 429

    client.force_login(admin_b)

    assert invite_page(client, organization_b, 3).status_code == 302


def test_invitation_forbidden_before_counting(
    client: Client, settings: Any, organization_a: Organization, member_a: User
) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(member_a)

    responses = [invite_page(client, organization_a, number) for number in range(3)]

    assert [response.status_code for response in responses] == [403, 403, 403]


# ---------------------------------------------------------------------------
# Invitations to a partnership
# ---------------------------------------------------------------------------


def test_partnership_invitation_page_limit(client: Client, settings: Any, network: Network) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(network.admin_a)
    page = f"/en/partnerships/{network.partnership.slug}/members/invite/"
    first = client.post(page, {"organization": network.organization_b.slug, "role": "co-lead"})

    response = client.post(page, {"organization": network.organization_c.slug, "role": "co-lead"})

    assert first.status_code == 302
    assert_friendly_429_page(response, "en")
    assert not PartnershipMember.objects.filter(organization=network.organization_c).exists()


def test_partnership_invitation_api_limit(client: Client, settings: Any, network: Network) -> None:
    lower_limit(settings, "invitation_per_user", "1/h")
    client.force_login(network.admin_a)
    endpoint = f"/api/v1/partnerships/{network.partnership.slug}/members/"
    first = client.post(
        endpoint,
        {"organization": network.organization_b.slug, "role": "co-lead"},
        content_type="application/json",
    )

    response = client.post(
        endpoint,
        {"organization": network.organization_c.slug, "role": "co-lead"},
        content_type="application/json",
    )

    assert first.status_code == 201, first.content
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0
    assert not PartnershipMember.objects.filter(organization=network.organization_c).exists()


# ---------------------------------------------------------------------------
# Digest subscriptions
# ---------------------------------------------------------------------------


def subscription_form(email: str) -> dict[str, object]:
    return {
        "email": email,
        "frequency": "weekly",
        "kinds": ["best-practice"],
        "language": "en",
        "themes": [str(Theme.objects.get(number=2).pk)],
        "consent": "on",
    }


def subscribe(client: Client, email: str, language: str = "en"):
    return client.post(url("practices:subscribe", language), subscription_form(email))


def test_subscription_limit_per_address(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_email", "2/h")
    for _ in range(2):
        assert subscribe(client, "visitor@example.org").status_code == 302

    repeated = subscribe(client, "Visitor@Example.org")
    other = subscribe(client, "other@example.org")

    html = assert_friendly_429_page(repeated, "en")
    assert "Try again in" in html
    assert int(repeated["Retry-After"]) > 0
    assert other.status_code == 302


def test_subscription_limit_per_client_address(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_ip", "3/h")
    for number in range(3):
        assert subscribe(client, f"person{number}@example.org").status_code == 302

    response = subscribe(client, "new.person@example.org")

    assert response.status_code == 429
    assert not Subscription.objects.filter(email="new.person@example.org").exists()


def test_subscription_limit_page_in_french(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_email", "1/h")
    subscribe(client, "visitor@example.org", "fr")

    response = subscribe(client, "visitor@example.org", "fr")

    assert_friendly_429_page(response, "fr")


def test_subscription_invalid_form_not_counted(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_ip", "1/h")
    for _ in range(3):
        assert client.post(url("practices:subscribe"), {"email": "bad"}).status_code == 400

    assert subscribe(client, "visitor@example.org").status_code == 302


def test_subscription_api_limit(client: Client, settings: Any, admin_b: User) -> None:
    lower_limit(settings, "subscription_per_email", "1/h")
    client.force_login(admin_b)
    body = {"kinds": ["evidence-gap"], "frequency": "monthly", "themes": []}
    first = client.post("/api/v1/subscriptions/", body, content_type="application/json")

    response = client.post("/api/v1/subscriptions/", body, content_type="application/json")

    assert first.status_code == 201
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0


def test_limits_let_requests_through_when_cache_fails(
    client: Client, settings: Any, reference_data: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_get_usage(*args: Any, **kwargs: Any) -> None:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr("hubsite.ratelimits.get_usage", failing_get_usage)
    lower_limit(settings, "subscription_per_email", "1/h")

    responses = [subscribe(client, "visitor@example.org") for _ in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 302]


def test_counts_start_at_zero_in_each_test_one(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_ip", "1/h")
    assert subscribe(client, "first@example.org").status_code == 302


def test_counts_start_at_zero_in_each_test_two(
    client: Client, settings: Any, reference_data: None
) -> None:
    lower_limit(settings, "subscription_per_ip", "1/h")
    assert subscribe(client, "second@example.org").status_code == 302


def test_second_client_address_counted_apart(settings: Any, reference_data: None) -> None:
    lower_limit(settings, "subscription_per_ip", "1/h")
    first = Client(REMOTE_ADDR="192.0.2.10")
    second = Client(REMOTE_ADDR="192.0.2.20")
    subscribe(first, "one@example.org")

    assert subscribe(first, "two@example.org").status_code == 429
    assert subscribe(second, "three@example.org").status_code == 302
