"""Digest subscriptions, the periods digests cover, and one delivery record per email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partners.models import Region, Sector, Theme


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class DigestKind(models.TextChoices):
    BEST_PRACTICES = "best-practice", _("Best practices")
    LESSONS = "lesson", _("Lessons from what went wrong")
    CASE_STUDIES = "case-study", _("Case studies")
    EVIDENCE_GAPS = "evidence-gap", _("Evidence gaps")
    EXEMPLARY_PARTNERSHIPS = "exemplary-partnership", _("Exemplary partnerships")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class ConsentMethod(models.TextChoices):
    SIGNED_IN = "signed-in", _("Subscribed while signed in to a verified account")
    EMAIL_CONFIRMATION = "email-confirmation", _("Confirmed by the link emailed to the address")
    DEMO = "demo", _("Fictional demo subscriber")


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(status=SubscriptionStatus.ACTIVE)


class Subscription(models.Model):
    """One person's request for digests: how often, which kinds, and which filters.

    Without an account the subscription stays pending until the person clicks
    the link in the confirmation email (double opt-in, as Canada's anti-spam
    legislation expects). `consent_at` and `consent_method` record when and how
    consent was given. Empty filters match everything.
    """

    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="digest_subscriptions",
    )
    language = models.CharField(
        _("language of the digest"),
        max_length=2,
        blank=True,
        choices=[("en", _("English")), ("fr", _("French"))],
        help_text=_("Empty: the account's preferred language, or the hub's default."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    kinds = models.JSONField(_("kinds of items"), default=list)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("sectors")
    )

    status = models.CharField(
        _("status"),
        max_length=15,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
        db_index=True,
    )
    consent_method = models.CharField(
        _("how consent was given"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # The end of the last period a digest covered (sent or empty); the next
    # digest lists items published from here on.
    covered_until = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        indexes = [models.Index(Lower("email"), name="subscription_email_lower")]

    def __str__(self) -> str:
        return f"{self.frequency} digest for subscription {self.pk}"

    def digest_language(self) -> str:
        """The language of the emails: the chosen one, else the account's, else the default."""
        if self.language in {"en", "fr"}:
            return self.language
        if self.user is not None and self.user.preferred_language in {"en", "fr"}:
            return self.user.preferred_language
        return settings.LANGUAGE_CODE[:2]


class DigestIssue(models.Model):
    """One period of one frequency, such as the week of 30 November 2026, shown in the archive."""

    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    key = models.CharField(max_length=30, unique=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ends_at", "frequency"]
        verbose_name = _("digest issue")
        verbose_name_plural = _("digest issues")

    def __str__(self) -> str:
        return self.key


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("Claimed, being sent")
    SENT = "sent", _("Sent")
    EMPTY = "empty", _("Nothing new, no email")
    FAILED = "failed", _("Failed, will be retried")
    ABANDONED = "abandoned", _("Failed too often, given up")


class DigestDelivery(models.Model):
    """The record of one subscription's digest for one period, claimed before the email is sent.

    The unique constraint makes the claim exclusive: two workers or two runs
    for the same period cannot both create it.
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    issue = models.ForeignKey(DigestIssue, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, db_index=True)
    claim_token = models.CharField(max_length=32)
    claimed_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "issue"], name="digest_delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["issue", "status"],
                condition=Q(status__in=["sending", "failed"]),
                name="digest_delivery_retry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} for subscription {self.subscription_id}: {self.status}"
