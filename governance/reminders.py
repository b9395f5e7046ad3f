"""Review reminders and case-study invitations, each email sent at most once.

Before an email goes out, a ReminderDelivery row for (review, kind,
sequence, recipient) is created in its own transaction. The unique
constraint on those fields lets only one run claim it, so a retried task or
two workers at once never send the same reminder twice. If sending fails, the
claim is deleted so the next run tries again.

Schedule, counted in days from the review's due date: "upcoming" from 14
days before until the day before; "due" from the due date until 6 days
after; "overdue" number n from 7×n days after, once a week; and, from 31
days after, one "escalation" to the lead coordinator (HUB_LEAD_COORDINATOR_EMAIL).
A day the job does not run is caught up on the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.access import lead_contacts
from governance.models import ReminderDelivery, ReminderKind, Review
from hubsite.mail import send_email
from partners.models import User

logger = logging.getLogger(__name__)

UPCOMING_DAYS = 14
ESCALATION_AFTER_DAYS = 30


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def reminder_due(due_date: date, today: date) -> list[tuple[str, int]]:
    """The reminders (kind, sequence) a review due on `due_date` should have had by `today`."""
    days = (today - due_date).days
    reminders: list[tuple[str, int]] = []
    if -UPCOMING_DAYS <= days < 0:
        reminders.append((ReminderKind.UPCOMING, 0))
    elif 0 <= days < 7:
        reminders.append((ReminderKind.DUE, 0))
    elif days >= 7:
        reminders.append((ReminderKind.OVERDUE, days // 7))
    if days > ESCALATION_AFTER_DAYS:
        reminders.append((ReminderKind.ESCALATION, 0))
    return reminders


def recipient_for(user: User) -> Recipient:
    return Recipient(user.email, user.preferred_language or "en")


def lead_coordinator() -> Recipient:
    """The lead coordinator, in the language of the account with that address, else English."""
    from governance.services import coordinator_lead_email

    email = coordinator_lead_email()
    account = User.objects.filter(email__iexact=email, is_active=True).first()
    return Recipient(email, account.preferred_language if account else "en")


def claim(
    review: Review, kind: str, sequence: int, recipient: Recipient
) -> ReminderDelivery | None:
    """Create the delivery record in its own transaction, or return None if another run has it."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                review=review, kind=kind, sequence=sequence, recipient=recipient.email.lower()
            )
    except IntegrityError:
        return None


def deliver(
    review: Review, kind: str, sequence: int, recipient: Recipient, template: str, context: dict
) -> bool:
    """Claim, send and mark one email. Return True when this call sent it."""
    delivery = claim(review, kind, sequence, recipient)
    if delivery is None:
        return False
    try:
        send_email(
            to=recipient.email,
            language=recipient.language,
            template_prefix=template,
            context=context,
        )
    except Exception:
        logger.exception(
            "Sending %s reminder %d of review %s to delivery %s failed; it will be tried again",
            kind,
            sequence,
            review.pk,
            delivery.pk,
        )
        delivery.delete()
        return False
    ReminderDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return True


def send_review_reminders(today: date | None = None) -> int:
    """Send the reminders that open reviews are due for by `today`; return how many were sent."""
    day = today or timezone.localdate()
    earliest_due = day.toordinal() + UPCOMING_DAYS
    reviews = list(
        Review.objects.open()
        .filter(due_date__lte=date.fromordinal(earliest_due))
        .select_related("partnership", "coordinator")
        .order_by("due_date", "id")
    )
    contacts = lead_contacts([review.partnership_id for review in reviews])
    escalation_to: Recipient | None = None
    sent = 0
    for review in reviews:
        for kind, sequence in reminder_due(review.due_date, day):
            context = {
                "review": review,
                "partnership": review.partnership,
                "kind": kind,
                "days_overdue": (day - review.due_date).days,
            }
            if kind == ReminderKind.ESCALATION:
                escalation_to = escalation_to or lead_coordinator()
                recipients = [escalation_to]
                template = "governance/email/review_escalation"
            else:
                people = [review.coordinator] if review.coordinator else []
                people += contacts.get(review.partnership_id, [])
                recipients = list(
                    {recipient_for(user).email: recipient_for(user) for user in people}.values()
                )
                template = "governance/email/review_reminder"
            for recipient in recipients:
                if deliver(review, kind, sequence, recipient, template, context):
                    sent += 1
                    logger.info("Sent %s reminder %d of review %s", kind, sequence, review.pk)
    logger.info("Review reminders for %s: %d sent for %d open reviews", day, sent, len(reviews))
    return sent


def invite_case_study(review_id: int) -> int:
    """Invite the lead organization's administrators to write a case study; once per review."""
    review = Review.objects.select_related("partnership").get(pk=review_id)
    sent = 0
    for user in lead_contacts([review.partnership_id]).get(review.partnership_id, []):
        recipient = recipient_for(user)
        context = {"review": review, "partnership": review.partnership}
        if deliver(
            review,
            ReminderKind.CASE_STUDY,
            0,
            recipient,
            "governance/email/case_study_invitation",
            context,
        ):
            sent += 1
    logger.info("Case-study invitation for review %s: %d sent", review_id, sent)
    return sent
