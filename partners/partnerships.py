"""Services for partnerships: lifecycle moves and edits that must not overwrite each other.

Views, API views, tasks and other apps (governance moves partnerships after
assessments and reviews) change partnerships only through these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubsite.mail import send_email
from partners import permissions
from partners.models import (
    ALLOWED_TRANSITIONS,
    BenefitArea,
    GoalAgreement,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipState,
    PartnershipTransition,
    Region,
    Role,
    Theme,
    User,
    VerificationStatus,
)
from partners.permissions import AnyUser

logger = logging.getLogger(__name__)


class PartnershipError(Exception):
    """A change the rules do not allow; the message is shown to the person."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(PartnershipError):
    pass


class StaleEdit(PartnershipError):
    """Someone else saved the partnership after this edit started from it."""

    def __init__(self, current: Partnership) -> None:
        super().__init__(
            _(
                "This partnership was changed by someone else while you were editing it. "
                "Your changes were not saved. Review the current version below, then "
                "make your changes again."
            ),
            field="version",
        )
        self.current = current


@transaction.atomic
def transition_partnership(
    partnership: Partnership,
    to_state: str,
    actor: User | None,
    reason: str = "",
    *,
    expected_state: str | None = None,
) -> PartnershipTransition:
    """Move a partnership to `to_state` and record who, when and why.

    The move is a conditional update on the state that was read, so of two
    competing moves from the same state only the first succeeds; the second
    raises TransitionNotAllowed. `expected_state` defaults to the state of
    the instance passed in. Declining needs a reason.
    """
    from_state = expected_state or partnership.state
    if to_state not in ALLOWED_TRANSITIONS.get(from_state, frozenset()):
        raise TransitionNotAllowed(
            _("A partnership cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": PartnershipState(from_state).label,
                "to": PartnershipState(to_state).label
                if to_state in PartnershipState.values
                else to_state,
            },
            field="state",
        )
    reason = reason.strip()
    if to_state in (PartnershipState.DECLINED, PartnershipState.ENDED) and not reason:
        raise PartnershipError(_("Give the reason for this decision."), field="reason")
    now = timezone.now()
    moved = Partnership.objects.filter(pk=partnership.pk, state=from_state).update(
        state=to_state, state_changed_at=now, version=F("version") + 1, updated=now
    )
    if not moved:
        partnership.refresh_from_db()
        raise TransitionNotAllowed(
            _(
                "The partnership's state changed to “%(state)s” while you were deciding; "
                "nothing was changed. Check its current state and try again."
            )
            % {"state": partnership.get_state_display()},
            field="state",
        )
    record = PartnershipTransition.objects.create(
        partnership=partnership,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        reason=reason,
        at=now,
    )
    partnership.refresh_from_db()
    logger.info(
        "Partnership %s moved from %s to %s by user %s",
        partnership.pk,
        from_state,
        to_state,
        getattr(actor, "pk", None),
    )
    return record


def claim_version(partnership: Partnership, expected_version: int) -> None:
    """Raise the version of a partnership that is still at `expected_version`, or raise StaleEdit.

    Call inside the transaction that saves the edit, before writing other fields.
    """
    claimed = Partnership.objects.filter(pk=partnership.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(Partnership.objects.get(pk=partnership.pk))
    partnership.version = expected_version + 1


# ---------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------


def administers(user: AnyUser, organization: Organization) -> bool:
    """Tell whether `user` is an administrator of `organization` (not an editor or viewer)."""
    return permissions.has_object_permission(user, permissions.MANAGE_MEMBERS, organization)


def lead_member(partnership: Partnership) -> PartnershipMember | None:
    """Return the lead organization's membership, or None for a partnership without a lead."""
    return (
        partnership.members.filter(role=MemberRole.LEAD, status=MemberStatus.ACCEPTED)
        .select_related("organization")
        .first()
    )


def is_lead_administrator(user: AnyUser, partnership: Partnership) -> bool:
    """Tell whether `user` administers the partnership's lead organization."""
    lead = lead_member(partnership)
    return lead is not None and administers(user, lead.organization)


def can_view_partnership(user: AnyUser, partnership: Partnership) -> bool:
    return Partnership.objects.visible_to(user).filter(pk=partnership.pk).exists()


# States the lead's administrators may move a partnership to on their own:
# withdraw a proposal, propose a declined one again, or end a running one.
# Every other move follows an assessment or a review, so only coordinators make it.
LEAD_MOVES: dict[str, frozenset[str]] = {
    PartnershipState.PROPOSED: frozenset({PartnershipState.DECLINED}),
    PartnershipState.DECLINED: frozenset({PartnershipState.PROPOSED}),
    PartnershipState.ACTIVE: frozenset({PartnershipState.ENDED}),
    PartnershipState.RENEWED: frozenset({PartnershipState.ENDED}),
}


def states_user_may_choose(user: AnyUser, partnership: Partnership) -> list[str]:
    """Return the states `user` may move the partnership to now, in lifecycle order."""
    allowed = ALLOWED_TRANSITIONS.get(partnership.state, frozenset())
    if not permissions.is_coordinator(user):
        if not is_lead_administrator(user, partnership):
            return []
        allowed = allowed & LEAD_MOVES.get(partnership.state, frozenset())
    return [state for state in PartnershipState.values if state in allowed]


def _require_lead_administrator(user: AnyUser, partnership: Partnership) -> None:
    if not is_lead_administrator(user, partnership):
        raise PermissionDenied(
            _("Only administrators of the lead organization can do this for this partnership.")
        )


def _require_administrator(user: AnyUser, organization: Organization) -> None:
    if not administers(user, organization):
        raise PermissionDenied(
            _("Only administrators of %(organization)s can answer for it.")
            % {"organization": organization.name}
        )


# ---------------------------------------------------------------------------
# Creating and editing
# ---------------------------------------------------------------------------

# Fields of a partnership that create_partnership and update_partnership set.
EDITABLE_FIELDS = ("name", "name_fr", "purpose_en", "purpose_fr", "start_date", "end_date")


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Partnership fields {sorted(unknown)} are not editable here.")
    if "name" in fields and not str(fields["name"]).strip():
        raise PartnershipError(_("Enter the partnership's name."), field="name")
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise PartnershipError(_("The end date must be on or after the start date."), "end_date")


@transaction.atomic
def create_partnership(
    user: User,
    lead_organization: Organization,
    fields: dict[str, Any],
    *,
    themes: Iterable[Theme] = (),
    regions: Iterable[Region] = (),
    benefit_areas: Iterable[BenefitArea] = (),
    contribution: str = "",
    value_proposition: str = "",
) -> Partnership:
    """Propose a partnership led by `lead_organization`, as one of its administrators.

    The partnership starts as proposed, visible only to its members and to
    coordinators. The lead organization is its first member, accepted at once.
    """
    _require_administrator(user, lead_organization)
    if not lead_organization.is_public:
        raise PartnershipError(
            _("Only a verified organization can lead a partnership."), field="lead_organization"
        )
    _check_fields(fields)

    partnership = Partnership(**fields, created_by=user, state=PartnershipState.PROPOSED)
    partnership.save()
    partnership.themes.set(list(themes))
    partnership.regions.set(list(regions))
    partnership.benefit_areas.set(list(benefit_areas))
    now = timezone.now()
    PartnershipMember.objects.create(
        partnership=partnership,
        organization=lead_organization,
        role=MemberRole.LEAD,
        status=MemberStatus.ACCEPTED,
        contribution=contribution,
        value_proposition=value_proposition,
        invited_by=user,
        invited_at=now,
        responded_by=user,
        responded_at=now,
    )
    logger.info(
        "Partnership %s proposed by user %s for organization %s",
        partnership.pk,
        user.pk,
        lead_organization.pk,
    )
    return partnership


@transaction.atomic
def update_partnership(
    user: User,
    partnership: Partnership,
    fields: dict[str, Any],
    *,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    regions: Iterable[Region] | None = None,
    benefit_areas: Iterable[BenefitArea] | None = None,
) -> Partnership:
    """Change a partnership's description, as an administrator of its lead organization.

    `expected_version` is the version the editor started from. When someone
    saved or moved the partnership since, nothing is written and StaleEdit
    carries the current record. A list left as None keeps its value.
    """
    _require_lead_administrator(user, partnership)
    _check_fields(fields)
    claim_version(partnership, expected_version)

    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership._history_user = user  # type: ignore[attr-defined]
    partnership.save(update_fields=[*fields, "version", "search_document", "sort_name", "updated"])
    if themes is not None:
        partnership.themes.set(list(themes))
    if regions is not None:
        partnership.regions.set(list(regions))
    if benefit_areas is not None:
        partnership.benefit_areas.set(list(benefit_areas))
    logger.info("Partnership %s changed by user %s", partnership.pk, user.pk)
    return partnership


@transaction.atomic
def change_state(
    user: User,
    partnership: Partnership,
    to_state: str,
    reason: str = "",
    *,
    expected_state: str | None = None,
) -> PartnershipTransition:
    """Move a partnership as a coordinator, or as a lead administrator within LEAD_MOVES.

    `expected_state` is the state the person saw when they decided. The
    lifecycle rules and the race between two moves are checked by
    transition_partnership.
    """
    from_state = expected_state or partnership.state
    is_coordinator = permissions.is_coordinator(user)
    if not is_coordinator:
        _require_lead_administrator(user, partnership)
        if to_state not in LEAD_MOVES.get(from_state, frozenset()):
            raise PermissionDenied(
                _("Only coordinators can make this change, after an assessment or a review.")
            )
    return transition_partnership(partnership, to_state, user, reason, expected_state=from_state)


# ---------------------------------------------------------------------------
# Invitations and consent
# ---------------------------------------------------------------------------

# States in which the lead may still invite organizations.
OPEN_STATES = frozenset(
    {
        PartnershipState.PROPOSED,
        PartnershipState.UNDER_ASSESSMENT,
        PartnershipState.ACTIVE,
        PartnershipState.UNDER_REVIEW,
        PartnershipState.RENEWED,
    }
)


def _lock_member(member: PartnershipMember) -> PartnershipMember:
    """Lock the member's row for this transaction and return it as stored."""
    return PartnershipMember.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def invite_organization(
    user: User,
    partnership: Partnership,
    organization: Organization,
    *,
    role: str = MemberRole.MEMBER,
    contribution: str = "",
    value_proposition: str = "",
) -> PartnershipMember:
    """Invite an organization to join, as a lead administrator, and email its administrators.

    The organization is listed only after one of its administrators accepts.
    An organization that declined or left may be invited again.
    """
    _require_lead_administrator(user, partnership)
    if partnership.state not in OPEN_STATES:
        raise PartnershipError(
            _("A partnership that ended or was declined cannot invite organizations."),
            field="organization",
        )
    if role not in (MemberRole.CO_LEAD, MemberRole.MEMBER):
        raise PartnershipError(_("Choose co-lead or member."), field="role")
    if not organization.is_public:
        raise PartnershipError(
            _("Only verified organizations can be invited."), field="organization"
        )

    member = (
        PartnershipMember.objects.select_for_update()
        .filter(partnership=partnership, organization=organization)
        .first()
    )
    if member is not None and member.status == MemberStatus.ACCEPTED:
        raise PartnershipError(
            _("This organization is already a member of the partnership."), field="organization"
        )
    if member is not None and member.status == MemberStatus.INVITED:
        raise PartnershipError(
            _("This organization was already invited and has not answered yet."),
            field="organization",
        )
    if member is None:
        member = PartnershipMember(partnership=partnership, organization=organization)
    member.role = role
    member.status = MemberStatus.INVITED
    member.contribution = contribution
    member.value_proposition = value_proposition
    member.invited_by = user
    member.invited_at = timezone.now()
    member.responded_by = None
    member.responded_at = None
    member.decline_reason = ""
    member.left_at = None
    member.leave_reason = ""
    member.save()

    _email_invitation(member)
    logger.info(
        "Organization %s invited to partnership %s by user %s",
        organization.pk,
        partnership.pk,
        user.pk,
    )
    return member


def _email_invitation(member: PartnershipMember) -> None:
    """Email the invited organization's administrators, each in their own language.

    The emails leave once the invitation is committed, so a rollback sends none.
    """
    administrators = list(
        User.objects.filter(
            memberships__organization=member.organization,
            memberships__role=Role.ADMINISTRATOR,
            is_active=True,
        ).order_by("pk")
    )
    context = {
        "member": member,
        "partnership": member.partnership,
        "organization": member.organization,
        "lead": lead_member(member.partnership),
    }
    for administrator in administrators:
        transaction.on_commit(
            partial(
                send_email,
                to=administrator.email,
                language=administrator.preferred_language,
                template_prefix="partners/email/partnership_invitation",
                context=context,
            )
        )


@transaction.atomic
def respond_to_invitation(
    user: User,
    member: PartnershipMember,
    *,
    accept: bool,
    reason: str = "",
    contribution: str | None = None,
    value_proposition: str | None = None,
) -> PartnershipMember:
    """Accept or decline an invitation, as an administrator of the invited organization.

    Declining needs a reason, which the lead's administrators see. Accepting
    may state what the organization contributes and the value it expects.
    """
    _require_administrator(user, member.organization)
    member = _lock_member(member)
    if member.status != MemberStatus.INVITED:
        raise PartnershipError(
            _("There is no open invitation: it was already answered or withdrawn."),
            field="accept",
        )
    reason = reason.strip()
    if not accept and not reason:
        raise PartnershipError(
            _("Give the reason for declining, so the lead organization understands."),
            field="reason",
        )

    member.status = MemberStatus.ACCEPTED if accept else MemberStatus.DECLINED
    member.responded_by = user
    member.responded_at = timezone.now()
    member.decline_reason = "" if accept else reason
    if contribution is not None:
        member.contribution = contribution
    if value_proposition is not None:
        member.value_proposition = value_proposition
    member._history_user = user  # type: ignore[attr-defined]
    member.save()
    logger.info(
        "Organization %s %s the invitation to partnership %s (user %s)",
        member.organization_id,
        "accepted" if accept else "declined",
        member.partnership_id,
        user.pk,
    )
    return member


@transaction.atomic
def leave_partnership(user: User, member: PartnershipMember, reason: str = "") -> PartnershipMember:
    """Take an organization out of a partnership, as one of its administrators.

    The lead organization cannot leave; its administrators end the partnership instead.
    """
    _require_administrator(user, member.organization)
    member = _lock_member(member)
    if member.status != MemberStatus.ACCEPTED:
        raise PartnershipError(
            _("This organization is not a member of the partnership."), field="organization"
        )
    if member.role == MemberRole.LEAD:
        raise PartnershipError(
            _("The lead organization cannot leave. End the partnership instead."),
            field="organization",
        )

    member.status = MemberStatus.LEFT
    member.left_at = timezone.now()
    member.leave_reason = reason.strip()
    member._history_user = user  # type: ignore[attr-defined]
    member.save()
    logger.info(
        "Organization %s left partnership %s (user %s)",
        member.organization_id,
        member.partnership_id,
        user.pk,
    )
    return member


# ---------------------------------------------------------------------------
# Shared goals
# ---------------------------------------------------------------------------

MAX_GOALS = 20


@transaction.atomic
def propose_goals(
    user: User,
    partnership: Partnership,
    goals: Iterable[tuple[str, str]],
    *,
    expected_version: int,
) -> list[PartnershipGoal]:
    """Propose a new revision of the shared goals, as a lead administrator.

    `goals` contains (English, French) pairs. Each goal needs text in at
    least one language. Every member organization is asked again to agree, and the
    lead organization, which proposes them, agrees at once.
    """
    _require_lead_administrator(user, partnership)
    texts = [(english.strip(), french.strip()) for english, french in goals]
    texts = [(english, french) for english, french in texts if english or french]
    if not texts:
        raise PartnershipError(_("Write at least one goal."), field="goals")
    if len(texts) > MAX_GOALS:
        raise PartnershipError(
            _("Write at most %(count)d goals.") % {"count": MAX_GOALS}, field="goals"
        )
    claim_version(partnership, expected_version)

    Partnership.objects.filter(pk=partnership.pk).update(goals_revision=F("goals_revision") + 1)
    partnership.refresh_from_db(fields=["goals_revision", "version"])
    revision = partnership.goals_revision
    now = timezone.now()
    created = PartnershipGoal.objects.bulk_create(
        PartnershipGoal(
            partnership=partnership,
            revision=revision,
            position=position,
            text_en=english,
            text_fr=french,
            proposed_by=user,
            proposed_at=now,
        )
        for position, (english, french) in enumerate(texts, start=1)
    )
    lead = lead_member(partnership)
    if lead is not None:
        GoalAgreement.objects.create(member=lead, revision=revision, agreed_by=user, agreed_at=now)
    logger.info(
        "Partnership %s goals revision %s proposed by user %s", partnership.pk, revision, user.pk
    )
    return created


@transaction.atomic
def agree_to_goals(user: User, member: PartnershipMember, revision: int) -> GoalAgreement:
    """Record that a member organization agrees to one revision of the goals.

    `revision` is the revision the administrator read. When the lead revised
    the goals since, nothing is recorded, so nobody agrees to goals they did
    not see. Agreeing twice returns the first agreement.
    """
    _require_administrator(user, member.organization)
    member = _lock_member(member)
    if member.status != MemberStatus.ACCEPTED:
        raise PartnershipError(
            _("Only member organizations can agree to the goals."), field="organization"
        )
    current = Partnership.objects.values_list("goals_revision", flat=True).get(
        pk=member.partnership_id
    )
    if current == 0:
        raise PartnershipError(_("The lead has not proposed goals yet."), field="revision")
    if revision != current:
        raise PartnershipError(
            _("The goals were revised after you read them. Read the current goals, then agree."),
            field="revision",
        )

    agreement, created = GoalAgreement.objects.get_or_create(
        member=member, revision=revision, defaults={"agreed_by": user}
    )
    if created:
        logger.info(
            "Organization %s agreed to goals revision %s of partnership %s (user %s)",
            member.organization_id,
            revision,
            member.partnership_id,
            user.pk,
        )
    return agreement


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def listed_members() -> QuerySet[PartnershipMember]:
    """Accepted members of verified organizations: the ones lists of partnerships name."""
    return (
        PartnershipMember.objects.current()
        .filter(organization__verification_status=VerificationStatus.VERIFIED)
        .select_related("organization", "organization__kind")
        .order_by("role", "organization__sort_name", "id")
    )


def current_goals(partnership: Partnership) -> list[PartnershipGoal]:
    if not partnership.goals_revision:
        return []
    return list(partnership.goals.filter(revision=partnership.goals_revision))


def members_shown_to(user: AnyUser, partnership: Partnership) -> QuerySet[PartnershipMember]:
    """The partnership's members that `user` may see listed.

    Everyone sees the organizations that accepted. The lead's administrators,
    coordinators and the invited organization's own members also see open,
    declined and past invitations, with the reasons.
    """
    members = partnership.members.select_related("organization", "organization__kind")
    if permissions.is_coordinator(user) or is_lead_administrator(user, partnership):
        return members
    own = Q()
    if getattr(user, "is_authenticated", False):
        own = Q(organization__memberships__user=user)
        return members.filter(Q(status=MemberStatus.ACCEPTED) | own).distinct()
    return members.filter(status=MemberStatus.ACCEPTED)


def open_invitations_for(user: AnyUser) -> QuerySet[PartnershipMember]:
    """Invitations waiting for an answer from organizations that `user` administers."""
    if not getattr(user, "is_authenticated", False):
        return PartnershipMember.objects.none()
    administered = permissions.organizations_with_permission(user, permissions.MANAGE_MEMBERS)
    return (
        PartnershipMember.objects.filter(
            status=MemberStatus.INVITED, organization__in=administered.values("pk")
        )
        .select_related("partnership", "organization")
        .order_by("-invited_at", "id")
    )
