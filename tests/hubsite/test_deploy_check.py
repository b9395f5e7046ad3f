"""Production settings: `check --deploy` and collectstatic with hashed, compressed files."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]

# Variables that change the production settings, removed from the parent's
# environment so that each test states its own.
PRODUCTION_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "HUB_BEHIND_TLS_PROXY",
    "STATIC_ROOT",
    "LOG_FORMAT",
    # Set by the browser tests for their live server; a deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_environment(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_VARIABLES}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="hub.example.org",
        HUB_BEHIND_TLS_PROXY="true",
    )
    env.update(overrides)
    return env


def manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_deploy_check_passes():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Each weak value and the deploy-check warning that it must raise.
WEAK_SETTINGS = {
    "SECURE_SSL_REDIRECT": ("false", "security.W008"),
    "SECURE_HSTS_SECONDS": ("0", "security.W004"),
    "SESSION_COOKIE_SECURE": ("false", "security.W012"),
    "CSRF_COOKIE_SECURE": ("false", "security.W016"),
}


def test_deploy_check_catches_weak_settings():
    weak = {variable: value for variable, (value, _warning) in WEAK_SETTINGS.items()}
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment(**weak)
    )
    output = result.stdout + result.stderr

    assert result.returncode != 0
    for variable, (_value, warning) in WEAK_SETTINGS.items():
        assert warning in output, variable


def read_setting(expression: str, **environment: str) -> str:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", f"import hubsite.settings as s; print({expression})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_development_has_no_https_redirect():
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_VARIABLES}

    assert read_setting("s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS", **env) == "False 0"
    assert read_setting("s.SESSION_COOKIE_SECURE", **env) == "False"


def test_proxy_header_only_when_behind_proxy():
    trusting = production_environment()
    direct = production_environment(HUB_BEHIND_TLS_PROXY="false")

    assert read_setting("s.SECURE_PROXY_SSL_HEADER", **trusting) == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert read_setting("getattr(s, 'SECURE_PROXY_SSL_HEADER', None)", **direct) == "None"


def test_production_hsts_defaults():
    assert (
        read_setting(
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD",
            **production_environment(),
        )
        == "31536000 True True"
    )


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    static_root = tmp_path_factory.mktemp("staticfiles")
    result = manage(
        "collectstatic",
        "--no-input",
        env=production_environment(STATIC_ROOT=str(static_root)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root


def test_collectstatic_writes_hashed_files(collected_static):
    css = [path.name for path in (collected_static / "css").iterdir()]

    assert "hub.css" in css
    assert any(re.fullmatch(r"hub\.[0-9a-f]{12}\.css", name) for name in css)
    assert (collected_static / "staticfiles.json").exists()


def test_collectstatic_writes_compressed_files(collected_static):
    css = [path.name for path in (collected_static / "css").iterdir()]

    assert any(re.fullmatch(r"hub\.[0-9a-f]{12}\.css\.gz", name) for name in css)


@pytest.mark.django_db
def test_page_links_hashed_static(collected_static, reference_data):
    manifest_storage = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=collected_static, STORAGES=manifest_storage):
        response = Client().get("/en/help/")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'href="/static/css/hub\.[0-9a-f]{12}\.css"', html)
    assert 'href="/static/css/hub.css"' not in html
