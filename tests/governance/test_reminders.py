"""Review reminders: schedule, exactly once, recipients' languages, escalation, frozen time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from governance import reminders, tasks
from governance.models import ReminderDelivery, ReminderKind, Review
from governance.reminders import reminder_due
from partners.models import Organization, Partnership, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 30)


def test_schedule_table() -> None:
    cases = {
        -15: [],
        -14: [("upcoming", 0)],
        -1: [("upcoming", 0)],
        0: [("due", 0)],
        6: [("due", 0)],
        7: [("overdue", 1)],
        13: [("overdue", 1)],
        14: [("overdue", 2)],
        30: [("overdue", 4)],
        31: [("overdue", 4), ("escalation", 0)],
        60: [("overdue", 8), ("escalation", 0)],
    }
    for offset, expected in cases.items():
        assert reminder_due(DUE, DUE + timedelta(days=offset)) == expected, offset


@pytest.fixture
def review(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
    coordinator: User,
) -> Review:
    partnership = make_partnership(
        lead=organization_a, members=[organization_b], name="Réseau Emploi Nord"
    )
    # A French-speaking administrator of the lead organization.
    french_admin = make_user("admin.fr@example.org", preferred_language="fr")
    from partners import services as partner_services
    from partners.models import Role

    partner_services.add_member(organization_a, french_admin, Role.ADMINISTRATOR)
    return Review.objects.create(
        partnership=partnership, quarter="2026Q1", due_date=DUE, coordinator=coordinator
    )


def sent_to() -> list[tuple[str, str]]:
    return sorted(
        (message.to[0], message.extra_headers["Content-Language"]) for message in mail.outbox
    )


def test_upcoming_once(review: Review) -> None:
    today = DUE - timedelta(days=14)
    assert reminders.send_review_reminders(today) == 3
    assert sent_to() == [
        ("admin.a@example.org", "en"),
        ("admin.fr@example.org", "fr"),
        ("coordinator@example.org", "en"),
    ]
    # The next day and a retry send nothing more.
    assert reminders.send_review_reminders(today) == 0
    assert reminders.send_review_reminders(today + timedelta(days=1)) == 0
    assert len(mail.outbox) == 3
    # Administrators of other member organizations are not reminded.
    assert all(message.to != ["admin.b@example.org"] for message in mail.outbox)


def test_french_email_in_french(review: Review) -> None:
    reminders.send_review_reminders(DUE)
    french = next(message for message in mail.outbox if message.to == ["admin.fr@example.org"])
    assert "Réseau Emploi Nord" in french.subject
    assert "/fr/governance/reviews/" in french.body
    english = next(message for message in mail.outbox if message.to == ["admin.a@example.org"])
    assert "/en/governance/reviews/" in english.body
    assert french.extra_headers["Content-Language"] == "fr"


def test_full_sequence(review: Review) -> None:
    """Every day from 20 days before to 45 days after the due date, as beat would run it."""
    day = DUE - timedelta(days=20)
    while day <= DUE + timedelta(days=45):
        reminders.send_review_reminders(day)
        day += timedelta(days=1)
    kinds = sorted(
        set(ReminderDelivery.objects.values_list("kind", "sequence")),
        key=lambda pair: (pair[0], pair[1]),
    )
    assert kinds == [
        ("due", 0),
        ("escalation", 0),
        ("overdue", 1),
        ("overdue", 2),
        ("overdue", 3),
        ("overdue", 4),
        ("overdue", 5),
        ("overdue", 6),
        ("upcoming", 0),
    ]
    # Three recipients for each of 8 reminder kinds, plus one escalation.
    assert len(mail.outbox) == 3 * 8 + 1
    escalations = [message for message in mail.outbox if "30" in message.subject]
    assert [message.to for message in escalations] == [["hub@example.org"]]


@override_settings(HUB_LEAD_COORDINATOR_EMAIL="lead.coordinator@example.org")
def test_escalation_in_lead_language(review: Review) -> None:
    make_user("lead.coordinator@example.org", preferred_language="fr")
    reminders.send_review_reminders(DUE + timedelta(days=31))
    escalation = ReminderDelivery.objects.get(kind=ReminderKind.ESCALATION)
    assert escalation.recipient == "lead.coordinator@example.org"
    message = next(m for m in mail.outbox if m.to == ["lead.coordinator@example.org"])
    assert message.extra_headers["Content-Language"] == "fr"


def test_completed_review_not_reminded(review: Review, coordinator: User) -> None:
    from governance import services

    services.complete_review(coordinator, review, decision="continue", reasons="Fine.")
    assert reminders.send_review_reminders(DUE) == 0


def test_failed_send_retried(review: Review) -> None:
    with mock.patch("governance.reminders.send_email", side_effect=OSError("SMTP down")):
        assert reminders.send_review_reminders(DUE) == 0
    assert ReminderDelivery.objects.count() == 0
    assert reminders.send_review_reminders(DUE) == 3
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 3


def test_claimed_reminder_not_sent_again(review: Review, coordinator: User) -> None:
    """A claim left by a run that crashed after sending blocks a second email."""
    ReminderDelivery.objects.create(
        review=review, kind="due", sequence=0, recipient="coordinator@example.org"
    )
    assert reminders.send_review_reminders(DUE) == 2
    assert all(message.to != ["coordinator@example.org"] for message in mail.outbox)


@override_settings(TIME_ZONE="America/Toronto")
def test_task_on_dst_days(review: Review) -> None:
    """The local date decides, on the spring and autumn change days alike."""
    Review.objects.filter(pk=review.pk).update(due_date=date(2026, 11, 1))
    # 07:00 local on 1 November 2026, the day clocks fall back, is 12:00 UTC.
    with time_machine.travel(datetime(2026, 11, 1, 12, 0, tzinfo=UTC), tick=False):
        assert tasks.send_review_reminders.apply().get() == 3
        assert tasks.send_review_reminders.apply().get() == 0
    assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {"due"}
    Review.objects.filter(pk=review.pk).update(due_date=date(2026, 3, 22))
    # 07:00 local on 8 March 2026, the day clocks spring forward, is 11:00 UTC.
    with time_machine.travel(datetime(2026, 3, 8, 11, 0, tzinfo=UTC), tick=False):
        assert tasks.send_review_reminders.apply().get() == 3
    assert ReminderDelivery.objects.filter(kind="upcoming").count() == 3


@override_settings(TIME_ZONE="America/Toronto")
def test_late_evening_is_local_day(review: Review) -> None:
    # 23:30 on 29 June in Toronto is 03:30 UTC on 30 June: the review is not yet due.
    with time_machine.travel(datetime(2026, 6, 30, 3, 30, tzinfo=UTC), tick=False):
        tasks.send_review_reminders.apply().get()
    assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {"upcoming"}
