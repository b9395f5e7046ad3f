"""axe-core and reflow on the rate-limit page and the organization logo form.

Each page is checked in English and French, 1280 and 320 pixels wide. The
pages are the 429 page after a rejected subscription, the logo form showing
an error for an HTML file named logo.png, and the organization page and edit
page with a logo.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Page, Response
from pytest_django.live_server_helper import LiveServer

from partners import services
from partners.models import Organization, User
from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH
from tests.browser.test_accessibility import OVERFLOWING_ELEMENTS
from tests.partners.test_logo import image_bytes

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]
WIDTHS = [DESKTOP_WIDTH, NARROW_WIDTH]
LOGO_SUBMIT = "form[enctype='multipart/form-data'] button[type=submit]"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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


def assert_accessible(page: Page, language: str, width: int) -> None:
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


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
def test_rate_limit_page_passes_axe(
    language: str,
    width: int,
    settings: Any,
    reference_data: None,
    open_page: Callable[..., Page],
) -> None:
    settings.HUB_RATE_LIMITS = {**settings.HUB_RATE_LIMITS, "subscription_per_ip": "0/h"}
    page = open_page(f"/{language}/digests/subscribe/", width=width)
    page.locator("#id_email").fill("limite@example.org")
    page.locator("#id_consent").check()

    submit(page, "main form.stacked-form button[type=submit]", 429)

    assert page.locator("main h1").count() == 1
    assert_accessible(page, language, width)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
def test_logo_form_error_passes_axe(
    language: str,
    width: int,
    organization_a: Organization,
    admin_a: User,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    page = open_page(f"/{language}/", width=width)
    page.context.add_cookies([session_cookie(admin_a, live_server)])  # type: ignore[list-item]
    response = page.goto(f"/{language}/organizations/{organization_a.slug}/edit/")
    assert response is not None
    assert response.status == 200
    page.locator("#id_logo").set_input_files(
        {
            "name": "logo.png",
            "mimeType": "image/png",
            "buffer": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        }
    )

    submit(page, LOGO_SUBMIT, 400)

    assert page.locator(".error-summary a[href='#id_logo']").count() == 1
    assert page.locator("#id_logo").get_attribute("aria-invalid") == "true"
    assert_accessible(page, language, width)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("where", ["detail", "edit"])
def test_pages_with_logo_pass_axe(
    where: str,
    language: str,
    width: int,
    organization_a: Organization,
    admin_a: User,
    open_page: Callable[..., Page],
    live_server: LiveServer,
) -> None:
    services.set_organization_logo(
        admin_a,
        organization_a,
        SimpleUploadedFile("logo.png", image_bytes("PNG", size=(600, 200))),
    )
    page = open_page(f"/{language}/", width=width)
    page.context.add_cookies([session_cookie(admin_a, live_server)])  # type: ignore[list-item]
    suffix = "" if where == "detail" else "edit/"
    response = page.goto(f"/{language}/organizations/{organization_a.slug}/{suffix}")
    assert response is not None
    assert response.status == 200

    logo = page.locator(f"img[src='{organization_a.logo.url}']").first
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_accessible(page, language, width)
