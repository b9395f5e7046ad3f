"""Shared goals: the lead proposes, each member agrees, and a revision asks again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from partners import partnerships as services
from partners.models import GoalAgreement, PartnershipGoal
from tests.partners.partnership_support import Network, join


def propose(network: Network, goals: list[tuple[str, str]]) -> None:
    network.partnership.refresh_from_db()
    services.propose_goals(
        network.admin_a, network.partnership, goals, expected_version=network.partnership.version
    )
    network.partnership.refresh_from_db()


def agreed_organizations(network: Network) -> set[str]:
    return set(
        GoalAgreement.objects.filter(
            member__partnership=network.partnership, revision=network.partnership.goals_revision
        ).values_list("member__organization__name", flat=True)
    )


def test_proposal_creates_revision_and_lead_agrees(network: Network) -> None:
    propose(network, [("Hire 20 people.", "Embaucher 20 personnes."), ("", "Mesurer.")])

    assert network.partnership.goals_revision == 1
    goals = services.current_goals(network.partnership)
    assert [(g.text_en, g.text_fr) for g in goals] == [
        ("Hire 20 people.", "Embaucher 20 personnes."),
        ("", "Mesurer."),
    ]
    assert agreed_organizations(network) == {"Organization A"}


def test_member_agrees_and_page_data_shows_it(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    propose(network, [("Hire 20 people.", "")])

    services.agree_to_goals(network.admin_b, member, 1)
    services.agree_to_goals(network.admin_b, member, 1)

    assert agreed_organizations(network) == {"Organization A", "Organization B"}
    assert GoalAgreement.objects.filter(member=member).count() == 1


def test_revision_asks_again(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    propose(network, [("Hire 20 people.", "")])
    services.agree_to_goals(network.admin_b, member, 1)

    propose(network, [("Hire 30 people.", "")])

    assert network.partnership.goals_revision == 2
    assert agreed_organizations(network) == {"Organization A"}
    assert [g.text_en for g in services.current_goals(network.partnership)] == ["Hire 30 people."]
    assert PartnershipGoal.objects.filter(partnership=network.partnership).count() == 2


def test_agreeing_to_old_revision_refused(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    propose(network, [("Hire 20 people.", "")])
    propose(network, [("Hire 30 people.", "")])

    with pytest.raises(services.PartnershipError) as caught:
        services.agree_to_goals(network.admin_b, member, 1)

    assert caught.value.field == "revision"
    assert agreed_organizations(network) == {"Organization A"}


def test_agree_before_any_goal_refused(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)

    with pytest.raises(services.PartnershipError):
        services.agree_to_goals(network.admin_b, member, 0)


def test_invited_organization_cannot_agree(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )
    propose(network, [("Hire 20 people.", "")])

    with pytest.raises(services.PartnershipError):
        services.agree_to_goals(network.admin_b, member, 1)


@pytest.mark.parametrize("persona", ["admin_a", "admin_c", "coordinator"])
def test_only_member_administrators_agree(network: Network, persona: str) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    propose(network, [("Hire 20 people.", "")])

    with pytest.raises(PermissionDenied):
        services.agree_to_goals(getattr(network, persona), member, 1)
    assert agreed_organizations(network) == {"Organization A"}


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "admin_c", "coordinator"])
def test_only_lead_administrators_propose(network: Network, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.propose_goals(
            getattr(network, persona),
            network.partnership,
            [("Take over.", "")],
            expected_version=network.partnership.version,
        )
    network.partnership.refresh_from_db()
    assert network.partnership.goals_revision == 0


def test_empty_goals_refused(network: Network) -> None:
    with pytest.raises(services.PartnershipError) as caught:
        services.propose_goals(
            network.admin_a,
            network.partnership,
            [("  ", ""), ("", "")],
            expected_version=network.partnership.version,
        )
    assert caught.value.field == "goals"


def test_stale_goals_proposal_refused(network: Network) -> None:
    old_version = network.partnership.version
    propose(network, [("First.", "")])

    with pytest.raises(services.StaleEdit):
        services.propose_goals(
            network.admin_a, network.partnership, [("Second.", "")], expected_version=old_version
        )
    network.partnership.refresh_from_db()
    assert network.partnership.goals_revision == 1
