"""Writes on initiatives that check permissions or cause side effects.

Pages, the API and Celery tasks call these functions, so each rule lives here once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite import outbox
from hubsite.concurrency import claim_version
from hubsite.locks import lock_for_transaction
from hubsite.mail import send_email
from initiatives.models import (
    PROPOSABLE_FIELDS,
    ChangeProposal,
    ConnectionEmail,
    ConnectionRequest,
    DismissedPair,
    Initiative,
    SimilarWork,
)
from partners import permissions
from partners.models import Membership, Organization, Role, User

logger = logging.getLogger(__name__)

EDITING_ROLES = (Role.ADMINISTRATOR, Role.EDITOR)


# ---------------------------------------------------------------------------
# Permission checks
# ---------------------------------------------------------------------------


def can_view(user: Any, initiative: Initiative) -> bool:
    return Initiative.objects.visible_to(user).filter(pk=initiative.pk).exists()


def can_edit(user: Any, initiative: Initiative) -> bool:
    """Tell whether `user` may edit: the lead's editors and administrators, not coordinators."""
    return permissions.has_object_permission(user, permissions.CHANGE, initiative.lead_organization)


def can_lead(user: Any, organization: Organization) -> bool:
    """Tell whether `user` may create initiatives led by `organization`."""
    return permissions.has_object_permission(user, permissions.CHANGE, organization)


def proposing_organizations(user: Any, initiative: Initiative) -> QuerySet[Organization]:
    """Partner organizations of the initiative of which `user` is a member."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    own = permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)
    return initiative.partner_organizations.filter(pk__in=own.values("pk"))


def requesting_initiatives(user: Any, target: Initiative) -> QuerySet[Initiative]:
    """Initiatives led by one of `user`'s organizations, from which a connection may start."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    own = permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)
    return (
        Initiative.objects.filter(lead_organization__in=own.values("pk"))
        .exclude(pk=target.pk)
        .exclude(lead_organization=target.lead_organization)
        .order_by("sort_title", "pk")
    )


def _require_edit(user: Any, initiative: Initiative) -> None:
    if not can_edit(user, initiative):
        raise PermissionDenied(
            _("Only the lead organization's editors and administrators can do this.")
        )


def _refresh_similarity_after_commit(initiative_id: int) -> None:
    from initiatives import tasks

    outbox.enqueue(tasks.refresh_similar_work, initiative_id)


# ---------------------------------------------------------------------------
# Creating and editing
# ---------------------------------------------------------------------------


def _set_relations(initiative: Initiative, relations: Mapping[str, Iterable[Any]]) -> None:
    for name in ("themes", "regions", "intersectional_groups", "partner_organizations"):
        if name in relations:
            getattr(initiative, name).set(list(relations[name]))


def create_initiative(
    user: User,
    lead_organization: Organization,
    fields: Mapping[str, Any],
    relations: Mapping[str, Iterable[Any]],
) -> Initiative:
    """Create an initiative led by `lead_organization`, whose editor or administrator `user` is."""
    if not can_lead(user, lead_organization):
        raise PermissionDenied(
            _("Only the organization's editors and administrators can add initiatives.")
        )
    initiative = Initiative(lead_organization=lead_organization, **fields)
    initiative.full_clean(exclude=["themes"])
    with transaction.atomic():
        initiative._change_reason = "created"  # type: ignore[attr-defined]
        initiative.save()
        _set_relations(initiative, relations)
        _refresh_similarity_after_commit(initiative.pk)
    logger.info("Initiative %s created by user %s", initiative.pk, user.pk)
    return initiative


def update_initiative(
    user: User,
    initiative: Initiative,
    fields: Mapping[str, Any],
    relations: Mapping[str, Iterable[Any]],
    expected_version: int | None = None,
) -> Initiative:
    """Change an initiative's fields and relations; history keeps every version.

    `expected_version` is the version the editor read; if the initiative was
    saved since, hubsite.concurrency.StaleEdit is raised and nothing is written.
    """
    _require_edit(user, initiative)
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.full_clean(exclude=["themes"])
    with transaction.atomic():
        claim_version(initiative, expected_version)
        initiative.save()
        _set_relations(initiative, relations)
        _refresh_similarity_after_commit(initiative.pk)
    return initiative


# ---------------------------------------------------------------------------
# Change proposals from partner organizations
# ---------------------------------------------------------------------------


def propose_change(
    user: User,
    initiative: Initiative,
    organization: Organization,
    changes: Mapping[str, str],
    message: str = "",
) -> ChangeProposal:
    """Record a partner member's proposed text changes for the lead to accept or decline."""
    if not proposing_organizations(user, initiative).filter(pk=organization.pk).exists():
        raise PermissionDenied(
            _("Only members of the initiative's partner organizations can propose changes.")
        )
    unknown = sorted(set(changes) - set(PROPOSABLE_FIELDS))
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed by a proposal.") for name in unknown}
        )
    effective = {
        name: str(value)
        for name, value in changes.items()
        if str(value) != getattr(initiative, name)
    }
    if not effective:
        raise ValidationError(_("The proposal changes nothing: edit at least one field."))
    return ChangeProposal.objects.create(
        initiative=initiative,
        proposed_by=user,
        organization=organization,
        changes=effective,
        message=message,
    )


def decide_proposal(user: User, proposal: ChangeProposal, accept: bool) -> ChangeProposal:
    """Apply or decline a pending proposal; the lead's editors and administrators decide."""
    _require_edit(user, proposal.initiative)
    with transaction.atomic():
        claimed = ChangeProposal.objects.filter(
            pk=proposal.pk, status=ChangeProposal.Status.PENDING
        ).update(
            status=ChangeProposal.Status.ACCEPTED if accept else ChangeProposal.Status.DECLINED,
            decided_by=user,
            decided_at=timezone.now(),
        )
        if not claimed:
            raise ValidationError(_("This proposal was already decided."))
        if accept:
            initiative = Initiative.objects.select_for_update().get(pk=proposal.initiative_id)
            for name, value in proposal.changes.items():
                if name in PROPOSABLE_FIELDS:
                    setattr(initiative, name, value)
            initiative.full_clean(exclude=["themes"])
            initiative._change_reason = f"proposal {proposal.pk} accepted"  # type: ignore[attr-defined]
            initiative.save()
            _refresh_similarity_after_commit(initiative.pk)
    proposal.refresh_from_db()
    return proposal


# ---------------------------------------------------------------------------
# Similar work
# ---------------------------------------------------------------------------


def similar_work_for(initiative: Initiative, user: Any) -> QuerySet[SimilarWork]:
    """Select the suggestions on `initiative`'s page that `user` may see, best first.

    Suggestions of initiatives hidden from `user` are left out here, so they
    never reach a page, a count or the API.
    """
    visible = Initiative.objects.visible_to(user).values("pk")
    return (
        SimilarWork.objects.filter(initiative=initiative, other__in=visible)
        .select_related("other", "other__lead_organization")
        .prefetch_related("other__themes", "other__regions", "other__intersectional_groups")
        .order_by("-score", "other_id")
    )


def dismiss_suggestion(user: User, initiative: Initiative, other: Initiative) -> DismissedPair:
    """Mark two initiatives as not related, for good, and remove the suggestion both ways."""
    _require_edit(user, initiative)
    if other.pk == initiative.pk:
        raise ValidationError(_("An initiative cannot be dismissed as unrelated to itself."))
    first, second = sorted([initiative.pk, other.pk])
    with transaction.atomic():
        pair, _created = DismissedPair.objects.get_or_create(
            first_id=first, second_id=second, defaults={"dismissed_by": user}
        )
        SimilarWork.objects.filter(initiative_id=first, other_id=second).delete()
        SimilarWork.objects.filter(initiative_id=second, other_id=first).delete()
    logger.info("Similar-work pair %s-%s dismissed by user %s", first, second, user.pk)
    return pair


# ---------------------------------------------------------------------------
# Connection requests
# ---------------------------------------------------------------------------


def lead_contacts(initiative: Initiative) -> list[User]:
    """Return the editors and administrators of the lead organization, who decide requests."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization_id=initiative.lead_organization_id,
            role__in=EDITING_ROLES,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ]


def request_connection(
    user: User, from_initiative: Initiative, to_initiative: Initiative, message: str = ""
) -> ConnectionRequest:
    """Ask the lead of `to_initiative` for an introduction on behalf of `from_initiative`.

    The requester must be a member of `from_initiative`'s lead organization
    and able to see `to_initiative`. The lead's email contains only the
    requesting initiative, its organization and the message.
    """
    if not requesting_initiatives(user, to_initiative).filter(pk=from_initiative.pk).exists():
        raise PermissionDenied(
            _("Only members of the requesting initiative's lead organization can ask to connect.")
        )
    if not can_view(user, to_initiative):
        raise PermissionDenied(_("You cannot see this initiative."))
    with transaction.atomic():
        lock_for_transaction("connection", f"{from_initiative.pk}-{to_initiative.pk}")
        if ConnectionRequest.objects.filter(
            from_initiative=from_initiative,
            to_initiative=to_initiative,
            status=ConnectionRequest.Status.PENDING,
        ).exists():
            raise ValidationError(
                _("A request between these initiatives is already waiting for an answer.")
            )
        try:
            with transaction.atomic():
                connection = ConnectionRequest.objects.create(
                    from_initiative=from_initiative,
                    to_initiative=to_initiative,
                    requested_by=user,
                    message=message,
                )
        except IntegrityError:
            raise ValidationError(
                _("A request between these initiatives is already waiting for an answer.")
            ) from None
        ConnectionEmail.objects.bulk_create(
            ConnectionEmail(
                connection=connection, recipient=lead, kind=ConnectionEmail.Kind.REQUESTED
            )
            for lead in lead_contacts(to_initiative)
        )
        _send_after_commit(connection.pk)
    logger.info("Connection request %s created by user %s", connection.pk, user.pk)
    return connection


def can_decide(user: Any, connection: ConnectionRequest) -> bool:
    return can_edit(user, connection.to_initiative)


def decide_connection(user: User, connection: ConnectionRequest, accept: bool) -> ConnectionRequest:
    """Accept or decline a pending request; on acceptance both sides get each other's contact."""
    if not can_decide(user, connection):
        raise PermissionDenied(
            _("Only the lead organization's editors and administrators can answer.")
        )
    with transaction.atomic():
        claimed = ConnectionRequest.objects.filter(
            pk=connection.pk, status=ConnectionRequest.Status.PENDING
        ).update(
            status=ConnectionRequest.Status.ACCEPTED
            if accept
            else ConnectionRequest.Status.DECLINED,
            decided_by=user,
            decided_at=timezone.now(),
        )
        if not claimed:
            raise ValidationError(_("This request was already answered."))
        if accept:
            emails = [
                ConnectionEmail(
                    connection=connection,
                    recipient=connection.requested_by,
                    kind=ConnectionEmail.Kind.ACCEPTED_TO_REQUESTER,
                ),
                ConnectionEmail(
                    connection=connection,
                    recipient=user,
                    kind=ConnectionEmail.Kind.ACCEPTED_TO_LEAD,
                ),
            ]
        else:
            emails = [
                ConnectionEmail(
                    connection=connection,
                    recipient=connection.requested_by,
                    kind=ConnectionEmail.Kind.DECLINED,
                )
            ]
        ConnectionEmail.objects.bulk_create(emails)
        _send_after_commit(connection.pk)
    connection.refresh_from_db()
    logger.info("Connection request %s %s by user %s", connection.pk, connection.status, user.pk)
    return connection


def _send_after_commit(connection_id: int) -> None:
    from initiatives import tasks

    outbox.enqueue(tasks.send_connection_emails, connection_id)


EMAIL_TEMPLATES = {
    ConnectionEmail.Kind.REQUESTED: "initiatives/email/connection_requested",
    ConnectionEmail.Kind.ACCEPTED_TO_REQUESTER: "initiatives/email/connection_accepted_requester",
    ConnectionEmail.Kind.ACCEPTED_TO_LEAD: "initiatives/email/connection_accepted_lead",
    ConnectionEmail.Kind.DECLINED: "initiatives/email/connection_declined",
}


def send_connection_emails(connection_id: int) -> int:
    """Send the connection's unsent emails, each claimed first so none goes out twice.

    An email whose sending failed is marked failed and not retried, because
    the message may have left before the error.
    """
    sent = 0
    pending = ConnectionEmail.objects.filter(
        connection_id=connection_id, state=ConnectionEmail.State.PENDING
    ).values_list("pk", flat=True)
    for email_id in list(pending):
        claimed = ConnectionEmail.objects.filter(
            pk=email_id, state=ConnectionEmail.State.PENDING
        ).update(state=ConnectionEmail.State.SENDING)
        if not claimed:
            continue
        email = ConnectionEmail.objects.select_related(
            "recipient",
            "connection__requested_by",
            "connection__decided_by",
            "connection__from_initiative__lead_organization",
            "connection__to_initiative__lead_organization",
        ).get(pk=email_id)
        connection = email.connection
        context = {
            "connection": connection,
            "from_initiative": connection.from_initiative,
            "to_initiative": connection.to_initiative,
            "requester": connection.requested_by,
            "lead": connection.decided_by,
        }
        try:
            send_email(
                to=email.recipient.email,
                language=email.recipient.preferred_language,
                template_prefix=EMAIL_TEMPLATES[ConnectionEmail.Kind(email.kind)],
                context=context,
            )
        except Exception:
            logger.exception("Connection email %s of request %s failed", email_id, connection_id)
            ConnectionEmail.objects.filter(pk=email_id).update(state=ConnectionEmail.State.FAILED)
            continue
        ConnectionEmail.objects.filter(pk=email_id).update(
            state=ConnectionEmail.State.SENT, sent_at=timezone.now()
        )
        sent += 1
    return sent
