"""allauth's sign-in, password and email pages in the portal's layout; dashboard and profile."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners import services
from partners.models import JoinRequest, Organization, Role, User
from tests.conftest import PASSWORD, make_user

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


def reauthenticate(client: Client) -> None:
    """Confirm the password, as allauth requires before sensitive changes."""
    response = client.post(url("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


class PageStructure(HTMLParser):
    """Collect the parts of a page that the accessibility checks below look at."""

    def __init__(self) -> None:
        super().__init__()
        self.h1_count = 0
        self.label_targets: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.html_lang = ""
        self.alerts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "label" and "for" in attributes:
            self.label_targets.add(attributes["for"])
        elif tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.controls.append(attributes)
        if attributes.get("role") == "alert":
            self.alerts += 1


def page_structure(html: str) -> PageStructure:
    parser = PageStructure()
    parser.feed(html)
    return parser


def input_tag(html: str, name: str) -> str:
    """Return the first input tag named `name`, whatever the order of its attributes."""
    match = re.search(rf'<input\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def assert_accessible_form_page(html: str, language: str = "en") -> PageStructure:
    """Check one h1, the page language, a label per control and existing described-by ids."""
    page = page_structure(html)
    assert page.h1_count == 1
    assert page.html_lang == language
    assert 'class="skip-link"' in html, "the page does not use the portal's layout"
    for control in page.controls:
        assert control.get("id") in page.label_targets, f"no label for {control}"
        assert "placeholder" not in control, f"placeholder instead of a label on {control}"
        for described_by in control.get("aria-describedby", "").split():
            assert described_by in page.ids, f"{control} points at a missing {described_by}"
    return page


# ---------------------------------------------------------------------------
# allauth's pages in the portal's layout
# ---------------------------------------------------------------------------

VISITOR_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
MEMBER_PAGES = [
    "account_logout",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
    "mfa_index",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_allauth_visitor_page_in_layout(client: Client, name: str, language: str) -> None:
    response = client.get(url(name, language))

    assert response.status_code == 200
    assert_accessible_form_page(response.content.decode(), language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_allauth_member_page_in_layout(
    signed_in: Callable[[User], Client], member_a: User, name: str, language: str
) -> None:
    response = signed_in(member_a).get(url(name, language))

    assert response.status_code == 200
    assert_accessible_form_page(response.content.decode(), language)


@pytest.mark.django_db
def test_allauth_french_page_in_french(client: Client) -> None:
    html = client.get(url("account_login", "fr")).content.decode()

    assert "Connexion" in html
    assert "Mot de passe oublié ?" in html
    assert "Sign In" not in html


@pytest.mark.django_db
def test_logout_page_signs_out_on_post_only(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    client = signed_in(member_a)

    page = client.get(url("account_logout"))
    still_signed_in = "_auth_user_id" in client.session
    response = client.post(url("account_logout"))

    assert page.status_code == 200
    assert still_signed_in
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------------------
# Sign-in
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_wrong_password_shows_summary(client: Client, member_a: User) -> None:
    response = client.post(
        url("account_login"), {"login": "member.a@example.org", "password": "wrong-password"}
    )

    html = response.content.decode()
    page = assert_accessible_form_page(html)
    assert response.status_code == 200
    assert page.alerts == 1
    assert "The email address and/or password you specified are not correct." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_missing_fields_tied_to_fields(client: Client) -> None:
    response = client.post(url("account_login"), {"login": "", "password": ""})

    html = response.content.decode()
    assert_accessible_form_page(html)
    assert response.status_code == 200
    for field in ["login", "password"]:
        assert f'id="id_{field}-error"' in html
        assert f'href="#id_{field}"' in html
        assert 'aria-invalid="true"' in input_tag(html, field)


@pytest.mark.django_db
def test_login_failed_attempts_limited(client: Client, settings: Any, member_a: User) -> None:
    per_address = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])
    wrong = {"login": "member.a@example.org", "password": "wrong-password"}
    for _ in range(per_address):
        client.post(url("account_login"), wrong)

    response = client.post(
        url("account_login"), {"login": "member.a@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_login_rate_limit_page(client: Client, settings: Any, language: str) -> None:
    allowed = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for _ in range(allowed):
        assert client.post(url("account_login", language), {}).status_code == 200

    response = client.post(url("account_login", language), {})

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in html
    assert page_structure(html).h1_count == 1


@pytest.mark.django_db
def test_login_rate_limit_page_in_french(client: Client, settings: Any) -> None:
    allowed = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for _ in range(allowed + 1):
        response = client.post(url("account_login", "fr"), {})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop de tentatives" in html


# ---------------------------------------------------------------------------
# Password reset
# ---------------------------------------------------------------------------


def reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", str(message.body))
    assert match, f"no reset link in:\n{message.body}"
    return match.group(1)


@pytest.mark.django_db
def test_password_reset_email_in_recipient_language(client: Client, admin_b: User) -> None:
    response = client.post(url("account_reset_password", "en"), {"email": "Admin.B@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin.b@example.org"]
    assert "réinitialisation" in message.subject.lower()
    assert reset_link(message).startswith("/fr/")


@pytest.mark.django_db
def test_password_reset_changes_password(client: Client, member_a: User) -> None:
    client.post(url("account_reset_password"), {"email": "member.a@example.org"})
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    member_a.refresh_from_db()
    assert form_page.status_code == 200
    assert_accessible_form_page(form_page.content.decode())
    assert response.status_code == 302
    assert member_a.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_password_reset_unknown_email_on_field(client: Client) -> None:
    response = client.post(url("account_reset_password"), {"email": "nobody@example.org"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email-error"' in html
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_bad_token_page(client: Client) -> None:
    response = client.get(url("account_reset_password_from_key", uidb36="zz", key="bad-token"))

    assert response.status_code == 200
    assert_accessible_form_page(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_password_reset_rate_limit_page(
    client: Client, settings: Any, member_a: User, language: str
) -> None:
    per_address = int(settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")[1].split("/")[0])
    for _ in range(per_address):
        client.post(url("account_reset_password", language), {"email": "member.a@example.org"})

    response = client.post(
        url("account_reset_password", language), {"email": "member.a@example.org"}
    )

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<html lang="{language}">' in html
    assert len(mail.outbox) == per_address


# ---------------------------------------------------------------------------
# Password change
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change_errors_tied(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).post(
        url("account_change_password"),
        {"oldpassword": "wrong", "password1": "short", "password2": "other"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert_accessible_form_page(html)
    assert 'id="id_oldpassword-error"' in html
    assert 'aria-invalid="true"' in input_tag(html, "oldpassword")
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD)


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_visitor_redirected(client: Client) -> None:
    response = client.get(url("partners:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


@pytest.mark.django_db
def test_dashboard_admin_sees_role_and_links(
    signed_in: Callable[[User], Client], admin_a: User, organization_a: Organization
) -> None:
    response = signed_in(admin_a).get(url("partners:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Organization A" in html
    assert "Your role: Administrator" in html
    for name in ["member-list", "organization-edit", "declaration-create"]:
        assert url(f"partners:{name}", slug=organization_a.slug) in html
    assert organization_a.get_absolute_url() in html
    for name in [
        "partners:organization-register",
        "partners:profile",
        "partners:data-download",
        "partners:account-delete",
        "mfa_index",
        "account_email",
        "account_change_password",
    ]:
        assert url(name) in html
    assert page_structure(html).h1_count == 1


@pytest.mark.django_db
def test_dashboard_viewer_has_no_admin_links(
    signed_in: Callable[[User], Client], member_a: User, organization_a: Organization
) -> None:
    html = signed_in(member_a).get(url("partners:dashboard")).content.decode()

    assert "Your role: Viewer" in html
    assert url("partners:member-list", slug=organization_a.slug) in html
    assert url("partners:organization-edit", slug=organization_a.slug) not in html
    assert url("partners:declaration-create", slug=organization_a.slug) not in html


@pytest.mark.django_db
def test_dashboard_editor_can_edit_not_declare(
    signed_in: Callable[[User], Client], editor_a: User, organization_a: Organization
) -> None:
    html = signed_in(editor_a).get(url("partners:dashboard")).content.decode()

    assert url("partners:organization-edit", slug=organization_a.slug) in html
    assert url("partners:declaration-create", slug=organization_a.slug) not in html


@pytest.mark.django_db
def test_dashboard_other_admin_sees_own_only(
    signed_in: Callable[[User], Client], admin_a: User, admin_b: User
) -> None:
    html = signed_in(admin_b).get(url("partners:dashboard")).content.decode()

    assert "Organization B" in html
    assert "Organization A" not in html


@pytest.mark.django_db
def test_dashboard_pending_organization_has_no_public_link(
    signed_in: Callable[[User], Client], make_organization: Callable[..., Organization]
) -> None:
    user = make_user("registrant@example.org")
    pending = make_organization(name="Pending Network", verification_status="pending")
    services.add_member(pending, user, Role.ADMINISTRATOR)

    html = signed_in(user).get(url("partners:dashboard")).content.decode()

    assert "Pending Network" in html
    assert "Waiting for a coordinator to verify it." in html
    assert f'href="{pending.get_absolute_url()}"' not in html


@pytest.mark.django_db
def test_dashboard_lists_own_pending_requests(
    signed_in: Callable[[User], Client], admin_b: User, organization_a: Organization
) -> None:
    services.request_to_join(admin_b, organization_a, "Hello")

    html = signed_in(admin_b).get(url("partners:dashboard")).content.decode()

    assert "You asked to join Organization A" in html


@pytest.mark.django_db
def test_dashboard_admin_sees_requests_to_decide(
    signed_in: Callable[[User], Client], admin_a: User, admin_b: User, organization_a: Organization
) -> None:
    join_request = services.request_to_join(admin_b, organization_a)

    html = signed_in(admin_a).get(url("partners:dashboard")).content.decode()

    assert "admin.b@example.org asked to join Organization A" in html
    assert (
        url("partners:join-request-decide", slug=organization_a.slug, request_id=join_request.pk)
        in html
    )


@pytest.mark.django_db
def test_dashboard_member_not_shown_requests_to_decide(
    signed_in: Callable[[User], Client], member_a: User, admin_b: User, organization_a: Organization
) -> None:
    services.request_to_join(admin_b, organization_a)

    html = signed_in(member_a).get(url("partners:dashboard")).content.decode()

    assert "admin.b@example.org" not in html


@pytest.mark.django_db
def test_dashboard_coordinator_sees_queue(
    signed_in: Callable[[User], Client],
    coordinator: User,
    make_organization: Callable[..., Organization],
) -> None:
    make_organization(name="Waiting One", verification_status="pending")

    html = signed_in(coordinator).get(url("partners:dashboard")).content.decode()

    assert url("partners:verification-queue") in html
    assert "Organizations waiting for verification</a>:\n    1" in html


@pytest.mark.django_db
def test_dashboard_member_has_no_queue_link(
    signed_in: Callable[[User], Client], member_a: User
) -> None:
    html = signed_in(member_a).get(url("partners:dashboard")).content.decode()

    assert url("partners:verification-queue") not in html


@pytest.mark.django_db
def test_dashboard_without_organizations(signed_in: Callable[[User], Client]) -> None:
    user = make_user("newcomer@example.org")

    html = signed_in(user).get(url("partners:dashboard")).content.decode()

    assert "You are not a member of any organization yet." in html
    assert url("partners:organization-list") in html


def dashboard_queries(client: Client, user: User, count: int, make_organization: Any) -> int:
    """Give `user` `count` memberships and pending requests, and count the dashboard's queries."""
    requester = make_user(f"requester{count}@example.org")
    for number in range(count):
        organization = make_organization(name=f"Network {count}-{number:03d}")
        services.add_member(organization, user, Role.ADMINISTRATOR)
        JoinRequest.objects.create(organization=organization, user=requester)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("partners:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("asked to join") == count
    return len(queries)


@pytest.mark.django_db
def test_dashboard_query_count_constant(
    client: Client, make_organization: Callable[..., Organization]
) -> None:
    few = dashboard_queries(client, make_user("few@example.org"), 5, make_organization)
    many = dashboard_queries(Client(), make_user("many@example.org"), 50, make_organization)

    assert few == many


# ---------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_visitor_redirected(client: Client) -> None:
    get = client.get(url("partners:profile"))
    post = client.post(url("partners:profile"), {"preferred_language": "fr"})

    assert get.status_code == 302
    assert get["Location"].startswith(url("account_login"))
    assert post.status_code == 302
    assert post["Location"].startswith(url("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_profile_page_shows_current_language(
    signed_in: Callable[[User], Client], admin_b: User, language: str
) -> None:
    response = signed_in(admin_b).get(url("partners:profile", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert_accessible_form_page(html, language)
    radios = re.findall(r'<input\b[^>]*name="preferred_language"[^>]*>', html)
    assert [("checked" in radio) for radio in radios] == [False, True]
    assert url("account_email", language) in html
    assert url("account_change_password", language) in html


@pytest.mark.django_db
def test_profile_saves_language(signed_in: Callable[[User], Client], member_a: User) -> None:
    client = signed_in(member_a)

    response = client.post(url("partners:profile"), {"preferred_language": "fr"})

    member_a.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("partners:profile")
    assert member_a.preferred_language == "fr"
    assert "Your preferences are saved." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_profile_language_used_by_emails(
    client: Client, signed_in: Callable[[User], Client], member_a: User
) -> None:
    signed_in(member_a).post(url("partners:profile"), {"preferred_language": "fr"})
    client.logout()

    client.post(url("account_reset_password", "en"), {"email": "member.a@example.org"})

    assert "réinitialisation" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["de", "", "english"])
def test_profile_bad_language_on_field(
    signed_in: Callable[[User], Client], member_a: User, value: str
) -> None:
    response = signed_in(member_a).post(url("partners:profile"), {"preferred_language": value})

    html = response.content.decode()
    member_a.refresh_from_db()
    assert response.status_code == 400
    assert 'id="id_preferred_language_0-error"' in html
    assert 'href="#id_preferred_language_0"' in html
    assert member_a.preferred_language == "en"


@pytest.mark.django_db
def test_profile_changes_only_signed_in_user(
    signed_in: Callable[[User], Client], member_a: User, admin_a: User
) -> None:
    signed_in(member_a).post(
        url("partners:profile"), {"preferred_language": "fr", "email": "admin.a@example.org"}
    )

    admin_a.refresh_from_db()
    member_a.refresh_from_db()
    assert admin_a.preferred_language == "en"
    assert member_a.email == "member.a@example.org"


@pytest.mark.django_db
def test_change_preferred_language_rejects_unknown(member_a: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.change_preferred_language(member_a, "de")

    assert "preferred_language" in error.value.message_dict
    member_a.refresh_from_db()
    assert member_a.preferred_language == "en"
