"""Page weight: what headless Chromium downloads for each main page, with an empty cache.

For every response it records the bytes on the wire (headers and body as
sent, so compressed when the server compressed them) and the decoded body
size, by kind: HTML, CSS, JavaScript, images, fonts, other. gunicorn sends
HTML uncompressed, so the HTML row also gives the gzip size (level 6) of the
body, as a compressing proxy in front of it would send.
"""

from __future__ import annotations

import gzip
from typing import Any

from bench.scenarios import fill

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAGES: tuple[tuple[str, str, bool], ...] = (
    ("home", "/en/", False),
    ("directory", "/en/organizations/", False),
    ("directory-search", "/en/organizations/?search=Trois-Rivi%C3%A8res", False),
    ("organization-detail", "/en/organizations/{organization}/", False),
    ("initiative-similar", "/en/initiatives/{initiative}/", False),
    ("results-dashboard", "/en/results/", False),
    ("dashboard", "/en/account/", True),
)
KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "image": "images",
    "font": "fonts",
}
# The page-weight goal of the directory page.
GOAL_KIB = 100
GOAL_REQUESTS = 10


def measure(base_url: str, targets: dict[str, Any]) -> dict[str, Any]:
    """Load each page in a fresh browser context and return its weight per kind of resource."""
    from playwright.sync_api import sync_playwright

    pages: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for name, path, signed_in in PAGES:
                pages[name] = measure_page(
                    browser, base_url, fill(path, targets, 0), signed_in, targets
                )
        finally:
            browser.close()
    return pages


def measure_page(
    browser: Any, base_url: str, path: str, signed_in: bool, targets: dict[str, Any]
) -> dict[str, Any]:
    context = browser.new_context()
    if signed_in:
        context.add_cookies(
            [{"name": "sessionid", "value": targets["session"][0], "url": base_url}]
        )
    page = context.new_page()
    finished: list[Any] = []

    def record(request: Any) -> None:
        finished.append(request)

    page.on("requestfinished", record)
    response = page.goto(base_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    by_kind: dict[str, dict[str, int]] = {}
    html_body = b""
    for request in finished:
        kind = KINDS.get(request.resource_type, "other")
        sizes = request.sizes()
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        answer = request.response()
        body = answer.body() if answer is not None else b""
        if kind == "html" and not html_body:
            html_body = body
        row = by_kind.setdefault(kind, {"requests": 0, "transfer_bytes": 0, "decoded_bytes": 0})
        row["requests"] += 1
        row["transfer_bytes"] += wire
        row["decoded_bytes"] += len(body)
    context.close()
    transfer = sum(row["transfer_bytes"] for row in by_kind.values())
    html_gzip = len(gzip.compress(html_body, compresslevel=6)) if html_body else 0
    html_raw = by_kind.get("html", {}).get("decoded_bytes", 0)
    return {
        "path": path,
        "status": response.status if response is not None else None,
        "requests": sum(row["requests"] for row in by_kind.values()),
        "transfer_bytes": transfer,
        "html_gzip_bytes": html_gzip,
        # The whole page with its HTML gzipped as a compressing proxy would send it.
        "transfer_bytes_html_gzipped": transfer - html_raw + html_gzip if html_raw else transfer,
        "by_kind": by_kind,
    }
