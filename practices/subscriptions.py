"""Digest subscriptions: subscribing, double opt-in confirmation and one-click unsubscribing.

Links in emails carry signed tokens (django.core.signing) that name one
subscription. They never sign anyone in; they only confirm or end that
subscription.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hubsite.locks import lock_for_transaction
from hubsite.mail import send_email
from partners.models import User
from practices.models import DigestKind, Subscription, SubscriptionStatus
from practices.models.digests import ConsentMethod

logger = logging.getLogger(__name__)

CONFIRM_SALT = "practices.subscription-confirm"
UNSUBSCRIBE_SALT = "practices.unsubscribe"
# A confirmation link works for a week; an unsubscribe link in a digest for a
# year, well past the 60 days Canada's anti-spam legislation requires.
CONFIRM_MAX_AGE = timedelta(days=7)
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)
# One confirmation email per address in this time, so the form cannot be
# used to flood someone's inbox.
CONFIRMATION_RESEND_INTERVAL = timedelta(hours=1)


class InvalidToken(Exception):
    """A confirmation or unsubscribe token that was altered, expired or names no subscription."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid" or "expired"


def make_token(subscription: Subscription, salt: str) -> str:
    return signing.dumps(subscription.pk, salt=salt)


def read_token(token: str, salt: str, max_age: timedelta) -> Subscription:
    """Return the subscription that `token` names, or raise InvalidToken."""
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken("expired") from None
    except signing.BadSignature:
        raise InvalidToken("invalid") from None
    subscription = Subscription.objects.select_related("user").filter(pk=pk).first()
    if subscription is None:
        raise InvalidToken("invalid")
    return subscription


def unsubscribe_url(subscription: Subscription, language: str) -> str:
    """The absolute one-click unsubscribe address, on the page in `language`."""
    token = make_token(subscription, UNSUBSCRIBE_SALT)
    with translation.override(language):
        path = reverse("practices:unsubscribe", kwargs={"token": token})
    return f"{settings.HUB_SITE_URL}{path}"


def clean_kinds(kinds: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(kinds))
    unknown = [kind for kind in chosen if kind not in DigestKind.values]
    if unknown:
        raise ValidationError(
            {"kinds": _("Unknown kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    if not chosen:
        raise ValidationError({"kinds": _("Choose at least one kind of item.")})
    return chosen


def _save(
    subscription: Subscription,
    *,
    frequency: str,
    kinds: Iterable[str],
    filters: dict[str, Iterable[Any]],
) -> Subscription:
    subscription.frequency = frequency
    subscription.kinds = clean_kinds(kinds)
    subscription.full_clean(exclude=["user", "kinds"])
    subscription.save()
    for name in ("themes", "regions", "sectors"):
        getattr(subscription, name).set(list(filters.get(name, [])))
    return subscription


@transaction.atomic
def subscribe(
    *,
    email: str,
    user: User | Any,
    frequency: str,
    kinds: Iterable[str],
    filters: dict[str, Iterable[Any]],
    language: str = "",
) -> Subscription:
    """Create a subscription.

    A signed-in person subscribing their own verified account address is
    active at once (consent given while signed in). Anyone else gets a
    pending subscription and a confirmation email, at most one per address
    per hour; nothing else is sent before they click it.
    """
    email = email.strip()
    signed_in = isinstance(user, User) and user.is_authenticated and user.is_active
    own_address = signed_in and email.lower() == user.email.lower()
    now = timezone.now()
    lock_for_transaction("digest-subscription", email.lower())

    subscription = Subscription(email=email, language=language)
    if own_address:
        subscription.user = user
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.consent_method = ConsentMethod.SIGNED_IN
        subscription.consent_at = now
        _save(subscription, frequency=frequency, kinds=kinds, filters=filters)
        logger.info("Subscription %s created and active for user %s", subscription.pk, user.pk)
        return subscription

    recently_sent = Subscription.objects.filter(
        email__iexact=email,
        status=SubscriptionStatus.PENDING,
        confirmation_sent_at__gt=now - CONFIRMATION_RESEND_INTERVAL,
    ).exists()
    subscription.status = SubscriptionStatus.PENDING
    _save(subscription, frequency=frequency, kinds=kinds, filters=filters)
    if recently_sent:
        logger.info(
            "Subscription %s pending; confirmation not resent within the hour", subscription.pk
        )
        return subscription

    subscription.confirmation_sent_at = now
    subscription.save(update_fields=["confirmation_sent_at"])
    email_language = subscription.digest_language()
    token = make_token(subscription, CONFIRM_SALT)
    transaction.on_commit(
        lambda: send_email(
            to=email,
            language=email_language,
            template_prefix="practices/email/confirm_subscription",
            context={"subscription": subscription, "token": token},
        )
    )
    logger.info("Subscription %s pending; confirmation email queued", subscription.pk)
    return subscription


@transaction.atomic
def confirm_subscription(subscription: Subscription) -> Subscription:
    """Turn a pending subscription on and record the double opt-in consent."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == SubscriptionStatus.PENDING:
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.consent_method = ConsentMethod.EMAIL_CONFIRMATION
        subscription.consent_at = timezone.now()
        subscription.save(update_fields=["status", "consent_method", "consent_at"])
        logger.info("Subscription %s confirmed", subscription.pk)
    return subscription


@transaction.atomic
def unsubscribe(subscription: Subscription) -> Subscription:
    """Turn off this one subscription; the person's other subscriptions stay as they are."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
        logger.info("Subscription %s unsubscribed", subscription.pk)
    return subscription


@transaction.atomic
def update_own_subscription(
    user: User,
    subscription: Subscription,
    *,
    frequency: str,
    kinds: Iterable[str],
    filters: dict[str, Iterable[Any]],
    language: str = "",
) -> Subscription:
    if subscription.user_id != user.pk:
        raise PermissionDenied(_("You can change only your own subscriptions."))
    subscription.language = language
    return _save(subscription, frequency=frequency, kinds=kinds, filters=filters)
