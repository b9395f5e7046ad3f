"""Writes of the practices app: submitting and moderating practices, and evidence gaps.

Views, the API and the demo loader call these functions, which check the
permission again, validate, and save in one transaction. Subscriptions and
digests live in practices.subscriptions and practices.digests.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite.concurrency import claim_version
from hubsite.mail import send_email
from initiatives.models import Initiative
from partners import permissions
from partners.models import Organization, Partnership, User
from practices.models import (
    EvidenceGap,
    EvidenceGapNeed,
    EvidenceGapWork,
    Practice,
    PracticeKind,
    PracticeQuerySet,
    PracticeStatus,
)

logger = logging.getLogger(__name__)

# Fields a submission form or API request may set; relations are set separately.
PRACTICE_TEXT_FIELDS = (
    "kind",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "what_was_done_en",
    "what_was_done_fr",
    "outcomes_en",
    "outcomes_fr",
    "evidence_en",
    "evidence_fr",
    "is_anonymous",
)
PRACTICE_RELATIONS = (
    "themes",
    "sectors",
    "regions",
    "stakeholder_kinds",
    "organizations",
    "partnerships",
    "initiatives",
)


# ---------------------------------------------------------------------------
# Visibility
# ---------------------------------------------------------------------------


def practices_visible_to(user: Any) -> PracticeQuerySet:
    """Published practices; authors also see their own, and coordinators see every one."""
    if permissions.is_coordinator(user):
        return Practice.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_active:
        return Practice.objects.filter(Q(status=PracticeStatus.PUBLISHED) | Q(submitted_by=user))
    return Practice.objects.published()


def shows_identity(user: Any, practice: Practice, *, is_coordinator: bool | None = None) -> bool:
    """Tell whether `user` may see who submitted `practice` and the organizations it names.

    Everyone may for a named practice. For an anonymous lesson only its author
    and coordinators may.
    """
    if not practice.is_anonymous:
        return True
    if is_coordinator is None:
        is_coordinator = permissions.is_coordinator(user)
    if is_coordinator:
        return True
    return bool(getattr(user, "is_authenticated", False) and practice.submitted_by_id == user.pk)


def can_edit_practice(user: Any, practice: Practice) -> bool:
    """Authors change their practice while it waits for moderation or was returned to them."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and practice.submitted_by_id == user.pk
        and practice.status in {PracticeStatus.SUBMITTED, PracticeStatus.RETURNED}
    )


def submitting_organizations(user: Any) -> Any:
    """Organizations the person may submit a practice for: those they belong to."""
    return permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)


def linkable_partnerships(user: Any) -> Any:
    return Partnership.objects.visible_to(user)


def linkable_initiatives(user: Any) -> Any:
    return Initiative.objects.visible_to(user)


def public_links(practice: Practice) -> dict[str, list[Any]]:
    """Return the organizations, partnerships and initiatives of `practice` that anyone may see.

    Uses prefetched relations when the caller prefetched them.
    """
    return {
        "organizations": [item for item in practice.organizations.all() if item.is_public],
        "partnerships": [item for item in practice.partnerships.all() if item.is_public],
        "initiatives": [
            item for item in practice.initiatives.all() if item.lead_organization.is_public
        ],
    }


# ---------------------------------------------------------------------------
# Submitting and moderating practices
# ---------------------------------------------------------------------------


def _check_relations(user: User, relations: dict[str, Iterable[Any]]) -> None:
    """Reject links to records the author may not see, so nothing private gets attached."""
    errors: dict[str, str] = {}
    organizations = list(relations.get("organizations", []))
    if organizations and any(not item.is_public for item in organizations):
        errors["organizations"] = _("Choose verified organizations only.")
    partnerships = {item.pk for item in relations.get("partnerships", [])}
    if partnerships - set(
        linkable_partnerships(user).filter(pk__in=partnerships).values_list("pk", flat=True)
    ):
        errors["partnerships"] = _("Choose partnerships that you can see.")
    initiatives = {item.pk for item in relations.get("initiatives", [])}
    if initiatives - set(
        linkable_initiatives(user).filter(pk__in=initiatives).values_list("pk", flat=True)
    ):
        errors["initiatives"] = _("Choose initiatives that you can see.")
    if errors:
        raise ValidationError(errors)


def _apply(
    practice: Practice,
    user: User,
    fields: dict[str, Any],
    relations: dict[str, Iterable[Any]],
    submitting_organization: Organization | None,
) -> None:
    if (
        submitting_organization is not None
        and not submitting_organizations(user).filter(pk=submitting_organization.pk).exists()
    ):
        raise ValidationError(
            {"submitting_organization": _("Choose an organization that you belong to.")}
        )
    _check_relations(user, relations)
    for name in PRACTICE_TEXT_FIELDS:
        if name in fields:
            setattr(practice, name, fields[name])
    practice.submitting_organization = submitting_organization
    practice.full_clean(exclude=["slug", "demo_key", *PRACTICE_RELATIONS])
    if not relations.get("themes") and not (practice.pk and practice.themes.exists()):
        raise ValidationError({"themes": _("Choose at least one theme.")})


@transaction.atomic
def submit_practice(
    user: User,
    fields: dict[str, Any],
    relations: dict[str, Iterable[Any]],
    submitting_organization: Organization | None = None,
) -> Practice:
    """Create a practice from `user` and put it in the coordinators' moderation queue."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to submit a practice."))
    practice = Practice(submitted_by=user, status=PracticeStatus.SUBMITTED)
    _apply(practice, user, fields, relations, submitting_organization)
    practice.submitted_at = timezone.now()
    practice.save()
    for name, values in relations.items():
        getattr(practice, name).set(values)
    logger.info("Practice %s submitted by user %s", practice.pk, user.pk)
    return practice


@transaction.atomic
def update_practice(
    user: User,
    practice: Practice,
    fields: dict[str, Any],
    relations: dict[str, Iterable[Any]],
    submitting_organization: Organization | None = None,
    expected_version: int | None = None,
) -> Practice:
    """Save the author's changes and send the practice back to moderation.

    `expected_version` is the version the author read; if the practice was
    saved since, hubsite.concurrency.StaleEdit is raised and nothing is written.
    """
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not can_edit_practice(user, practice):
        raise PermissionDenied(_("Only the author can change a practice before it is published."))
    claim_version(practice, expected_version)
    _apply(practice, user, fields, relations, submitting_organization)
    practice.status = PracticeStatus.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save()
    for name, values in relations.items():
        getattr(practice, name).set(values)
    logger.info("Practice %s resubmitted by user %s", practice.pk, user.pk)
    return practice


MODERATION_DECISIONS: dict[str, str] = {
    PracticeStatus.PUBLISHED: "practices/email/practice_published",
    PracticeStatus.RETURNED: "practices/email/practice_returned",
    PracticeStatus.REJECTED: "practices/email/practice_rejected",
}


@transaction.atomic
def moderate_practice(coordinator: User, practice: Practice, decision: str, note: str) -> Practice:
    """Publish, return for changes (with a note) or reject (with a reason) a submitted practice.

    The author gets an email in their preferred language once the transaction commits.
    """
    if not permissions.is_coordinator(coordinator):
        raise PermissionDenied(_("Only coordinators can moderate practices."))
    if decision not in MODERATION_DECISIONS:
        raise ValidationError({"decision": _("Choose publish, return or reject.")})
    note = note.strip()
    if decision in {PracticeStatus.RETURNED, PracticeStatus.REJECTED} and not note:
        message = (
            _("Tell the author what to change.")
            if decision == PracticeStatus.RETURNED
            else _("Give the reason for rejecting the practice.")
        )
        raise ValidationError({"note": message})

    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.SUBMITTED:
        raise ValidationError(
            {"decision": _("This practice is not waiting for moderation any more.")}
        )
    now = timezone.now()
    practice.status = decision
    practice.moderation_note = note
    practice.moderated_by = coordinator
    practice.moderated_at = now
    if decision == PracticeStatus.PUBLISHED and practice.published_at is None:
        practice.published_at = now
    practice.save(
        update_fields=[
            "status",
            "moderation_note",
            "moderated_by",
            "moderated_at",
            "published_at",
            "updated",
        ]
    )
    logger.info("Practice %s moderated by user %s: %s", practice.pk, coordinator.pk, decision)

    author = practice.submitted_by
    if author is not None and author.is_active:
        template_prefix = MODERATION_DECISIONS[decision]
        transaction.on_commit(
            lambda: send_email(
                to=author.email,
                language=author.preferred_language,
                template_prefix=template_prefix,
                context={"practice": practice, "note": note},
            )
        )
    return practice


# ---------------------------------------------------------------------------
# Evidence gaps
# ---------------------------------------------------------------------------


def can_record_gap(user: Any) -> bool:
    """Researchers and partners: coordinators and members of a verified organization."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        permissions.is_coordinator(user)
        or submitting_organizations(user).filter(verification_status="verified").exists()
    )


@transaction.atomic
def record_evidence_gap(
    user: User, fields: dict[str, Any], themes: Iterable[Any], regions: Iterable[Any] = ()
) -> EvidenceGap:
    if not can_record_gap(user):
        raise PermissionDenied(
            _("Members of a verified organization and coordinators can record evidence gaps.")
        )
    gap = EvidenceGap(recorded_by=user, **fields)
    gap.full_clean(exclude=["demo_key", "themes", "regions"])
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    gap.save()
    gap.themes.set(themes)
    gap.regions.set(list(regions))
    logger.info("Evidence gap %s recorded by user %s", gap.pk, user.pk)
    return gap


@transaction.atomic
def add_need(user: User, gap: EvidenceGap) -> bool:
    """Count `user` among the people who need the answer; return False if already counted."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to say that you need this answer too."))
    try:
        with transaction.atomic():
            EvidenceGapNeed.objects.create(gap=gap, user=user)
    except IntegrityError:
        return False
    EvidenceGap.objects.filter(pk=gap.pk).update(need_count=F("need_count") + 1)
    return True


@transaction.atomic
def declare_work(
    user: User, gap: EvidenceGap, organization: Organization, initiative: Initiative | None
) -> EvidenceGapWork:
    """Record that `organization` works on `gap`, linking one of its public initiatives."""
    if not permissions.has_object_permission(user, permissions.CHANGE, organization):
        raise PermissionDenied(
            _("Only administrators and editors of the organization can say that it works on this.")
        )
    if not organization.is_public:
        raise ValidationError({"organization": _("The organization is not verified yet.")})
    if initiative is not None and not (
        Initiative.objects.public()
        .filter(pk=initiative.pk)
        .filter(Q(lead_organization=organization) | Q(partner_organizations=organization))
        .exists()
    ):
        raise ValidationError(
            {"initiative": _("Choose a public initiative that the organization takes part in.")}
        )
    work, _created = EvidenceGapWork.objects.update_or_create(
        gap=gap,
        organization=organization,
        defaults={"initiative": initiative, "declared_by": user},
    )
    return work


def public_work(gap: EvidenceGap) -> list[EvidenceGapWork]:
    """Return the gap's work statements by verified organizations, with public initiatives only."""
    rows = [row for row in gap.work.all() if row.organization.is_public]
    for row in rows:
        if row.initiative is not None and not row.initiative.lead_organization.is_public:
            row.initiative = None
    return rows


__all__ = [
    "PracticeKind",
    "add_need",
    "can_edit_practice",
    "declare_work",
    "moderate_practice",
    "practices_visible_to",
    "record_evidence_gap",
    "shows_identity",
    "submit_practice",
    "update_practice",
]
