"""Fixtures of the practices tests: practices in every state, subscribers and a partnership."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from partners.models import Organization, Partnership, Region, Sector, Theme, User
from practices.models import Practice, PracticeKind, PracticeStatus, Subscription
from practices.models.digests import ConsentMethod
from tests.conftest import make_user


@pytest.fixture
def make_practice(reference_data: None) -> Callable[..., Practice]:
    """Create a practice directly (published by default); keyword arguments override fields.

    `themes`, `regions`, `sectors`, `organizations`, `partnerships` and
    `initiatives` take lists of records.
    """
    counter = {"n": 0}

    def make(**fields: Any) -> Practice:
        counter["n"] += 1
        relations = {
            name: fields.pop(name)
            for name in (
                "themes",
                "regions",
                "sectors",
                "stakeholder_kinds",
                "organizations",
                "partnerships",
                "initiatives",
            )
            if name in fields
        }
        fields.setdefault("kind", PracticeKind.BEST_PRACTICE)
        fields.setdefault("title_en", f"Practice {counter['n']:03d}")
        fields.setdefault("summary_en", f"Summary of practice {counter['n']:03d}.")
        fields.setdefault("status", PracticeStatus.PUBLISHED)
        if fields["status"] == PracticeStatus.PUBLISHED:
            fields.setdefault("published_at", timezone.now())
        practice = Practice.objects.create(**fields)
        relations.setdefault("themes", [Theme.objects.get(number=1)])
        for name, values in relations.items():
            getattr(practice, name).set(values)
        return practice

    return make


@pytest.fixture
def make_subscriber(reference_data: None) -> Callable[..., Subscription]:
    """Create an active subscription that consented long ago; keyword arguments override fields."""
    counter = {"n": 0}

    def make(**fields: Any) -> Subscription:
        counter["n"] += 1
        filters = {
            name: fields.pop(name) for name in ("themes", "regions", "sectors") if name in fields
        }
        fields.setdefault("email", f"subscriber{counter['n']:02d}@example.org")
        fields.setdefault("status", "active")
        fields.setdefault(
            "kinds",
            ["best-practice", "lesson", "case-study", "evidence-gap", "exemplary-partnership"],
        )
        fields.setdefault("consent_method", ConsentMethod.EMAIL_CONFIRMATION)
        fields.setdefault("consent_at", timezone.make_aware(datetime(2026, 1, 5, 12)))
        subscription = Subscription.objects.create(**fields)
        for name, values in filters.items():
            getattr(subscription, name).set(values)
        return subscription

    return make


@pytest.fixture
def author(organization_a: Organization) -> User:
    """A French-speaking editor of organization A who shares practices."""
    from partners import services
    from partners.models import Role

    user = make_user("auteure@example.org", preferred_language="fr")
    services.add_member(organization_a, user, Role.EDITOR)
    return user


@pytest.fixture
def partnership(organization_a: Organization) -> Partnership:
    partnership = Partnership.objects.create(name="Winnipeg Hiring Circle", state="active")
    partnership.themes.set([Theme.objects.get(number=3)])
    partnership.regions.set([Region.objects.get(code="CA-MB")])
    return partnership


@pytest.fixture
def sector() -> Sector:
    return Sector.objects.get(code="62")
