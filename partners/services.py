"""Writes that touch several models or send email.

Registration, verification, memberships and leadership declarations live here.

Views, API views and Celery tasks call these functions, so each rule lives
here once. Every function runs in one transaction: nothing is half-saved.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite.locks import lock_for_transaction
from hubsite.mail import send_email
from hubsite.search import fold
from partners import permissions
from partners.models import (
    Invitation,
    JoinRequest,
    LeadershipDeclaration,
    Membership,
    Organization,
    Role,
    User,
    VerificationDecision,
    VerificationStatus,
)
from partners.models.memberships import invitation_expiry

logger = logging.getLogger(__name__)

_NOT_WORD = re.compile(r"[^\w]+")


# ---------------------------------------------------------------------------
# Registration and verification
# ---------------------------------------------------------------------------


def comparable_name(name: str) -> str:
    """Fold case, accents and punctuation: "Réseau-Emploi!" becomes "reseau emploi"."""
    return _NOT_WORD.sub(" ", fold(name)).strip()


def website_domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def find_likely_duplicates(name: str, website: str = "") -> QuerySet[Organization]:
    """Organizations, public or not, with the same folded name or the same website domain."""
    matches = Q(pk__in=[])
    wanted = comparable_name(name)
    if wanted:
        first_word = wanted.split(" ")[0]
        candidates = Organization.objects.filter(sort_name__contains=first_word).only("pk", "name")
        same_name = [org.pk for org in candidates if comparable_name(org.name) == wanted]
        matches |= Q(pk__in=same_name)
    domain = website_domain(website) if website else ""
    if domain:
        matches |= Q(website__icontains=f"//{domain}") | Q(website__icontains=f".{domain}")
    return Organization.objects.filter(matches).exclude(
        verification_status=VerificationStatus.ARCHIVED
    )


@transaction.atomic
def register_organization(
    user: User,
    fields: dict[str, Any],
    *,
    regions_served: Iterable[Any] = (),
    languages: Iterable[Any] = (),
) -> Organization:
    """Create a pending organization with `user` as its first administrator.

    Two identical submissions at once (a double click) create one
    organization: the second waits for the first and returns it.
    """
    lock_for_transaction("register-organization", f"{user.pk}:{comparable_name(fields['name'])}")
    existing = (
        Organization.objects.filter(
            registered_by=user, verification_status=VerificationStatus.PENDING
        )
        .filter(name=fields["name"])
        .first()
    )
    if existing is not None:
        return existing

    organization = Organization(
        **fields, registered_by=user, verification_status=VerificationStatus.PENDING
    )
    organization.full_clean(exclude=["slug", "kind", "province", "sector"])
    organization.save()
    organization.regions_served.set(list(regions_served))
    organization.languages.set(list(languages))
    add_member(organization, user, Role.ADMINISTRATOR)
    logger.info("Organization %s registered by user %s", organization.pk, user.pk)
    return organization


def verification_queue() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(verification_status=VerificationStatus.PENDING)
        .select_related("kind", "province", "registered_by")
        .order_by("created", "id")
    )


def _claim_pending(organization: Organization, status: str) -> bool:
    """Move a pending organization to `status`; only one of two racing decisions wins."""
    updated = Organization.objects.filter(
        pk=organization.pk, verification_status=VerificationStatus.PENDING
    ).update(verification_status=status, updated=timezone.now())
    return updated == 1


@transaction.atomic
def verify_organization(coordinator: User, organization: Organization) -> VerificationDecision:
    """Approve a pending organization: it becomes public. The registrant is told by email."""
    _require_coordinator(coordinator)
    if not _claim_pending(organization, VerificationStatus.VERIFIED):
        raise ValidationError(_("This organization has already been decided."))
    organization.refresh_from_db()
    decision = VerificationDecision.objects.create(
        organization=organization,
        decision=VerificationDecision.Decision.APPROVED,
        decided_by=coordinator,
    )
    _notify_registrant(organization, "partners/email/organization_verified", {})
    logger.info("Organization %s verified by user %s", organization.pk, coordinator.pk)
    return decision


@transaction.atomic
def reject_organization(
    coordinator: User, organization: Organization, reason: str
) -> VerificationDecision:
    """Reject a pending organization with a reason that the registrant receives by email."""
    _require_coordinator(coordinator)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason, so the registrant can act on it.")})
    if not _claim_pending(organization, VerificationStatus.REJECTED):
        raise ValidationError(_("This organization has already been decided."))
    organization.refresh_from_db()
    decision = VerificationDecision.objects.create(
        organization=organization,
        decision=VerificationDecision.Decision.REJECTED,
        reason=reason.strip(),
        decided_by=coordinator,
    )
    _notify_registrant(
        organization, "partners/email/organization_rejected", {"reason": decision.reason}
    )
    logger.info("Organization %s rejected by user %s", organization.pk, coordinator.pk)
    return decision


def _notify_registrant(
    organization: Organization, template_prefix: str, context: dict[str, Any]
) -> None:
    registrant = organization.registered_by
    if registrant is None:
        return
    # The email goes out only once the decision is committed, so a rollback
    # never leaves a registrant told about a decision that did not happen.
    transaction.on_commit(
        lambda: send_email(
            to=registrant.email,
            language=registrant.preferred_language,
            template_prefix=template_prefix,
            context={"organization": organization, **context},
        )
    )


def _require_coordinator(user: User) -> None:
    if not permissions.is_coordinator(user):
        raise PermissionDenied(_("Only coordinators can verify organizations."))


# ---------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------


def add_member(organization: Organization, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    permissions.grant_role(user, organization, role)
    return membership


def _require(user: User, perm: str, organization: Organization) -> None:
    if not permissions.has_object_permission(user, perm, organization):
        raise PermissionDenied(_("You do not have permission to do this for this organization."))


def _administrator_count(organization: Organization) -> int:
    return Membership.objects.filter(organization=organization, role=Role.ADMINISTRATOR).count()


def _lock_memberships(organization: Organization) -> None:
    """Serialize membership changes of one organization, so it always keeps an administrator."""
    list(Membership.objects.select_for_update().filter(organization=organization))


@transaction.atomic
def invite_member(
    administrator: User, organization: Organization, email: str, role: str
) -> Invitation:
    """Create an invitation (or renew the open one for this address) and email its link."""
    _require(administrator, permissions.MANAGE_MEMBERS, organization)
    email = email.strip()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation.objects.filter(
        organization=organization, email__iexact=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = Invitation(organization=organization, email=email)
    invitation.role = role
    invitation.invited_by = administrator
    invitation.expires_at = invitation_expiry()
    invitation.save()

    invitee = User.objects.filter(email__iexact=email).first()
    language = invitee.preferred_language if invitee else administrator.preferred_language
    path = reverse("partners:invitation-accept", kwargs={"token": invitation.token})
    transaction.on_commit(
        lambda: send_email(
            to=email,
            language=language,
            template_prefix="partners/email/invitation",
            context={"invitation": invitation, "organization": organization, "path": path},
        )
    )
    return invitation


@transaction.atomic
def accept_invitation(user: User, token: str) -> Membership:
    """Join the organization of the invitation; the link works once and until it expires."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token=token)
        .select_related("organization")
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link is not valid or was already used."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organization for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return add_member(invitation.organization, user, invitation.role)


@transaction.atomic
def request_to_join(user: User, organization: Organization, message: str = "") -> JoinRequest:
    """Ask to join an organization; a second request while one is pending returns the first."""
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise ValidationError(_("You are already a member of this organization."))
    lock_for_transaction("join-request", f"{organization.pk}:{user.pk}")
    join_request, _created = JoinRequest.objects.get_or_create(
        organization=organization,
        user=user,
        status=JoinRequest.Status.PENDING,
        defaults={"message": message.strip()},
    )
    return join_request


@transaction.atomic
def decide_join_request(administrator: User, join_request: JoinRequest, approve: bool) -> None:
    """Approve (as a viewer) or decline a pending request to join."""
    _require(administrator, permissions.MANAGE_MEMBERS, join_request.organization)
    new_status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    updated = JoinRequest.objects.filter(
        pk=join_request.pk, status=JoinRequest.Status.PENDING
    ).update(status=new_status, decided_by=administrator, decided_at=timezone.now())
    if updated != 1:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        add_member(join_request.organization, join_request.user, Role.VIEWER)


@transaction.atomic
def change_role(administrator: User, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last administrator cannot step down."""
    _require(administrator, permissions.MANAGE_MEMBERS, membership.organization)
    _lock_memberships(membership.organization)
    membership.refresh_from_db()
    if (
        membership.role == Role.ADMINISTRATOR
        and role != Role.ADMINISTRATOR
        and _administrator_count(membership.organization) <= 1
    ):
        raise ValidationError(
            {"role": _("An organization needs at least one administrator. Name another first.")}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    permissions.grant_role(membership.user, membership.organization, role)
    return membership


@transaction.atomic
def remove_member(actor: User, membership: Membership) -> None:
    """Remove a member, or let a member leave, unless they are the last administrator."""
    if actor.pk != membership.user_id:
        _require(actor, permissions.MANAGE_MEMBERS, membership.organization)
    _lock_memberships(membership.organization)
    membership.refresh_from_db()
    if membership.role == Role.ADMINISTRATOR and _administrator_count(membership.organization) <= 1:
        raise ValidationError(
            _("An organization needs at least one administrator. Name another first.")
        )
    permissions.revoke_all(membership.user, membership.organization)
    membership.delete()


# ---------------------------------------------------------------------------
# Leadership declarations
# ---------------------------------------------------------------------------


@transaction.atomic
def declare_leadership(
    administrator: User, organization: Organization, fields: dict[str, Any]
) -> LeadershipDeclaration:
    """Record a new declaration that supersedes the current one, and update the directory badge."""
    _require(administrator, permissions.DECLARE_LEADERSHIP, organization)
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    declaration = LeadershipDeclaration(
        organization=organization, attested_by=administrator, attested_at=timezone.now(), **fields
    )
    declaration.full_clean(exclude=["organization", "attested_by"])

    LeadershipDeclaration.objects.current().filter(organization=organization).update(
        superseded_at=declaration.attested_at
    )
    declaration.save()
    organization.disability_led = declaration.is_disability_led
    organization.leadership_band = declaration.band
    organization.save(update_fields=["disability_led", "leadership_band", "updated"])
    logger.info(
        "Leadership declaration %s recorded for organization %s", declaration.pk, organization.pk
    )
    return declaration


def send_declaration_reminders(now: datetime | None = None) -> int:
    """Email the administrators of each organization whose current declaration is out of date.

    Each declaration is claimed with a conditional update before its email
    goes out, so a second run, or two workers at once, send nothing twice.
    """
    moment = now or timezone.now()
    sent = 0
    due = LeadershipDeclaration.objects.out_of_date(moment).filter(reminder_sent_at__isnull=True)
    for declaration_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = LeadershipDeclaration.objects.filter(
                pk=declaration_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=moment)
            if not claimed:
                continue
            declaration = LeadershipDeclaration.objects.select_related("organization").get(
                pk=declaration_id
            )
            administrators = User.objects.filter(
                memberships__organization=declaration.organization,
                memberships__role=Role.ADMINISTRATOR,
                is_active=True,
            )
            for administrator in administrators:
                send_email(
                    to=administrator.email,
                    language=administrator.preferred_language,
                    template_prefix="partners/email/declaration_reminder",
                    context={"organization": declaration.organization, "declaration": declaration},
                )
            sent += 1
    logger.info("Sent leadership declaration reminders for %d organizations", sent)
    return sent


# ---------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the hub stores about `user` as a person, for them to download."""
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return {
        "email": user.email,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "memberships": [
            {
                "organization": membership.organization.name,
                "slug": membership.organization.slug,
                "role": membership.role,
                "since": membership.created.isoformat(),
            }
            for membership in memberships
        ],
        "join_requests": [
            {
                "organization": join_request.organization.name,
                "message": join_request.message,
                "status": join_request.status,
                "created": join_request.created.isoformat(),
            }
            for join_request in JoinRequest.objects.filter(user=user).select_related("organization")
        ],
        "leadership_declarations_attested": [
            {
                "organization": declaration.organization.name,
                "attested_at": declaration.attested_at.isoformat(),
            }
            for declaration in LeadershipDeclaration.objects.filter(
                attested_by=user
            ).select_related("organization")
        ],
    }


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the account, unless the person is the last administrator of an organization."""
    for membership in Membership.objects.select_for_update().filter(
        user=user, role=Role.ADMINISTRATOR
    ):
        if _administrator_count(membership.organization) <= 1:
            raise ValidationError(
                _(
                    "You are the last administrator of %(organization)s. Name another "
                    "administrator or ask a coordinator to archive it before deleting your account."
                )
                % {"organization": membership.organization.name}
            )
    logger.info("Deleting user %s at their request", user.pk)
    user.delete()
