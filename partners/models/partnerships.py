"""Partnerships: organizations working together on shared goals, and the path each one takes.

A partnership moves through explicit states (see ALLOWED_TRANSITIONS); every
move is recorded as a PartnershipTransition with who, when and why. Only
partnerships in PUBLIC_STATES are shown to everyone; the others are visible to
their member organizations and to coordinators.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hubsite.reference_cache import ReferenceListsQuerySet
from hubsite.search import fold, search_terms
from partners.models.organizations import Organization
from partners.models.reference import BilingualName, Region, Theme


class BenefitArea(BilingualName):
    """An area where partners can see a common benefit, such as hiring or retention."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("common-benefit area")
        verbose_name_plural = _("common-benefit areas")


class PartnershipState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    UNDER_ASSESSMENT = "under-assessment", _("Under assessment")
    ACTIVE = "active", _("Active")
    UNDER_REVIEW = "under-review", _("Under review")
    RENEWED = "renewed", _("Renewed")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")


# Partnerships anyone may see. Proposed, under-assessment and declined ones are
# shown only to their member organizations and to coordinators.
PUBLIC_STATES = frozenset(
    {
        PartnershipState.ACTIVE,
        PartnershipState.UNDER_REVIEW,
        PartnershipState.RENEWED,
        PartnershipState.ENDED,
    }
)

# Partnerships that are running: reviewed every quarter, counted as current.
RUNNING_STATES = frozenset({PartnershipState.ACTIVE, PartnershipState.RENEWED})

# From each state, the states a partnership may move to. Declined is a normal
# outcome of an assessment, with a reason, and can be proposed again.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    PartnershipState.PROPOSED: frozenset(
        {PartnershipState.UNDER_ASSESSMENT, PartnershipState.DECLINED}
    ),
    PartnershipState.UNDER_ASSESSMENT: frozenset(
        {PartnershipState.ACTIVE, PartnershipState.DECLINED}
    ),
    PartnershipState.ACTIVE: frozenset({PartnershipState.UNDER_REVIEW, PartnershipState.ENDED}),
    PartnershipState.UNDER_REVIEW: frozenset(
        {
            PartnershipState.ACTIVE,
            PartnershipState.UNDER_ASSESSMENT,
            PartnershipState.RENEWED,
            PartnershipState.ENDED,
        }
    ),
    PartnershipState.RENEWED: frozenset({PartnershipState.UNDER_REVIEW, PartnershipState.ENDED}),
    PartnershipState.ENDED: frozenset(),
    PartnershipState.DECLINED: frozenset({PartnershipState.PROPOSED}),
}


class PartnershipQuerySet(ReferenceListsQuerySet["Partnership"]):
    def public(self) -> PartnershipQuerySet:
        return self.filter(state__in=PUBLIC_STATES)

    def visible_to(self, user: Any) -> PartnershipQuerySet:
        """Public partnerships, plus those the person's organizations belong to or were invited to.

        Coordinators see every partnership.
        """
        from partners.permissions import is_coordinator

        if is_coordinator(user):
            return self.all()
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.public()
        own = PartnershipMember.objects.filter(
            organization__memberships__user=user,
            status__in=[MemberStatus.INVITED, MemberStatus.ACCEPTED],
        ).values("partnership_id")
        return self.filter(Q(state__in=PUBLIC_STATES) | Q(id__in=own))

    def search(self, query: str) -> PartnershipQuerySet:
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_document__contains=term)
        return queryset

    def with_list_relations(self) -> PartnershipQuerySet:
        return self.prefetch_reference_lists("themes", "regions", "benefit_areas")


class Partnership(models.Model):
    """Organizations that agreed to work together on shared goals."""

    name = models.CharField(_("name"), max_length=300)
    name_fr = models.CharField(
        _("name in French"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty when the name is the same in both languages."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    purpose_fr = models.TextField(_("purpose (French)"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="partnerships", verbose_name=_("themes")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="partnerships", verbose_name=_("regions")
    )
    benefit_areas = models.ManyToManyField(
        BenefitArea,
        blank=True,
        related_name="partnerships",
        verbose_name=_("common-benefit areas"),
        help_text=_("Areas where every member organization sees a benefit."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PartnershipState.choices,
        default=PartnershipState.PROPOSED,
        db_index=True,
    )
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    # Raised by every save through partners.partnerships.update_partnership; a
    # save that read an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The revision of the shared goals members are asked to agree to (0: none yet).
    goals_revision = models.PositiveIntegerField(default=0, editable=False)

    # Set by a quarterly review that highlights the partnership as exemplary
    # (governance); such partnerships are featured on the home page.
    exemplary_since = models.DateTimeField(_("highlighted as exemplary"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    is_demo = models.BooleanField(default=False, editable=False, db_index=True)
    demo_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)

    search_document = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=300, editable=False, default="", db_index=True)

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes, regions, benefit_areas])

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partners:partnership-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        if (get_language() or "en").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_running(self) -> bool:
        return self.state in RUNNING_STATES

    def can_move_to(self, state: str) -> bool:
        return state in ALLOWED_TRANSITIONS.get(self.state, frozenset())

    def refresh_search_fields(self) -> None:
        parts = [self.name, self.name_fr, self.purpose_en, self.purpose_fr]
        self.search_document = " | ".join(fold(part) for part in parts if part)
        self.sort_name = fold(self.name)[:300]

    def unique_slug(self) -> str:
        base = slugify(fold(self.name))[:100].strip("-")
        if not base:
            digest = hashlib.sha1(self.name.encode(), usedforsecurity=False).hexdigest()[:8]
            base = f"partnership-{digest}"
        taken = set(
            Partnership.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co-lead", _("Co-lead")
    MEMBER = "member", _("Member")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Member")
    DECLINED = "declined", _("Declined the invitation")
    LEFT = "left", _("Left")


class PartnershipMemberQuerySet(models.QuerySet["PartnershipMember"]):
    def current(self) -> PartnershipMemberQuerySet:
        """Organizations that accepted and have not left: the ones listed as members."""
        return self.filter(status=MemberStatus.ACCEPTED)


class PartnershipMember(models.Model):
    """An organization's place in a partnership, from the lead's invitation to leaving.

    An organization is listed as a member only once its administrator accepted
    the invitation (status "accepted"). The lead organization accepts at creation.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="partnership_memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MemberStatus.choices,
        default=MemberStatus.INVITED,
        db_index=True,
    )
    contribution = models.TextField(
        _("what the organization contributes"),
        blank=True,
        help_text=_("For example: staff time, a venue, data, funding, lived-experience advice."),
    )
    value_proposition = models.TextField(
        _("value the organization expects"),
        blank=True,
        help_text=_("What the organization expects to gain from the partnership."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.TextField(_("reason for leaving"), blank=True)

    history = HistoricalRecords()

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        ordering = ["partnership_id", "role", "organization__sort_name", "id"]
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"], name="partnership_member_once"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role=MemberRole.LEAD, status=MemberStatus.ACCEPTED),
                name="partnership_one_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.partnership} ({self.role}, {self.status})"

    @property
    def is_current(self) -> bool:
        return self.status == MemberStatus.ACCEPTED


class PartnershipGoal(models.Model):
    """One shared goal in one revision of a partnership's goals."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    revision = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    text_en = models.TextField(_("goal (English)"), blank=True)
    text_fr = models.TextField(_("goal (French)"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership_id", "revision", "position", "id"]
        verbose_name = _("shared goal")
        verbose_name_plural = _("shared goals")
        constraints = [
            models.CheckConstraint(condition=~Q(text_en="") | ~Q(text_fr=""), name="goal_has_text"),
        ]

    def __str__(self) -> str:
        return self.text_en or self.text_fr


class GoalAgreement(models.Model):
    """A member organization's agreement to one revision of the partnership's goals."""

    member = models.ForeignKey(
        PartnershipMember, on_delete=models.CASCADE, related_name="goal_agreements"
    )
    revision = models.PositiveIntegerField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member_id", "revision"]
        verbose_name = _("goal agreement")
        verbose_name_plural = _("goal agreements")
        constraints = [
            models.UniqueConstraint(fields=["member", "revision"], name="goal_agreement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} agreed to goals revision {self.revision}"


class PartnershipTransition(models.Model):
    """One recorded move of a partnership from one state to another."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=20, choices=PartnershipState.choices)
    to_state = models.CharField(max_length=20, choices=PartnershipState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["partnership_id", "at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_state} → {self.to_state}"
