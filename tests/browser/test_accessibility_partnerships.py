"""axe-core and reflow on the partnership pages: directory, partnership page and every form.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows
their errors, and the edit form after a rejected stale save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import partnerships as services
from partners.models import (
    BenefitArea,
    Organization,
    Partnership,
    PartnershipState,
    Region,
    StakeholderKind,
    Theme,
    User,
)
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, LONG_NAME, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.conftest import make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@dataclass
class Scene:
    """An active partnership led by A with B as a member, C invited, and a proposal led by A."""

    active: Partnership
    proposal: Partnership
    lead_admin: User
    member_admin: User
    invited_admin: User
    coordinator: User


@pytest.fixture
def scene(
    make_organization: Callable[..., Organization],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
    coordinator: User,
) -> Scene:
    business = make_organization(
        name="Entreprise Câble", kind=StakeholderKind.objects.get(slug="business")
    )
    invited_admin = make_user("admin.c@example.org", preferred_language="fr")
    from partners import services as organization_services

    organization_services.add_member(business, invited_admin, "administrator")
    active = services.create_partnership(
        admin_a,
        organization_a,
        {
            "name": LONG_NAME,
            "name_fr": "Alliance régionale pour l'embauche inclusive",
            "purpose_en": "Organizations of Manitoba hire and keep more people with disabilities.",
            "purpose_fr": "Des organismes du Manitoba embauchent plus de personnes handicapées.",
        },
        themes=[Theme.objects.get(number=3)],
        regions=[Region.objects.get(code="CA-MB")],
        benefit_areas=[BenefitArea.objects.get(slug="hiring")],
        contribution="Coordination\nand a project lead.",
    )
    for state in ("under-assessment", "active"):
        services.transition_partnership(active, state, coordinator, "Assessed.")
    member = services.invite_organization(admin_a, active, organization_b)
    services.respond_to_invitation(admin_b, member, accept=True, value_proposition="Candidates.")
    active.refresh_from_db()
    services.propose_goals(
        admin_a,
        active,
        [("Hire 20 people each year.", "Embaucher 20 personnes par année."), ("", "Mesurer.")],
        expected_version=active.version,
    )
    services.invite_organization(admin_a, active, business)
    proposal = services.create_partnership(admin_a, organization_a, {"name": "Projet pilote"})
    return Scene(
        active=Partnership.objects.get(pk=active.pk),
        proposal=proposal,
        lead_admin=admin_a,
        member_admin=admin_b,
        invited_admin=invited_admin,
        coordinator=coordinator,
    )


def session_cookie(user: User, live_server: LiveServer) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def submit(page: Page, button: str, status: int) -> None:
    with page.expect_navigation() as navigation:
        page.locator(button).first.click()
    response: Response | None = navigation.value
    assert response is not None
    assert response.status == status, f"{page.url} returned HTTP {response.status}"


def save_stale_edit(page: Page, scene: Scene) -> None:
    page.locator("#id_name").fill("Mon changement")
    Partnership.objects.filter(pk=scene.active.pk).update(version=scene.active.version + 5)
    submit(page, "main form button[type=submit]", 409)


@dataclass(frozen=True)
class PageCase:
    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


def at(suffix: str) -> Callable[[Scene], str]:
    return lambda scene: f"partnerships/{scene.active.slug}/{suffix}"


def submit_empty(status: int) -> Callable[[Page, Scene], None]:
    return lambda page, scene: submit(page, "main form button[type=submit]", status)


PAGE_CASES = [
    PageCase("directory", lambda scene: None, lambda scene: "partnerships/", ".results"),
    PageCase(
        "directory-filtered-empty",
        lambda scene: None,
        lambda scene: "partnerships/?search=zzzz&state=declined",
        ".empty-state",
    ),
    PageCase(
        "directory-invalid",
        lambda scene: None,
        lambda scene: "partnerships/?theme=99",
        ".error-summary",
        status=400,
    ),
    PageCase("detail-visitor", lambda scene: None, at(""), "table.data-table"),
    PageCase("detail-lead", lambda scene: scene.lead_admin, at(""), "nav.manage"),
    PageCase("detail-member", lambda scene: scene.member_admin, at(""), "form.inline-form button"),
    PageCase(
        "detail-proposal",
        lambda scene: scene.lead_admin,
        lambda scene: f"partnerships/{scene.proposal.slug}/",
        ".status-note",
    ),
    PageCase(
        "create", lambda scene: scene.lead_admin, lambda scene: "partnerships/new/", "#id_name"
    ),
    PageCase(
        "create-errors",
        lambda scene: scene.lead_admin,
        lambda scene: "partnerships/new/",
        ".error-summary a[href='#id_name']",
        action=submit_empty(400),
    ),
    PageCase("edit", lambda scene: scene.lead_admin, at("edit/"), "#id_themes_0"),
    PageCase(
        "edit-stale",
        lambda scene: scene.lead_admin,
        at("edit/"),
        ".stale-note",
        action=save_stale_edit,
    ),
    PageCase("invite", lambda scene: scene.lead_admin, at("members/invite/"), "#id_organization"),
    PageCase(
        "invite-errors",
        lambda scene: scene.lead_admin,
        at("members/invite/"),
        ".error-summary a[href='#id_organization']",
        action=submit_empty(400),
    ),
    PageCase("respond", lambda scene: scene.invited_admin, at("invitation/"), "#id_decision_0"),
    PageCase(
        "respond-errors",
        lambda scene: scene.invited_admin,
        at("invitation/"),
        ".error-summary a[href='#id_decision_0']",
        action=submit_empty(400),
    ),
    PageCase("leave", lambda scene: scene.member_admin, at("leave/"), "#id_reason"),
    PageCase("goals", lambda scene: scene.lead_admin, at("goals/"), "#id_goal_8_fr"),
    PageCase("state", lambda scene: scene.coordinator, at("state/"), "#id_to_state_0"),
    PageCase(
        "state-errors",
        lambda scene: scene.coordinator,
        at("state/"),
        ".error-summary",
        action=submit_empty(400),
    ),
    PageCase(
        "forbidden",
        lambda scene: scene.member_admin,
        at("edit/"),
        ".lead",
        status=403,
    ),
    PageCase(
        "dashboard-invitation",
        lambda scene: scene.invited_admin,
        lambda scene: "account/",
        "a[href*='/invitation/']",
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
def test_partnership_page_passes_axe(
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
    if width == NARROW_WIDTH:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        viewport_width = page.evaluate("window.innerWidth")
        assert scroll_width <= viewport_width, (
            f"{page.url} scrolls sideways: {scroll_width}px in {viewport_width}px.\n"
            + "\n".join(page.evaluate(OVERFLOWING_ELEMENTS))
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_decline_works_without_javascript(
    language: str, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_page(f"/{language}/", javascript=False)
    page.context.add_cookies([session_cookie(scene.invited_admin, live_server)])  # type: ignore[list-item]
    page.goto(f"/{language}/partnerships/{scene.active.slug}/invitation/")

    page.locator("#id_decision_1").check()
    submit(page, "main form button[type=submit]", 400)
    page.locator(".error-summary a[href='#id_reason']").click()
    assert page.evaluate("document.activeElement.id") == "id_reason"

    page.locator("#id_reason").fill("Pas cette année.")
    submit(page, "main form button[type=submit]", 200)

    member = scene.active.members.get(organization__name="Entreprise Câble")
    assert member.status == "declined"
    assert member.decline_reason == "Pas cette année."
    assert scene.active.state == PartnershipState.ACTIVE
