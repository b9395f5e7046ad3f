"""axe-core and reflow checks on every public page, in English and French, wide and narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from tests.browser.axe import describe_violations, run_axe
from tests.browser.conftest import DESKTOP_WIDTH, NARROW_WIDTH, Directory

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr"]

# Lists up to 10 elements that end past the right edge of the viewport, the
# usual cause of sideways scrolling.
OVERFLOWING_ELEMENTS = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10)
  .map((element) => {
    const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
    const right = Math.round(element.getBoundingClientRect().right);
    return `${element.tagName.toLowerCase()}${classes} ends at ${right}px`;
  })
"""


@dataclass(frozen=True)
class PageCase:
    """A page to check: its path after the language prefix and what proves it is the right page."""

    id: str
    path: Callable[[Directory], str]
    shows: str
    count: int | None = None
    status: int = 200
    demo: bool = False
    extra_organizations: int = 0


PAGE_CASES = [
    PageCase("home", lambda data: "", shows=".figures"),
    PageCase("help", lambda data: "help/", shows="a[href^='mailto:']"),
    PageCase("directory", lambda data: "organizations/", shows=".result", count=5),
    PageCase(
        "directory-no-results",
        lambda data: "organizations/?search=zzzz-no-such-organization",
        shows=".empty-state",
    ),
    PageCase(
        "directory-filtered",
        lambda data: (
            "organizations/?search=montreal&kind=disability-organization"
            "&province=QC&language=fr&ordering=-name"
        ),
        shows=".result",
        count=1,
    ),
    PageCase(
        "directory-invalid-filter",
        lambda data: "organizations/?kind=nonexistent",
        shows=".error-summary a[href='#id_kind']",
        status=400,
    ),
    PageCase(
        "directory-page-2",
        lambda data: "organizations/?search=emploi&page=2",
        shows=".pagination a[rel='prev']",
        extra_organizations=20,
    ),
    PageCase(
        "detail-french-only",
        lambda data: f"organizations/{data.french_only.slug}/",
        shows=".prose",
    ),
    PageCase("detail-long-name", lambda data: f"organizations/{data.long_name.slug}/", shows="h1"),
    PageCase("detail-long-word", lambda data: f"organizations/{data.long_word.slug}/", shows="h1"),
    PageCase("home-demo", lambda data: "", shows=".demo-notice", demo=True),
    PageCase("directory-demo", lambda data: "organizations/", shows=".demo-notice", demo=True),
    PageCase(
        "detail-demo",
        lambda data: f"organizations/{data.demo.slug}/",
        shows=".demo-tag",
        demo=True,
    ),
]


def open_case(
    case: PageCase,
    language: str,
    width: int,
    directory: Directory,
    open_page: Callable[..., Page],
) -> Page:
    """Open the case's page and check that it shows what the case expects."""
    if case.demo:
        directory.mark_demo()
    directory.add_organizations(case.extra_organizations)
    page = open_page(f"/{language}/{case.path(directory)}", width=width, status=case.status)

    found = page.locator(case.shows).count()
    if case.count is None:
        assert found > 0, f"{page.url} shows no {case.shows!r}"
    else:
        assert found == case.count, f"{page.url} shows {found} {case.shows!r}, not {case.count}"
    return page


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, NARROW_WIDTH], ids=lambda width: f"{width}px")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_page_passes_axe(
    case: PageCase,
    language: str,
    width: int,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    page = open_case(case, language, width, directory, open_page)

    violations = run_axe(page)

    assert not violations, f"axe-core found violations on {page.url}:\n" + describe_violations(
        violations
    )
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda case: case.id)
def test_page_reflows_at_320px(
    case: PageCase,
    language: str,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    page = open_case(case, language, NARROW_WIDTH, directory, open_page)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    viewport_width = page.evaluate("window.innerWidth")

    assert scroll_width <= viewport_width, (
        f"{page.url} scrolls sideways: {scroll_width}px of content in a "
        f"{viewport_width}px viewport.\n" + "\n".join(page.evaluate(OVERFLOWING_ELEMENTS))
    )


@pytest.mark.parametrize(
    ("language", "organization", "text_language"),
    [
        ("en", "french_only", "fr"),
        ("fr", "french_only", None),
        ("fr", "demo", "en"),
        ("en", "bilingual", None),
        ("fr", "bilingual", None),
    ],
    ids=["fr-text-on-en", "fr-text-on-fr", "en-text-on-fr", "bilingual-en", "bilingual-fr"],
)
def test_description_marks_other_language(
    language: str,
    organization: str,
    text_language: str | None,
    directory: Directory,
    open_page: Callable[..., Page],
) -> None:
    slug = getattr(directory, organization).slug
    page = open_page(f"/{language}/organizations/{slug}/")

    description = page.locator(".prose")

    assert description.count() == 1
    assert description.get_attribute("lang") == text_language
