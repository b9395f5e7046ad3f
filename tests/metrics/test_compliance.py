"""Reporting compliance: who owes a report, and one reminder per organization and quarter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics import compliance
from metrics.models import ComplianceReminder, Report, ReportState
from metrics.tasks import send_reporting_reminders
from partners.models import Organization, User


@pytest.fixture
def owing(
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    editor_a: User,
    member_a: User,
    admin_b: User,
    make_initiative: Callable[..., Initiative],
    approved_report: Callable[..., Report],
    last_quarter: Quarter,
) -> Initiative:
    """Organization A owes a report; organization B submitted its own."""
    owed = make_initiative(organization_a, title_en="Owed initiative")
    done = make_initiative(organization_b)
    approved_report(
        organization_b,
        done,
        last_quarter,
        {"participants-served": (4, 4)},
        state=ReportState.SUBMITTED,
    )
    # A draft does not count as reported.
    approved_report(
        organization_a, owed, last_quarter, {"participants-served": (4, 4)}, state=ReportState.DRAFT
    )
    return owed


def test_missing_reports(
    owing: Initiative, organization_a: Organization, last_quarter: Quarter
) -> None:
    missing = compliance.missing_reports(last_quarter)
    assert [entry.organization for entry in missing] == [organization_a]
    assert missing[0].targets == [owing]
    assert not missing[0].reminded


def test_reminder_sent_once_in_each_language(owing: Initiative, last_quarter: Quarter) -> None:
    assert compliance.send_compliance_reminders(last_quarter) == 1
    assert compliance.send_compliance_reminders(last_quarter) == 0

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["admin.a@example.org", "editor.a@example.org"], "viewers get no reminder"
    reminder = ComplianceReminder.objects.get()
    assert reminder.state == ComplianceReminder.State.SENT
    assert reminder.recipients == 2
    assert "Owed initiative" in mail.outbox[0].body


def test_reminder_in_french(owing: Initiative, admin_a: User, last_quarter: Quarter) -> None:
    User.objects.filter(pk=admin_a.pk).update(preferred_language="fr")
    compliance.send_compliance_reminders(last_quarter)
    french = next(message for message in mail.outbox if message.to == ["admin.a@example.org"])
    assert french.extra_headers["Content-Language"] == "fr"


def test_reminder_claimed_before_sending(owing: Initiative, last_quarter: Quarter) -> None:
    with mock.patch("metrics.compliance.send_email", side_effect=OSError("SMTP down")):
        assert compliance.send_compliance_reminders(last_quarter) == 0
    assert ComplianceReminder.objects.get().state == ComplianceReminder.State.FAILED

    assert compliance.send_compliance_reminders(last_quarter) == 0
    assert mail.outbox == [], "a claimed reminder is never sent again"


def test_claim_is_exclusive(
    owing: Initiative, organization_a: Organization, last_quarter: Quarter
) -> None:
    assert compliance.claim_reminder(organization_a, last_quarter) is not None
    assert compliance.claim_reminder(organization_a, last_quarter) is None


def test_task_waits_for_reporting_days(owing: Initiative, last_quarter: Quarter) -> None:
    early = last_quarter.end + timedelta(days=2)
    with mock.patch("metrics.tasks.timezone.now", return_value=early):
        assert send_reporting_reminders() == 0
    late = last_quarter.end + timedelta(days=compliance.REPORTING_DAYS + 1)
    with (
        mock.patch("metrics.tasks.timezone.now", return_value=late),
        mock.patch("metrics.tasks.current_quarter", return_value=last_quarter.next()),
    ):
        assert send_reporting_reminders() == 1
    assert timezone.now() > early


def test_compliance_page_for_coordinators_only(
    owing: Initiative, coordinator: User, admin_a: User, client: Client
) -> None:
    client.force_login(admin_a)
    assert client.get(reverse("metrics:compliance")).status_code == 403
    assert client.post(reverse("metrics:compliance")).status_code == 403
    client.force_login(coordinator)
    response = client.get(reverse("metrics:compliance"))
    assert response.status_code == 200
    assert "Organization A" in response.content.decode()
    assert client.post(reverse("metrics:compliance")).status_code == 302
    assert ComplianceReminder.objects.count() == 1
