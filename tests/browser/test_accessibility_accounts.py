"""axe-core and reflow on the account pages: allauth's forms, the dashboard, profile and privacy.

Each page is checked in English and French, 1280 and 320 pixels wide. Forms
are also checked after a submission that shows their errors. The "Show
password" checkbox is checked with and without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import services
from partners.models import Organization, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@pytest.fixture(autouse=True)
def clear_rate_limits() -> Iterator[None]:
    """Start each test with no rate limit used: the live server counts them in this cache."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class People:
    """The accounts the pages show: a member with a pending request, and an administrator."""

    member: User
    administrator: User


@pytest.fixture
def people(
    member_a: User,
    admin_a: User,
    admin_b: User,
    organization_a: Organization,
    organization_b: Organization,
) -> People:
    services.request_to_join(member_a, organization_b, "Nous travaillons ensemble à Moncton.")
    services.request_to_join(admin_b, organization_a)
    return People(member=member_a, administrator=admin_a)


def session_cookie(user: User, live_server: LiveServer) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def submit(page: Page, button: str, status: int) -> None:
    """Click `button` and check the HTTP status of the page it loads."""
    with page.expect_navigation() as navigation:
        page.locator(button).first.click()
    response: Response | None = navigation.value
    assert response is not None
    assert response.status == status, f"{page.url} returned HTTP {response.status}"


def submit_without_browser_checks(page: Page, status: int) -> None:
    """Send the main form as it is, skipping the browser's own checks of required fields."""
    page.evaluate("document.querySelectorAll('main form').forEach((f) => { f.noValidate = true; })")
    submit(page, "main form button[type=submit]", status)


def fill_signup_errors(page: Page, people: People) -> None:
    page.locator("#id_email").fill(people.member.email.upper())
    page.locator("#id_password1").fill("password")
    page.locator("#id_password2").fill("passwort")
    submit(page, "main form button[type=submit]", 200)


def fill_wrong_password(page: Page, people: People) -> None:
    page.locator("#id_login").fill(people.member.email)
    page.locator("#id_password").fill("not-the-password")
    submit(page, "main form button[type=submit]", 200)


def fill_unknown_email(page: Page, people: People) -> None:
    page.locator("#id_email").fill("nobody@example.org")
    submit(page, "main form button[type=submit]", 200)


def confirm_password(page: Page, people: People) -> None:
    """Answer allauth's password check, which comes before two-factor and deletion changes."""
    page.locator("#id_password").fill(PASSWORD)
    submit(page, "main form button[type=submit]", 200)


def send_wrong_code(page: Page, people: People) -> None:
    confirm_password(page, people)
    page.locator("#id_code").fill("000000")
    submit(page, "main form button[type=submit]", 200)


def create_api_token(page: Page, people: People) -> None:
    """Ask for a token, answer the password check, and land on the page that shows the key."""
    submit(page, "main form button[value=create]", 200)
    confirm_password(page, people)


def delete_without_confirmation(page: Page, people: People) -> None:
    """Send the form unticked: allauth asks for the password, then sends the form on."""
    submit_without_browser_checks(page, 200)
    page.locator("#id_password").fill(PASSWORD)
    submit(page, "main form button[type=submit]", 400)


def exceed_signup_limit(page: Page, people: People) -> None:
    for _ in range(10):
        submit_without_browser_checks(page, 200)
    submit_without_browser_checks(page, 429)


@dataclass(frozen=True)
class PageCase:
    """A page to check: who is signed in, its path after the language prefix, what
    proves it is the right page, and an optional action that fills and sends a form."""

    id: str
    persona: Callable[[People], User | None]
    path: str
    shows: str
    action: Callable[[Page, People], None] | None = None


PAGE_CASES = [
    PageCase("signup", lambda people: None, "accounts/signup/", "#id_password2"),
    PageCase(
        "signup-errors",
        lambda people: None,
        "accounts/signup/",
        ".error-summary a[href='#id_email']",
        fill_signup_errors,
    ),
    PageCase(
        "signup-rate-limited",
        lambda people: None,
        "accounts/signup/",
        "a[href^='mailto:']",
        exceed_signup_limit,
    ),
    PageCase("signin", lambda people: None, "accounts/login/", "#id_login"),
    PageCase(
        "signin-error",
        lambda people: None,
        "accounts/login/",
        ".error-summary",
        fill_wrong_password,
    ),
    PageCase("password-reset", lambda people: None, "accounts/password/reset/", "#id_email"),
    PageCase(
        "password-reset-error",
        lambda people: None,
        "accounts/password/reset/",
        ".error-summary a[href='#id_email']",
        fill_unknown_email,
    ),
    PageCase("privacy", lambda people: None, "privacy/", "a[href^='mailto:']"),
    PageCase("dashboard", lambda people: people.member, "account/", ".card-list"),
    PageCase(
        "dashboard-administrator", lambda people: people.administrator, "account/", ".card-list"
    ),
    PageCase("profile", lambda people: people.member, "account/profile/", "fieldset input"),
    PageCase(
        "api-token", lambda people: people.member, "account/api-token/", "button[value=create]"
    ),
    PageCase(
        "api-token-new",
        lambda people: people.member,
        "account/api-token/",
        "#new-token",
        create_api_token,
    ),
    PageCase("delete", lambda people: people.member, "account/delete/", "#id_confirm"),
    PageCase(
        "delete-errors",
        lambda people: people.administrator,
        "account/delete/",
        ".error-summary a[href='#id_confirm']",
        delete_without_confirmation,
    ),
    PageCase(
        "reauthenticate",
        lambda people: people.member,
        "accounts/2fa/totp/activate/",
        "#id_password",
    ),
    PageCase(
        "totp-activate",
        lambda people: people.member,
        "accounts/2fa/totp/activate/",
        "img.qr-code",
        confirm_password,
    ),
    PageCase(
        "totp-activate-error",
        lambda people: people.member,
        "accounts/2fa/totp/activate/",
        ".error-summary a[href='#id_code']",
        send_wrong_code,
    ),
    PageCase("two-factor", lambda people: people.member, "accounts/2fa/", ".panel"),
    PageCase("email", lambda people: people.member, "accounts/email/", "#id_email"),
    PageCase(
        "password-change",
        lambda people: people.member,
        "accounts/password/change/",
        "#id_password1",
    ),
]


def open_case(
    case: PageCase,
    language: str,
    width: int,
    people: People,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> Page:
    """Open the case's page as its persona, run its action, and check what it shows.

    open_page() loads the privacy page first, which sets up the harness's
    checks on the browser context; the session cookie is added after it.
    """
    page = open_page(f"/{language}/privacy/", width=width)
    persona = case.persona(people)
    if persona is not None:
        page.context.add_cookies([session_cookie(persona, live_server)])  # type: ignore[list-item]

    response = page.goto(f"/{language}/{case.path}")
    assert response is not None
    assert response.status == 200, f"{page.url} returned HTTP {response.status}"
    if case.action is not None:
        case.action(page, people)

    assert page.locator(case.shows).count() > 0, f"{page.url} shows no {case.shows!r}"
    return page


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_account_page_passes_axe(
    case: PageCase,
    language: str,
    width: int,
    people: People,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    page = open_case(case, language, width, people, open_page, live_server)

    violations = run_axe(page)

    assert not violations, f"axe-core found violations on {page.url}:\n" + describe_violations(
        violations
    )
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_account_page_reflows_at_320px(
    case: PageCase,
    language: str,
    people: People,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    page = open_case(case, language, NARROW_WIDTH, people, open_page, live_server)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    viewport_width = page.evaluate("window.innerWidth")

    assert scroll_width <= viewport_width, (
        f"{page.url} scrolls sideways: {scroll_width}px of content in a "
        f"{viewport_width}px viewport.\n" + "\n".join(page.evaluate(OVERFLOWING_ELEMENTS))
    )


# ---------------------------------------------------------------------------
# "Show password", an enhancement that only JavaScript adds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_show_password_reveals_both_passwords(
    language: str, open_page: Callable[..., Page]
) -> None:
    page = open_page(f"/{language}/accounts/signup/")
    page.locator("#id_password1").fill("first-secret")
    checkbox = page.locator("#id_password2-show")

    checkbox.check()
    shown = [page.locator(f"#id_password{n}").get_attribute("type") for n in (1, 2)]
    checkbox.uncheck()
    hidden = [page.locator(f"#id_password{n}").get_attribute("type") for n in (1, 2)]

    assert shown == ["text", "text"]
    assert hidden == ["password", "password"]
    assert page.locator("label[for='id_password2-show']").inner_text() != ""
    assert page.locator("#id_password1").input_value() == "first-secret"


def test_show_password_absent_without_javascript(open_page: Callable[..., Page]) -> None:
    page = open_page("/en/accounts/signup/", javascript=False)

    assert page.locator("#id_password2-show").count() == 0
    assert page.locator("#id_password1").get_attribute("type") == "password"


def test_signup_works_without_javascript(open_page: Callable[..., Page]) -> None:
    page = open_page("/fr/accounts/signup/", javascript=False)
    page.locator("#id_email").fill("Nouvelle.Personne@example.org")
    page.locator("#id_password1").fill("une-phrase-de-passe-assez-longue-7")
    page.locator("#id_password2").fill("une-phrase-de-passe-assez-longue-7")
    page.locator("#id_preferred_language").select_option("fr")

    submit(page, "main form button[type=submit]", 200)

    assert page.url.endswith("/fr/accounts/confirm-email/")
    assert User.objects.filter(email="nouvelle.personne@example.org").exists()


def test_password_fields_accept_paste(open_page: Callable[..., Page]) -> None:
    page = open_page("/en/accounts/login/")
    password = page.locator("#id_password")

    password.focus()
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData("text/plain", "pasted-secret");
          const event = new ClipboardEvent("paste", {clipboardData: data, cancelable: true});
          document.activeElement.dispatchEvent(event);
          window.pasteBlocked = event.defaultPrevented;
        }"""
    )

    assert page.evaluate("window.pasteBlocked") is False
    assert password.get_attribute("autocomplete") == "current-password"
