"""Invitations with consent: listing after acceptance, declining with a reason, leaving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from partners import partnerships as services
from partners.models import (
    MemberRole,
    MemberStatus,
    Organization,
    PartnershipMember,
    PartnershipState,
)
from tests.conftest import make_user
from tests.partners.partnership_support import Network, join, move_to


def listed_organizations(network: Network) -> list[str]:
    return [
        member.organization.name
        for member in services.listed_members().filter(partnership=network.partnership)
    ]


def test_lead_is_member_at_creation(network: Network) -> None:
    lead = services.lead_member(network.partnership)

    assert lead is not None
    assert lead.organization == network.organization_a
    assert lead.role == MemberRole.LEAD
    assert lead.status == MemberStatus.ACCEPTED
    assert network.partnership.state == PartnershipState.PROPOSED
    assert network.partnership.created_by == network.admin_a


def test_create_needs_administrator(
    network: Network, make_organization: Callable[..., Organization]
) -> None:
    for user in (network.member_a, network.editor_a, network.admin_b, network.coordinator):
        with pytest.raises(PermissionDenied):
            services.create_partnership(user, network.organization_a, {"name": "Not allowed"})


def test_create_needs_verified_lead(
    network: Network, make_organization: Callable[..., Organization]
) -> None:
    pending = make_organization(name="Pending", verification_status="pending")
    services_admin = make_user("pending.admin@example.org")
    from partners import services as organization_services

    organization_services.add_member(pending, services_admin, "administrator")

    with pytest.raises(services.PartnershipError) as caught:
        services.create_partnership(services_admin, pending, {"name": "Too early"})
    assert caught.value.field == "lead_organization"


def test_invited_organization_not_listed(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b, contribution="Venue"
    )

    assert member.status == MemberStatus.INVITED
    assert listed_organizations(network) == ["Organization A"]
    outsiders = services.members_shown_to(network.admin_c, network.partnership)
    assert [m.organization.name for m in outsiders] == ["Organization A"]


def test_invitation_shown_to_lead_coordinator_and_invitee(network: Network) -> None:
    services.invite_organization(network.admin_a, network.partnership, network.organization_b)

    for user in (network.admin_a, network.coordinator, network.admin_b):
        names = {m.organization.name for m in services.members_shown_to(user, network.partnership)}
        assert names == {"Organization A", "Organization B"}, user.email


def test_invitation_emails_administrators_in_their_language(
    network: Network, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    second_admin = make_user("second.b@example.org", preferred_language="en")
    from partners import services as organization_services

    organization_services.add_member(network.organization_b, second_admin, "administrator")
    viewer_b = make_user("viewer.b@example.org")
    organization_services.add_member(network.organization_b, viewer_b, "viewer")

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_organization(network.admin_a, network.partnership, network.organization_b)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"admin.b@example.org", "second.b@example.org"}
    assert by_address["admin.b@example.org"].extra_headers["Content-Language"] == "fr"
    assert "/fr/partnerships/" in by_address["admin.b@example.org"].body
    assert by_address["second.b@example.org"].extra_headers["Content-Language"] == "en"
    assert "/en/partnerships/" in by_address["second.b@example.org"].body


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "admin_c", "coordinator"])
def test_only_lead_administrators_invite(network: Network, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.invite_organization(
            getattr(network, persona), network.partnership, network.organization_c
        )
    assert not PartnershipMember.objects.filter(organization=network.organization_c).exists()


def test_invite_twice_is_refused(network: Network) -> None:
    services.invite_organization(network.admin_a, network.partnership, network.organization_b)

    with pytest.raises(services.PartnershipError) as caught:
        services.invite_organization(network.admin_a, network.partnership, network.organization_b)
    assert caught.value.field == "organization"


def test_invite_unverified_or_lead_role_refused(
    network: Network, make_organization: Callable[..., Organization]
) -> None:
    pending = make_organization(name="Pending org", verification_status="pending")

    with pytest.raises(services.PartnershipError) as caught:
        services.invite_organization(network.admin_a, network.partnership, pending)
    assert caught.value.field == "organization"
    with pytest.raises(services.PartnershipError) as caught:
        services.invite_organization(
            network.admin_a, network.partnership, network.organization_b, role=MemberRole.LEAD
        )
    assert caught.value.field == "role"


def test_accept_lists_organization(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )

    services.respond_to_invitation(
        network.admin_b, member, accept=True, value_proposition="Candidates for our openings."
    )

    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED
    assert member.responded_by == network.admin_b
    assert member.value_proposition == "Candidates for our openings."
    assert listed_organizations(network) == ["Organization A", "Organization B"]


def test_decline_needs_reason(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )

    with pytest.raises(services.PartnershipError) as caught:
        services.respond_to_invitation(network.admin_b, member, accept=False, reason="  ")

    assert caught.value.field == "reason"
    member.refresh_from_db()
    assert member.status == MemberStatus.INVITED


def test_decline_with_reason_then_invite_again(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )

    services.respond_to_invitation(network.admin_b, member, accept=False, reason="No capacity.")

    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED
    assert member.decline_reason == "No capacity."
    assert listed_organizations(network) == ["Organization A"]
    again = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )
    assert again.pk == member.pk
    assert again.status == MemberStatus.INVITED
    assert again.decline_reason == ""


@pytest.mark.parametrize("persona", ["admin_a", "member_a", "admin_c", "coordinator"])
def test_only_invited_administrators_respond(network: Network, persona: str) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )

    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(getattr(network, persona), member, accept=True)
    member.refresh_from_db()
    assert member.status == MemberStatus.INVITED


def test_answer_twice_is_refused(network: Network) -> None:
    member = services.invite_organization(
        network.admin_a, network.partnership, network.organization_b
    )
    services.respond_to_invitation(network.admin_b, member, accept=True)

    with pytest.raises(services.PartnershipError):
        services.respond_to_invitation(network.admin_b, member, accept=False, reason="Changed.")
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED


def test_member_leaves(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)

    services.leave_partnership(network.admin_b, member, "Our program ended.")

    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    assert member.leave_reason == "Our program ended."
    assert member.left_at is not None
    assert listed_organizations(network) == ["Organization A"]


def test_lead_cannot_leave(network: Network) -> None:
    lead = services.lead_member(network.partnership)
    assert lead is not None

    with pytest.raises(services.PartnershipError):
        services.leave_partnership(network.admin_a, lead)


@pytest.mark.parametrize("persona", ["admin_a", "admin_c", "coordinator"])
def test_others_cannot_take_member_out(network: Network, persona: str) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)

    with pytest.raises(PermissionDenied):
        services.leave_partnership(getattr(network, persona), member)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED


def test_ended_partnership_cannot_invite(network: Network) -> None:
    partnership = move_to(network.partnership, PartnershipState.ENDED, network.coordinator)

    with pytest.raises(services.PartnershipError):
        services.invite_organization(network.admin_a, partnership, network.organization_b)


def test_open_invitations_for_administrator(network: Network) -> None:
    services.invite_organization(network.admin_a, network.partnership, network.organization_b)

    assert [m.partnership for m in services.open_invitations_for(network.admin_b)] == [
        network.partnership
    ]
    assert list(services.open_invitations_for(network.admin_c)) == []
    assert list(services.open_invitations_for(network.admin_a)) == []
