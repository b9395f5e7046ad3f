"""Digests: exactly once per subscription and period, in each recipient's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from partners.models import Partnership, Region, Theme, User
from practices import digests
from practices.digests import last_complete_period, period_bounds, send_digests
from practices.models import DigestDelivery, EvidenceGap, Practice, PracticeKind, Subscription
from practices.models.digests import DeliveryStatus

pytestmark = pytest.mark.django_db

# The week of Monday 23 November 2026 in Toronto, and a moment inside it.
PERIOD = "2026-W48"
IN_PERIOD = timezone.make_aware(datetime(2026, 11, 25, 10))
AFTER_PERIOD = timezone.make_aware(datetime(2026, 12, 1, 9))


class FailOnThird(EmailBackend):
    """A locmem backend whose third message of the process fails, as a refused SMTP send would."""

    calls = 0

    def send_messages(self, messages: Any) -> int:
        FailOnThird.calls += 1
        if FailOnThird.calls == 3:
            raise ConnectionRefusedError("mail server refused the connection")
        return super().send_messages(messages)


@pytest.fixture
def failing_backend() -> Iterator[None]:
    FailOnThird.calls = 0
    with override_settings(EMAIL_BACKEND="tests.practices.test_digests.FailOnThird"):
        yield


@pytest.fixture
def published(make_practice: Callable[..., Practice]) -> Practice:
    return make_practice(
        title_en="Paid work trials",
        title_fr="Stages d'essai rémunérés",
        summary_en="Trials paid at the going rate.",
        summary_fr="Des stages payés au taux du marché.",
        published_at=IN_PERIOD,
    )


def test_period_bounds_in_local_time() -> None:
    start, end = period_bounds("weekly", PERIOD)
    month_start, month_end = period_bounds("monthly", "2026-12")

    assert timezone.localtime(start).isoformat() == "2026-11-23T00:00:00-05:00"
    assert timezone.localtime(end).isoformat() == "2026-11-30T00:00:00-05:00"
    assert timezone.localtime(month_end).isoformat() == "2027-01-01T00:00:00-05:00"
    assert month_start < month_end
    assert last_complete_period("weekly", AFTER_PERIOD) == PERIOD
    assert last_complete_period("monthly", AFTER_PERIOD) == "2026-11"


def test_period_across_daylight_saving_change() -> None:
    # Clocks in Toronto go back one hour on Sunday 1 November 2026.
    start, end = period_bounds("weekly", "2026-W44")

    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=7, hours=1)
    assert timezone.localtime(end).hour == 0


def test_failure_on_third_then_rerun_sends_five_once(
    published: Practice, make_subscriber: Callable[..., Subscription], failing_backend: None
) -> None:
    subscribers = [make_subscriber() for _number in range(5)]

    first = send_digests("weekly", PERIOD)

    assert first.sent == 4
    assert first.failed == 1
    failed = DigestDelivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.subscription == subscribers[2]
    assert "refused" in failed.error

    too_soon = send_digests("weekly", PERIOD)
    assert too_soon.sent == 0, "the failed send waits for its backoff"

    with time_machine.travel(timezone.now() + digests.backoff(1) + timedelta(seconds=1)):
        second = send_digests("weekly", PERIOD)
        third = send_digests("weekly", PERIOD)

    assert second.sent == 1
    assert third.sent == 0
    recipients = [message.to[0] for message in mail.outbox]
    assert len(mail.outbox) == 5
    assert sorted(recipients) == sorted(subscriber.email for subscriber in subscribers)
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


def test_stale_claim_taken_over_live_claim_left(
    published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    dead_worker, live_worker = make_subscriber(), make_subscriber()
    issue = digests.issue_for("weekly", PERIOD)
    now = timezone.now()
    for subscription, claimed_at in [
        (dead_worker, now - digests.CLAIM_LEASE - timedelta(minutes=1)),
        (live_worker, now - timedelta(minutes=1)),
    ]:
        DigestDelivery.objects.create(
            subscription=subscription,
            issue=issue,
            status=DeliveryStatus.SENDING,
            claim_token="old",
            claimed_at=claimed_at,
            attempts=1,
        )

    summary = send_digests("weekly", PERIOD)

    assert summary.sent == 1
    assert [message.to[0] for message in mail.outbox] == [dead_worker.email]


def test_nothing_new_sends_nothing(make_subscriber: Callable[..., Subscription]) -> None:
    make_subscriber()

    summary = send_digests("weekly", PERIOD)

    assert summary.empty == 1
    assert len(mail.outbox) == 0
    assert DigestDelivery.objects.get().status == DeliveryStatus.EMPTY


def test_language_per_recipient_without_leak(
    published: Practice, make_subscriber: Callable[..., Subscription], admin_b: User
) -> None:
    make_subscriber(email="fr@example.org", language="fr")
    make_subscriber(email="default@example.org")
    make_subscriber(email=admin_b.email, user=admin_b)
    make_subscriber(email="en@example.org", language="en")

    send_digests("weekly", PERIOD)

    by_address = {message.to[0]: message for message in mail.outbox}
    french = by_address["fr@example.org"]
    default = by_address["default@example.org"]
    account = by_address[admin_b.email]
    english = by_address["en@example.org"]
    assert "Stages d'essai rémunérés" in french.body
    assert "/fr/practices/paid-work-trials/" in french.body
    assert "Stages d'essai" in account.body, "the account's preferred language is French"
    for message in (default, english):
        assert "Paid work trials" in message.body
        assert "Stages" not in message.body
        assert "/en/practices/paid-work-trials/" in message.body
        assert "weekly digest" in message.subject
        assert message.extra_headers["Content-Language"] == "en"
    assert french.extra_headers["Content-Language"] == "fr"


def test_headers_and_unsubscribe_link_work(
    client: Client, published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    subscription = make_subscriber(language="fr")

    send_digests("weekly", PERIOD)

    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.startswith("<http://127.0.0.1:8000/fr/digests/unsubscribe/")
    assert header[1:-1] in message.body
    assert header[1:-1] in message.alternatives[0][0]  # type: ignore[attr-defined]
    assert message.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]

    path = re.sub(r"^http://[^/]+", "", header[1:-1])
    response = client.post(path)
    subscription.refresh_from_db()
    assert response.status_code == 200
    assert subscription.status == "unsubscribed"


def test_filters_and_kinds_choose_items(
    make_practice: Callable[..., Practice], make_subscriber: Callable[..., Subscription]
) -> None:
    employers = Theme.objects.get(number=3)
    quebec = Region.objects.get(code="CA-QC")
    make_practice(
        title_en="Lesson in Quebec",
        kind=PracticeKind.LESSON,
        themes=[employers],
        regions=[quebec],
        published_at=IN_PERIOD,
    )
    make_practice(title_en="Best practice elsewhere", published_at=IN_PERIOD)
    gap = EvidenceGap.objects.create(question_en="What keeps people employed after a year?")
    gap.themes.set([employers])
    EvidenceGap.objects.filter(pk=gap.pk).update(published_at=IN_PERIOD)
    exemplary = Partnership.objects.create(
        name="Exemplary circle", state="active", exemplary_since=IN_PERIOD
    )
    exemplary.themes.set([employers])
    make_subscriber(email="lessons@example.org", kinds=["lesson"], themes=[employers])
    make_subscriber(email="gaps@example.org", kinds=["evidence-gap", "exemplary-partnership"])
    make_subscriber(
        email="ontario@example.org", regions=[Region.objects.get(code="CA-ON")], kinds=["lesson"]
    )

    send_digests("weekly", PERIOD)

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "Lesson in Quebec" in by_address["lessons@example.org"]
    assert "Best practice elsewhere" not in by_address["lessons@example.org"]
    assert "What keeps people employed" in by_address["gaps@example.org"]
    assert "Exemplary circle" in by_address["gaps@example.org"]
    assert "Lesson in Quebec" not in by_address["gaps@example.org"]
    assert "ontario@example.org" not in by_address


def test_next_digest_lists_only_newer_items(
    published: Practice,
    make_practice: Callable[..., Practice],
    make_subscriber: Callable[..., Subscription],
) -> None:
    make_subscriber()
    send_digests("weekly", PERIOD)
    make_practice(title_en="Newer practice", published_at=AFTER_PERIOD)

    send_digests("weekly", "2026-W49")

    assert len(mail.outbox) == 2
    assert "Newer practice" in mail.outbox[1].body
    assert "Paid work trials" not in mail.outbox[1].body


def test_pending_and_unsubscribed_get_nothing(
    published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    make_subscriber(status="pending", consent_at=None, consent_method="")
    make_subscriber(status="unsubscribed")
    make_subscriber(consent_at=AFTER_PERIOD)

    summary = send_digests("weekly", PERIOD)

    assert summary.subscriptions == 0
    assert len(mail.outbox) == 0


def test_command_prints_progress_and_summary(
    published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    for _number in range(3):
        make_subscriber()
    output = StringIO()

    call_command("send_digests", "--period", PERIOD, "--batch-size", "2", stdout=output)

    text = output.getvalue()
    assert "2 subscriptions: 2 sent" in text
    assert "Digest weekly-2026-W48: 3 sent" in text


def test_command_rejects_bad_period(reference_data: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2026-W48"):
        call_command("send_digests", "--period", "2026-13x")


def test_archive_shows_issue_items(
    client: Client, published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    make_subscriber()
    send_digests("weekly", PERIOD)

    archive = client.get("/fr/digests/")
    issue = client.get("/fr/digests/weekly-2026-W48/")

    assert archive.status_code == 200
    assert "/fr/digests/weekly-2026-W48/" in archive.content.decode()
    assert "Stages d&#x27;essai rémunérés" in issue.content.decode()


def test_current_period_then_next_week_no_repeat(
    make_practice: Callable[..., Practice], make_subscriber: Callable[..., Subscription]
) -> None:
    wednesday = timezone.make_aware(datetime(2026, 12, 2, 12))
    make_subscriber(consent_at=wednesday - timedelta(hours=2))
    with time_machine.travel(wednesday, tick=False):
        make_practice(
            title_en="Published on Wednesday morning", published_at=wednesday - timedelta(hours=1)
        )
        send_digests("weekly", "current")
    make_practice(title_en="Published on Friday", published_at=wednesday + timedelta(days=2))

    with time_machine.travel(wednesday + timedelta(days=5), tick=False):
        rerun = send_digests("weekly", "2026-W49")
        next_week = send_digests("weekly", "2026-W50")

    assert rerun.sent == 0
    assert next_week.sent == 1
    assert len(mail.outbox) == 2
    assert "Published on Wednesday morning" in mail.outbox[0].body
    assert "Published on Friday" in mail.outbox[1].body
    assert "Wednesday" not in mail.outbox[1].body


def test_concurrent_claims_take_each_row_once(
    published: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    batch = [make_subscriber() for _number in range(3)]
    issue = digests.issue_for("weekly", PERIOD)

    first = digests.claim_batch(batch, issue, timezone.now())
    second = digests.claim_batch(batch, issue, timezone.now())

    assert sorted(first) == sorted(subscription.pk for subscription in batch)
    assert second == {}
