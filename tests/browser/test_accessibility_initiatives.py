"""axe-core and reflow on the initiative pages: directory, province view, initiative page with
similar work, the add, edit, connect and proposal forms, and connection requests.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows
their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from initiatives import detection, services
from initiatives.models import Initiative, IntersectionalGroup
from partners.models import Organization, Region, Theme, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]
TEXT = {
    "summary_en": "Peer mentoring for young job seekers with disabilities, by trained mentors.",
    "vision_en": "Every young person with a disability has a peer mentor on the road to work.",
    "gaps_fr": "Peu de services hors des grandes villes.",
}


@dataclass
class Scene:
    mine: Initiative
    theirs: Initiative
    administrator: User
    other_administrator: User
    viewer: User


@pytest.fixture
def scene(
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
    member_a: User,
) -> Scene:
    def make(lead: Organization, **fields: object) -> Initiative:
        initiative = Initiative.objects.create(lead_organization=lead, **fields)
        initiative.themes.set(Theme.objects.filter(number__in=[1, 4]))
        initiative.regions.set(Region.objects.filter(code__in=["CA-QC", "CA-ON"]))
        initiative.intersectional_groups.set(IntersectionalGroup.objects.filter(slug="youth"))
        return initiative

    mine = make(
        organization_a,
        title_en="Peer mentoring in Manitoba",
        title_fr="Mentorat par les pairs au Manitoba",
        funding_program="BGO06",
        links="https://example.org/report-with-a-very-long-address-that-must-wrap-on-narrow-screens",
        contact_name="Program team",
        contact_email="team@example.org",
        **TEXT,
    )
    theirs = make(
        organization_b,
        title_fr="Mentorat pour les jeunes chercheurs d'emploi handicapés à Montréal",
        partnership=None,
        **TEXT,
    )
    mine.partner_organizations.set([organization_b])
    detection.rebuild_similar_work()
    services.request_connection(member_a, mine, theirs, "Nous faisons le même travail.")
    services.propose_change(admin_b, mine, organization_b, {"gaps_en": "No shared data."})
    return Scene(mine, theirs, admin_a, admin_b, member_a)


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


def clear_themes_and_submit(page: Page, scene: Scene) -> None:
    for checkbox in page.locator("input[name='themes']").all():
        checkbox.uncheck()
    page.locator("#id_links").fill("not a web address")
    submit(page, "main form button[type=submit]", 400)


def connect_with_long_message(page: Page, scene: Scene) -> None:
    page.locator("#id_message").evaluate("(element) => { element.value = 'x'.repeat(2001); }")
    submit(page, "main form button[type=submit]", 400)


@dataclass(frozen=True)
class PageCase:
    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


PAGE_CASES = [
    PageCase("directory", lambda scene: None, lambda scene: "initiatives/", ".results"),
    PageCase(
        "directory-errors",
        lambda scene: None,
        lambda scene: "initiatives/?theme=99&funding_program=ZZZ",
        ".error-summary",
        status=400,
    ),
    PageCase(
        "province-choice",
        lambda scene: None,
        lambda scene: "initiatives/provinces/",
        "#province-choice",
    ),
    PageCase(
        "province", lambda scene: None, lambda scene: "initiatives/provinces/QC/", ".province-table"
    ),
    PageCase(
        "detail-visitor",
        lambda scene: None,
        lambda scene: f"initiatives/{scene.mine.pk}/",
        ".similar-list",
    ),
    PageCase(
        "detail-editor",
        lambda scene: scene.administrator,
        lambda scene: f"initiatives/{scene.mine.pk}/",
        "form[action*='/dismiss/']",
    ),
    PageCase(
        "create",
        lambda scene: scene.administrator,
        lambda scene: "initiatives/new/",
        "#id_lead_organization",
    ),
    PageCase(
        "edit-errors",
        lambda scene: scene.administrator,
        lambda scene: f"initiatives/{scene.mine.pk}/edit/",
        ".error-summary",
        action=clear_themes_and_submit,
    ),
    PageCase(
        "connect",
        lambda scene: scene.viewer,
        lambda scene: f"initiatives/{scene.theirs.pk}/connect/",
        "#id_from_initiative",
    ),
    PageCase(
        "connect-errors",
        lambda scene: scene.viewer,
        lambda scene: f"initiatives/{scene.theirs.pk}/connect/",
        ".error-summary",
        action=connect_with_long_message,
    ),
    PageCase(
        "propose",
        lambda scene: scene.other_administrator,
        lambda scene: f"initiatives/{scene.mine.pk}/propose/",
        "#id_title_en",
    ),
    PageCase(
        "connections",
        lambda scene: scene.other_administrator,
        lambda scene: "initiatives/connections/",
        "button[value='accept']",
    ),
]


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_initiative_page_passes_axe(
    case: PageCase,
    language: str,
    width: int,
    scene: Scene,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
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

    violations = run_axe(page)

    assert not violations, f"axe-core found violations on {page.url}:\n" + describe_violations(
        violations
    )
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    overflowing = page.evaluate(OVERFLOWING_ELEMENTS)
    assert not overflowing, f"{page.url} overflows at {width}px:\n" + "\n".join(overflowing)
