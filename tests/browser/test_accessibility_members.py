"""axe-core and reflow on the members, invitation, join and leadership declaration pages.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it. Forms are also checked after a submission that shows
their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import services
from partners.models import Invitation, LeadershipDeclaration, Membership, Organization, Role, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.conftest import make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]

# An address of 64 characters before the @, the most an address may have,
# to check that member cards wrap it at 320 pixels.
LONG_EMAIL = "marie-josephine.cote-tremblay.coordonnatrice-regionale-emploi421@example.org"


@dataclass
class Scene:
    """Organization A with members, open invitations and a pending request to join."""

    organization: Organization
    administrator: User
    viewer: User
    other_administrator: User
    invitee: User
    asker: User
    newcomer: User
    invitation: Invitation
    expired_invitation: Invitation


@pytest.fixture
def scene(
    organization_a: Organization, admin_a: User, member_a: User, editor_a: User, admin_b: User
) -> Scene:
    long_member = make_user(LONG_EMAIL)
    services.add_member(organization_a, long_member, Role.EDITOR)
    invitee = make_user("marie.cote@example.org")
    invitation = services.invite_member(
        admin_a, organization_a, "Marie.Cote@Example.org", Role.EDITOR
    )
    expired_invitation = services.invite_member(
        admin_a, organization_a, "late.person@example.org", Role.VIEWER
    )
    Invitation.objects.filter(pk=expired_invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    asker = make_user("asker@example.org", preferred_language="fr")
    services.request_to_join(
        asker,
        organization_a,
        "Je coordonne le programme d'emploi de la région.\nJ'aimerais suivre les rapports.",
    )
    services.declare_leadership(
        admin_a,
        organization_a,
        {
            "body_name": "Board of directors",
            "seats_total": 7,
            "seats_with_lived_experience": 4,
            "chief_executive_lived_experience": "not-shared",
            "run_by_and_for": False,
            "consent_attested": True,
        },
    )
    return Scene(
        organization=organization_a,
        administrator=admin_a,
        viewer=member_a,
        other_administrator=admin_b,
        invitee=invitee,
        asker=asker,
        newcomer=make_user("newcomer@example.org"),
        invitation=invitation,
        expired_invitation=expired_invitation,
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


def membership_id(scene: Scene, user: User) -> int:
    return Membership.objects.get(organization=scene.organization, user=user).pk


def demote_last_administrator(page: Page, scene: Scene) -> None:
    own = membership_id(scene, scene.administrator)
    page.locator(f"#id_member-{own}-role").select_option("viewer")
    submit(page, f"#member-{own} form:has(input[value='role']) button", 400)


def confirm_removal(page: Page, scene: Scene) -> None:
    viewer = membership_id(scene, scene.viewer)
    submit(page, f"#remove-{viewer}", 200)


def send_long_join_message(page: Page, scene: Scene) -> None:
    # The textarea's maxlength stops typing at 2,000 characters, so the
    # value is set directly, as a browser without maxlength would send it.
    page.locator("#id_message").evaluate("(element) => { element.value = 'x'.repeat(2001); }")
    submit(page, "main form button[type=submit]", 400)


def send_wrong_declaration(page: Page, scene: Scene) -> None:
    page.locator("#id_seats_total").fill("3")
    page.locator("#id_seats_with_lived_experience").fill("4")
    submit(page, "main form button[type=submit]", 400)


@dataclass(frozen=True)
class PageCase:
    """A page to check: its persona, its path after the language prefix, its HTTP status,
    what proves it is the right page, and an optional action before the check."""

    id: str
    persona: Callable[[Scene], User]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


def members_path(scene: Scene) -> str:
    return f"organizations/{scene.organization.slug}/members/"


def declaration_path(scene: Scene) -> str:
    return f"organizations/{scene.organization.slug}/declaration/"


def join_path(scene: Scene) -> str:
    return f"organizations/{scene.organization.slug}/join/"


PAGE_CASES = [
    PageCase(
        "members-administrator",
        persona=lambda scene: scene.administrator,
        path=members_path,
        shows="form[action$='/members/invite/']",
    ),
    PageCase(
        "members-viewer",
        persona=lambda scene: scene.viewer,
        path=members_path,
        shows=".card",
    ),
    PageCase(
        "members-invite-errors",
        persona=lambda scene: scene.administrator,
        path=members_path,
        shows=".error-summary a[href='#id_invite-email']",
        action=lambda page, scene: submit(page, "form[action$='/members/invite/'] button", 400),
    ),
    PageCase(
        "members-last-administrator-error",
        persona=lambda scene: scene.administrator,
        path=members_path,
        shows=".error-summary a[href^='#id_member-']",
        action=demote_last_administrator,
    ),
    PageCase(
        "members-remove-confirmation",
        persona=lambda scene: scene.administrator,
        path=members_path,
        shows="input[name='confirm'][value='yes']",
        action=confirm_removal,
    ),
    PageCase(
        "members-forbidden",
        persona=lambda scene: scene.other_administrator,
        path=members_path,
        shows=".lead",
        status=403,
    ),
    PageCase(
        "invitation",
        persona=lambda scene: scene.invitee,
        path=lambda scene: f"invitations/{scene.invitation.token}/",
        shows="main form button[type=submit]",
    ),
    PageCase(
        "invitation-expired",
        persona=lambda scene: scene.invitee,
        path=lambda scene: f"invitations/{scene.expired_invitation.token}/",
        shows=".lead",
        status=400,
    ),
    PageCase(
        "join",
        persona=lambda scene: scene.newcomer,
        path=join_path,
        shows="#id_message",
    ),
    PageCase(
        "join-errors",
        persona=lambda scene: scene.newcomer,
        path=join_path,
        shows=".error-summary a[href='#id_message']",
        action=send_long_join_message,
    ),
    PageCase(
        "join-pending",
        persona=lambda scene: scene.asker,
        path=join_path,
        shows="blockquote",
    ),
    PageCase(
        "declaration",
        persona=lambda scene: scene.administrator,
        path=declaration_path,
        shows="#id_consent_attested",
    ),
    PageCase(
        "declaration-errors",
        persona=lambda scene: scene.administrator,
        path=declaration_path,
        shows=".error-summary a[href='#id_seats_with_lived_experience']",
        action=send_wrong_declaration,
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
    page.context.add_cookies([session_cookie(case.persona(scene), live_server)])  # type: ignore[list-item]

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
def test_members_page_passes_axe(
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
def test_members_page_reflows_at_320px(
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


# Targets of at least 24 by 24 CSS pixels (WCAG 2.2 success criterion 2.5.8),
# except links inside a sentence, which the criterion exempts.
SMALL_TARGETS = """
() => [...document.querySelectorAll("main button, main input, main select, main textarea")]
  .filter((element) => element.type !== "hidden")
  .map((element) => {
    const box = element.getBoundingClientRect();
    return {id: element.id || element.name, width: box.width, height: box.height};
  })
  .filter((target) => target.width < 24 || target.height < 24)
"""


@pytest.mark.parametrize(
    "case",
    [case for case in PAGE_CASES if case.id in {"members-administrator", "declaration"}],
    ids=lambda case: case.id,
)
def test_members_controls_are_large_enough(
    case: PageCase, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_case(case, "en", NARROW_WIDTH, scene, open_page, live_server)

    assert page.evaluate(SMALL_TARGETS) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_declaration_works_without_javascript(
    language: str, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_page(f"/{language}/", javascript=False)
    page.context.add_cookies([session_cookie(scene.administrator, live_server)])  # type: ignore[list-item]
    page.goto(f"/{language}/{declaration_path(scene)}")

    page.locator("#id_seats_total").fill("9")
    page.locator("#id_seats_with_lived_experience").fill("5")
    submit(page, "main form button[type=submit]", 400)
    page.locator(".error-summary a[href='#id_consent_attested']").click()

    assert page.evaluate("document.activeElement.id") == "id_consent_attested"
    assert page.locator("#id_seats_total").input_value() == "9"

    page.locator("#id_consent_attested").check()
    page.locator("#id_chief_executive_lived_experience_0").check()
    submit(page, "main form button[type=submit]", 200)

    current = LeadershipDeclaration.objects.current().get(organization=scene.organization)
    assert current.seats_total == 9
    assert current.seats_with_lived_experience == 5
    assert current.chief_executive_lived_experience == "yes"
    assert current.attested_by == scene.administrator
    assert page.locator(".messages").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_accepted_without_javascript(
    language: str, scene: Scene, open_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = open_page(f"/{language}/", javascript=False)
    page.context.add_cookies([session_cookie(scene.invitee, live_server)])  # type: ignore[list-item]
    page.goto(f"/{language}/invitations/{scene.invitation.token}/")

    submit(page, "main form button[type=submit]", 200)

    assert page.url.endswith(f"/{language}/{members_path(scene)}")
    membership = Membership.objects.get(organization=scene.organization, user=scene.invitee)
    assert membership.role == Role.EDITOR
