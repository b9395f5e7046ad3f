"""Who may see and fill in governance records, beyond coordinators who see everything.

The people of a partnership are the people of its current member
organizations (members that accepted and have not left). They see their
partnership's assessments and reviews. Administrators and editors of a member
organization fill in that organization's part of a review.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partners.models import (
    MemberRole,
    Membership,
    MemberStatus,
    Partnership,
    PartnershipMember,
    Role,
    User,
)

EDITING_ROLES = (Role.ADMINISTRATOR, Role.EDITOR)


def member_partnership_ids(user: Any) -> QuerySet[PartnershipMember, int]:
    """Select ids of partnerships with one of the user's organizations as a current member."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PartnershipMember.objects.none().values_list("partnership_id", flat=True)
    return PartnershipMember.objects.filter(
        status=MemberStatus.ACCEPTED, organization__memberships__user=user
    ).values_list("partnership_id", flat=True)


def is_partnership_member(user: Any, partnership: Partnership) -> bool:
    return member_partnership_ids(user).filter(partnership_id=partnership.pk).exists()


def editable_members(user: Any, partnership: Partnership) -> QuerySet[PartnershipMember]:
    """The partnership's current members that the user administers or edits."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PartnershipMember.objects.none()
    return PartnershipMember.objects.filter(
        partnership=partnership,
        status=MemberStatus.ACCEPTED,
        organization__memberships__user=user,
        organization__memberships__role__in=EDITING_ROLES,
    ).select_related("organization")


def lead_contacts(partnership_ids: list[int]) -> dict[int, list[User]]:
    """Map each partnership to the administrators of its lead organization, in one query."""
    memberships = (
        Membership.objects.filter(
            role=Role.ADMINISTRATOR,
            user__is_active=True,
            organization__partnership_memberships__partnership_id__in=partnership_ids,
            organization__partnership_memberships__role=MemberRole.LEAD,
            organization__partnership_memberships__status=MemberStatus.ACCEPTED,
        )
        .select_related("user")
        .values_list("organization__partnership_memberships__partnership_id", "user")
    )
    users = {
        user.pk: user
        for user in User.objects.filter(pk__in={user_id for _, user_id in memberships})
    }
    contacts: dict[int, list[User]] = {}
    for partnership_id, user_id in memberships:
        contacts.setdefault(partnership_id, []).append(users[user_id])
    return contacts
