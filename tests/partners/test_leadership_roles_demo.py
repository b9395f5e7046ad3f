"""The demo leadership roles: every case the pages should show, loaded the same way twice."""

from __future__ import annotations

import pytest

from partners.demo.leadership_roles import ROLE_PATTERNS, load_demo_leadership_roles
from partners.leadership_roles import leadership_indicators
from partners.models import LeadershipRole, Partnership, PartnershipState
from tests.partners.test_leadership_roles import make_partnership


@pytest.fixture
def demo_partnerships(make_organization) -> list[Partnership]:
    lead = make_organization(is_demo=True)
    partnerships = []
    for number in range(len(ROLE_PATTERNS)):
        partnership = make_partnership(
            lead, name=f"Demo partnership {number}", state=PartnershipState.ACTIVE
        )
        Partnership.objects.filter(pk=partnership.pk).update(
            is_demo=True, demo_key=f"demo-{number:02d}"
        )
        partnerships.append(partnership)
    make_partnership(lead, name="Not a demo partnership")
    return partnerships


def test_demo_covers_every_case(demo_partnerships):
    result = load_demo_leadership_roles()

    indicators = leadership_indicators([p.pk for p in demo_partnerships]).values()
    assert result.created == LeadershipRole.objects.count()
    assert any(indicator.is_majority for indicator in indicators)
    assert any(not indicator.is_majority and not indicator.suppressed for indicator in indicators)
    assert any(
        indicator.with_lived_experience * 2 == indicator.current_roles for indicator in indicators
    )
    assert any(indicator.suppressed for indicator in indicators)
    assert any(indicator.succession_gaps for indicator in indicators)
    assert LeadershipRole.objects.filter(emerging_leader=True, mentor__isnull=False).exists()
    assert LeadershipRole.objects.filter(organization__isnull=False).exists()
    assert (
        not LeadershipRole.objects.filter(partnership__is_demo=False)
        .exclude(partnership=None)
        .exists()
    )


def test_demo_load_is_repeatable(demo_partnerships):
    load_demo_leadership_roles()
    first = sorted(
        LeadershipRole.objects.values_list(
            "partnership_id", "organization_id", "person_name", "title", "lived_experience"
        ),
        key=str,
    )
    second_result = load_demo_leadership_roles()
    second = sorted(
        LeadershipRole.objects.values_list(
            "partnership_id", "organization_id", "person_name", "title", "lived_experience"
        ),
        key=str,
    )
    assert first == second
    assert second_result.created == 0
    assert second_result.updated == len(second)
