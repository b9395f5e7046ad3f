"""Helpers shared by the partnership tests: a small network with one partnership of each kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partners import partnerships as services
from partners.models import (
    BenefitArea,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipState,
    Region,
    Role,
    StakeholderKind,
    Theme,
    User,
)
from tests.conftest import make_user


@dataclass
class Network:
    """Organization A leads the partnership; B and C (a business) are not members yet."""

    organization_a: Organization
    organization_b: Organization
    organization_c: Organization
    admin_a: User
    member_a: User
    editor_a: User
    admin_b: User
    admin_c: User
    coordinator: User
    partnership: Partnership


def build_network(
    make_organization: Callable[..., Organization],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    member_a: User,
    editor_a: User,
    admin_b: User,
    coordinator: User,
) -> Network:
    # A demo network committed by another test in this database leaves its
    # partnerships behind; they would change the counts these tests check.
    Partnership.objects.filter(is_demo=True).delete()
    organization_c = make_organization(
        name="Entreprise Câble", kind=StakeholderKind.objects.get(slug="business")
    )
    admin_c = make_user("admin.c@example.org")
    services_add_admin(organization_c, admin_c)
    partnership = services.create_partnership(
        admin_a,
        organization_a,
        {"name": "Table régionale d'embauche", "purpose_en": "Hiring in Manitoba."},
        themes=[Theme.objects.get(number=3)],
        regions=[Region.objects.get(code="CA-MB")],
        benefit_areas=[BenefitArea.objects.get(slug="hiring")],
    )
    return Network(
        organization_a=organization_a,
        organization_b=organization_b,
        organization_c=organization_c,
        admin_a=admin_a,
        member_a=member_a,
        editor_a=editor_a,
        admin_b=admin_b,
        admin_c=admin_c,
        coordinator=coordinator,
        partnership=partnership,
    )


def services_add_admin(organization: Organization, user: User) -> None:
    from partners import services as organization_services

    organization_services.add_member(organization, user, Role.ADMINISTRATOR)


def move_to(partnership: Partnership, state: str, actor: User) -> Partnership:
    """Walk the partnership along allowed moves until it reaches `state`."""
    paths = {
        PartnershipState.PROPOSED: [],
        PartnershipState.UNDER_ASSESSMENT: [PartnershipState.UNDER_ASSESSMENT],
        PartnershipState.ACTIVE: [PartnershipState.UNDER_ASSESSMENT, PartnershipState.ACTIVE],
        PartnershipState.UNDER_REVIEW: [
            PartnershipState.UNDER_ASSESSMENT,
            PartnershipState.ACTIVE,
            PartnershipState.UNDER_REVIEW,
        ],
        PartnershipState.RENEWED: [
            PartnershipState.UNDER_ASSESSMENT,
            PartnershipState.ACTIVE,
            PartnershipState.UNDER_REVIEW,
            PartnershipState.RENEWED,
        ],
        PartnershipState.ENDED: [
            PartnershipState.UNDER_ASSESSMENT,
            PartnershipState.ACTIVE,
            PartnershipState.ENDED,
        ],
        PartnershipState.DECLINED: [PartnershipState.DECLINED],
    }
    for step in paths[PartnershipState(state)]:
        services.transition_partnership(partnership, step, actor, "Test step.")
    partnership.refresh_from_db()
    return partnership


def join(
    partnership: Partnership, organization: Organization, lead_admin: User, admin: User
) -> PartnershipMember:
    """Invite `organization` and accept for it."""
    member = services.invite_organization(lead_admin, partnership, organization)
    services.respond_to_invitation(admin, member, accept=True)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACCEPTED
    return member
