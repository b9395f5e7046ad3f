"""Services for leadership roles and the "nothing about us without us" indicator.

Who may do what:

- The administrators of a partnership's lead organization (the accepted
  member with role "lead") create, edit and end the partnership's roles.
  An organization's administrators do the same for the organization's roles.
- Lived experience of disability is recorded by the person themself
  (`record_own_lived_experience`), or by one of those administrators who
  attests that the person consented (`attest_lived_experience`). An
  administrator never overwrites what the person recorded.
- The person's lived experience is shown to a viewer only when the role's
  visibility allows it (`can_see_lived_experience`).

Views, API views and the demo loader call these functions; each one checks
permissions itself and runs in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import permissions
from partners.models import (
    SMALL_BODY_SEATS,
    SUCCESSION_HORIZON,
    LeadershipRole,
    LivedExperienceSource,
    MemberRole,
    Membership,
    Organization,
    Partnership,
    PartnershipMember,
    Role,
    RoleTitle,
    ShareBand,
    User,
    Visibility,
    share_band,
)
from partners.permissions import AnyUser

logger = logging.getLogger(__name__)

# Fields an administrator sets when creating or editing a role. Lived
# experience and its visibility are set only by the two recording services.
ROLE_FIELDS = ("person_name", "user", "title", "term_start", "term_end", "emerging_leader")
ROLE_LINK_FIELDS = ("mentor", "successor")


# ---------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------


def lead_organization_ids(partnership_ids: Iterable[int]) -> dict[int, int]:
    """Map each partnership id to the id of its lead organization, in one query."""
    rows = PartnershipMember.objects.current().filter(
        partnership_id__in=list(partnership_ids), role=MemberRole.LEAD
    )
    return dict(rows.values_list("partnership_id", "organization_id"))


def administered_organization_ids(user: AnyUser) -> set[int]:
    """Ids of the organizations `user` administers, in one query (empty for visitors)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user.pk, role=Role.ADMINISTRATOR).values_list(
            "organization_id", flat=True
        )
    )


def can_manage_partnership_roles(user: AnyUser, partnership: Partnership) -> bool:
    """Check whether `user` administers the partnership's lead organization."""
    lead = lead_organization_ids([partnership.pk]).get(partnership.pk)
    return lead is not None and lead in administered_organization_ids(user)


def can_manage_organization_roles(user: AnyUser, organization: Organization) -> bool:
    """Check whether `user` administers `organization` (it may declare its leadership)."""
    return permissions.has_object_permission(user, permissions.DECLARE_LEADERSHIP, organization)


def can_manage_role(user: AnyUser, role: LeadershipRole) -> bool:
    if role.partnership_id is not None:
        assert role.partnership is not None
        return can_manage_partnership_roles(user, role.partnership)
    assert role.organization is not None
    return can_manage_organization_roles(user, role.organization)


def can_see_lived_experience(
    viewer: AnyUser, role: LeadershipRole, *, viewer_is_coordinator: bool | None = None
) -> bool:
    """Tell whether `viewer` may see this role holder's lived experience.

    The person and coordinators always may; otherwise the role's visibility
    decides: public for everyone, network for signed-in people, private for
    no one else. Pass `viewer_is_coordinator` to skip the group lookup on lists.
    """
    if role.visibility == Visibility.PUBLIC:
        return True
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if role.user_id is not None and role.user_id == viewer.pk:
        return True
    if viewer_is_coordinator is None:
        viewer_is_coordinator = permissions.is_coordinator(viewer)
    if viewer_is_coordinator:
        return True
    return role.visibility == Visibility.NETWORK


def visible_lived_experience(
    viewer: AnyUser, role: LeadershipRole, *, viewer_is_coordinator: bool | None = None
) -> bool | None:
    """Return the role's lived experience for `viewer`, or None when it is hidden or not shared."""
    if can_see_lived_experience(viewer, role, viewer_is_coordinator=viewer_is_coordinator):
        return role.lived_experience
    return None


def permission_denied() -> PermissionDenied:
    return PermissionDenied(_("You do not have permission to manage these leadership roles."))


# ---------------------------------------------------------------------------
# Creating, editing and ending roles
# ---------------------------------------------------------------------------


def _check_links(role: LeadershipRole) -> None:
    """Reject a mentor or successor role from another body, or the role itself."""
    errors: dict[str, str] = {}
    for name in ROLE_LINK_FIELDS:
        other: LeadershipRole | None = getattr(role, name)
        if other is None:
            continue
        same_body = (
            other.partnership_id == role.partnership_id
            and other.organization_id == role.organization_id
        )
        if other.pk is not None and other.pk == role.pk:
            errors[name] = _("Choose another role: a role cannot be linked to itself.")
        elif not same_body:
            errors[name] = _("Choose a role of the same partnership or organization.")
    if role.mentor_id is not None and not role.emerging_leader:
        errors["mentor"] = _(
            "Only a role held by an emerging leader has a mentor. Tick “emerging leader” "
            "or leave the mentor empty."
        )
    ends_before_start = (
        role.term_end is not None
        and role.term_start is not None
        and role.term_end < role.term_start
    )
    if ends_before_start:
        errors["term_end"] = _("The term cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _apply_fields(role: LeadershipRole, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(ROLE_FIELDS) - set(ROLE_LINK_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be set on a leadership role.") for name in sorted(unknown)}
        )
    if "title" in fields and fields["title"] not in RoleTitle.values:
        raise ValidationError({"title": _("Choose a role from the list.")})
    for name, value in fields.items():
        setattr(role, name, value)
    if not (role.person_name or "").strip():
        raise ValidationError({"person_name": _("Enter the name of the person.")})
    role.person_name = role.person_name.strip()


@transaction.atomic
def create_role(
    actor: User,
    fields: dict[str, Any],
    *,
    partnership: Partnership | None = None,
    organization: Organization | None = None,
) -> LeadershipRole:
    """Create a role in a partnership or an organization; `fields` are ROLE_FIELDS and links."""
    if (partnership is None) == (organization is None):
        raise ValueError("Pass exactly one of partnership and organization.")
    if partnership is not None and not can_manage_partnership_roles(actor, partnership):
        raise permission_denied()
    if organization is not None and not can_manage_organization_roles(actor, organization):
        raise permission_denied()

    role = LeadershipRole(partnership=partnership, organization=organization, created_by=actor)
    _apply_fields(role, fields)
    _check_links(role)
    role.save()
    logger.info("Leadership role %s created by user %s", role.pk, actor.pk)
    return role


@transaction.atomic
def update_role(actor: User, role: LeadershipRole, fields: dict[str, Any]) -> LeadershipRole:
    """Change a role's holder, title, term, emerging-leader flag, mentor or successor."""
    role = LeadershipRole.objects.select_for_update().get(pk=role.pk)
    if not can_manage_role(actor, role):
        raise permission_denied()
    if "user" in fields and fields["user"] != role.user and role.lived_experience is not None:
        # The recorded lived experience belongs to the previous holder.
        _clear_lived_experience(role)
    _apply_fields(role, fields)
    _check_links(role)
    role.save()
    logger.info("Leadership role %s changed by user %s", role.pk, actor.pk)
    return role


@transaction.atomic
def end_role(actor: User, role: LeadershipRole, on: date | None = None) -> LeadershipRole:
    """End the role's term on `on` (today by default)."""
    role = LeadershipRole.objects.select_for_update().get(pk=role.pk)
    if not can_manage_role(actor, role):
        raise permission_denied()
    day = on or timezone.localdate()
    if day < role.term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    role.term_end = day
    role.save(update_fields=["term_end", "updated"])
    logger.info("Leadership role %s ended on %s by user %s", role.pk, day, actor.pk)
    return role


# ---------------------------------------------------------------------------
# Recording lived experience
# ---------------------------------------------------------------------------


def _clear_lived_experience(role: LeadershipRole) -> None:
    role.lived_experience = None
    role.lived_experience_source = ""
    role.lived_experience_recorded_by = None
    role.lived_experience_recorded_at = None
    role.visibility = Visibility.PRIVATE


def _check_visibility(visibility: str) -> None:
    if visibility not in Visibility.values:
        raise ValidationError(
            {"visibility": _("Choose who may see it: private, network or public.")}
        )


@transaction.atomic
def record_own_lived_experience(
    user: User, role: LeadershipRole, value: bool | None, visibility: str
) -> LeadershipRole:
    """Record, change or withdraw (value None) the person's own lived experience for their role."""
    role = LeadershipRole.objects.select_for_update().get(pk=role.pk)
    if not user.is_authenticated or role.user_id != user.pk:
        raise PermissionDenied(_("Only the person who holds this role can record this."))
    _check_visibility(visibility)

    if value is None:
        _clear_lived_experience(role)
        role.visibility = visibility
    else:
        role.lived_experience = value
        role.lived_experience_source = LivedExperienceSource.SELF
        role.lived_experience_recorded_by = user
        role.lived_experience_recorded_at = timezone.now()
        role.visibility = visibility
    role.save()
    logger.info("Leadership role %s: lived experience recorded by its holder", role.pk)
    return role


@transaction.atomic
def attest_lived_experience(
    admin: User,
    role: LeadershipRole,
    value: bool,
    visibility: str,
    consent_attested: bool = False,
) -> LeadershipRole:
    """Record the role holder's lived experience on their behalf, with their consent attested.

    Raises ValidationError without the attestation, and when the person
    recorded it themself (only they may change it then).
    """
    role = LeadershipRole.objects.select_for_update().get(pk=role.pk)
    if not can_manage_role(admin, role):
        raise permission_denied()
    if not consent_attested:
        raise ValidationError(
            {
                "consent_attested": _(
                    "Confirm that the person agreed to have this recorded and shown as chosen."
                )
            }
        )
    if role.lived_experience_source == LivedExperienceSource.SELF:
        raise ValidationError(
            {
                "lived_experience": _(
                    "The person recorded this themself, so only they can change it."
                )
            }
        )
    if value not in (True, False):
        raise ValidationError({"lived_experience": _("Choose yes or no.")})
    _check_visibility(visibility)

    role.lived_experience = value
    role.lived_experience_source = LivedExperienceSource.ATTESTED
    role.lived_experience_recorded_by = admin
    role.lived_experience_recorded_at = timezone.now()
    role.visibility = visibility
    role.save()
    logger.info("Leadership role %s: lived experience attested by user %s", role.pk, admin.pk)
    return role


# ---------------------------------------------------------------------------
# The indicator
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """The share of a body's current leadership roles held by people with lived experience.

    `with_lived_experience` counts roles whose holder shared it, whatever its
    visibility: only this aggregate is published, and only from SMALL_BODY_SEATS roles.
    """

    current_roles: int
    with_lived_experience: int
    succession_gaps: int

    @property
    def suppressed(self) -> bool:
        """Fewer than five current roles: the share could identify a person, so it is hidden."""
        return self.current_roles < SMALL_BODY_SEATS

    @property
    def band(self) -> str:
        return share_band(self.with_lived_experience, self.current_roles)

    @property
    def band_label(self) -> str:
        return str(ShareBand(self.band).label)

    @property
    def is_majority(self) -> bool:
        """More than half: exactly half is not a majority."""
        return self.with_lived_experience * 2 > self.current_roles

    @property
    def roles_to_add(self) -> int:
        """New roles held by people with lived experience that would make a majority."""
        if self.is_majority:
            return 0
        return self.current_roles - 2 * self.with_lived_experience + 1

    @property
    def roles_to_fill(self) -> int:
        """Existing roles that, filled by people with lived experience, would make a majority."""
        if self.is_majority:
            return 0
        return self.current_roles // 2 + 1 - self.with_lived_experience


EMPTY_INDICATOR = Indicator(current_roles=0, with_lived_experience=0, succession_gaps=0)


def leadership_indicators(
    partnership_ids: Iterable[int], on: date | None = None
) -> dict[int, Indicator]:
    """Compute the indicator of every partnership in `partnership_ids` in one query.

    Partnerships without current roles get an indicator of zero roles.
    """
    ids = list(partnership_ids)
    if not ids:
        return {}
    day = on or timezone.localdate()
    gap = Q(
        term_end__isnull=False,
        term_end__lte=day + SUCCESSION_HORIZON,
        successor__isnull=True,
    )
    rows = (
        LeadershipRole.objects.current(day)
        .filter(partnership_id__in=ids)
        .order_by()
        .values("partnership_id")
        .annotate(
            total=Count("id"),
            lived=Count("id", filter=Q(lived_experience=True)),
            gaps=Count("id", filter=gap),
        )
    )
    indicators = dict.fromkeys(ids, EMPTY_INDICATOR)
    for row in rows:
        indicators[row["partnership_id"]] = Indicator(
            current_roles=row["total"],
            with_lived_experience=row["lived"],
            succession_gaps=row["gaps"],
        )
    return indicators


def partnerships_without_majority(on: date | None = None) -> list[tuple[Partnership, Indicator]]:
    """List the partnerships whose current roles lack a lived-experience majority.

    Partnerships with fewer than five roles are included: coordinators see the
    figures behind the public suppression. Runs two queries.
    """
    partnerships = list(Partnership.objects.order_by("sort_name", "id"))
    indicators = leadership_indicators([p.pk for p in partnerships], on)
    return [
        (partnership, indicators[partnership.pk])
        for partnership in partnerships
        if not indicators[partnership.pk].is_majority
    ]
