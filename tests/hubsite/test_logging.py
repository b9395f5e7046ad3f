"""Log records: request ids in requests and Celery tasks, JSON output, no email addresses."""

from __future__ import annotations

import json
import logging
import os
import re
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app.trace import build_tracer
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hubsite.celery import app as celery_app
from hubsite.logging import (
    CELERY_HEADER,
    NO_REQUEST_ID,
    RedactEmailFilter,
    RequestIdFilter,
    request_id_var,
)
from partners.models import Theme
from tests.conftest import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
APPS = ["hubsite", "partners", "initiatives", "governance", "metrics", "practices"]


@celery_app.task(name="tests.hubsite.request_id_probe")
def request_id_probe() -> str:
    logging.getLogger(__name__).info("Probe task running")
    return request_id_var.get()


def capture_with_request_ids(caplog: pytest.LogCaptureFixture) -> None:
    """Capture INFO records with the request id filter, as the console handler has it.

    Call it inside the test: pytest installs a new capture handler for each
    test phase, so a filter added from a fixture would miss the test's records.
    """
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())


def test_every_module_logger_named_after_module():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            uses_logger = re.search(r"^\s*logger\.\w+\(", text, flags=re.MULTILINE)
            if uses_logger and "logger = logging.getLogger(__name__)" not in text:
                offenders.append(str(path.relative_to(ROOT)))

    assert offenders == []


@pytest.mark.django_db
def test_request_records_carry_request_id(client, caplog):
    capture_with_request_ids(caplog)
    response = client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="req-abcdef123456")

    not_found = [record for record in caplog.records if record.name == "django.request"]
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-abcdef123456"
    assert not_found
    assert {record.request_id for record in not_found} == {"req-abcdef123456"}
    assert request_id_var.get() == NO_REQUEST_ID


def test_published_task_carries_request_id(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    token = request_id_var.set("req-publish-0001")
    try:
        result = request_id_probe.apply_async()
        with celery_app.connection_for_read() as connection:
            queue = connection.SimpleQueue("celery")
            try:
                for _attempt in range(100):
                    message = queue.get(timeout=5)
                    message.ack()
                    if message.headers.get("id") == result.id:
                        break
            finally:
                queue.close()
    finally:
        request_id_var.reset(token)

    assert message.headers[CELERY_HEADER] == "req-publish-0001"


def test_worker_sets_request_id_from_header(caplog):
    capture_with_request_ids(caplog)
    trace = build_tracer(request_id_probe.name, request_id_probe, app=celery_app, eager=False)
    headers = {"id": "task-1", "task": request_id_probe.name, CELERY_HEADER: "req-worker-0001"}

    outcome = trace("task-1", [], {}, request=headers)  # type: ignore[call-arg]

    probe_records = [
        record for record in caplog.records if record.getMessage() == "Probe task running"
    ]
    assert outcome.retval == "req-worker-0001"
    assert [record.request_id for record in probe_records] == ["req-worker-0001"]
    assert request_id_var.get() == NO_REQUEST_ID


def test_worker_makes_id_for_task_without_header():
    trace = build_tracer(request_id_probe.name, request_id_probe, app=celery_app, eager=False)

    request = {"id": "task-2", "task": request_id_probe.name}
    outcome = trace("task-2", [], {}, request=request)  # type: ignore[call-arg]

    assert len(outcome.retval) == 32
    assert outcome.retval != NO_REQUEST_ID


def test_json_log_format():
    env = {key: value for key, value in os.environ.items() if key != "LOG_LEVEL"}
    env.update(LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="hubsite.settings")
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('hubsite.example').warning('Example %s', 42)"
    )
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])

    assert line["message"] == "Example 42"
    assert line["level"] == "WARNING"
    assert line["logger"] == "hubsite.example"
    assert line["request_id"] == NO_REQUEST_ID
    assert "time" in line


def test_invalid_log_format_rejected():
    env = {**os.environ, "LOG_FORMAT": "xml"}
    result = subprocess.run(
        [sys.executable, "-c", "import hubsite.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "LOG_FORMAT='xml' is invalid" in result.stderr


def url(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def logged_text(records: list[logging.LogRecord]) -> str:
    lines = []
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


@pytest.mark.django_db
def test_no_email_addresses_in_logs(caplog, reference_data, django_capture_on_commit_callbacks):
    capture_with_request_ids(caplog)
    member_email = "logged.member@example.org"
    make_user(member_email)
    client = Client()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(url("account_login"), {"login": member_email, "password": PASSWORD})
        client.post(url("account_logout"))
        signed_up = client.post(
            url("account_signup"),
            {
                "email": "logged.newcomer@example.org",
                "password1": "another-correct-horse-battery-42",
                "password2": "another-correct-horse-battery-42",
                "preferred_language": "en",
            },
        )
        subscribed = client.post(
            "/en/digests/subscribe/",
            {
                "email": "logged.subscriber@example.org",
                "frequency": "weekly",
                "kinds": ["best-practice"],
                "language": "en",
                "themes": [str(Theme.objects.get(number=2).pk)],
                "consent": "on",
            },
        )

    records = caplog.records
    text = logged_text(records)
    assert signed_in.status_code == 302
    assert signed_up.status_code == 302
    assert subscribed.status_code == 302
    assert any(record.name == "practices.subscriptions" for record in records), text
    for email in (
        member_email,
        "logged.newcomer@example.org",
        "logged.subscriber@example.org",
    ):
        assert email not in text.lower()
    assert "@example.org" not in text


def format_with_console_filters(record: logging.LogRecord, formatter: logging.Formatter) -> str:
    for record_filter in (RequestIdFilter(), RedactEmailFilter()):
        record_filter.filter(record)
    return formatter.format(record)


def failing_record(message: str, *args: object) -> logging.LogRecord:
    try:
        raise smtplib.SMTPRecipientsRefused({"refused.person@example.org": (550, b"unknown")})
    except smtplib.SMTPRecipientsRefused:
        return logging.getLogger("practices.digests").makeRecord(
            "practices.digests", logging.WARNING, __file__, 1, message, args, sys.exc_info()
        )


def test_console_redacts_email_in_plain_text():
    formatter = logging.Formatter("%(levelname)s [%(request_id)s] %(message)s")
    record = failing_record("Digest to %s failed", "other.person@example.org")

    line = format_with_console_filters(record, formatter)

    assert "Digest to [email] failed" in line
    assert "SMTPRecipientsRefused" in line
    assert "@example.org" not in line


def test_console_redacts_email_in_json():
    from pythonjsonlogger.json import JsonFormatter

    record = failing_record("Digest to %s failed", "other.person@example.org")

    line = format_with_console_filters(record, JsonFormatter("%(message)s"))

    assert json.loads(line)["message"] == "Digest to [email] failed"
    assert "SMTPRecipientsRefused" in json.loads(line)["exc_info"]
    assert "@example.org" not in line


def test_console_keeps_messages_without_email():
    record = logging.getLogger("x").makeRecord(
        "x", logging.INFO, __file__, 1, "User %s saved", (42,), None
    )

    line = format_with_console_filters(record, logging.Formatter("%(message)s"))

    assert line == "User 42 saved"
