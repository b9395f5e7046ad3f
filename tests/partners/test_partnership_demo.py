"""The demo partnerships: 40 or more in every state, with goals and areas, loaded repeatably."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

from partners.demo.organizations import load_demo_organizations
from partners.demo.partnerships import load_demo_partnerships
from partners.models import (
    GoalAgreement,
    MemberStatus,
    Partnership,
    PartnershipMember,
    PartnershipState,
    StakeholderKind,
)

# The kinds the consultation wants at every table, grouped as the missing-voices check groups them.
VOICES = {
    "disability-organization",
    "government",
    "business",
    "labour-union",
    "college",
    "research",
}


@pytest.fixture
def loaded(reference_data: None) -> None:
    load_demo_organizations()
    result = load_demo_partnerships()
    assert result.created >= 40


def snapshot() -> list[tuple[Any, ...]]:
    rows = []
    for partnership in Partnership.objects.filter(is_demo=True).order_by("demo_key"):
        rows.append(
            (
                partnership.demo_key,
                partnership.name,
                partnership.state,
                partnership.goals_revision,
                str(partnership.start_date),
                tuple(partnership.benefit_areas.order_by("slug").values_list("slug", flat=True)),
                tuple(
                    partnership.members.order_by("organization__name").values_list(
                        "organization__name", "role", "status"
                    )
                ),
                tuple(partnership.transitions.values_list("from_state", "to_state", "at")),
                GoalAgreement.objects.filter(member__partnership=partnership).count(),
            )
        )
    return rows


def test_every_state_has_partnerships(loaded: None) -> None:
    states = Counter(Partnership.objects.filter(is_demo=True).values_list("state", flat=True))

    assert sum(states.values()) >= 40
    for state in PartnershipState.values:
        assert states[state] >= 3, state


def test_transitions_lead_to_current_state(loaded: None) -> None:
    for partnership in Partnership.objects.filter(is_demo=True):
        moves = list(partnership.transitions.order_by("at", "id"))
        if partnership.state == PartnershipState.PROPOSED:
            assert moves == []
            continue
        assert moves[0].from_state == PartnershipState.PROPOSED
        assert moves[-1].to_state == partnership.state
        for earlier, later in itertools.pairwise(moves):
            assert earlier.to_state == later.from_state
        for move in moves:
            if move.to_state in (PartnershipState.DECLINED, PartnershipState.ENDED):
                assert move.reason


def test_goals_agreements_and_areas(loaded: None) -> None:
    demo = Partnership.objects.filter(is_demo=True)

    assert demo.filter(goals_revision__gte=1).count() >= 30
    assert demo.filter(goals_revision__gte=2).exists()
    assert all(p.benefit_areas.exists() for p in demo)
    assert GoalAgreement.objects.filter(member__partnership__is_demo=True).count() >= 60
    waiting = [
        member
        for member in PartnershipMember.objects.filter(
            partnership__is_demo=True,
            status=MemberStatus.ACCEPTED,
            partnership__goals_revision__gte=1,
        )
        if not member.goal_agreements.filter(revision=member.partnership.goals_revision).exists()
    ]
    assert waiting, "some members have not agreed to the latest goals yet"


def test_each_partnership_has_one_lead(loaded: None) -> None:
    for partnership in Partnership.objects.filter(is_demo=True):
        leads = partnership.members.filter(role="lead", status=MemberStatus.ACCEPTED)
        assert leads.count() == 1, partnership.name


def test_invitations_declines_and_departures(loaded: None) -> None:
    statuses = Counter(
        PartnershipMember.objects.filter(partnership__is_demo=True).values_list("status", flat=True)
    )

    assert statuses[MemberStatus.INVITED] >= 3
    assert statuses[MemberStatus.DECLINED] >= 1
    assert statuses[MemberStatus.LEFT] >= 1
    declined = PartnershipMember.objects.filter(
        partnership__is_demo=True, status=MemberStatus.DECLINED
    )
    assert all(member.decline_reason for member in declined)


def test_some_partnerships_miss_whole_kinds(loaded: None) -> None:
    complete, missing = 0, 0
    for partnership in Partnership.objects.filter(is_demo=True):
        kinds = set(
            partnership.members.filter(status=MemberStatus.ACCEPTED).values_list(
                "organization__kind__slug", flat=True
            )
        )
        if kinds >= VOICES:
            complete += 1
        else:
            missing += 1
    assert missing >= 10
    assert complete >= 1
    assert StakeholderKind.objects.filter(slug__in=VOICES).count() == len(VOICES)


def test_second_load_changes_nothing(loaded: None) -> None:
    before = snapshot()

    result = load_demo_partnerships()

    assert result.created == 0
    assert result.unchanged == len(before)
    assert snapshot() == before


def test_load_is_deterministic(loaded: None) -> None:
    before = snapshot()
    Partnership.objects.filter(is_demo=True).delete()

    load_demo_partnerships()

    assert snapshot() == before
