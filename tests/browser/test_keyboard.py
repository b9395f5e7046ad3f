"""Keyboard use: the skip link, visible focus and the directory form's tab order and names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import CDPSession, Page

from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH, VIEWPORT_HEIGHT, Directory

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]

# Enough presses to pass the header and every control of the directory form.
MAX_TAB_PRESSES = 40

FOCUS_STYLE = """
() => {
  const style = getComputedStyle(document.activeElement);
  return {
    outlineStyle: style.outlineStyle,
    outlineWidth: style.outlineWidth,
    boxShadow: style.boxShadow,
  };
}
"""

# The directory form's focusable controls in document order and the focused
# element, each control named by its tag and its id, link target or type,
# such as "select id_kind".
FORM_STATE = """
() => {
  const key = (element) => `${element.tagName.toLowerCase()} ${
    element.id || element.getAttribute("href") || element.type
  }`;
  const form = document.querySelector("form.filters");
  const focused = document.activeElement;
  return {
    controls: [...form.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea"
    )].map(key),
    focused: key(focused),
    focusedInForm: form.contains(focused),
    focusedHtml: focused.outerHTML.slice(0, 200),
  };
}
"""


def translate(message: str, language: str) -> str:
    """Return `message` as the page in `language` shows it, from the compiled catalogue."""
    with translation.override(language):
        return translation.gettext(message)


def has_focus_indicator(style: dict[str, str]) -> bool:
    """Tell whether a computed style draws an outline or a box shadow around the element."""
    has_outline = style["outlineStyle"] != "none" and style["outlineWidth"] != "0px"
    return has_outline or style["boxShadow"] != "none"


def focused_role_and_name(session: CDPSession) -> tuple[str, str]:
    """Return Chromium's accessibility role and computed accessible name of the focused element.

    The name comes from the browser's own accessibility tree, the one that
    screen readers read, rather than from the labels in the HTML.
    """
    focused = session.send("Runtime.evaluate", {"expression": "document.activeElement"})
    tree = session.send(
        "Accessibility.getPartialAXTree",
        {"objectId": focused["result"]["objectId"], "fetchRelatives": False},
    )
    node: dict[str, Any] = tree["nodes"][0]
    return node["role"]["value"], node.get("name", {}).get("value", "").strip()


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_moves_focus_to_main(
    language: str,
    width: int,
    reference_data: None,
    open_page: Callable[..., Page],
) -> None:
    page = open_page(f"/{language}/", width=width)

    page.keyboard.press("Tab")

    skip_link = page.locator(":focus")
    assert skip_link.get_attribute("class") == "skip-link"
    assert skip_link.inner_text().strip() == translate("Skip to main content", language)
    assert skip_link.get_attribute("href") == "#main"
    assert has_focus_indicator(page.evaluate(FOCUS_STYLE))

    box = skip_link.bounding_box()
    assert box is not None, "the focused skip link is not rendered"
    assert box["width"] > 0
    assert box["height"] > 0
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= width
    assert box["y"] + box["height"] <= VIEWPORT_HEIGHT

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("query", "status"),
    [("?search=montreal", 200), ("?kind=nonexistent", 400)],
    ids=["filtered", "invalid-filter"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_form_is_keyboard_operable(
    language: str,
    query: str,
    status: int,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    page = open_page(f"/{language}/organizations/{query}", status=status)
    session = page.context.new_cdp_session(page)
    controls: list[str] = page.evaluate(FORM_STATE)["controls"]
    reached: list[str] = []
    without_focus_indicator: list[str] = []
    without_name: list[str] = []

    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        state = page.evaluate(FORM_STATE)
        if not has_focus_indicator(page.evaluate(FOCUS_STYLE)):
            without_focus_indicator.append(state["focusedHtml"])
        if not state["focusedInForm"]:
            if reached:
                break
            continue
        reached.append(state["focused"])
        role, name = focused_role_and_name(session)
        if not name:
            without_name.append(f"{role}: {state['focusedHtml']}")

    assert controls, "the directory form has no focusable control"
    assert reached == controls, "Tab skips or reorders form controls"
    assert without_name == [], "focused controls without an accessible name"
    assert without_focus_indicator == [], "focused elements without an outline or box shadow"


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_summary_link_focuses_field(
    language: str,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    page = open_page(f"/{language}/organizations/?kind=nonexistent", status=400)

    page.locator(".error-summary a[href='#id_kind']").focus()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "id_kind"
    assert page.locator("#id_kind").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_search_works_without_javascript(
    language: str,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    page = open_page(f"/{language}/organizations/", javascript=False)

    page.locator("#id_search").fill("montreal")
    page.locator("#id_province").select_option("CA-QC")
    page.locator("form.filters button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "search=montreal" in page.url
    assert "province=CA-QC" in page.url
    assert page.locator(".result").count() == 1
    assert page.locator(".result h3").inner_text() == directory.french_only.name
