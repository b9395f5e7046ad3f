"""The privacy page, the personal data download and account deletion."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from partners import services
from partners.models import (
    Invitation,
    JoinRequest,
    LeadershipDeclaration,
    Membership,
    Organization,
    Role,
    User,
)
from tests.conftest import PASSWORD, make_user
from tests.partners.test_accounts import (
    assert_accessible_form_page,
    page_structure,
    reauthenticate,
    url,
)


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Iterator[None]:
    """allauth counts rate limits in the cache, so every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def declare(administrator: User, organization: Organization) -> LeadershipDeclaration:
    return services.declare_leadership(
        administrator,
        organization,
        {
            "body_name": "Board of directors",
            "seats_total": 9,
            "seats_with_lived_experience": 5,
            "consent_attested": True,
        },
    )


# ---------------------------------------------------------------------------
# Privacy page
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_privacy_page_public(client: Client, settings: Any, language: str) -> None:
    response = client.get(url("partners:privacy", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert page_structure(html).h1_count == 1
    assert f'<html lang="{language}">' in html
    assert f"mailto:{settings.HUB_CONTACT_EMAIL}" in html
    for name in ["partners:data-download", "partners:account-delete", "partners:profile"]:
        assert url(name, language) in html


@pytest.mark.django_db
def test_privacy_page_says_no_disability_stored(client: Client) -> None:
    html = client.get(url("partners:privacy")).content.decode()

    assert "The hub never records whether you, or anyone else, has a disability." in html
    assert "only counts" in html


@pytest.mark.django_db
def test_privacy_page_french(client: Client) -> None:
    html = client.get(url("partners:privacy", "fr")).content.decode()

    assert "Confidentialité" in html
    assert "What the hub keeps about you" not in html


@pytest.mark.django_db
def test_privacy_page_for_signed_in_user(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    assert signed_in(member_a).get(url("partners:privacy")).status_code == 200


# ---------------------------------------------------------------------------
# Personal data download
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_visitor_redirected(client: Client) -> None:
    response = client.get(url("partners:data-download"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


@pytest.mark.django_db
def test_download_is_json_attachment(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).get(url("partners:data-download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="partnership-hub-personal-data-'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["email"] == "member.a@example.org"
    assert data["memberships"] == [
        {
            "organization": "Organization A",
            "slug": "organization-a",
            "role": "viewer",
            "since": data["memberships"][0]["since"],
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member_a", "admin_a", "admin_b"])
def test_download_holds_own_data_only(
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
    member_a: User,
    admin_a: User,
    admin_b: User,
    persona: str,
) -> None:
    user = request.getfixturevalue(persona)
    others = {member_a.email, admin_a.email, admin_b.email} - {user.email}

    content = signed_in(user).get(url("partners:data-download")).content.decode()

    assert json.loads(content)["email"] == user.email
    for other in others:
        assert other not in content


@pytest.mark.django_db
def test_download_ignores_other_user_in_query(
    signed_in: Callable[[User], Client], member_a: User, admin_a: User
) -> None:
    response = signed_in(member_a).get(
        url("partners:data-download"), {"user": str(admin_a.pk), "email": admin_a.email}
    )

    assert json.loads(response.content)["email"] == "member.a@example.org"


@pytest.mark.django_db
def test_download_leaves_out_secrets(
    signed_in: Callable[[User], Client], coordinator: User
) -> None:
    content = signed_in(coordinator).get(url("partners:data-download")).content.decode()

    data = json.loads(content)
    assert data["coordinator"] is True
    assert data["two_factor_methods"][0]["type"] == "totp"
    assert "secret" not in content
    assert "pbkdf2" not in content
    assert "password" not in content


@pytest.mark.django_db
def test_export_lists_what_privacy_page_names(
    admin_a: User, admin_b: User, organization_a: Organization, organization_b: Organization
) -> None:
    services.request_to_join(admin_b, organization_a, "We work together in Moncton.")
    Invitation.objects.create(organization=organization_a, email="Admin.B@example.org")
    declare(admin_b, organization_b)

    data = services.export_personal_data(admin_b)

    assert data["preferred_language"] == "fr"
    assert data["email_addresses"] == [
        {"email": "admin.b@example.org", "verified": True, "primary": True}
    ]
    assert data["join_requests"][0]["message"] == "We work together in Moncton."
    assert [item["organization"] for item in data["invitations_received"]] == ["Organization A"]
    assert data["leadership_declarations_attested"][0]["organization"] == "Organization B"
    assert data["date_joined"]
    assert data["coordinator"] is False


# ---------------------------------------------------------------------------
# Account deletion
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_visitor_redirected(client: Client, member_a: User) -> None:
    get = client.get(url("partners:account-delete"))
    post = client.post(url("partners:account-delete"), {"confirm": "on"})

    assert get.status_code == 302
    assert get["Location"].startswith(url("account_login"))
    assert post.status_code == 302
    assert post["Location"].startswith(url("account_login"))
    assert User.objects.filter(pk=member_a.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_delete_page_explains_consequences(
    signed_in: Callable[[User], Client], member_a: User, language: str
) -> None:
    response = signed_in(member_a).get(url("partners:account-delete", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert_accessible_form_page(html, language)
    assert url("partners:data-download", language) in html
    assert 'name="confirm"' in html


@pytest.mark.django_db
def test_delete_page_lists_administered(
    signed_in: Callable[[User], Client], admin_a: User, organization_a: Organization
) -> None:
    html = signed_in(admin_a).get(url("partners:account-delete")).content.decode()

    assert url("partners:member-list", slug=organization_a.slug) in html


@pytest.mark.django_db
def test_delete_asks_password_first(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).post(url("partners:account-delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_reauthenticate"))
    assert User.objects.filter(pk=member_a.pk).exists()


@pytest.mark.django_db
def test_delete_resumes_after_password(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)
    asked = client.post(url("partners:account-delete"), {"confirm": "on"})

    response = client.post(asked["Location"], {"password": PASSWORD}, follow=True)

    assert not User.objects.filter(pk=member_a.pk).exists()
    assert response.redirect_chain[-1][0] == url("home")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_delete_removes_account(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.post(url("partners:account-delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == url("home")
    assert not User.objects.filter(pk=member_a.pk).exists()
    assert not EmailAddress.objects.filter(email="member.a@example.org").exists()
    assert "_auth_user_id" not in client.session
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Your account and your personal data are deleted."
    ]


@pytest.mark.django_db
def test_delete_needs_confirmation(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.post(url("partners:account-delete"), {})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_confirm-error"' in html
    assert 'href="#id_confirm"' in html
    assert 'aria-invalid="true"' in html
    assert User.objects.filter(pk=member_a.pk).exists()


@pytest.mark.django_db
def test_delete_refused_for_last_administrator(
    signed_in: Callable[[User], Client], admin_a: User, member_a: User
) -> None:
    client = signed_in(admin_a)
    reauthenticate(client)

    response = client.post(url("partners:account-delete"), {"confirm": "on"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "You are the last administrator of Organization A." in html
    assert 'role="alert"' in html
    assert User.objects.filter(pk=admin_a.pk).exists()
    assert Membership.objects.filter(user=admin_a, role=Role.ADMINISTRATOR).count() == 1
    assert client.session["_auth_user_id"] == str(admin_a.pk)


@pytest.mark.django_db
def test_delete_allowed_with_second_administrator(
    signed_in: Callable[[User], Client], admin_a: User, organization_a: Organization
) -> None:
    second = make_user("second.admin@example.org")
    services.add_member(organization_a, second, Role.ADMINISTRATOR)
    client = signed_in(admin_a)
    reauthenticate(client)

    response = client.post(url("partners:account-delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=admin_a.pk).exists()
    assert list(
        Membership.objects.filter(organization=organization_a, role=Role.ADMINISTRATOR).values_list(
            "user__email", flat=True
        )
    ) == ["second.admin@example.org"]


@pytest.mark.django_db
def test_delete_keeps_others_and_declarations(
    signed_in: Callable[[User], Client],
    admin_a: User,
    admin_b: User,
    member_a: User,
    organization_a: Organization,
    organization_b: Organization,
) -> None:
    second = make_user("second.admin@example.org")
    services.add_member(organization_b, second, Role.ADMINISTRATOR)
    declaration = declare(admin_b, organization_b)
    services.request_to_join(admin_b, organization_a, "Hello")
    Invitation.objects.create(organization=organization_a, email="ADMIN.B@example.org")
    Invitation.objects.create(organization=organization_a, email="someone.else@example.org")
    client = signed_in(admin_b)
    reauthenticate(client)

    client.post(url("partners:account-delete"), {"confirm": "on"})

    declaration.refresh_from_db()
    assert not User.objects.filter(pk=admin_b.pk).exists()
    assert declaration.attested_by is None
    assert declaration.seats_total == 9
    assert not JoinRequest.objects.filter(organization=organization_a).exists()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["someone.else@example.org"]
    assert User.objects.filter(pk__in=[admin_a.pk, member_a.pk, second.pk]).count() == 3


@pytest.mark.django_db
def test_delete_account_service_refuses_last_administrator(admin_a: User) -> None:
    with pytest.raises(ValidationError):
        services.delete_account(admin_a)

    assert User.objects.filter(pk=admin_a.pk).exists()


@pytest.mark.django_db
def test_delete_removes_two_factor(signed_in: Callable[[User], Client], coordinator: User) -> None:
    client = signed_in(coordinator)
    reauthenticate(client)

    client.post(url("partners:account-delete"), {"confirm": "on"})

    assert not Authenticator.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_delete_two_last_administrators_at_once(
    admin_a: User, organization_a: Organization
) -> None:
    """While one administrator's deletion is uncommitted, the other's waits, then is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; the race needs PostgreSQL")
    second = make_user("second.admin@example.org")
    services.add_member(organization_a, second, Role.ADMINISTRATOR)
    outcome: list[Any] = []

    def delete_second() -> None:
        try:
            services.delete_account(User.objects.get(pk=second.pk))
            outcome.append("deleted")
        except ValidationError as error:
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=delete_second)
    with transaction.atomic():
        services.delete_account(admin_a)
        thread.start()
        time.sleep(1)
        waited = thread.is_alive()
    thread.join(timeout=60)

    assert waited
    assert isinstance(outcome[0], ValidationError)
    assert list(
        Membership.objects.filter(organization=organization_a, role=Role.ADMINISTRATOR).values_list(
            "user__email", flat=True
        )
    ) == ["second.admin@example.org"]
