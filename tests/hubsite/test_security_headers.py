"""Security headers on pages, API responses, errors and the API documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# One of each kind of response and its status: pages, an API response to
# an anonymous client, a 404 page, a 404 outside the language prefix, the
# Swagger UI page and its script, and the health endpoint.
STATUS_BY_URL = {
    "/en/": 200,
    "/fr/help/": 200,
    "/api/v1/organizations/": 200,
    "/en/no-such-page/": 404,
    "/no-such-page": 404,
    "/api/docs/": 200,
    "/api/docs/?script=": 200,
    "/healthz": 200,
}
URLS = list(STATUS_BY_URL)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_headers_present(client, reference_data, url):
    response = client.get(url)

    assert response.status_code == STATUS_BY_URL[url]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_csp_forbids_inline(client, reference_data, url):
    response = client.get(url)
    directives = csp_directives(response["Content-Security-Policy"])

    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])


@pytest.mark.django_db
def test_csp_header_on_api_response(client, admin_a):
    client.force_login(admin_a)
    response = client.get("/api/v1/organizations/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_swagger_page_loads_script_from_url(client):
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<style" not in html
    assert '<script src="/api/docs/?script="' in html
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL):
        assert script.strip() == ""


@pytest.mark.django_db
def test_swagger_script_served_as_javascript(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content


def test_request_id_kept_when_safe(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")

    assert response["X-Request-ID"] == "lb-1234abcd"


@pytest.mark.parametrize("unsafe", ["short", "has space 12345", "new\\nline-1234", "x" * 65])
def test_request_id_replaced_when_unsafe(client, unsafe):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def project_templates() -> list[Path]:
    folders = [ROOT / "templates"] + [
        ROOT / app / "templates"
        for app in ("hubsite", "partners", "initiatives", "governance", "metrics", "practices")
    ]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*.html"))


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT, JAVASCRIPT_URL],
    ids=["inline-script", "event-handler", "style-attribute", "style-element", "javascript-url"],
)
def test_templates_need_no_unsafe_inline(pattern):
    templates = project_templates()
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]

    assert len(templates) > 50
    assert offenders == []
