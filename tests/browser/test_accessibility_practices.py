"""axe-core, reflow and target sizes on the practices, evidence-gap and digest pages.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import permissions, services
from partners.models import Organization, Partnership, Region, Role, Theme, User
from practices.digests import send_digests
from practices.models import EvidenceGap, Practice, PracticeKind, PracticeStatus, Subscription
from practices.subscriptions import CONFIRM_SALT, UNSUBSCRIBE_SALT, make_token
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.browser.test_accessibility_members import SMALL_TARGETS
from tests.conftest import make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]
LONG_TITLE = (
    "Des stages d'essai rémunérés et accompagnés par des pairs ayant un vécu de handicap "
    "dans les petites entreprises manufacturières et les coopératives du Nouveau-Brunswick"
)


@dataclass
class Scene:
    author: User
    coordinator: User
    visitor: User | None
    published: Practice
    anonymous: Practice
    submitted: Practice
    gap: EvidenceGap
    pending: Subscription
    active: Subscription


@pytest.fixture
def scene(organization_a: Organization, admin_a: User) -> Scene:
    from allauth.mfa.models import Authenticator

    coordinator = make_user("coordinator.browser@example.org")
    coordinator.groups.add(permissions.coordinators_group())
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    author = make_user("auteure.browser@example.org", preferred_language="fr")
    services.add_member(organization_a, author, Role.EDITOR)
    theme = Theme.objects.get(number=3)
    quebec = Region.objects.get(code="CA-QC")
    partnership = Partnership.objects.create(name="Cercle d'embauche", state="active")
    moment = timezone.make_aware(datetime(2026, 11, 25, 10))

    def practice(**fields: object) -> Practice:
        fields.setdefault("status", PracticeStatus.PUBLISHED)
        fields.setdefault("published_at", moment)
        created = Practice.objects.create(submitted_by=author, **fields)
        created.themes.set([theme])
        created.regions.set([quebec])
        return created

    published = practice(
        kind=PracticeKind.CASE_STUDY,
        title_fr=LONG_TITLE,
        title_en="Paid work trials with peer support",
        summary_fr="Un résumé en français seulement.",
        what_was_done_en="1. **Paid** trials\n2. [Guide](https://example.org/guide)",
        outcomes_fr="Douze personnes embauchées.",
    )
    published.partnerships.set([partnership])
    published.organizations.set([organization_a])
    anonymous = practice(
        kind=PracticeKind.LESSON,
        is_anonymous=True,
        title_en="Interviews without interpreters",
        summary_en="What went wrong.",
        submitting_organization=organization_a,
    )
    submitted = practice(
        kind=PracticeKind.BEST_PRACTICE,
        title_en="Accessible postings",
        status=PracticeStatus.SUBMITTED,
        published_at=None,
    )
    gap = EvidenceGap.objects.create(
        question_en="Which accommodations keep people employed?",
        question_fr="Quelles mesures d'adaptation maintiennent les gens en emploi?",
        why_it_matters_en="It *matters*.",
        need_count=3,
    )
    gap.themes.set([theme])
    pending = Subscription.objects.create(email="visitor@example.org", kinds=["lesson"])
    active = Subscription.objects.create(
        email=admin_a.email,
        user=admin_a,
        kinds=["lesson", "best-practice"],
        status="active",
        consent_at=timezone.make_aware(datetime(2026, 1, 1)),
    )
    send_digests("weekly", "2026-W48")
    return Scene(
        author=author,
        coordinator=coordinator,
        visitor=None,
        published=published,
        anonymous=anonymous,
        submitted=submitted,
        gap=gap,
        pending=pending,
        active=active,
    )


def submit(page: Page, button: str, status: int) -> None:
    with page.expect_navigation() as navigation:
        page.locator(button).first.click()
    response: Response | None = navigation.value
    assert response is not None
    assert response.status == status, f"{page.url} returned HTTP {response.status}"


@dataclass(frozen=True)
class PageCase:
    """A page: its persona (None for a visitor), path after the language prefix, status,
    what proves it is the right page, and an optional action before the check."""

    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page], None] | None = None


def visitor(scene: Scene) -> None:
    return None


MAIN_SUBMIT = "main form.stacked-form button[type=submit]"

PAGE_CASES = [
    PageCase("library", visitor, lambda s: "practices/", "ol.results"),
    PageCase("library-empty", visitor, lambda s: "practices/?search=zzzz", ".empty-state"),
    PageCase(
        "library-bad-filter", visitor, lambda s: "practices/?kind=nope", ".error-summary", 400
    ),
    PageCase("practice", visitor, lambda s: f"practices/{s.published.slug}/", ".prose"),
    PageCase("practice-anonymous", visitor, lambda s: f"practices/{s.anonymous.slug}/", "h1"),
    PageCase(
        "practice-submitted-author",
        lambda s: s.author,
        lambda s: f"practices/{s.submitted.slug}/",
        ".notice",
    ),
    PageCase("submit", lambda s: s.author, lambda s: "practices/submit/", "#id_title_en"),
    PageCase(
        "submit-errors",
        lambda s: s.author,
        lambda s: "practices/submit/",
        ".error-summary a[href='#id_themes']",
        action=lambda page: submit(page, MAIN_SUBMIT, 400),
    ),
    PageCase("my-practices", lambda s: s.author, lambda s: "practices/mine/", "table"),
    PageCase(
        "moderation-queue", lambda s: s.coordinator, lambda s: "practices/moderation/", "table"
    ),
    PageCase(
        "moderate",
        lambda s: s.coordinator,
        lambda s: f"practices/{s.submitted.slug}/moderate/",
        "#id_decision",
    ),
    PageCase(
        "moderate-errors",
        lambda s: s.coordinator,
        lambda s: f"practices/{s.submitted.slug}/moderate/",
        ".error-summary",
        action=lambda page: submit(page, MAIN_SUBMIT, 400),
    ),
    PageCase("gaps", visitor, lambda s: "evidence-gaps/", "ol.results"),
    PageCase("gap", lambda s: s.author, lambda s: f"evidence-gaps/{s.gap.pk}/", "button"),
    PageCase("gap-create", lambda s: s.author, lambda s: "evidence-gaps/new/", "#id_question_en"),
    PageCase(
        "gap-create-errors",
        lambda s: s.author,
        lambda s: "evidence-gaps/new/",
        ".error-summary",
        action=lambda page: submit(page, MAIN_SUBMIT, 400),
    ),
    PageCase("subscribe", visitor, lambda s: "digests/subscribe/", "#id_email"),
    PageCase(
        "subscribe-errors",
        visitor,
        lambda s: "digests/subscribe/",
        ".error-summary a[href='#id_consent']",
        action=lambda page: submit(page, MAIN_SUBMIT, 400),
    ),
    PageCase("subscribe-pending", visitor, lambda s: "digests/subscribe/check-your-email/", "h1"),
    PageCase(
        "confirm",
        visitor,
        lambda s: f"digests/confirm/{make_token(s.pending, CONFIRM_SALT)}/",
        "main form button",
    ),
    PageCase(
        "unsubscribe",
        visitor,
        lambda s: f"digests/unsubscribe/{make_token(s.active, UNSUBSCRIBE_SALT)}/",
        "main form button",
    ),
    PageCase(
        "unsubscribe-bad-token",
        visitor,
        lambda s: "digests/unsubscribe/tampered:token/",
        ".lead",
        400,
    ),
    PageCase("my-subscriptions", lambda s: s.active.user, lambda s: "digests/mine/", ".card"),
    PageCase("digest-archive", visitor, lambda s: "digests/", "main li a"),
    PageCase("digest-issue", visitor, lambda s: "digests/weekly-2026-W48/", "h2"),
]


def session_cookie(user: User, live_server: LiveServer) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


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
        case.action(page)
    assert page.locator(case.shows).count() > 0, f"{page.url} shows no {case.shows!r}"
    return page


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_practices_page_passes_axe(
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
        assert scroll_width <= NARROW_WIDTH, f"{page.url} scrolls sideways:\n" + "\n".join(
            page.evaluate(OVERFLOWING_ELEMENTS)
        )


@pytest.mark.parametrize(
    "case",
    [
        case
        for case in PAGE_CASES
        if case.id in {"library", "submit", "subscribe", "moderate", "gap"}
    ],
    ids=lambda case: case.id,
)
def test_practices_controls_are_large_enough(
    case: PageCase, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_case(case, "en", NARROW_WIDTH, scene, open_page, live_server)

    assert page.evaluate(SMALL_TARGETS) == []


def test_subscribe_and_confirm_without_javascript(
    scene: Scene, open_page: Callable[..., Page], reference_data: None
) -> None:
    page = open_page("/fr/digests/subscribe/", javascript=False)
    page.locator("#id_email").fill("sans.js@example.org")
    page.locator("#id_consent").check()

    submit(page, MAIN_SUBMIT, 200)

    assert Subscription.objects.get(email="sans.js@example.org").status == "pending"
    assert "/fr/digests/subscribe/check-your-email/" in page.url
