"""axe-core and reflow on the governance pages, from the dashboard to the exemplary partnerships.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows
their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from governance import services
from governance.models import Assessment, Criterion, GoalProgress, Review
from hubsite.quarters import current_quarter
from partners.models import (
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipState,
    User,
)
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, LONG_NAME, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@dataclass
class Scene:
    coordinator: User
    member: User
    open_assessment: Assessment
    declined_assessment: Assessment
    review: Review
    criterion: Criterion


def make_partnership(name: str, state: str, lead: Organization, other: Organization) -> Partnership:
    partnership = Partnership.objects.create(name=name, state=state)
    PartnershipMember.objects.create(
        partnership=partnership,
        organization=lead,
        role=MemberRole.LEAD,
        status=MemberStatus.ACCEPTED,
    )
    PartnershipMember.objects.create(
        partnership=partnership, organization=other, status=MemberStatus.ACCEPTED
    )
    return partnership


@pytest.fixture
def scene(
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    coordinator: User,
    make_organization: Callable[..., Organization],
) -> Scene:
    other = make_organization(name=LONG_NAME)
    proposed = make_partnership(
        "Alliance pour l'emploi inclusif", PartnershipState.PROPOSED, organization_a, other
    )
    open_assessment = services.start_assessment(coordinator, proposed, "proposal")
    declined = make_partnership(
        "Declined Employers' Circle", PartnershipState.PROPOSED, organization_a, organization_b
    )
    declined_assessment = services.start_assessment(coordinator, declined, "proposal")
    services.decide_assessment(
        coordinator,
        declined_assessment,
        decision="decline",
        reasons_en="Accessibility costs are not covered.",
        reasons_fr="Les coûts d'accessibilité ne sont pas couverts.",
    )
    make_partnership("Waiting Partnership", PartnershipState.PROPOSED, organization_b, other)

    running = make_partnership(LONG_NAME, PartnershipState.ACTIVE, organization_a, other)
    quarter = current_quarter()
    review = Review.objects.create(
        partnership=running,
        quarter=quarter.code,
        due_date=quarter.last_day,
        coordinator=coordinator,
        leadership_roles_total=6,
        leadership_roles_lived_experience=4,
    )
    GoalProgress.objects.create(review=review, goal_text="Hire 20 people with disabilities")
    late = make_partnership(
        "Late Review Partnership", PartnershipState.ACTIVE, organization_a, other
    )
    Review.objects.create(
        partnership=late, quarter=quarter.previous().code, due_date=date(2020, 3, 31)
    )
    exemplary = make_partnership(
        "Réseau exemplaire d'emploi", PartnershipState.ACTIVE, organization_b, other
    )
    done = Review.objects.create(
        partnership=exemplary, quarter=quarter.code, due_date=quarter.last_day
    )
    services.complete_review(coordinator, done, decision="exemplary", reasons="Great work.")
    Partnership.objects.filter(pk=exemplary.pk).update(exemplary_since=timezone.now())
    return Scene(
        coordinator=coordinator,
        member=admin_a,
        open_assessment=open_assessment,
        declined_assessment=declined_assessment,
        review=review,
        criterion=Criterion.objects.get(key="costs"),
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


def clear_weight(page: Page, scene: Scene) -> None:
    page.locator("#id_weight").fill("")
    submit(page, "main form button[type=submit]", 400)


def decide_without_reasons(page: Page, scene: Scene) -> None:
    page.locator("#id_decision_1").check()
    submit(page, "form[action$='/decide/'] button[type=submit]", 400)


def complete_without_reasons(page: Page, scene: Scene) -> None:
    submit(page, "form[action$='/complete/'] button[type=submit]", 400)


@dataclass(frozen=True)
class PageCase:
    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


PAGE_CASES = [
    PageCase("dashboard", lambda s: s.coordinator, lambda s: "governance/", "table.data-table"),
    PageCase(
        "dashboard-bad-quarter",
        lambda s: s.coordinator,
        lambda s: "governance/?quarter=2026Q9",
        "#id_quarter-error",
        status=400,
    ),
    PageCase("criteria", lambda s: s.coordinator, lambda s: "governance/criteria/", "ol.scale"),
    PageCase(
        "criterion-edit",
        lambda s: s.coordinator,
        lambda s: f"governance/criteria/{s.criterion.pk}/",
        "#id_level_4_fr",
    ),
    PageCase(
        "criterion-errors",
        lambda s: s.coordinator,
        lambda s: f"governance/criteria/{s.criterion.pk}/",
        ".error-summary a[href='#id_weight']",
        action=clear_weight,
    ),
    PageCase(
        "assessment-edit",
        lambda s: s.coordinator,
        lambda s: f"governance/assessments/{s.open_assessment.pk}/edit/",
        "#id_score_costs",
    ),
    PageCase(
        "assessment-coordinator",
        lambda s: s.coordinator,
        lambda s: f"governance/assessments/{s.open_assessment.pk}/",
        "form[action$='/decide/']",
    ),
    PageCase(
        "assessment-decision-errors",
        lambda s: s.coordinator,
        lambda s: f"governance/assessments/{s.open_assessment.pk}/",
        ".error-summary a[href='#id_reasons_en']",
        action=decide_without_reasons,
    ),
    PageCase(
        "assessment-member",
        lambda s: s.member,
        lambda s: f"governance/assessments/{s.declined_assessment.pk}/",
        ".decision--decline",
    ),
    PageCase(
        "review-coordinator",
        lambda s: s.coordinator,
        lambda s: f"governance/reviews/{s.review.pk}/",
        "form[action$='/complete/']",
    ),
    PageCase(
        "review-errors",
        lambda s: s.coordinator,
        lambda s: f"governance/reviews/{s.review.pk}/",
        ".error-summary",
        action=complete_without_reasons,
    ),
    PageCase(
        "review-member",
        lambda s: s.member,
        lambda s: f"governance/reviews/{s.review.pk}/",
        "form[action$='/benefit/']",
    ),
    PageCase("exemplary", lambda s: None, lambda s: "exemplary-partnerships/", ".card"),
    PageCase("home-exemplary", lambda s: None, lambda s: "", ".exemplary-list a"),
    PageCase("dashboard-forbidden", lambda s: s.member, lambda s: "governance/", "h1", status=403),
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
def test_governance_page_passes_axe(
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
def test_governance_page_reflows_at_320px(
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
