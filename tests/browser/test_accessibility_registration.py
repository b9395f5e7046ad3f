"""axe-core and reflow on the registration, verification, profile, history and organization pages.

Each page is checked in English and French, 1280 and 320 pixels wide. Forms
are also checked after a submission that shows their errors, and the
registration form after one that shows the likely-duplicates step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import services
from partners.models import Organization, StakeholderKind, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH, Directory
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.conftest import make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@dataclass
class Scene:
    """The records the pages show: a pending registration, a declaration and some history."""

    directory: Directory
    registrant: User
    administrator: User
    coordinator: User
    pending: Organization
    declared: Organization


@pytest.fixture
def scene(
    directory: Directory, admin_a: User, organization_a: Organization, coordinator: User
) -> Scene:
    registrant = make_user("registrant@example.org")
    pending = services.register_organization(
        registrant,
        {
            "name": "Réseau d'emploi inclusif de Montréal Nord",
            "kind": StakeholderKind.objects.get(slug="disability-organization"),
            "website": "https://reseau-emploi.example.org/nord",
            "description_fr": "Un nouveau réseau en attente de vérification.",
        },
    )
    services.declare_leadership(
        admin_a,
        organization_a,
        {
            "body_name": "board of directors",
            "seats_total": 7,
            "seats_with_lived_experience": 5,
            "chief_executive_lived_experience": "yes",
            "run_by_and_for": True,
            "consent_attested": True,
        },
    )
    services.update_organization(
        admin_a,
        organization_a,
        {"name": "Organization A Renamed", "city": "Brandon"},
    )
    organization_a.refresh_from_db()
    return Scene(
        directory=directory,
        registrant=registrant,
        administrator=admin_a,
        coordinator=coordinator,
        pending=pending,
        declared=organization_a,
    )


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


@dataclass(frozen=True)
class PageCase:
    """A page to check: who is signed in (None for a visitor), its path after the
    language prefix, what proves it is the right page, and an optional action
    that fills and sends a form before the check."""

    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


def fill_duplicate(page: Page, scene: Scene) -> None:
    page.locator("#id_name").fill(scene.directory.french_only.name.upper())
    page.locator("#id_kind").select_option(
        str(StakeholderKind.objects.get(slug="disability-organization").pk)
    )
    submit(page, "form.organization-form button[type=submit]", 200)


def choose_government_level_for_non_government(page: Page) -> None:
    page.locator("#id_government_level").select_option("federal")
    submit(page, "form.organization-form button[type=submit]", 400)


PAGE_CASES = [
    PageCase(
        "register",
        persona=lambda scene: scene.registrant,
        path=lambda scene: "organizations/register/",
        shows="form.organization-form",
    ),
    PageCase(
        "register-errors",
        persona=lambda scene: scene.registrant,
        path=lambda scene: "organizations/register/",
        shows=".error-summary a[href='#id_name']",
        action=lambda page, scene: submit(page, "form.organization-form button[type=submit]", 400),
    ),
    PageCase(
        "register-duplicates",
        persona=lambda scene: scene.registrant,
        path=lambda scene: "organizations/register/",
        shows=".duplicate a[href$='/join/']",
        action=fill_duplicate,
    ),
    PageCase(
        "verification-queue",
        persona=lambda scene: scene.coordinator,
        path=lambda scene: "coordination/verification/",
        shows=".queue-item",
    ),
    PageCase(
        "verification-reject-errors",
        persona=lambda scene: scene.coordinator,
        path=lambda scene: "coordination/verification/",
        shows=".error-summary a[href$='_reason']",
        action=lambda page, scene: submit(page, ".reject-form button[type=submit]", 400),
    ),
    PageCase(
        "edit",
        persona=lambda scene: scene.administrator,
        path=lambda scene: f"organizations/{scene.declared.slug}/edit/",
        shows="form.organization-form",
    ),
    PageCase(
        "edit-errors",
        persona=lambda scene: scene.administrator,
        path=lambda scene: f"organizations/{scene.declared.slug}/edit/",
        shows=".error-summary a[href='#id_government_level']",
        action=lambda page, scene: choose_government_level_for_non_government(page),
    ),
    PageCase(
        "history",
        persona=lambda scene: scene.administrator,
        path=lambda scene: f"organizations/{scene.declared.slug}/history/",
        shows=".timeline-entry table.changes",
    ),
    PageCase(
        "detail-declared-visitor",
        persona=lambda scene: None,
        path=lambda scene: f"organizations/{scene.declared.slug}/",
        shows=".badge",
    ),
    PageCase(
        "detail-declared-administrator",
        persona=lambda scene: scene.administrator,
        path=lambda scene: f"organizations/{scene.declared.slug}/",
        shows="nav.manage",
    ),
    PageCase(
        "detail-pending-registrant",
        persona=lambda scene: scene.registrant,
        path=lambda scene: f"organizations/{scene.pending.slug}/",
        shows=".status-note",
    ),
    PageCase(
        "directory-badge",
        persona=lambda scene: None,
        path=lambda scene: "organizations/?disability_led=true",
        shows=".result .badge",
    ),
]


def open_case(
    case: PageCase,
    language: str,
    width: int,
    scene: Scene,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> Page:
    """Open the case's page as its persona, run its action, and check what it shows.

    open_page() loads the home page first, which sets up the harness's
    checks on the browser context; the session cookie is added after it.
    """
    page = open_page(f"/{language}/", width=width)
    persona = case.persona(scene)
    if persona is not None:
        page.context.add_cookies([session_cookie(persona, live_server)])  # type: ignore[list-item]

    response = page.goto(f"/{language}/{case.path(scene)}")
    assert response is not None
    assert response.status == 200, f"{page.url} returned HTTP {response.status}"
    if case.action is not None:
        case.action(page, scene)

    assert page.locator(case.shows).count() > 0, f"{page.url} shows no {case.shows!r}"
    return page


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_registration_page_passes_axe(
    case: PageCase,
    language: str,
    width: int,
    scene: Scene,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    page = open_case(case, language, width, scene, open_page, live_server)

    violations = run_axe(page)

    assert not violations, f"axe-core found violations on {page.url}:\n" + describe_violations(
        violations
    )
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_registration_page_reflows_at_320px(
    case: PageCase,
    language: str,
    scene: Scene,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    page = open_case(case, language, NARROW_WIDTH, scene, open_page, live_server)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    viewport_width = page.evaluate("window.innerWidth")

    assert scroll_width <= viewport_width, (
        f"{page.url} scrolls sideways: {scroll_width}px of content in a "
        f"{viewport_width}px viewport.\n" + "\n".join(page.evaluate(OVERFLOWING_ELEMENTS))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_works_without_javascript(
    language: str, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_page(f"/{language}/", javascript=False)
    page.context.add_cookies([session_cookie(scene.registrant, live_server)])  # type: ignore[list-item]
    page.goto(f"/{language}/organizations/register/")

    page.locator("#id_name").fill("Coopérative d'emploi de Gatineau")
    page.locator("#id_kind").select_option(str(StakeholderKind.objects.get(slug="government").pk))
    submit(page, "form.organization-form button[type=submit]", 400)
    page.locator(".error-summary a[href='#id_government_level']").click()

    assert page.evaluate("document.activeElement.id") == "id_government_level"
    assert page.locator("#id_name").input_value() == "Coopérative d'emploi de Gatineau"

    page.locator("#id_government_level").select_option("municipal")
    page.locator("#id_regions_served_0").check()
    submit(page, "form.organization-form button[type=submit]", 200)

    organization = Organization.objects.get(name="Coopérative d'emploi de Gatineau")
    # The browser keeps the fragment of the error summary link across the redirect.
    assert urlsplit(page.url).path == f"/{language}/organizations/{organization.slug}/"
    assert organization.verification_status == "pending"
    assert organization.government_level == "municipal"
    assert organization.regions_served.count() == 1
    assert page.locator(".status-note").count() == 1
