"""The daily job that reminds administrators to renew a leadership declaration after 12 months."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils import timezone, translation

from partners import services, tasks
from partners.models import DECLARATION_VALIDITY, LeadershipDeclaration, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request to a /fr/ page leaves French active in the thread."""
    with translation.override("en"):
        yield


REMINDER_SUBJECT = "Please renew the leadership declaration of {name}"


def declare(administrator, organization, attested_at: datetime) -> LeadershipDeclaration:
    """Record a declaration through the service, then date it `attested_at`."""
    declaration = services.declare_leadership(
        administrator,
        organization,
        {
            "body_name": "Board",
            "seats_total": 6,
            "seats_with_lived_experience": 4,
            "consent_attested": True,
        },
    )
    LeadershipDeclaration.objects.filter(pk=declaration.pk).update(attested_at=attested_at)
    declaration.refresh_from_db()
    return declaration


def recipients() -> list[str]:
    return sorted(address for email in mail.outbox for address in email.to)


@pytest.fixture
def now() -> datetime:
    return timezone.now()


def test_reminder_sent_once_per_administrator(organization_a, admin_a, member_a, now):
    second = make_user("second.admin@example.org")
    services.add_member(organization_a, second, Role.ADMINISTRATOR)
    declaration = declare(admin_a, organization_a, now - timedelta(days=400))

    first_run = services.send_declaration_reminders(now)
    second_run = services.send_declaration_reminders(now + timedelta(days=1))

    assert first_run == 1
    assert second_run == 0
    assert recipients() == ["admin.a@example.org", "second.admin@example.org"]
    declaration.refresh_from_db()
    assert declaration.reminder_sent_at == now


def test_reminder_content(organization_a, admin_a, now):
    declare(admin_a, organization_a, now - timedelta(days=400))

    services.send_declaration_reminders(now)

    email = mail.outbox[0]
    assert email.subject == REMINDER_SUBJECT.format(name="Organization A")
    assert email.extra_headers["Content-Language"] == "en"
    assert "more than 12 months ago" in email.body
    url = f"{settings.HUB_SITE_URL}/en/organizations/{organization_a.slug}/declaration/"
    assert url in email.body
    assert isinstance(email, EmailMultiAlternatives)
    assert f'href="{url}"' in str(email.alternatives[0][0])


def test_reminder_in_administrator_language(organization_a, admin_a, organization_b, admin_b, now):
    declare(admin_a, organization_a, now - timedelta(days=400))
    declare(admin_b, organization_b, now - timedelta(days=400))

    services.send_declaration_reminders(now)

    by_recipient = {email.to[0]: email for email in mail.outbox}
    english = by_recipient["admin.a@example.org"]
    french = by_recipient["admin.b@example.org"]
    assert english.extra_headers["Content-Language"] == "en"
    assert french.extra_headers["Content-Language"] == "fr"
    with translation.override("fr"):
        expected = translation.gettext("Please renew the leadership declaration of %(name)s") % {
            "name": "Organization B"
        }
    assert french.subject == expected
    assert f"/fr/organizations/{organization_b.slug}/declaration/" in french.body


def test_reminder_not_sent_to_inactive_administrator(organization_a, admin_a, now):
    inactive = make_user("inactive.admin@example.org")
    services.add_member(organization_a, inactive, Role.ADMINISTRATOR)
    declare(admin_a, organization_a, now - timedelta(days=400))
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    services.send_declaration_reminders(now)

    assert recipients() == ["admin.a@example.org"]


def test_reminder_not_sent_to_other_roles(organization_a, admin_a, member_a, editor_a, now):
    declare(admin_a, organization_a, now - timedelta(days=400))

    services.send_declaration_reminders(now)

    assert recipients() == ["admin.a@example.org"]


def test_reminder_again_for_new_declaration(organization_a, admin_a, now):
    declare(admin_a, organization_a, now - timedelta(days=400))
    services.send_declaration_reminders(now)
    renewed = declare(admin_a, organization_a, now)

    too_soon = services.send_declaration_reminders(now + timedelta(days=100))
    when_old = services.send_declaration_reminders(now + DECLARATION_VALIDITY)

    assert too_soon == 0
    assert when_old == 1
    assert len(mail.outbox) == 2
    renewed.refresh_from_db()
    assert renewed.reminder_sent_at == now + DECLARATION_VALIDITY


def test_reminder_skips_superseded_declarations(organization_a, admin_a, now):
    old = declare(admin_a, organization_a, now - timedelta(days=800))
    declare(admin_a, organization_a, now - timedelta(days=10))

    sent = services.send_declaration_reminders(now)

    assert sent == 0
    assert mail.outbox == []
    old.refresh_from_db()
    assert old.reminder_sent_at is None


@pytest.mark.parametrize(
    ("age", "reminded"),
    [
        (DECLARATION_VALIDITY - timedelta(seconds=1), False),
        (DECLARATION_VALIDITY, True),
        (DECLARATION_VALIDITY + timedelta(seconds=1), True),
    ],
    ids=["one-second-short", "exactly-365-days", "one-second-past"],
)
def test_reminder_boundary(organization_a, admin_a, now, age, reminded):
    declaration = declare(admin_a, organization_a, now - age)

    sent = services.send_declaration_reminders(now)

    assert sent == (1 if reminded else 0)
    assert len(mail.outbox) == (1 if reminded else 0)
    declaration.refresh_from_db()
    assert (declaration.reminder_sent_at is not None) is reminded


def test_reminder_email_failure_retried_next_run(
    organization_a, admin_a, organization_b, admin_b, now, monkeypatch, caplog
):
    failing = declare(admin_a, organization_a, now - timedelta(days=400))
    declare(admin_b, organization_b, now - timedelta(days=400))
    real_send_email = services.send_email

    def send_email_failing_for_admin_a(**kwargs):
        if kwargs["to"] == "admin.a@example.org":
            raise ConnectionRefusedError("mail server refused the connection")
        real_send_email(**kwargs)

    monkeypatch.setattr(services, "send_email", send_email_failing_for_admin_a)
    first_run = services.send_declaration_reminders(now)
    monkeypatch.setattr(services, "send_email", real_send_email)
    failing.refresh_from_db()
    unclaimed = failing.reminder_sent_at

    second_run = services.send_declaration_reminders(now)

    assert first_run == 1
    assert unclaimed is None
    assert f"declaration {failing.pk} failed" in caplog.text
    assert second_run == 1
    assert recipients() == ["admin.a@example.org", "admin.b@example.org"]


def test_reminder_task_calls_service(organization_a, admin_a):
    declare(admin_a, organization_a, timezone.now() - timedelta(days=400))

    result = tasks.send_declaration_reminders.apply()

    assert result.get() == 1
    assert recipients() == ["admin.a@example.org"]


def test_reminder_task_scheduled_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE["send-declaration-reminders"]

    assert schedule["task"] == "partners.tasks.send_declaration_reminders"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time, so only PostgreSQL's row locks can race.",
)
@pytest.mark.django_db(transaction=True)
def test_reminder_concurrent_runs_send_once(make_organization, monkeypatch):
    """Two workers run the job at the same moment: every administrator gets one email."""
    moment = timezone.now()
    administrators = []
    for number in range(4):
        organization = make_organization(name=f"Concurrent {number}")
        administrator = make_user(f"admin{number}@example.org")
        services.add_member(organization, administrator, Role.ADMINISTRATOR)
        declare(administrator, organization, moment - timedelta(days=400))
        administrators.append(administrator.email)

    # Each email takes 50 ms, so the first worker's transaction still locks the
    # declaration it claimed when the second worker tries to claim the same row.
    real_send_email = services.send_email

    def slow_send_email(**kwargs):
        threading.Event().wait(0.05)
        real_send_email(**kwargs)

    monkeypatch.setattr(services, "send_email", slow_send_email)
    start = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run_job() -> None:
        try:
            start.wait()
            results.append(services.send_declaration_reminders(moment))
        except BaseException as error:  # checked in the main thread below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run_job) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert errors == []
    assert len(results) == 2
    assert sum(results) == 4
    assert recipients() == sorted(administrators)
    assert LeadershipDeclaration.objects.filter(reminder_sent_at=moment).count() == 4
