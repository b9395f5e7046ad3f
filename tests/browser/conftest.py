"""Fixtures for the browser tests: headless Chromium, the live server and a small directory.

Playwright's sync API drives Debian's Chromium at CHROMIUM_PATH, so no browser
is downloaded. The live server and every page the tests open stay on 127.0.0.1,
and a request to any other origin is aborted and fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from partners.models import Language, Organization, Region, Sector, StakeholderKind

# Playwright's sync API keeps an asyncio event loop registered as running in
# the test thread from the moment it starts until it stops. Django takes that
# as "called from async code" and raises SynchronousOnlyOperation on every ORM
# call in the test thread, including fixtures that create organizations and
# the flush that ends each transactional test. The test thread never runs
# coroutines, so the check has nothing to protect here. The variable is set
# for the whole pytest process because the session-scoped Playwright fixture
# keeps the loop running for every test that runs after the first browser test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# pytest-django's live server listens on "localhost" by default, which may
# resolve to ::1. The tests keep every request on IPv4 loopback instead. The
# variable is read when the session-scoped live_server fixture starts.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM_PATH = Path("/usr/bin/chromium")

# --disable-background-networking, --disable-component-update and
# --disable-sync stop Chromium's background requests to outside services.
# Without them Chromium misbehaves on machines with no internet access, such
# as the CI machines.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP_WIDTH = 1280
# WCAG 2.2 success criterion 1.4.10 (Reflow): content reads without scrolling
# in two dimensions at 320 CSS pixels wide.
NARROW_WIDTH = 320
VIEWPORT_HEIGHT = 800

# A 250-character name with accents, to wrap in the h1, the breadcrumb and result links.
LONG_NAME = (
    "Regroupement provincial et territorial des organismes communautaires "
    "des syndicats, des employeurs et des établissements d'enseignement "
    "pour l'intégration au travail des personnes handicapées, sourdes, "
    "malvoyantes ou neurodivergentes du Nord canadien"
)
# 70 letters with no space or hyphen where a browser could break the line.
LONG_WORD = "Arbeitsplatzbarrierefreiheitsberatungsundinklusionsnetzwerkgesellschaf"


@dataclass
class Directory:
    """The organizations that the browser tests find in the live server's database."""

    french_only: Organization
    bilingual: Organization
    long_name: Organization
    long_word: Organization
    demo: Organization
    make_organization: Callable[..., Organization]
    organizations: list[Organization] = field(default_factory=list)

    def mark_demo(self) -> None:
        """Flag the demo organization as fictional so every page shows the demo notice."""
        Organization.objects.filter(pk=self.demo.pk).update(is_demo=True)

    def add_organizations(self, count: int) -> None:
        """Create `count` plain organizations, enough to give the directory a second page."""
        for number in range(1, count + 1):
            self.organizations.append(self.make_organization(name=f"Zone d'emploi {number:02d}"))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Start one headless Chromium for the whole session. Each test opens its own context."""
    if not CHROMIUM_PATH.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM_PATH}: install Debian's chromium package.")

    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Return a function that loads a path of the live server in a new browser context.

    The function checks the HTTP status of the page and fails the test if the
    page requested another origin or if any request failed or returned an error,
    such as a missing stylesheet.
    """
    contexts: list[BrowserContext] = []

    def open_path(
        path: str, *, width: int = DESKTOP_WIDTH, status: int = 200, javascript: bool = True
    ) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": VIEWPORT_HEIGHT},
            base_url=live_server.url,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        problems: list[str] = []

        def keep_on_live_server(route: Route) -> None:
            if route.request.url.startswith(f"{live_server.url}/"):
                route.continue_()
            else:
                problems.append(f"blocked request to another origin: {route.request.url}")
                route.abort()

        def record_failed_request(request: Request) -> None:
            problems.append(f"request failed: {request.url} ({request.failure})")

        def record_error_response(response: Response) -> None:
            # The page itself may be an expected 400, so its status is checked after goto().
            if response.status >= 400 and response.request.resource_type != "document":
                problems.append(f"HTTP {response.status}: {response.url}")

        context.route("**/*", keep_on_live_server)
        page = context.new_page()
        page.on("requestfailed", record_failed_request)
        page.on("response", record_error_response)

        response = page.goto(path)

        assert response is not None, f"{path} returned no response"
        assert response.status == status, f"{path} returned HTTP {response.status}"
        assert not problems, f"{path} loaded with errors:\n" + "\n".join(problems)
        return page

    yield open_path

    for context in contexts:
        context.close()


@pytest.fixture
def directory(make_organization: Callable[..., Organization]) -> Directory:
    """Create organizations with French-only text, accents, a long name and a long word."""
    assert len(LONG_NAME) == 250
    assert len(LONG_WORD) == 70

    quebec = Region.objects.get(code="CA-QC")
    ontario = Region.objects.get(code="CA-ON")
    nunavut = Region.objects.get(code="CA-NU")
    national = Region.objects.get(code="CA")
    english = Language.objects.get(code="en")
    french = Language.objects.get(code="fr")
    quebec_sign_language = Language.objects.get(code="fcs")

    french_only = make_organization(
        name="Réseau d'emploi inclusif de Montréal",
        alternate_name="Montréal Inclusive Employment Network",
        description_fr=(
            "Le Réseau accompagne les personnes handicapées vers l'emploi et conseille "
            "les employeurs de la région sur l'accessibilité des postes de travail.\n\n"
            "Services offerts en français et en langue des signes québécoise."
        ),
        city="Montréal",
        province=quebec,
        regions_served=[quebec],
        languages=[french, quebec_sign_language],
        website="https://reseau-emploi.example.org/",
        email="info@reseau-emploi.example.org",
        phone="+1 514 555 0100",
    )
    bilingual = make_organization(
        name="Inclusive Employers Council of Canada",
        alternate_name="Conseil canadien des employeurs inclusifs",
        description_en="A council of employers that share accessible hiring practices.",
        description_fr=(
            "Un conseil d'employeurs qui partagent des pratiques d'embauche accessibles."
        ),
        kind=StakeholderKind.objects.get(slug="business"),
        size_band="large",
        unionized="yes",
        sector=Sector.objects.get(code="62"),
        city="Toronto",
        province=ontario,
        regions_served=[national],
        languages=[english, french],
    )
    long_name = make_organization(
        name=LONG_NAME,
        description_fr="Un regroupement qui porte un très long nom.",
        city="Iqaluit",
        province=nunavut,
        indigenous_led=True,
        regions_served=[nunavut],
    )
    long_word = make_organization(
        name=f"{LONG_WORD} Canada",
        description_en=f"The word {LONG_WORD} has no place to break.",
        city=LONG_WORD,
        website=f"https://example.org/{LONG_WORD}/{LONG_WORD}",
        email=f"{LONG_WORD.lower()}@example.org",
    )
    demo = make_organization(
        name="Coopérative fictive d'Emploi Nord-Sud",
        description_en="A fictional co-operative created for the demonstration.",
        city="Sherbrooke",
        province=quebec,
    )
    organizations = [french_only, bilingual, long_name, long_word, demo]
    return Directory(
        french_only=french_only,
        bilingual=bilingual,
        long_name=long_name,
        long_word=long_word,
        demo=demo,
        make_organization=make_organization,
        organizations=organizations,
    )
