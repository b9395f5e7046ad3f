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

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from hubsite.concurrency import claim_version
from hubsite.locks import lock_for_transaction
from hubsite.mail import send_email
from hubsite.search import fold
from hubsite.uploads import verified_logo
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
    """Return the host of `url` without "www.", or "" when `url` is not a valid address."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _duplicate_candidates(name: str, website: str) -> Q:
    """Match a superset of the likely duplicates in SQL, which is_likely_duplicate() narrows."""
    candidates = Q(pk__in=[])
    folded_name = comparable_name(name)
    if folded_name:
        candidates |= Q(sort_name__contains=folded_name.split(" ")[0])
    domain = website_domain(website) if website else ""
    if domain:
        candidates |= Q(website__icontains=domain)
    return candidates


def is_likely_duplicate(candidate: Organization, name: str, website: str = "") -> bool:
    """Tell whether `candidate` has the same folded name or the same website domain.

    The domain matches as itself or as a parent of the candidate's domain, so
    "example.org" matches "https://jobs.example.org".
    """
    folded_name = comparable_name(name)
    if folded_name and comparable_name(candidate.name) == folded_name:
        return True
    domain = website_domain(website) if website else ""
    if not domain or not candidate.website:
        return False
    candidate_domain = website_domain(candidate.website)
    return candidate_domain == domain or candidate_domain.endswith(f".{domain}")


def find_likely_duplicates(name: str, website: str = "") -> QuerySet[Organization]:
    """Organizations, public or not, with the same folded name or the same website domain."""
    candidates = (
        Organization.objects.filter(_duplicate_candidates(name, website))
        .exclude(verification_status=VerificationStatus.ARCHIVED)
        .only("pk", "name", "website")
    )
    matches = [org.pk for org in candidates if is_likely_duplicate(org, name, website)]
    return Organization.objects.filter(pk__in=matches)


def likely_duplicates_of(
    organizations: Iterable[Organization],
) -> dict[int, list[Organization]]:
    """Map each organization's id to its likely duplicates, found in one query.

    Each list contains what find_likely_duplicates() returns for the
    organization's name and website, without the organization itself. The
    duplicates are loaded with their name, slug, website and status only.
    """
    organizations = list(organizations)
    candidate_filter = Q(pk__in=[])
    for organization in organizations:
        candidate_filter |= _duplicate_candidates(organization.name, organization.website)
    candidates = list(
        Organization.objects.filter(candidate_filter)
        .exclude(verification_status=VerificationStatus.ARCHIVED)
        .only("pk", "name", "slug", "website", "verification_status")
    )
    return {
        organization.pk: [
            candidate
            for candidate in candidates
            if candidate.pk != organization.pk
            and is_likely_duplicate(candidate, organization.name, organization.website)
        ]
        for organization in organizations
    }


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


# The history_change_reason that update_organization() stores with each
# historical record it creates.
PROFILE_EDIT_REASON = "profile-edit"

# Fields that a profile change never sets: verification decides the status,
# declare_leadership copies the badge from the current declaration, and the
# slug, registrant, HSDS id and demo flag are fixed when the record is created.
PROTECTED_ORGANIZATION_FIELDS = frozenset(
    {
        "verification_status",
        "disability_led",
        "leadership_band",
        "slug",
        "registered_by",
        "hsds_id",
        "is_demo",
    }
)


@transaction.atomic
def update_organization(
    user: User,
    organization: Organization,
    fields: dict[str, Any],
    *,
    regions_served: Iterable[Any] | None = None,
    languages: Iterable[Any] | None = None,
    expected_version: int | None = None,
) -> Organization:
    """Change an organization's profile, as one of its administrators or editors.

    `expected_version` is the version the editor read; if the organization was
    saved since, hubsite.concurrency.StaleEdit is raised and nothing is written.

    Raises ValueError for a field in PROTECTED_ORGANIZATION_FIELDS. A list left
    as None keeps its current value. django-simple-history records the whole
    change as one record by `user`, so a change of name or kind stays visible
    in the organization's history.
    """
    _require(user, permissions.CHANGE, organization)
    protected = PROTECTED_ORGANIZATION_FIELDS.intersection(fields)
    if protected:
        raise ValueError(
            f"update_organization cannot set {sorted(protected)}: other services own them."
        )

    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean(exclude=["slug", "kind", "province", "sector"])
    claim_version(organization, expected_version)

    # The lists are set first, without a historical record, so that save()
    # writes one record that contains the whole change.
    organization.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if regions_served is not None:
            organization.regions_served.set(list(regions_served))
        if languages is not None:
            organization.languages.set(list(languages))
    finally:
        del organization.skip_history_when_saving  # type: ignore[attr-defined]
    organization._history_user = user  # type: ignore[attr-defined]
    organization._change_reason = PROFILE_EDIT_REASON  # type: ignore[attr-defined]
    organization.save()
    logger.info("Organization %s changed by user %s", organization.pk, user.pk)
    return organization


def set_organization_logo(user: User, organization: Organization, upload: Any | None) -> None:
    """Replace the organization's logo with a verified upload, or remove it when upload is None.

    Raises ValidationError {"logo": ...} for a file that is too large or not a
    PNG, JPEG or WebP image. The stored file is re-encoded under a random name.
    Earlier files stay on disk, because the organization's history refers to them.
    """
    _require(user, permissions.CHANGE, organization)
    if upload is None:
        organization.logo = None
    else:
        try:
            image = verified_logo(upload, settings.ORGANIZATION_LOGO_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from None
        organization.logo.save(str(image.name), image, save=False)

    organization._history_user = user  # type: ignore[attr-defined]
    organization._change_reason = PROFILE_EDIT_REASON  # type: ignore[attr-defined]
    organization.save(update_fields=["logo", "updated"])
    logger.info("Logo of organization %s changed by user %s", organization.pk, user.pk)


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
    """Approve a pending organization so it becomes public, and email the registrant."""
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
    # never leaves a registrant with an email about a decision that did not happen.
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


def _require_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Choose a role: administrator, editor or viewer.")}, code="invalid"
        )


def _is_member(organization: Organization, user: User) -> bool:
    return Membership.objects.filter(organization=organization, user=user).exists()


def _lock_memberships(organization: Organization) -> None:
    """Serialize membership changes of one organization, so it always keeps an administrator."""
    list(Membership.objects.select_for_update().filter(organization=organization))


@transaction.atomic
def invite_member(
    administrator: User, organization: Organization, email: str, role: str
) -> Invitation:
    """Create an invitation (or renew the open one for this address) and email its link.

    The email goes out in the invitee's language when they have an account,
    else in the inviting administrator's language.
    """
    _require(administrator, permissions.MANAGE_MEMBERS, organization)
    _require_role(role)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address, such as name@example.org.")}
        ) from None
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
    # The templates build the link while the recipient's language is active,
    # so it opens the invitation page in that language.
    transaction.on_commit(
        lambda: send_email(
            to=email,
            language=language,
            template_prefix="partners/email/invitation",
            context={"invitation": invitation, "organization": organization},
        )
    )
    return invitation


def check_invitation(user: User, invitation: Invitation) -> None:
    """Raise ValidationError unless `user` may accept `invitation` now.

    Email addresses match regardless of case.
    """
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link is not valid or was already used."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organization for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )


@transaction.atomic
def accept_invitation(user: User, token: str) -> Membership:
    """Join the organization of the invitation; the link works once and until it expires.

    A person who is already a member keeps their role, so an old invitation
    can never demote an administrator. The invitation is then marked as used.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token=token)
        .select_related("organization")
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid or was already used."))
    check_invitation(user, invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])

    _lock_memberships(invitation.organization)
    existing = Membership.objects.filter(organization=invitation.organization, user=user).first()
    if existing is not None:
        return existing
    return add_member(invitation.organization, user, invitation.role)


@transaction.atomic
def request_to_join(user: User, organization: Organization, message: str = "") -> JoinRequest:
    """Ask to join an organization; a second request while one is pending returns the first."""
    if _is_member(organization, user):
        raise ValidationError(_("You are already a member of this organization."))
    max_length = JoinRequest._meta.get_field("message").max_length or 0
    if len(message.strip()) > max_length:
        raise ValidationError(
            {
                "message": _(
                    "Shorten the message to %(limit_value)d characters or fewer "
                    "(it has %(show_value)d)."
                )
                % {"limit_value": max_length, "show_value": len(message.strip())}
            }
        )
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
    """Approve (as a viewer) or decline a pending request to join.

    Approving the request of someone who joined meanwhile keeps their role.
    """
    _require(administrator, permissions.MANAGE_MEMBERS, join_request.organization)
    new_status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    updated = JoinRequest.objects.filter(
        pk=join_request.pk, status=JoinRequest.Status.PENDING
    ).update(status=new_status, decided_by=administrator, decided_at=timezone.now())
    if updated != 1:
        raise ValidationError(_("This request has already been decided."))
    if approve:
        _lock_memberships(join_request.organization)
        if not _is_member(join_request.organization, join_request.user):
            add_member(join_request.organization, join_request.user, Role.VIEWER)


@transaction.atomic
def change_role(administrator: User, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last administrator cannot step down."""
    _require(administrator, permissions.MANAGE_MEMBERS, membership.organization)
    _require_role(role)
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
    Returns the number of organizations reminded.
    """
    moment = now or timezone.now()
    sent = 0
    due = LeadershipDeclaration.objects.out_of_date(moment).filter(reminder_sent_at__isnull=True)
    for declaration_id in list(due.values_list("pk", flat=True)):
        try:
            if _remind_administrators(declaration_id, moment):
                sent += 1
        except OSError:
            # The claim rolls back with the failed email, so the next run retries
            # this declaration. NOTE: administrators emailed before the failure
            # then get the reminder twice.
            logger.exception(
                "Leadership declaration reminder for declaration %s failed", declaration_id
            )
    logger.info("Sent leadership declaration reminders for %d organizations", sent)
    return sent


@transaction.atomic
def _remind_administrators(declaration_id: int, moment: datetime) -> bool:
    """Claim one declaration and email its organization's active administrators.

    Returns False when another run claimed the declaration first.
    """
    claimed = LeadershipDeclaration.objects.filter(
        pk=declaration_id, reminder_sent_at__isnull=True
    ).update(reminder_sent_at=moment)
    if not claimed:
        return False

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
    return True


# ---------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------


@transaction.atomic
def change_preferred_language(user: User, language: str) -> None:
    """Set the language of every email the hub sends to `user`: "en" or "fr"."""
    if language not in dict(User._meta.get_field("preferred_language").choices or []):
        raise ValidationError({"preferred_language": _("Choose English or French.")})
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    logger.info("User %s changed their preferred language", user.pk)


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the hub stores about `user` as a person, for them to download.

    Two-factor methods appear by type and dates only: their secrets stay out.
    """
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "coordinator": permissions.is_coordinator(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": [
            {
                "type": authenticator.type,
                "created": authenticator.created_at.isoformat(),
                "last_used": (
                    authenticator.last_used_at.isoformat() if authenticator.last_used_at else None
                ),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("id")
        ],
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
        "invitations_received": [
            {
                "organization": invitation.organization.name,
                "email": invitation.email,
                "role": invitation.role,
                "created": invitation.created.isoformat(),
                "accepted_at": (
                    invitation.accepted_at.isoformat() if invitation.accepted_at else None
                ),
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email)
            .select_related("organization")
            .order_by("created", "id")
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
    """Delete the account, unless the person is the last administrator of an organization.

    All memberships of each organization the person administers are locked
    first, in id order, so two administrators who delete their accounts at
    once cannot leave the organization without one.
    """
    administered = Organization.objects.filter(
        memberships__user=user, memberships__role=Role.ADMINISTRATOR
    ).order_by("pk")
    for organization in administered:
        _lock_memberships(organization)
        if _administrator_count(organization) <= 1:
            raise ValidationError(
                _(
                    "You are the last administrator of %(organization)s. Name another "
                    "administrator or ask a coordinator to archive it before deleting your account."
                )
                % {"organization": organization.name}
            )
    # Invitations keep the address they were sent to, so they go with the account.
    addresses = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    invitations = Q(pk__in=[])
    for address in addresses:
        invitations |= Q(email__iexact=address)
    Invitation.objects.filter(invitations).delete()
    # Deleting a membership writes a history record that names the person who
    # made the change, here the person leaving. The memberships go first, so
    # user.delete() finds those records and clears the name; a record written
    # by the cascade would keep pointing at the deleted user and break the
    # foreign key at commit.
    Membership.objects.filter(user=user).delete()
    logger.info("Deleting user %s at their request", user.pk)
    user.delete()


# ---------------------------------------------------------------------------
# API tokens
# ---------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(user: User) -> Token:
    """Give `user` a new API token, replacing (and so revoking) any earlier one."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    logger.info("Issued a new API token for user %s", user.pk)
    return token


def revoke_api_token(user: User) -> bool:
    """Delete the person's API token; return whether there was one."""
    deleted, _details = Token.objects.filter(user=user).delete()
    if deleted:
        logger.info("Revoked the API token of user %s", user.pk)
    return bool(deleted)
