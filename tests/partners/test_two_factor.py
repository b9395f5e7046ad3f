"""Two-factor authentication: open to everyone, required of coordinators and staff."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client

from partners import permissions
from partners.models import User
from tests.conftest import PASSWORD, make_user
from tests.partners.test_accounts import assert_accessible_form_page, input_tag, reauthenticate, url

COORDINATOR_MESSAGE = (
    "Coordinators and staff see sensitive information, so they must turn on "
    "two-factor authentication before they continue."
)


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Iterator[None]:
    """allauth counts rate limits in the cache, so every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator_without_2fa(reference_data: None) -> User:
    user = make_user("new.coordinator@example.org")
    user.groups.add(permissions.coordinators_group())
    return user


@pytest.fixture
def staff_without_2fa(reference_data: None) -> User:
    return make_user("staff@example.org", is_staff=True)


def current_code(client: Client) -> str:
    """Compute the code an authenticator app shows now for the secret in the session."""
    secret = client.session[SECRET_SESSION_KEY]
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(client: Client) -> Any:
    """Open the activation page and send the current code; retry once across a 30 s boundary."""
    client.get(url("mfa_activate_totp"))
    response = client.post(url("mfa_activate_totp"), {"code": current_code(client)})
    if response.status_code == 200:
        response = client.post(url("mfa_activate_totp"), {"code": current_code(client)})
    return response


# ---------------------------------------------------------------------------
# Required of coordinators and staff
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["partners:dashboard", "partners:verification-queue"])
def test_coordinator_without_2fa_redirected(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User, page: str
) -> None:
    client = signed_in(coordinator_without_2fa)

    response = client.get(url(page))

    assert response.status_code == 302
    assert response["Location"] == url("mfa_activate_totp")
    followed = client.get(url("mfa_index"))
    assert COORDINATOR_MESSAGE in followed.content.decode()


@pytest.mark.django_db
def test_coordinator_without_2fa_redirected_on_post(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User
) -> None:
    response = signed_in(coordinator_without_2fa).post(
        url("partners:profile"), {"preferred_language": "fr"}
    )

    coordinator_without_2fa.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("mfa_activate_totp")
    assert coordinator_without_2fa.preferred_language == "en"


@pytest.mark.django_db
def test_staff_without_2fa_redirected(
    signed_in: Callable[[User], Client], staff_without_2fa: User
) -> None:
    response = signed_in(staff_without_2fa).get(url("partners:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == url("mfa_activate_totp")


@pytest.mark.django_db
def test_coordinator_without_2fa_api_forbidden(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User
) -> None:
    response = signed_in(coordinator_without_2fa).get("/api/v1/me/")

    assert response.status_code == 403
    assert response.json() == {"detail": COORDINATOR_MESSAGE}


@pytest.mark.django_db
def test_coordinator_recovery_codes_alone_not_enough(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User
) -> None:
    Authenticator.objects.create(
        user=coordinator_without_2fa, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )

    response = signed_in(coordinator_without_2fa).get(url("partners:dashboard"))

    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["help", "partners:privacy", "mfa_index", "account_logout", "account_reauthenticate"],
)
def test_coordinator_without_2fa_reaches_setup_pages(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User, page: str
) -> None:
    response = signed_in(coordinator_without_2fa).get(url(page))

    assert response.status_code == 200


@pytest.mark.django_db
def test_coordinator_without_2fa_can_sign_out(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User
) -> None:
    client = signed_in(coordinator_without_2fa)

    response = client.post(url("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_coordinator_with_2fa_allowed(
    signed_in: Callable[[User], Client], coordinator: User
) -> None:
    response = signed_in(coordinator).get(url("partners:dashboard"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_a", "admin_b"])
@pytest.mark.parametrize("page", ["partners:dashboard", "partners:profile", "mfa_index"])
def test_member_never_redirected(
    request: pytest.FixtureRequest, signed_in: Callable[[User], Client], persona: str, page: str
) -> None:
    response = signed_in(request.getfixturevalue(persona)).get(url(page))

    assert response.status_code == 200


@pytest.mark.django_db
def test_visitor_not_redirected_to_2fa(client: Client) -> None:
    response = client.get(url("partners:dashboard"))

    assert response["Location"].startswith(url("account_login"))


@pytest.mark.django_db
def test_coordinator_activates_then_allowed(
    signed_in: Callable[[User], Client], coordinator_without_2fa: User
) -> None:
    client = signed_in(coordinator_without_2fa)
    reauthenticate(client)

    response = activate_totp(client)

    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=coordinator_without_2fa, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(url("partners:dashboard")).status_code == 200


# ---------------------------------------------------------------------------
# Open to everyone
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_links_two_factor(signed_in: Callable[[User], Client], member_a: User) -> None:
    html = signed_in(member_a).get(url("partners:dashboard")).content.decode()

    assert url("mfa_index") in html
    assert "turned off" in html


@pytest.mark.django_db
def test_dashboard_shows_two_factor_on(
    signed_in: Callable[[User], Client], coordinator: User
) -> None:
    html = signed_in(coordinator).get(url("partners:dashboard")).content.decode()

    assert "turned on" in html


@pytest.mark.django_db
def test_activation_asks_password_first(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    response = signed_in(member_a).get(url("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_reauthenticate"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_activation_page_accessible(
    signed_in: Callable[[User], Client], member_a: User, language: str
) -> None:
    client = signed_in(member_a)
    reauthenticate(client)

    response = client.get(url("mfa_activate_totp", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert_accessible_form_page(html, language)
    secret = client.session[SECRET_SESSION_KEY]
    secret_field = re.search(r'<input\b[^>]*id="authenticator_secret"[^>]*>', html)
    assert secret_field
    assert "readonly" in secret_field.group(0)
    assert f'value="{secret}"' in secret_field.group(0)
    assert re.search(
        r'<img class="qr-code" src="data:image/svg\+xml;base64,[^"]+" alt="[^"]+">', html
    )
    assert 'autocomplete="one-time-code"' in input_tag(html, "code")


@pytest.mark.django_db
def test_activation_wrong_code_on_field(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    client = signed_in(member_a)
    reauthenticate(client)
    client.get(url("mfa_activate_totp"))

    response = client.post(url("mfa_activate_totp"), {"code": "000000x"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code-error"' in html
    assert 'href="#id_code"' in html
    assert 'aria-invalid="true"' in input_tag(html, "code")
    assert html.count('role="alert"') == 1
    assert not Authenticator.objects.filter(user=member_a).exists()


@pytest.mark.django_db
def test_member_activates_totp(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)
    reauthenticate(client)

    response = activate_totp(client)

    assert response.status_code == 302
    assert response["Location"] == url("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=member_a, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    assert_accessible_form_page(codes_page.content.decode())


@pytest.mark.django_db
def test_signin_asks_code_when_activated(client: Client, coordinator: User) -> None:
    response = client.post(
        url("account_login"), {"login": "coordinator@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_accessible_form_page(page.content.decode())
