"""Fixtures of the governance tests: partnerships with members, goals and leadership roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from partners.models import (
    LeadershipRole,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipState,
)


@pytest.fixture
def make_partnership(reference_data: None) -> Callable[..., Partnership]:
    """Create a partnership with a lead organization, other members and agreed goals."""
    counter = {"n": 0}

    def make(
        *,
        lead: Organization | None = None,
        members: list[Organization] | None = None,
        state: str = PartnershipState.ACTIVE,
        goals: list[str] | None = None,
        **fields: Any,
    ) -> Partnership:
        counter["n"] += 1
        fields.setdefault("name", f"Partnership {counter['n']:03d}")
        partnership = Partnership.objects.create(state=state, **fields)
        if lead is not None:
            PartnershipMember.objects.create(
                partnership=partnership,
                organization=lead,
                role=MemberRole.LEAD,
                status=MemberStatus.ACCEPTED,
                value_proposition="Hiring through the network.",
            )
        for organization in members or []:
            PartnershipMember.objects.create(
                partnership=partnership,
                organization=organization,
                role=MemberRole.MEMBER,
                status=MemberStatus.ACCEPTED,
            )
        if goals:
            Partnership.objects.filter(pk=partnership.pk).update(goals_revision=1)
            partnership.goals_revision = 1
            for position, text in enumerate(goals):
                PartnershipGoal.objects.create(
                    partnership=partnership, revision=1, position=position, text_en=text
                )
        return partnership

    return make


@pytest.fixture
def add_roles() -> Callable[..., None]:
    """Give a partnership `total` current leadership roles, `lived` with lived experience."""

    def add(partnership: Partnership, total: int, lived: int) -> None:
        for number in range(total):
            LeadershipRole.objects.create(
                partnership=partnership,
                person_name=f"Person {number}",
                title="steering-member",
                term_start=date(2020, 1, 1),
                lived_experience=True if number < lived else None,
                lived_experience_source="self" if number < lived else "",
            )

    return add
