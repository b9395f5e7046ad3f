"""axe-core and reflow on the leadership-role pages and "Who is at the table".

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows
their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from partners import leadership_roles as services
from partners.models import (
    GovernmentLevel,
    LeadershipRole,
    Organization,
    Partnership,
    RoleTitle,
    StakeholderKind,
    User,
    Visibility,
)
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, LONG_NAME, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.browser.test_accessibility_members import session_cookie, submit
from tests.conftest import make_user
from tests.partners.test_leadership_roles import add_roles, make_partnership

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@dataclass
class Scene:
    """A public partnership led by organization A, with roles of every kind, and a role holder."""

    partnership: Partnership
    organization: Organization
    role: LeadershipRole
    attestable: LeadershipRole
    administrator: User
    holder: User
    coordinator: User
    visitor: None = None


@pytest.fixture
def scene(
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    coordinator: User,
    make_organization: Callable[..., Organization],
) -> Scene:
    government = make_organization(
        name=LONG_NAME,
        kind=StakeholderKind.objects.get(slug="government"),
        government_level=GovernmentLevel.FIRST_NATIONS,
    )
    partnership = make_partnership(
        organization_a, name=f"Partenariat {LONG_NAME}", members=(organization_b, government)
    )
    holder = make_user("holder@example.org")
    today = timezone.localdate()
    chair = LeadershipRole.objects.create(
        partnership=partnership,
        person_name="Rosalie Côté-Tremblay de la Vallée-du-Richelieu",
        user=holder,
        title=RoleTitle.CHAIR,
        term_start=today - timedelta(days=400),
        term_end=today + timedelta(days=60),
    )
    services.record_own_lived_experience(holder, chair, True, Visibility.PUBLIC)
    add_roles(partnership, 4, lived=1)
    mentee = add_roles(partnership, 1, prefix="Emerging")[0]
    mentee.emerging_leader = True
    mentee.mentor = chair
    mentee.save()
    LeadershipRole.objects.create(
        organization=organization_a,
        person_name="Owen MacLeod",
        user=holder,
        title=RoleTitle.ADVISOR,
        term_start=today - timedelta(days=10),
    )
    return Scene(
        partnership=partnership,
        organization=organization_a,
        role=chair,
        attestable=mentee,
        administrator=admin_a,
        holder=holder,
        coordinator=coordinator,
    )


def attest_without_consent(page: Page, scene: Scene) -> None:
    page.locator("#id_attest-lived_experience_0").check()
    submit(page, "form:has(input[value='attest']) button[type=submit]", 400)


def add_role_with_errors(page: Page, scene: Scene) -> None:
    page.locator("#id_term_start").fill("")
    submit(page, "main form button[type=submit]", 400)


def send_empty_answer(page: Page, scene: Scene) -> None:
    # Radio buttons cannot be unchecked by clicking, so the form loses its answer here.
    page.locator(f"#role-{scene.role.pk} input[type=radio]").evaluate_all(
        "(radios) => radios.forEach((radio) => { radio.checked = false; })"
    )
    submit(page, f"#role-{scene.role.pk} button[type=submit]", 400)


@dataclass(frozen=True)
class PageCase:
    """A page to check, as a persona (None: a visitor), and what proves it is the right page."""

    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


def roles_path(scene: Scene) -> str:
    return f"partnerships/{scene.partnership.slug}/leadership/"


def edit_path(scene: Scene) -> str:
    return f"leadership-roles/{scene.attestable.pk}/"


PAGE_CASES = [
    PageCase(
        "who-is-at-the-table",
        lambda scene: None,
        lambda scene: "network/who-is-at-the-table/",
        "table",
    ),
    PageCase("roles-visitor", lambda scene: None, roles_path, "table"),
    PageCase(
        "roles-administrator", lambda scene: scene.administrator, roles_path, "#id_person_name"
    ),
    PageCase(
        "roles-administrator-errors",
        lambda scene: scene.administrator,
        roles_path,
        ".error-summary a[href='#id_person_name']",
        action=add_role_with_errors,
    ),
    PageCase(
        "organization-roles",
        lambda scene: scene.administrator,
        lambda scene: f"organizations/{scene.organization.slug}/leadership/",
        "table",
    ),
    PageCase(
        "role-edit", lambda scene: scene.administrator, edit_path, "#id_attest-consent_attested"
    ),
    PageCase(
        "role-edit-consent-error",
        lambda scene: scene.administrator,
        edit_path,
        ".error-summary a[href='#id_attest-consent_attested']",
        action=attest_without_consent,
    ),
    PageCase("my-roles", lambda scene: scene.holder, lambda scene: "account/leadership/", ".card"),
    PageCase(
        "my-roles-errors",
        lambda scene: scene.holder,
        lambda scene: "account/leadership/",
        ".error-summary",
        action=send_empty_answer,
    ),
    PageCase(
        "without-majority",
        lambda scene: scene.coordinator,
        lambda scene: "coordination/leadership/",
        "table",
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
    page = open_page(f"/{language}/", width=width)
    persona = case.persona(scene)
    if persona is not None:
        page.context.add_cookies([session_cookie(persona, live_server)])  # type: ignore[list-item]

    response = page.goto(f"/{language}/{case.path(scene)}")
    assert response is not None
    assert response.status == case.status, f"{page.url} returned HTTP {response.status}"
    if case.action is not None:
        case.action(page, scene)

    assert page.locator(case.shows).count() > 0, f"{page.url} shows no {case.shows!r}"
    return page


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_leadership_page_passes_axe(
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
def test_leadership_page_reflows_at_320px(
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


def test_chart_works_without_javascript(scene: Scene, open_page: Callable[..., Page]) -> None:
    page = open_page("/en/network/who-is-at-the-table/", javascript=False)
    assert page.locator(".bar-chart").count() == 8
    assert page.locator("table").count() == 8
    assert page.locator("td:has-text('Empty')").count() > 0
