"""The acquisition framework, assessments of partnerships, quarterly reviews and their reminders.

Criteria are data that coordinators edit. Every edit raises the framework's
revision, and each assessment score keeps a copy of the criterion's name,
weight and scale as they were when it was scored, so a later revision never
changes a past assessment.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hubsite.quarters import Quarter
from partners.models import Partnership, PartnershipGoal, PartnershipMember

# Criteria are scored from 0 to 4, with a descriptor for each level.
MIN_SCORE = 0
MAX_SCORE = 4
SCALE_LEVELS = MAX_SCORE - MIN_SCORE + 1


def in_language(english: str, french: str) -> str:
    """Return the text in the active language, falling back to the other one when it is empty."""
    if (get_language() or "en").startswith("fr"):
        return french or english
    return english or french


class Framework(models.Model):
    """The acquisition framework: the set of criteria assessments are scored against.

    The hub has one framework; `revision` rises with every change to its criteria.
    """

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acquisition framework")
        verbose_name_plural = _("acquisition frameworks")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_fr)


class CriterionQuerySet(models.QuerySet["Criterion"]):
    def in_use(self) -> CriterionQuerySet:
        return self.filter(is_active=True)


class Criterion(models.Model):
    """One criterion of the framework, with its weight and a descriptor per scale level."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    guidance_fr = models.TextField(_("guidance (French)"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("From 1 to 10: how much this criterion counts in the weighted total."),
    )
    # A list of SCALE_LEVELS objects {"en": ..., "fr": ...}, one per score from 0 to 4.
    levels = models.JSONField(_("scale descriptors"), default=list)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["framework_id", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="criterion_key_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_fr)

    @property
    def guidance(self) -> str:
        return in_language(self.guidance_en, self.guidance_fr)

    def level_descriptors(self) -> list[str]:
        """Return the descriptor of each level from 0 to 4 in the active language."""
        return [
            in_language(level.get("en", ""), level.get("fr", ""))
            for level in self.levels[:SCALE_LEVELS]
        ]


# ---------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposed partnership")
    RENEWAL = "renewal", _("Renewal")


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    DEFER = "defer", _("Defer")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: object) -> AssessmentQuerySet:
        """Coordinators see every assessment; members see those of their partnerships."""
        from governance.access import member_partnership_ids
        from partners.permissions import is_coordinator

        if is_coordinator(user):  # type: ignore[arg-type]
            return self.all()
        return self.filter(partnership_id__in=member_partnership_ids(user))


class Assessment(models.Model):
    """An assessment of a partnership against the framework, and the decision it led to."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.PROPOSAL
    )
    framework_revision = models.PositiveIntegerField(_("framework revision"), editable=False)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    summary_en = models.TextField(_("value proposition of the partnership (English)"), blank=True)
    summary_fr = models.TextField(_("value proposition of the partnership (French)"), blank=True)
    # Sum of score × weight divided by the sum of weights, from 0 to 4; None until scored.
    weighted_total = models.DecimalField(
        _("weighted total"), max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Outcome.choices, blank=True
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True)
    decision_reasons_en = models.TextField(_("reasons for the decision (English)"), blank=True)
    decision_reasons_fr = models.TextField(_("reasons for the decision (French)"), blank=True)
    return_date = models.DateField(_("date to return to the assessment"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="defer") | Q(return_date__isnull=False),
                name="assessment_deferral_has_return_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.partnership}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision) and self.decision != Outcome.DEFER

    @property
    def decision_reasons(self) -> str:
        return in_language(self.decision_reasons_en, self.decision_reasons_fr)


class AssessmentScore(models.Model):
    """A score and rationale for one criterion, with the criterion as it was when scored."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    criterion_key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField()
    levels = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
    )
    rationale = models.TextField(_("rationale"), blank=True)

    class Meta:
        ordering = ["assessment_id", "position", "id"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_key"], name="assessment_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=MAX_SCORE),
                name="assessment_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key}: {self.score}"

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_fr)

    def level_descriptors(self) -> list[str]:
        return [in_language(level.get("en", ""), level.get("fr", "")) for level in self.levels]


class MemberPosition(models.Model):
    """One member organization's value proposition, expected costs and benefits in an assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="member_positions"
    )
    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE, related_name="+")
    value_proposition = models.TextField(_("value proposition"), blank=True)
    expected_costs = models.TextField(
        _("expected costs"),
        blank=True,
        help_text=_("Money, staff time and accessibility resources."),
    )
    expected_benefits = models.TextField(_("expected benefits"), blank=True)

    class Meta:
        ordering = ["assessment_id", "member__role", "id"]
        verbose_name = _("member's position")
        verbose_name_plural = _("members' positions")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="member_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member.organization} in {self.assessment}"


# ---------------------------------------------------------------------------
# Quarterly reviews
# ---------------------------------------------------------------------------


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    CONTINUE_WITH_ACTIONS = "continue-with-actions", _("Continue with actions")
    END = "end", _("End")
    EXEMPLARY = "exemplary", _("Highlight as exemplary")


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible_to(self, user: object) -> ReviewQuerySet:
        from governance.access import member_partnership_ids
        from partners.permissions import is_coordinator

        if is_coordinator(user):  # type: ignore[arg-type]
            return self.all()
        return self.filter(partnership_id__in=member_partnership_ids(user))

    def open(self) -> ReviewQuerySet:
        return self.filter(completed_at__isnull=True)

    def completed(self) -> ReviewQuerySet:
        return self.filter(completed_at__isnull=False)


class Review(models.Model):
    """The review of one running partnership in one quarter."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reviews")
    # A quarter code such as "2026Q1" (hubsite.quarters.Quarter.code).
    quarter = models.CharField(_("quarter"), max_length=6, db_index=True)
    due_date = models.DateField(_("due date"), db_index=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_reviews",
        verbose_name=_("assigned coordinator"),
    )
    # Lived-experience leadership, filled in from the partnership's current
    # leadership roles when the review opens and again when it is completed.
    leadership_roles_total = models.PositiveIntegerField(default=0, editable=False)
    leadership_roles_lived_experience = models.PositiveIntegerField(default=0, editable=False)
    accessibility_resources = models.TextField(_("accessibility and resources"), blank=True)
    issues = models.TextField(_("issues"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=25, choices=ReviewDecision.choices, blank=True
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(_("opened"), default=timezone.now)

    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("quarterly review")
        verbose_name_plural = _("quarterly reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter"], name="review_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(decision=""),
                name="review_completed_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.quarter}"

    @property
    def quarter_value(self) -> Quarter:
        return Quarter.parse(self.quarter)

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def is_overdue(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return not self.is_completed and self.due_date < day  # type: ignore[operator]

    @property
    def leadership_share(self) -> Decimal | None:
        """The share of current leadership roles held by people with lived experience, 0 to 1."""
        if not self.leadership_roles_total:
            return None
        return Decimal(self.leadership_roles_lived_experience) / Decimal(
            self.leadership_roles_total
        )


class GoalProgress(models.Model):
    """Progress against one shared goal, recorded in a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="goal_progress")
    goal = models.ForeignKey(
        PartnershipGoal, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    goal_text = models.TextField(_("goal"))
    progress = models.TextField(_("progress"), blank=True)

    class Meta:
        ordering = ["review_id", "id"]
        verbose_name = _("progress against a goal")
        verbose_name_plural = _("progress against goals")

    def __str__(self) -> str:
        return self.goal_text[:60]


class MemberBenefit(models.Model):
    """The benefit one member organization reports in a review, filled in by its own people."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="member_benefits")
    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE, related_name="+")
    benefit = models.TextField(_("benefit to the organization"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review_id", "id"]
        verbose_name = _("member's reported benefit")
        verbose_name_plural = _("members' reported benefits")
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="member_benefit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member.organization}: {self.benefit[:40]}"


class ReviewAction(models.Model):
    """An action a review asks for, with who owns it and when it is due."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["review_id", "due_date", "id"]
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")

    def __str__(self) -> str:
        return self.description[:60]


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due in 14 days")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("More than 30 days overdue")
    CASE_STUDY = "case-study", _("Invitation to write a case study")


class ReminderDelivery(models.Model):
    """One reminder email to one recipient, claimed before it is sent so it goes out once.

    `sequence` numbers the weekly overdue reminders: 1 for one week overdue, 2
    for two weeks, and so on. It is 0 for the other kinds.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sequence = models.PositiveSmallIntegerField(default=0)
    recipient = models.EmailField()
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_id", "claimed_at", "id"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "sequence", "recipient"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.sequence} to {self.recipient} for {self.review}"
