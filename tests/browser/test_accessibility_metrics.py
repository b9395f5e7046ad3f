"""axe-core and reflow on the metrics pages: results, the indicator library, reports and compliance.

Each page is checked in English and French, 1280 and 320 pixels wide, as the
persona who uses it, with enough approved reports that the charts show both
figures and hidden cells. Forms are also checked after a submission that
shows their errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import FilePayload, Page
from pytest_django.live_server_helper import LiveServer

from hubsite.quarters import current_quarter
from initiatives.models import Initiative
from metrics import services
from metrics.library import load_indicator_library
from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
from metrics.validation import ValueInput
from partners.models import Organization, Region, Theme, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]


@dataclass
class Scene:
    editor: User
    coordinator: User
    draft: Report
    submitted: Report


@pytest.fixture
def scene(
    organization_a: Organization,
    editor_a: User,
    coordinator: User,
    make_organization: Callable[..., Organization],
) -> Scene:
    load_indicator_library()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    quebec, ontario = Region.objects.get(code="CA-QC"), Region.objects.get(code="CA-ON")
    theme = Theme.objects.get(number=3)
    quarters = current_quarter().previous().last(8)
    # Four organizations in Quebec and one in Ontario: Ontario's cells are
    # hidden, and one Quebec quarter has a gap.
    for number in range(5):
        organization = make_organization(
            name=f"Réseau d'emploi {number}", province=ontario if number == 4 else quebec
        )
        initiative = Initiative.objects.create(
            lead_organization=organization, title_en=f"Programme {number}"
        )
        initiative.themes.set([theme])
        for code in ("participants-served", "employment-rate"):
            IndicatorAdoption.objects.create(indicator=indicators[code], initiative=initiative)
        for step, quarter in enumerate(quarters):
            if number == 0 and step == 3:
                continue
            report = Report.objects.create(
                organization=organization,
                initiative=initiative,
                quarter=quarter.code,
                state=ReportState.APPROVED,
                is_counted=True,
            )
            served = 20 + step * 3 + number
            ReportValue.objects.bulk_create(
                [
                    ReportValue(
                        report=report,
                        indicator=indicators["participants-served"],
                        value=served,
                        people=served,
                    ),
                    ReportValue(
                        report=report,
                        indicator=indicators["employment-rate"],
                        value=Decimal("55.5") + step,
                        people=served,
                    ),
                ]
            )

    initiative = Initiative.objects.create(
        lead_organization=organization_a,
        title_en="Emplois inclusifs du Nord",
        title_fr="Emplois inclusifs du Nord",
    )
    for code in ("participants-served", "employment-rate", "hourly-wage"):
        IndicatorAdoption.objects.create(indicator=indicators[code], initiative=initiative)
    draft = services.open_report(editor_a, organization_a, initiative, quarters[-1])
    services.save_values(
        editor_a, draft, [ValueInput("participants-served", Decimal(14))], replace_all=True
    )
    submitted = services.open_report(editor_a, organization_a, initiative, quarters[-2])
    services.save_values(
        editor_a, submitted, [ValueInput("participants-served", Decimal(12))], replace_all=True
    )
    services.submit_report(editor_a, submitted)
    return Scene(editor=editor_a, coordinator=coordinator, draft=draft, submitted=submitted)


def session_cookie(user: User, live_server: LiveServer) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def submit(page: Page, button: str, status: int) -> None:
    with page.expect_navigation() as navigation:
        page.locator(button).first.click()
    response = navigation.value
    assert response is not None
    assert response.status == status, f"{page.url} returned HTTP {response.status}"


def send_wrong_values(page: Page, scene: Scene) -> None:
    page.locator("#id_value_employment-rate").fill("140")
    page.locator("#id_people_employment-rate").fill("12")
    submit(page, "form.values-form button[type=submit]", 400)


def upload_bad_file(page: Page, scene: Scene) -> None:
    bad_file: FilePayload = {
        "name": "rapport.csv",
        "mimeType": "text/csv",
        "buffer": (
            "\ufeffindicator;value;people\nparticipants-served;-3;\nemployment-rate;101;12\n"
        ).encode(),
    }
    page.locator("#id_file").set_input_files(files=[bad_file])
    submit(page, "form[action$='/upload/'] button", 400)


def return_without_comment(page: Page, scene: Scene) -> None:
    submit(page, "form[action$='/return/'] button", 400)


@dataclass(frozen=True)
class PageCase:
    id: str
    persona: Callable[[Scene], User | None]
    path: Callable[[Scene], str]
    shows: str
    status: int = 200
    action: Callable[[Page, Scene], None] | None = None


PAGE_CASES = [
    PageCase(
        "indicator-adopt",
        lambda scene: scene.editor,
        lambda scene: "indicators/days-to-placement/",
        "#id_initiative",
    ),
    PageCase(
        "indicator-adopt-errors",
        lambda scene: scene.editor,
        lambda scene: "indicators/days-to-placement/",
        ".error-summary a[href='#id_initiative']",
        action=lambda page, scene: submit(page, "form[action$='/adopt/'] button", 400),
    ),
    PageCase("dashboard", lambda scene: None, lambda scene: "results/", "svg.metric-chart"),
    PageCase(
        "dashboard-bad-theme",
        lambda scene: None,
        lambda scene: "results/?theme=99",
        ".error-summary",
        status=400,
    ),
    PageCase(
        "indicator-list", lambda scene: None, lambda scene: "indicators/", "table.metric-table"
    ),
    PageCase(
        "indicator-results",
        lambda scene: None,
        lambda scene: "indicators/participants-served/",
        ".hidden-figure",
    ),
    PageCase(
        "indicator-reference",
        lambda scene: None,
        lambda scene: "indicators/sdg-8-5-2/",
        ".metric-notice",
    ),
    PageCase(
        "report-list", lambda scene: scene.editor, lambda scene: "reports/", "table.metric-table"
    ),
    PageCase("report-open", lambda scene: scene.editor, lambda scene: "reports/new/", "#id_target"),
    PageCase(
        "report-open-errors",
        lambda scene: scene.editor,
        lambda scene: "reports/new/",
        ".error-summary",
        action=lambda page, scene: submit(page, "main form button[type=submit]", 400),
    ),
    PageCase(
        "report-draft",
        lambda scene: scene.editor,
        lambda scene: f"reports/{scene.draft.pk}/",
        "#id_value_employment-rate",
    ),
    PageCase(
        "report-value-errors",
        lambda scene: scene.editor,
        lambda scene: f"reports/{scene.draft.pk}/",
        ".error-summary a[href='#id_value_employment-rate']",
        action=send_wrong_values,
    ),
    PageCase(
        "report-upload-errors",
        lambda scene: scene.editor,
        lambda scene: f"reports/{scene.draft.pk}/",
        "#upload-problems li",
        action=upload_bad_file,
    ),
    PageCase(
        "report-submitted",
        lambda scene: scene.coordinator,
        lambda scene: f"reports/{scene.submitted.pk}/",
        "#id_comment",
    ),
    PageCase(
        "report-return-errors",
        lambda scene: scene.coordinator,
        lambda scene: f"reports/{scene.submitted.pk}/",
        ".error-summary a[href='#id_comment']",
        action=return_without_comment,
    ),
    PageCase(
        "compliance",
        lambda scene: scene.coordinator,
        lambda scene: "results/compliance/",
        "table.metric-table",
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
def test_metrics_page_passes_axe(
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
def test_metrics_page_reflows_at_320px(
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


def test_dashboard_without_javascript(scene: Scene, open_page: Callable[..., Page]) -> None:
    page = open_page("/en/results/", javascript=False)
    assert page.locator("svg.metric-chart[role=img]").count() > 0
    assert page.locator("svg.metric-chart title").first.text_content()
    assert (
        page.locator("table.metric-table caption").count()
        == page.locator("svg.metric-chart").count()
    )
