"""Settings read from the environment fail fast with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HUB_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "TIME_ZONE",
    "HUB_QUARTER_START_MONTH",
    "EMAIL_PORT",
}


def load_settings(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in HUB_VARIABLES}
    env.update(environment)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import hubsite.settings as s; print(s.TIME_ZONE, s.HUB_QUARTER_START_MONTH)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "perhaps", "DEBUG='perhaps' is invalid"),
        ("HUB_QUARTER_START_MONTH", "13", "HUB_QUARTER_START_MONTH=13 is out of range"),
        ("HUB_QUARTER_START_MONTH", "April", "HUB_QUARTER_START_MONTH='April' is invalid"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE='Mars/Olympus' is invalid"),
        ("DATABASE_URL", "mysql://root@localhost/hub", "DATABASE_URL uses"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL='localhost:6379' is invalid"),
        ("EMAIL_PORT", "0", "EMAIL_PORT=0 is out of range"),
    ],
)
def test_bad_value_names_variable(variable, value, message):
    result = load_settings(**{variable: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_secret_key_required_without_debug():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="hub.example.ca")

    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_defaults():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["America/Toronto", "4"]


def test_valid_overrides():
    result = load_settings(TIME_ZONE="America/St_Johns", HUB_QUARTER_START_MONTH="1")

    assert result.stdout.split() == ["America/St_Johns", "1"]
