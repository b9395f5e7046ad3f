"""Sign-up: one account per email address regardless of case, verification and double clicks."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hubsite.locks import lock_for_transaction
from partners.models import User
from tests.conftest import PASSWORD, make_user
from tests.partners.test_accounts import input_tag

NEW_PASSWORD = "a-long-and-unusual-passphrase-19"


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Iterator[None]:
    """allauth counts rate limits in the cache, so every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def url(name: str, language: str = "en", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def signup_data(email: str = "marie.cote@example.org", **fields: str) -> dict[str, str]:
    data = {
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "preferred_language": "en",
    }
    data.update(fields)
    return data


def confirmation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+/confirm-email/\S+/", str(message.body))
    assert match, f"no confirmation link in:\n{message.body}"
    return match.group(0)


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_signup_page_links_privacy(client: Client, language: str) -> None:
    response = client.get(url("account_signup", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{url("partners:privacy", language)}"' in html
    assert html.count("<h1") == 1
    assert f'<html lang="{language}">' in html


@pytest.mark.django_db
def test_signup_page_french_strings(client: Client) -> None:
    html = client.get(url("account_signup", "fr")).content.decode()

    assert "Mot de passe" in html
    assert "Password" not in html


@pytest.mark.django_db
def test_signup_fields_keep_autocomplete_and_labels(client: Client) -> None:
    html = client.get(url("account_signup")).content.decode()

    assert 'autocomplete="email"' in input_tag(html, "email")
    assert 'autocomplete="new-password"' in input_tag(html, "password1")
    assert 'autocomplete="new-password"' in input_tag(html, "password2")
    for field in ["email", "password1", "password2", "preferred_language"]:
        assert f'<label for="id_{field}">' in html
    assert "placeholder=" not in html
    assert 'onpaste="' not in html


@pytest.mark.django_db
def test_signup_password_help_tied_to_field(client: Client) -> None:
    html = client.get(url("account_signup")).content.decode()

    assert 'aria-describedby="id_password1-help"' in input_tag(html, "password1")
    assert '<div class="help" id="id_password1-help">' in html


@pytest.mark.django_db
def test_signup_offers_show_password_script(client: Client) -> None:
    html = client.get(url("account_signup", "fr")).content.decode()

    assert 'data-show-password="' in html
    assert "js/show-password.js" in html


# ---------------------------------------------------------------------------
# Creating the account and verifying the address
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_creates_unverified_account(client: Client) -> None:
    response = client.post(url("account_signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    user = User.objects.get(email="marie.cote@example.org")
    assert user.preferred_language == "en"
    assert EmailAddress.objects.get(user=user).verified is False
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_sends_one_verification_email(client: Client) -> None:
    client.post(url("account_signup"), signup_data())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie.cote@example.org"]
    assert confirmation_link(message).startswith("http://testserver/en/accounts/confirm-email/")


@pytest.mark.django_db
def test_signup_email_in_preferred_language(client: Client) -> None:
    client.post(url("account_signup", "en"), signup_data(preferred_language="fr"))

    message = mail.outbox[0]
    assert User.objects.get().preferred_language == "fr"
    assert "Confirmez votre adresse e-mail" in message.subject
    assert "/fr/accounts/confirm-email/" in confirmation_link(message)


@pytest.mark.django_db
def test_signup_email_in_english_from_french_page(client: Client) -> None:
    client.post(url("account_signup", "fr"), signup_data(preferred_language="en"))

    message = mail.outbox[0]
    assert "Please Confirm Your Email Address" in message.subject
    assert "/en/accounts/confirm-email/" in confirmation_link(message)


@pytest.mark.django_db
def test_signup_unverified_cannot_sign_in(client: Client) -> None:
    client.post(url("account_signup"), signup_data())

    response = client.post(
        url("account_login"), {"login": "marie.cote@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_unverified_cannot_reach_dashboard(client: Client) -> None:
    client.post(url("account_signup"), signup_data())
    mail.outbox.clear()

    response = client.get(url("partners:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


@pytest.mark.django_db
def test_signup_unverified_session_sees_verify_page(client: Client) -> None:
    client.post(url("account_signup"), signup_data())
    user = User.objects.get()
    client.force_login(user)
    mail.outbox.clear()

    response = client.get(url("partners:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My organizations" not in html
    assert "Verify Your Email Address" in html
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_signup_confirmation_link_verifies_and_signs_in(client: Client) -> None:
    client.post(url("account_signup"), signup_data())
    link = confirmation_link(mail.outbox[0]).removeprefix("http://testserver")

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert response.status_code == 302
    assert EmailAddress.objects.get().verified is True
    assert client.get(url("partners:dashboard")).status_code == 200


# ---------------------------------------------------------------------------
# One account per email address, whatever its capitals
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_other_case_refused_on_email_field(client: Client) -> None:
    make_user("marie.cote@example.org")

    response = client.post(url("account_signup"), signup_data("Marie.Cote@Example.org"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account already uses this email address. Sign in with it, or reset your "
        "password if you have forgotten it."
    ]
    assert 'aria-invalid="true"' in input_tag(html, "email")
    assert 'id="id_email-error"' in html
    assert 'role="alert"' in html
    assert 'href="#id_email"' in html
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_user_email_unique_ignoring_case() -> None:
    User.objects.create(email="marie.cote@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Marie.Cote@Example.org")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["admin.a@example.org", "ADMIN.A@EXAMPLE.ORG", "Admin.A@Example.Org"]
)
def test_signin_any_capitalization(client: Client, admin_a: User, typed: str) -> None:
    response = client.post(url("account_login"), {"login": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == url("partners:dashboard")
    assert client.session["_auth_user_id"] == str(admin_a.pk)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"password2": "something-else-entirely-42"}, "password2"),
        ({"preferred_language": "de"}, "preferred_language"),
    ],
    ids=["invalid-email", "missing-email", "common-password", "mismatch", "bad-language"],
)
def test_signup_bad_input_shows_field_error(
    client: Client, fields: dict[str, str], field: str
) -> None:
    response = client.post(url("account_signup"), signup_data(**fields))

    html = response.content.decode()
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}-error"' in html
    assert f'href="#id_{field}"' in html
    assert User.objects.count() == 0
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Double submission: two POSTs of the same form at once
# ---------------------------------------------------------------------------


def post_in_thread(path: str, data: dict[str, str], results: list[Any], start: Any) -> None:
    """POST from a new thread with its own database connection, and keep the response."""
    try:
        start.wait()
        results.append(Client().post(path, data))
    except Exception as error:
        results.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_signup_double_submit_makes_one_account() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself; the advisory lock exists on PostgreSQL")
    path = url("account_signup")
    results: list[Any] = []
    start = threading.Barrier(2)
    threads = [
        threading.Thread(target=post_in_thread, args=(path, signup_data(), results, start))
        for _ in range(2)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not [result for result in results if isinstance(result, Exception)]
    statuses = sorted(result.status_code for result in results)
    assert statuses == [200, 302]
    refused = next(result for result in results if result.status_code == 200)
    assert "email" in refused.context["form"].errors
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_signup_waits_for_email_lock() -> None:
    """The form takes the advisory lock: a sign-up waits while another transaction holds it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself; the advisory lock exists on PostgreSQL")
    path = url("account_signup")
    results: list[Any] = []
    start = threading.Barrier(2)
    thread = threading.Thread(
        target=post_in_thread,
        args=(path, signup_data("Marie.Cote@example.org"), results, start),
    )

    with transaction.atomic():
        lock_for_transaction("signup", "marie.cote@example.org")
        thread.start()
        start.wait()
        time.sleep(1)
        waited = thread.is_alive()
        created_meanwhile = User.objects.exists()
    thread.join(timeout=60)

    assert waited
    assert not created_meanwhile
    assert not isinstance(results[0], Exception), results[0]
    assert results[0].status_code == 302
    assert User.objects.count() == 1


# ---------------------------------------------------------------------------
# Rate limit
# ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_signup_rate_limit_page(client: Client, settings: Any, language: str) -> None:
    allowed = int(settings.ACCOUNT_RATE_LIMITS["signup"].split("/")[0])
    for _ in range(allowed):
        assert client.post(url("account_signup", language), {}).status_code == 200

    response = client.post(url("account_signup", language), signup_data())

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    assert settings.HUB_CONTACT_EMAIL in html
    assert User.objects.count() == 0
