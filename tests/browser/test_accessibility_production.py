"""The database outage page under axe-core, and pages that break no Content-Security-Policy rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from hubsite.urls import urlpatterns as hub_urlpatterns
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH, VIEWPORT_HEIGHT

pytestmark = pytest.mark.browser


def fail_as_outage(request: HttpRequest, language: str) -> HttpResponse:
    raise OperationalError("connection refused")


# The hub's URLs plus one page per language whose view fails as it does while
# PostgreSQL is unreachable.
urlpatterns = [
    re_path(r"^(?P<language>en|fr)/outage-check/$", fail_as_outage),
    *hub_urlpatterns,
]

# Records every Content-Security-Policy violation of the page in window.cspViolations.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} (${where})`);
});
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
def test_outage_page_passes_axe(
    settings, language: str, width: int, open_page: Callable[..., Page]
) -> None:
    settings.ROOT_URLCONF = __name__

    page = open_page(f"/{language}/outage-check/", width=width, status=503)

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= page.evaluate("window.innerWidth")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "ready_selector"),
    [
        ("/en/", "h1"),
        ("/fr/help/", "h1"),
        ("/en/network/who-is-at-the-table/", "h1"),
        ("/en/accounts/login/", "h1"),
        ("/api/docs/", ".swagger-ui .info .title"),
    ],
)
def test_page_breaks_no_csp_rule(
    path: str,
    ready_selector: str,
    reference_data: None,
    browser: Browser,
    live_server: LiveServer,
) -> None:
    context = browser.new_context(
        viewport={"width": DESKTOP_WIDTH, "height": VIEWPORT_HEIGHT}, base_url=live_server.url
    )
    context.add_init_script(RECORD_VIOLATIONS)
    console_errors: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        response = page.goto(path)
        page.wait_for_selector(ready_selector, timeout=15_000)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.cspViolations")
    finally:
        context.close()

    assert response is not None
    assert response.status == 200
    assert "content-security-policy" in response.headers
    assert violations == []
    assert [error for error in console_errors if "Content Security Policy" in error] == []
