"""Build and send digests exactly once per subscription and period.

Steps of one run (`send_digests`):

1. Find or create the DigestIssue of the period (the last complete week,
   Monday to Monday, or month, in settings.TIME_ZONE).
2. Read active subscriptions in batches of `batch_size`, by id.
3. Claim the batch's DigestDelivery rows, in one transaction, before
   building anything. The unique (subscription, issue) constraint lets only
   one run create a row, and a conditional UPDATE lets only one run take over
   a failed or stale claim.
4. For each claimed row, build the items published since the subscriber's last digest that match
   their kinds and filters. Nothing new: mark the delivery "empty", send nothing.
5. Send the email in the subscriber's language, then mark the delivery "sent".
   A failed send marks it "failed" with the next attempt after a backoff.

Where it can err: the mail server may accept a message and the worker die
before step 5 marks the row. The row then stays "sending"; once its claim is
older than CLAIM_LEASE another run takes it over and sends that one message
again. The design errs towards a duplicate rather than a skipped subscriber,
and only for the one message in flight, because every message is marked on
its own right after the server accepts it. A worker killed mid-batch leaves
its unsent rows "sending" too; they are taken over the same way, so nobody is
skipped.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone, translation

from hubsite.mail import send_email
from partners.models import Partnership
from practices.models import (
    DigestDelivery,
    DigestIssue,
    DigestKind,
    EvidenceGap,
    Frequency,
    Practice,
    Subscription,
)
from practices.models.digests import DeliveryStatus
from practices.subscriptions import unsubscribe_url

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A claim older than this belongs to a worker that died; another run may take it over.
# It must exceed the time to send one batch, or a slow live worker's rows are
# taken over and sent twice.
CLAIM_LEASE = timedelta(minutes=30)
MAX_ATTEMPTS = 5
# The wait before attempt n + 1 is BACKOFF_BASE * 2 ** (n - 1): 5, 10, 20 and 40 minutes.
BACKOFF_BASE = timedelta(minutes=5)
# Each kind shows at most this many items; the email links to the rest.
MAX_ITEMS_PER_KIND = 10
# A subscriber who missed digests gets at most this much history in the next one.
MAX_LOOKBACK = timedelta(days=62)

ProgressCallback = Callable[[int, "RunSummary"], None]


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def period_bounds(frequency: str, key: str) -> tuple[datetime, datetime]:
    """Return the local start and end of a period key: "2026-W48" weekly, "2026-11" monthly."""
    if frequency == Frequency.WEEKLY:
        year_text, week_text = key.split("-W")
        start = date.fromisocalendar(int(year_text), int(week_text), 1)
        return _local_midnight(start), _local_midnight(start + timedelta(days=7))
    year, month = (int(part) for part in key.split("-"))
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return _local_midnight(start), _local_midnight(end)


def last_complete_period(frequency: str, now: datetime | None = None) -> str:
    """Return the key of the last period that ended before `now`, in local time."""
    today = timezone.localtime(now or timezone.now()).date()
    if frequency == Frequency.WEEKLY:
        start = today - timedelta(days=today.weekday() + 7)
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    last_month_end = today.replace(day=1) - timedelta(days=1)
    return f"{last_month_end.year}-{last_month_end.month:02d}"


def current_period(frequency: str, now: datetime | None = None) -> str:
    """Return the key of the period that contains `now`, in local time."""
    today = timezone.localtime(now or timezone.now()).date()
    if frequency == Frequency.WEEKLY:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{today.year}-{today.month:02d}"


def validate_period(frequency: str, key: str) -> str:
    """Return `key` if it names a period of `frequency`, else raise ValueError saying why.

    "current" names the period that contains the present moment.
    """
    if key == "current":
        return current_period(frequency)
    try:
        period_bounds(frequency, key)
    except (ValueError, TypeError):
        example = "2026-W48" if frequency == Frequency.WEEKLY else "2026-11"
        raise ValueError(
            f"Period {key!r} is invalid for {frequency} digests: use the form {example}."
        ) from None
    return key


def issue_for(frequency: str, key: str) -> DigestIssue:
    starts_at, ends_at = period_bounds(frequency, key)
    issue, _created = DigestIssue.objects.get_or_create(
        key=f"{frequency}-{key}",
        defaults={"frequency": frequency, "starts_at": starts_at, "ends_at": ends_at},
    )
    return issue


# ---------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One published thing a digest may list, with its text and address in both languages."""

    kind: str
    published_at: datetime
    theme_ids: frozenset[int]
    region_ids: frozenset[int]
    sector_ids: frozenset[int]
    titles: dict[str, str]
    summaries: dict[str, str]
    paths: dict[str, str]

    def title(self, language: str) -> str:
        other = "fr" if language == "en" else "en"
        return self.titles[language] or self.titles[other]

    def summary(self, language: str) -> str:
        other = "fr" if language == "en" else "en"
        return self.summaries[language] or self.summaries[other]


def _paths(name: str, kwargs: dict[str, Any]) -> dict[str, str]:
    paths = {}
    for language in ("en", "fr"):
        with translation.override(language):
            paths[language] = reverse(name, kwargs=kwargs)
    return paths


def _ids(records: Iterable[Any]) -> frozenset[int]:
    return frozenset(record.pk for record in records)


def load_items(since: datetime, until: datetime) -> list[DigestItem]:
    """Load every public item published in [since, until), in five queries per kind of record.

    Digests show no organization or author, so anonymous lessons reveal nothing here.
    """
    items: list[DigestItem] = []
    practices = (
        Practice.objects.published()
        .filter(published_at__gte=since, published_at__lt=until)
        .prefetch_related("themes", "regions", "sectors")
        .order_by("published_at", "id")
    )
    for practice in practices:
        assert practice.published_at is not None
        items.append(
            DigestItem(
                kind=practice.kind,
                published_at=practice.published_at,
                theme_ids=_ids(practice.themes.all()),
                region_ids=_ids(practice.regions.all()),
                sector_ids=_ids(practice.sectors.all()),
                titles={"en": practice.title_en, "fr": practice.title_fr},
                summaries={"en": practice.summary_en, "fr": practice.summary_fr},
                paths=_paths("practices:practice-detail", {"slug": practice.slug}),
            )
        )
    gaps = (
        EvidenceGap.objects.filter(published_at__gte=since, published_at__lt=until)
        .prefetch_related("themes", "regions")
        .order_by("published_at", "id")
    )
    for gap in gaps:
        items.append(
            DigestItem(
                kind=DigestKind.EVIDENCE_GAPS,
                published_at=gap.published_at,
                theme_ids=_ids(gap.themes.all()),
                region_ids=_ids(gap.regions.all()),
                sector_ids=frozenset(),
                titles={"en": gap.question_en, "fr": gap.question_fr},
                summaries={"en": gap.why_it_matters_en[:300], "fr": gap.why_it_matters_fr[:300]},
                paths=_paths("practices:evidence-gap-detail", {"pk": gap.pk}),
            )
        )
    partnerships = (
        Partnership.objects.public()
        .filter(exemplary_since__gte=since, exemplary_since__lt=until)
        .prefetch_related("themes", "regions")
        .order_by("exemplary_since", "id")
    )
    for partnership in partnerships:
        assert partnership.exemplary_since is not None
        items.append(
            DigestItem(
                kind=DigestKind.EXEMPLARY_PARTNERSHIPS,
                published_at=partnership.exemplary_since,
                theme_ids=_ids(partnership.themes.all()),
                region_ids=_ids(partnership.regions.all()),
                sector_ids=frozenset(),
                titles={"en": partnership.name, "fr": partnership.name_fr or partnership.name},
                summaries={"en": partnership.purpose_en[:300], "fr": partnership.purpose_fr[:300]},
                paths=_paths("partners:partnership-detail", {"slug": partnership.slug}),
            )
        )
    return items


@dataclass(frozen=True)
class SubscriberFilters:
    kinds: frozenset[str]
    theme_ids: frozenset[int]
    region_ids: frozenset[int]
    sector_ids: frozenset[int]

    @classmethod
    def of(cls, subscription: Subscription) -> SubscriberFilters:
        return cls(
            kinds=frozenset(subscription.kinds or DigestKind.values),
            theme_ids=_ids(subscription.themes.all()),
            region_ids=_ids(subscription.regions.all()),
            sector_ids=_ids(subscription.sectors.all()),
        )

    def matches(self, item: DigestItem) -> bool:
        """Check the item against each filter. An empty filter matches every item."""
        return (
            item.kind in self.kinds
            and (not self.theme_ids or not self.theme_ids.isdisjoint(item.theme_ids))
            and (not self.region_ids or not self.region_ids.isdisjoint(item.region_ids))
            and (not self.sector_ids or not self.sector_ids.isdisjoint(item.sector_ids))
        )


class ItemSelection:
    """The items of one run, with the choice per filters and start time kept for reuse.

    Subscribers often share filters, so a run of thousands of subscribers
    filters the items once per distinct (filters, since) pair, not once each.
    """

    def __init__(self, items: list[DigestItem], until: datetime) -> None:
        self.items = items
        self.until = until
        self._chosen: dict[tuple[SubscriberFilters, datetime], list[DigestItem]] = {}
        self._sections: dict[tuple[SubscriberFilters, datetime, str], list[dict[str, Any]]] = {}

    def choose(self, filters: SubscriberFilters, since: datetime) -> list[DigestItem]:
        key = (filters, since)
        if key not in self._chosen:
            self._chosen[key] = [
                item
                for item in self.items
                if since <= item.published_at < self.until and filters.matches(item)
            ]
        return self._chosen[key]

    def sections(
        self, filters: SubscriberFilters, since: datetime, language: str
    ) -> list[dict[str, Any]]:
        key = (filters, since, language)
        if key not in self._sections:
            self._sections[key] = digest_sections(self.choose(filters, since), language)
        return self._sections[key]


def digest_sections(items: list[DigestItem], language: str) -> list[dict[str, Any]]:
    """Group items by kind, in DigestKind's order, as the email templates show them."""
    sections = []
    with translation.override(language):
        for kind, label in DigestKind.choices:
            chosen = [item for item in items if item.kind == kind]
            if not chosen:
                continue
            shown = chosen[:MAX_ITEMS_PER_KIND]
            sections.append(
                {
                    "label": str(label),
                    "more": len(chosen) - len(shown),
                    "items": [
                        {
                            "title": item.title(language),
                            "summary": item.summary(language),
                            "url": f"{settings.HUB_SITE_URL}{item.paths[language]}",
                        }
                        for item in shown
                    ],
                }
            )
    return sections


# ---------------------------------------------------------------------------
# Claiming and sending
# ---------------------------------------------------------------------------


@dataclass
class RunSummary:
    """Counts of one run, logged at the end and printed by the management command."""

    issue: str = ""
    subscriptions: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * 2 ** max(attempts - 1, 0)


def claim_batch(
    batch: list[Subscription], issue: DigestIssue, now: datetime
) -> dict[int, DigestDelivery]:
    """Claim the deliveries of `issue` that are due for `batch`, keyed by subscription id.

    New rows are inserted in one transaction; the unique constraint skips rows
    that another run created first. Existing rows are taken over one by one,
    only if they failed and their backoff has passed, or if their claim is
    older than CLAIM_LEASE. Rows sent, empty, given up, held by a live claim
    or waiting for their backoff are left out.
    """
    token = uuid.uuid4().hex
    existing = {
        delivery.subscription_id: delivery
        for delivery in DigestDelivery.objects.filter(issue=issue, subscription__in=batch)
    }
    with transaction.atomic():
        DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(
                    subscription=subscription,
                    issue=issue,
                    status=DeliveryStatus.SENDING,
                    claim_token=token,
                    claimed_at=now,
                    attempts=1,
                )
                for subscription in batch
                if subscription.pk not in existing
            ],
            ignore_conflicts=True,
        )
    claimed = {
        delivery.subscription_id: delivery
        for delivery in DigestDelivery.objects.filter(issue=issue, claim_token=token)
    }

    retryable = Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )
    for subscription_id, delivery in existing.items():
        retake_token = uuid.uuid4().hex
        taken = (
            DigestDelivery.objects.filter(pk=delivery.pk, claim_token=delivery.claim_token)
            .filter(retryable)
            .update(
                status=DeliveryStatus.SENDING,
                claim_token=retake_token,
                claimed_at=now,
                attempts=F("attempts") + 1,
                error="",
            )
        )
        if taken:
            delivery.refresh_from_db()
            claimed[subscription_id] = delivery
    return claimed


def _finish(delivery: DigestDelivery, **fields: Any) -> None:
    """Update the delivery only while its claim token is still this worker's."""
    DigestDelivery.objects.filter(pk=delivery.pk, claim_token=delivery.claim_token).update(**fields)


def deliver(
    delivery: DigestDelivery,
    subscription: Subscription,
    selection: ItemSelection,
    summary: RunSummary,
) -> None:
    """Send one claimed delivery, or mark it empty or failed.

    The digest lists items published in [since, until), where `since` is the
    end of the subscriber's last digest, or the period's start for a first one.
    """
    issue = delivery.issue
    until = selection.until
    since = subscription.covered_until or issue.starts_at
    since = max(since, until - MAX_LOOKBACK)
    filters = SubscriberFilters.of(subscription)
    chosen = selection.choose(filters, since)
    now = timezone.now()
    if not chosen:
        with transaction.atomic():
            _finish(delivery, status=DeliveryStatus.EMPTY, sent_at=now)
            Subscription.objects.filter(pk=subscription.pk).update(covered_until=until)
        summary.empty += 1
        return

    language = subscription.digest_language()
    address = unsubscribe_url(subscription, language)
    try:
        send_email(
            to=subscription.email,
            language=language,
            template_prefix="practices/email/digest",
            context={
                "sections": selection.sections(filters, since, language),
                "issue": issue,
                "frequency": subscription.frequency,
                "unsubscribe_url": address,
            },
            headers={
                "List-Unsubscribe": f"<{address}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    except Exception as error:
        attempts = delivery.attempts
        status = DeliveryStatus.ABANDONED if attempts >= MAX_ATTEMPTS else DeliveryStatus.FAILED
        _finish(
            delivery,
            status=status,
            error=f"{type(error).__name__}: {error}"[:300],
            next_attempt_at=now + backoff(attempts),
        )
        summary.failed += 1
        summary.errors.append(f"subscription {subscription.pk}: {type(error).__name__}")
        logger.warning(
            "Digest %s to subscription %s failed on attempt %s (%s): %s",
            issue.key,
            subscription.pk,
            attempts,
            status,
            error,
        )
        return

    # The one window for a duplicate is here, between the server accepting the
    # message and this update; see the module docstring.
    with transaction.atomic():
        _finish(
            delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), item_count=len(chosen)
        )
        Subscription.objects.filter(pk=subscription.pk).update(covered_until=until)
    summary.sent += 1


def earliest_since(subscriptions: Any, issue: DigestIssue, until: datetime) -> datetime:
    """Return the oldest publication time that any of `subscriptions` may get in this issue."""
    if subscriptions.filter(covered_until__isnull=True).exists():
        oldest = issue.starts_at
    else:
        oldest = subscriptions.aggregate(oldest=Min("covered_until"))["oldest"] or issue.starts_at
        oldest = min(oldest, issue.starts_at)
    return max(oldest, until - MAX_LOOKBACK)


def send_digests(
    frequency: str,
    period: str | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Send the digest of `period` (default: the last complete one) to every due subscriber.

    Safe to run again for the same period: delivered and empty subscriptions
    are skipped, failed ones are retried once their backoff has passed. For
    the current period ("current") the digest covers items published until
    now, and the next period's digest starts from there.
    """
    started = time.monotonic()
    key = validate_period(frequency, period or last_complete_period(frequency))
    issue = issue_for(frequency, key)
    summary = RunSummary(issue=issue.key)
    logger.info("Digest run %s started", issue.key)

    subscriptions = Subscription.objects.active().filter(
        frequency=frequency, consent_at__lt=issue.ends_at
    )
    until = min(issue.ends_at, timezone.now())
    selection = ItemSelection(load_items(earliest_since(subscriptions, issue, until), until), until)
    last_id = 0
    while True:
        batch = list(
            subscriptions.filter(pk__gt=last_id)
            .select_related("user")
            .prefetch_related("themes", "regions", "sectors")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        last_id = batch[-1].pk
        claimed = claim_batch(batch, issue, timezone.now())
        for subscription in batch:
            summary.subscriptions += 1
            delivery = claimed.get(subscription.pk)
            if delivery is None:
                summary.skipped += 1
                continue
            delivery.issue = issue
            deliver(delivery, subscription, selection, summary)
        logger.info(
            "Digest run %s: %s subscriptions so far, %s sent, %s empty, %s failed, %s skipped",
            issue.key,
            summary.subscriptions,
            summary.sent,
            summary.empty,
            summary.failed,
            summary.skipped,
        )
        if progress is not None:
            progress(summary.subscriptions, summary)

    summary.seconds = time.monotonic() - started
    logger.info(
        "Digest run %s finished in %.1f s: %s sent, %s empty, %s failed, %s skipped",
        issue.key,
        summary.seconds,
        summary.sent,
        summary.empty,
        summary.failed,
        summary.skipped,
    )
    return summary


def retry_deliveries(now: datetime | None = None) -> list[RunSummary]:
    """Run every issue again that has failed deliveries due for a retry or stale claims."""
    now = now or timezone.now()
    due = (
        DigestDelivery.objects.filter(
            Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
        )
        .values_list("issue__frequency", "issue__key")
        .distinct()
    )
    summaries = []
    for frequency, key in due:
        summaries.append(send_digests(frequency, key.removeprefix(f"{frequency}-")))
    return summaries
