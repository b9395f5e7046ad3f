"""The governance demo loader, on demo partnerships of every state made by the test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from governance.demo import load_demo_governance
from governance.models import Assessment, Review
from partners.models import Organization, Partnership, PartnershipState, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_partnerships(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
    coordinator: User,
) -> list[Partnership]:
    made = []
    for state in PartnershipState.values:
        for _ in range(4):
            partnership = make_partnership(
                lead=organization_a, members=[organization_b], state=state, goals=["Hire"]
            )
            Partnership.objects.filter(pk=partnership.pk).update(is_demo=True)
            made.append(partnership)
    make_partnership(state=PartnershipState.ACTIVE, name="Not a demo")
    return made


def snapshot() -> list[tuple]:
    return sorted(
        Review.objects.values_list("partnership_id", "quarter", "decision", "completed_at")
    ) + sorted(Assessment.objects.values_list("partnership_id", "decision", "weighted_total"))


def test_demo_covers_every_outcome(demo_partnerships: list[Partnership]) -> None:
    result = load_demo_governance()
    assert result.created > 0
    assert set(Assessment.objects.values_list("decision", flat=True)) == {
        "accept",
        "decline",
        "defer",
        "",
    }
    for assessment in Assessment.objects.filter(decision="decline"):
        assert assessment.decision_reasons_en and assessment.decision_reasons_fr
        assert assessment.weighted_total is not None
    assert set(Review.objects.completed().values_list("decision", flat=True)) == {
        "continue",
        "continue-with-actions",
        "end",
        "exemplary",
    }
    quarters = set(Review.objects.values_list("quarter", flat=True))
    assert len(quarters) == 4
    today = timezone.localdate()
    assert Review.objects.open().filter(due_date__lt=today).exists()
    assert Review.objects.open().filter(due_date__gte=today).exists()
    assert not Review.objects.filter(partnership__name="Not a demo").exists()
    highlighted = Partnership.objects.filter(exemplary_since__isnull=False)
    assert highlighted.exists()
    assert all(partnership.is_public for partnership in highlighted)
    # States are left as the partnerships demo set them.
    for partnership in demo_partnerships:
        state = partnership.state
        partnership.refresh_from_db()
        assert partnership.state == state


def test_demo_second_load_unchanged(demo_partnerships: list[Partnership]) -> None:
    load_demo_governance()
    before = snapshot()
    again = load_demo_governance()
    assert again.created == 0
    assert again.unchanged == Review.objects.count() + Assessment.objects.count()
    assert snapshot() == before


def test_demo_without_partnerships(reference_data: None) -> None:
    result = load_demo_governance()
    assert result.created == 0
