"""The demo loader of practices, evidence gaps and subscribers, on a small demo network."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from initiatives.models import Initiative
from partners.models import Organization, Partnership, Theme
from practices.demo import load_demo_practices
from practices.models import EvidenceGap, Practice, PracticeKind, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network(make_organization: Callable[..., Organization]) -> None:
    organizations = [make_organization(name=f"Demo Org {n}", is_demo=True) for n in range(3)]
    make_organization(name="Pending Demo Org", is_demo=True, verification_status="pending")
    Partnership.objects.create(
        name="Demo exemplary",
        state="active",
        is_demo=True,
        demo_key="p-1",
        exemplary_since=timezone.now(),
    )
    initiative = Initiative.objects.create(
        title_en="Demo initiative", lead_organization=organizations[0], demo_key="i-1"
    )
    initiative.themes.set([Theme.objects.get(number=1)])


def test_demo_loads_every_kind_in_both_languages(demo_network: None) -> None:
    result = load_demo_practices()

    published = Practice.objects.published()
    assert (
        result.created
        == Practice.objects.count() + EvidenceGap.objects.count() + Subscription.objects.count()
    )
    assert Practice.objects.count() >= 80
    for kind in PracticeKind.values:
        assert published.filter(kind=kind).exists(), kind
    assert published.filter(title_en="").exists()
    assert published.filter(title_fr="").exists()
    assert published.exclude(title_en="").exclude(title_fr="").exists()
    assert published.filter(is_anonymous=True, kind=PracticeKind.LESSON).count() >= 10
    assert Practice.objects.filter(status="submitted").exists()
    assert EvidenceGap.objects.count() >= 10
    assert Subscription.objects.filter(status="active").count() >= 10
    assert Practice.objects.filter(partnerships__demo_key="p-1").exists()
    assert Practice.objects.filter(initiatives__demo_key="i-1").exists()
    assert not Practice.objects.filter(organizations__name="Pending Demo Org").exists()


def test_demo_second_load_updates_same_rows(demo_network: None) -> None:
    load_demo_practices()
    first = list(
        Practice.objects.order_by("demo_key").values_list("demo_key", "title_en", "published_at")
    )

    again = load_demo_practices()

    assert again.created == 0
    assert (
        list(
            Practice.objects.order_by("demo_key").values_list(
                "demo_key", "title_en", "published_at"
            )
        )
        == first
    )


def test_demo_loads_without_other_demo_records(reference_data: None) -> None:
    load_demo_practices()

    assert Practice.objects.count() >= 80
