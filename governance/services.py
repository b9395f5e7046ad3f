"""Governance services: the framework, assessments and their decisions, quarterly reviews.

Views, API views, tasks and the demo change governance records only through
these functions. Each checks who acts and raises PermissionDenied or
ValidationError (field-keyed) when the rules do not allow the change.
Partnership lifecycle moves go through partners.partnerships.transition_partnership.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import editable_members
from governance.framework_data import DEFAULT_CRITERIA, FRAMEWORK_NAME
from governance.models import (
    MAX_SCORE,
    MIN_SCORE,
    SCALE_LEVELS,
    Assessment,
    AssessmentKind,
    AssessmentScore,
    Criterion,
    Framework,
    GoalProgress,
    MemberBenefit,
    MemberPosition,
    Outcome,
    Review,
    ReviewAction,
    ReviewDecision,
    ReviewQuerySet,
)
from hubsite.quarters import Quarter, current_quarter, quarter_of
from partners.models import (
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipState,
    User,
)
from partners.partnerships import PartnershipError, transition_partnership
from partners.permissions import COORDINATORS_GROUP, is_coordinator

logger = logging.getLogger(__name__)


def require_coordinator(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Only coordinators can do this."))


def lifecycle_error(error: PartnershipError) -> ValidationError:
    return ValidationError({error.field or "state": [str(error.message)]})


# ---------------------------------------------------------------------------
# The framework
# ---------------------------------------------------------------------------


def current_framework() -> Framework:
    """Return the hub's framework, seeding the default one if the database has none."""
    framework = Framework.objects.order_by("id").first()
    return framework or seed_default_framework()


@transaction.atomic
def seed_default_framework() -> Framework:
    """Create the default framework and its criteria, unless a framework exists; idempotent."""
    framework = Framework.objects.select_for_update().order_by("id").first()
    if framework is not None:
        return framework
    framework = Framework.objects.create(name_en=FRAMEWORK_NAME["en"], name_fr=FRAMEWORK_NAME["fr"])
    for position, data in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(framework=framework, position=position, **data)
    logger.info("Seeded the default acquisition framework with %d criteria", len(DEFAULT_CRITERIA))
    return framework


def validate_levels(levels: Any) -> list[dict[str, str]]:
    """Check that a scale has one English and French descriptor per level from 0 to 4."""
    message = _("Give a descriptor in English and French for each of the %(count)d levels.") % {
        "count": SCALE_LEVELS
    }
    if not isinstance(levels, list) or len(levels) != SCALE_LEVELS:
        raise ValidationError({"levels": [message]})
    cleaned = []
    for level in levels:
        if not isinstance(level, dict):
            raise ValidationError({"levels": [message]})
        english = str(level.get("en", "")).strip()
        french = str(level.get("fr", "")).strip()
        if not english or not french:
            raise ValidationError({"levels": [message]})
        cleaned.append({"en": english, "fr": french})
    return cleaned


CRITERION_FIELDS = (
    "name_en",
    "name_fr",
    "guidance_en",
    "guidance_fr",
    "weight",
    "levels",
    "position",
    "is_active",
)


@transaction.atomic
def save_criterion(actor: Any, criterion: Criterion | None, data: Mapping[str, Any]) -> Criterion:
    """Create or change a criterion and raise the framework's revision.

    Past assessments keep their own copy of each criterion, so they do not change.
    """
    require_coordinator(actor)
    framework = Framework.objects.select_for_update().get(pk=current_framework().pk)
    # Work on a fresh copy, so a rejected change leaves the caller's instance as it was.
    if criterion is None:
        criterion = Criterion(framework=framework)
    else:
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    for field in CRITERION_FIELDS:
        if field in data:
            setattr(criterion, field, data[field])
    criterion.levels = validate_levels(criterion.levels)
    if not criterion.key:
        criterion.key = unique_criterion_key(framework, criterion.name_en)
    criterion.full_clean(exclude=["framework"])
    criterion.save()
    framework.revision += 1
    framework.save(update_fields=["revision", "updated"])
    logger.info(
        "Criterion %s saved by user %s; framework revision %d",
        criterion.pk,
        getattr(actor, "pk", None),
        framework.revision,
    )
    return criterion


def unique_criterion_key(framework: Framework, name: str) -> str:
    from django.utils.text import slugify

    from hubsite.search import fold

    base = slugify(fold(name))[:50].strip("-") or "criterion"
    taken = set(framework.criteria.values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


# ---------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------

# The state an assessment of each kind starts from, the state it moves the
# partnership to while it runs, and where each decision takes it.
ASSESSMENT_START = {
    AssessmentKind.PROPOSAL: {
        PartnershipState.PROPOSED: PartnershipState.UNDER_ASSESSMENT,
        PartnershipState.UNDER_ASSESSMENT: None,
    },
    AssessmentKind.RENEWAL: {
        PartnershipState.ACTIVE: PartnershipState.UNDER_REVIEW,
        PartnershipState.RENEWED: PartnershipState.UNDER_REVIEW,
        PartnershipState.UNDER_REVIEW: None,
    },
}
DECISION_STATE = {
    AssessmentKind.PROPOSAL: {
        Outcome.ACCEPT: PartnershipState.ACTIVE,
        Outcome.DECLINE: PartnershipState.DECLINED,
    },
    AssessmentKind.RENEWAL: {
        Outcome.ACCEPT: PartnershipState.RENEWED,
        Outcome.DECLINE: PartnershipState.ENDED,
    },
}


@transaction.atomic
def start_assessment(actor: Any, partnership: Partnership, kind: str) -> Assessment:
    """Open an assessment with a score line per criterion in use and a position per member.

    A proposed partnership moves to "under assessment"; a running one up for
    renewal moves to "under review". A partnership has one undecided
    assessment at a time.
    """
    require_coordinator(actor)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    starts = ASSESSMENT_START.get(kind)  # type: ignore[call-overload]
    if starts is None:
        raise ValidationError({"kind": [_("Choose a proposal or a renewal assessment.")]})
    if partnership.state not in starts:
        raise ValidationError(
            {
                "kind": [
                    _("A partnership that is “%(state)s” cannot have this kind of assessment.")
                    % {"state": partnership.get_state_display()}
                ]
            }
        )
    if partnership.assessments.filter(decision="").exists():
        raise ValidationError(
            {"kind": [_("This partnership already has an assessment waiting for a decision.")]}
        )
    moves_to = starts[partnership.state]
    if moves_to is not None:
        try:
            transition_partnership(
                partnership,
                moves_to,
                actor,
                _("Assessment started."),
                expected_state=partnership.state,
            )
        except PartnershipError as error:
            raise lifecycle_error(error) from None

    framework = current_framework()
    assessment = Assessment.objects.create(
        partnership=partnership,
        kind=kind,
        framework_revision=framework.revision,
        assessor=actor,
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(
            assessment=assessment,
            criterion=criterion,
            criterion_key=criterion.key,
            position=criterion.position,
            name_en=criterion.name_en,
            name_fr=criterion.name_fr,
            weight=criterion.weight,
            levels=criterion.levels,
        )
        for criterion in framework.criteria.in_use()
    )
    MemberPosition.objects.bulk_create(
        MemberPosition(
            assessment=assessment, member=member, value_proposition=member.value_proposition
        )
        for member in partnership.members.current()
    )
    logger.info(
        "Assessment %s of partnership %s started by user %s",
        assessment.pk,
        partnership.pk,
        getattr(actor, "pk", None),
    )
    return assessment


def weighted_total(scores: Iterable[AssessmentScore]) -> Decimal | None:
    """Sum score × weight over the sum of weights (0 to 4); None while a criterion is unscored."""
    lines = list(scores)
    if not lines or any(line.score is None for line in lines):
        return None
    total_weight = sum(line.weight for line in lines)
    if not total_weight:
        return None
    weighted = sum((Decimal(line.score or 0) * line.weight for line in lines), Decimal(0))
    return (weighted / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class ScoreInput:
    score: int | None
    rationale: str = ""


@dataclass
class PositionInput:
    value_proposition: str = ""
    expected_costs: str = ""
    expected_benefits: str = ""


@transaction.atomic
def save_assessment(
    actor: Any,
    assessment: Assessment,
    *,
    scores: Mapping[str, ScoreInput],
    positions: Mapping[int, PositionInput] | None = None,
    recommendation: str = "",
    summary_en: str | None = None,
    summary_fr: str | None = None,
) -> Assessment:
    """Record scores by criterion key, members' positions by member id, and the recommendation."""
    require_coordinator(actor)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.decision:
        raise ValidationError(
            {"decision": [_("This assessment is decided and can no longer change.")]}
        )
    if recommendation and recommendation not in Outcome.values:
        raise ValidationError({"recommendation": [_("Choose accept, decline or defer.")]})

    lines = {line.criterion_key: line for line in assessment.scores.all()}
    unknown = sorted(set(scores) - set(lines))
    if unknown:
        raise ValidationError(
            {"scores": [_("Unknown criteria: %(keys)s.") % {"keys": ", ".join(unknown)}]}
        )
    for key, given in scores.items():
        if given.score is not None and not MIN_SCORE <= given.score <= MAX_SCORE:
            raise ValidationError({f"score_{key}": [_("A score is a whole number from 0 to 4.")]})
        line = lines[key]
        line.score = given.score
        line.rationale = given.rationale.strip()
    AssessmentScore.objects.bulk_update(lines.values(), ["score", "rationale"])

    if positions:
        own = {position.member_id: position for position in assessment.member_positions.all()}
        for member_id, given_position in positions.items():
            if member_id not in own:
                raise ValidationError(
                    {"positions": [_("Unknown member: %(id)s.") % {"id": member_id}]}
                )
            position = own[member_id]
            position.value_proposition = given_position.value_proposition.strip()
            position.expected_costs = given_position.expected_costs.strip()
            position.expected_benefits = given_position.expected_benefits.strip()
        MemberPosition.objects.bulk_update(
            own.values(), ["value_proposition", "expected_costs", "expected_benefits"]
        )

    assessment.recommendation = recommendation
    if summary_en is not None:
        assessment.summary_en = summary_en.strip()
    if summary_fr is not None:
        assessment.summary_fr = summary_fr.strip()
    assessment.weighted_total = weighted_total(lines.values())
    assessment.save()
    return assessment


@transaction.atomic
def decide_assessment(
    actor: Any,
    assessment: Assessment,
    *,
    decision: str,
    reasons_en: str = "",
    reasons_fr: str = "",
    return_date: date | None = None,
) -> Assessment:
    """Record the decision and move the partnership: accept, decline, or defer to a return date.

    Every decision needs reasons in at least one language; accepting needs
    every criterion scored; deferring needs a return date after today. A
    deferred assessment keeps the partnership where it is; a new assessment
    starts when the coordinators return to it.
    """
    require_coordinator(actor)
    assessment = (
        Assessment.objects.select_for_update().select_related("partnership").get(pk=assessment.pk)
    )
    if assessment.decision:
        raise ValidationError({"decision": [_("This assessment is already decided.")]})
    errors: dict[str, list[str]] = {}
    if decision not in Outcome.values:
        errors["decision"] = [_("Choose accept, decline or defer.")]
    if not reasons_en.strip() and not reasons_fr.strip():
        errors["reasons_en"] = [_("Give the reasons for the decision in English or French.")]
    if decision == Outcome.DEFER:
        if return_date is None:
            errors["return_date"] = [_("Give the date to return to this assessment.")]
        elif return_date <= timezone.localdate():
            errors["return_date"] = [_("The return date must be after today.")]
    if decision == Outcome.ACCEPT and assessment.weighted_total is None:
        errors["decision"] = [_("Score every criterion before accepting.")]
    if errors:
        raise ValidationError(errors)

    reasons = reasons_en.strip() or reasons_fr.strip()
    target = DECISION_STATE[AssessmentKind(assessment.kind)].get(Outcome(decision))
    if target is not None:
        try:
            transition_partnership(assessment.partnership, target, actor, reasons)
        except PartnershipError as error:
            raise lifecycle_error(error) from None
        if target in (PartnershipState.DECLINED, PartnershipState.ENDED):
            Partnership.objects.filter(pk=assessment.partnership_id).update(exemplary_since=None)

    assessment.decision = decision
    assessment.decision_reasons_en = reasons_en.strip()
    assessment.decision_reasons_fr = reasons_fr.strip()
    assessment.return_date = return_date if decision == Outcome.DEFER else None
    assessment.decided_by = actor
    assessment.decided_at = timezone.now()
    assessment.save()
    logger.info(
        "Assessment %s of partnership %s decided %s by user %s",
        assessment.pk,
        assessment.partnership_id,
        decision,
        getattr(actor, "pk", None),
    )
    return assessment


# ---------------------------------------------------------------------------
# Quarterly reviews: opening
# ---------------------------------------------------------------------------


def review_due_date(quarter: Quarter) -> date:
    """Return the due date of a quarter's reviews: the quarter's last day."""
    return quarter.last_day


def coordinators() -> list[User]:
    """Active coordinators (members of the group, and staff), ordered by id."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=COORDINATORS_GROUP) | Q(is_staff=True))
        .distinct()
        .order_by("id")
    )


def leadership_counts(partnership_ids: Sequence[int], on: date) -> dict[int, tuple[int, int]]:
    """Map each partnership to (current leadership roles, roles held with lived experience).

    The counts come from partners.leadership_roles.leadership_indicators, so
    reviews and the partnership pages agree. Only roles whose holders shared
    their lived experience count as lived experience; the rest count in the total.
    """
    from partners.leadership_roles import leadership_indicators

    indicators = leadership_indicators(partnership_ids, on)
    return {
        partnership_id: (indicator.current_roles, indicator.with_lived_experience)
        for partnership_id, indicator in indicators.items()
    }


def open_quarterly_reviews(today: date | None = None) -> int:
    """Open this quarter's review for every active or renewed partnership without one.

    Returns how many were opened. The unique constraint on (partnership,
    quarter) keeps a second run, or two runs at once, from opening another.
    Each review is opened in its own transaction, so one failure does not
    undo the others. Coordinators are assigned round robin, to whoever has the
    fewest reviews this quarter.
    """
    day = today or timezone.localdate()
    quarter = quarter_of(day)
    due = review_due_date(quarter)
    candidates = list(
        Partnership.objects.filter(state__in=[PartnershipState.ACTIVE, PartnershipState.RENEWED])
        .exclude(reviews__quarter=quarter.code)
        .order_by("id")
    )
    if not candidates:
        logger.info("Quarterly reviews for %s: none to open", quarter.code)
        return 0

    staff = coordinators()
    load = dict.fromkeys((user.pk for user in staff), 0)
    for row in (
        Review.objects.filter(quarter=quarter.code, coordinator__in=staff)
        .values("coordinator_id")
        .annotate(count=Count("id"))
        .order_by()
    ):
        load[row["coordinator_id"]] = row["count"]
    counts = leadership_counts([partnership.pk for partnership in candidates], day)

    opened = 0
    for partnership in candidates:
        coordinator = min(staff, key=lambda user: (load[user.pk], user.pk)) if staff else None
        total, lived = counts.get(partnership.pk, (0, 0))
        try:
            with transaction.atomic():
                review, created = Review.objects.get_or_create(
                    partnership=partnership,
                    quarter=quarter.code,
                    defaults={
                        "due_date": due,
                        "coordinator": coordinator,
                        "leadership_roles_total": total,
                        "leadership_roles_lived_experience": lived,
                    },
                )
                if created:
                    GoalProgress.objects.bulk_create(
                        GoalProgress(
                            review=review, goal=goal, goal_text=goal.text_en or goal.text_fr
                        )
                        for goal in PartnershipGoal.objects.filter(
                            partnership=partnership, revision=partnership.goals_revision
                        )
                    )
        except IntegrityError:
            # Another run opened it between the get and the create.
            logger.info(
                "Review of partnership %s for %s was opened by another run",
                partnership.pk,
                quarter.code,
            )
            continue
        except Exception:
            logger.exception(
                "Opening the %s review of partnership %s failed", quarter.code, partnership.pk
            )
            continue
        if created:
            opened += 1
            if coordinator is not None:
                load[coordinator.pk] += 1
            logger.info(
                "Opened review %s of partnership %s for %s, assigned to user %s",
                review.pk,
                partnership.pk,
                quarter.code,
                getattr(coordinator, "pk", None),
            )
    if not staff:
        logger.warning(
            "Quarterly reviews for %s opened with no coordinator to assign", quarter.code
        )
    logger.info("Quarterly reviews for %s: %d opened", quarter.code, opened)
    return opened


# ---------------------------------------------------------------------------
# Quarterly reviews: members' part and completion
# ---------------------------------------------------------------------------


@transaction.atomic
def submit_member_benefit(
    actor: Any, review: Review, member: PartnershipMember, benefit: str
) -> MemberBenefit:
    """Record the benefit a member organization reports, before the review is completed."""
    if not editable_members(actor, review.partnership).filter(pk=member.pk).exists():
        raise PermissionDenied(_("You can report only for an organization you administer or edit."))
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_completed:
        raise ValidationError(
            {"benefit": [_("This review is completed and can no longer change.")]}
        )
    benefit = benefit.strip()
    if not benefit:
        raise ValidationError({"benefit": [_("Describe the benefit to your organization.")]})
    record, _created = MemberBenefit.objects.update_or_create(
        review=review,
        member=member,
        defaults={"benefit": benefit, "submitted_by": actor, "submitted_at": timezone.now()},
    )
    return record


@dataclass
class ActionInput:
    description: str
    owner: str
    due_date: date


@transaction.atomic
def complete_review(
    actor: Any,
    review: Review,
    *,
    decision: str,
    reasons: str,
    progress: Mapping[int, str] | None = None,
    accessibility_resources: str = "",
    issues: str = "",
    actions: Sequence[ActionInput] = (),
) -> Review:
    """Record the review's findings and decision, and apply the decision to the partnership.

    "End" ends the partnership. "Highlight as exemplary" sets its
    exemplary_since (kept from an earlier highlight) and invites the lead to
    write a case study; any other decision clears exemplary_since.
    """
    require_coordinator(actor)
    review = Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)
    if review.is_completed:
        raise ValidationError({"decision": [_("This review is already completed.")]})
    errors: dict[str, list[str]] = {}
    if decision not in ReviewDecision.values:
        errors["decision"] = [_("Choose a decision.")]
    if not reasons.strip():
        errors["reasons"] = [_("Give the reasons for the decision.")]
    if decision == ReviewDecision.CONTINUE_WITH_ACTIONS and not actions:
        errors["actions"] = [_("Add at least one action with an owner and a due date.")]
    for action in actions:
        if not action.description.strip() or not action.owner.strip():
            errors["actions"] = [_("Every action needs a description and an owner.")]
    if errors:
        raise ValidationError(errors)

    partnership = review.partnership
    if decision == ReviewDecision.END:
        try:
            transition_partnership(partnership, PartnershipState.ENDED, actor, reasons)
        except PartnershipError as error:
            raise lifecycle_error(error) from None

    rows = {row.pk: row for row in review.goal_progress.all()}
    for row_id, text in (progress or {}).items():
        if row_id in rows:
            rows[row_id].progress = text.strip()
    GoalProgress.objects.bulk_update(rows.values(), ["progress"])
    ReviewAction.objects.bulk_create(
        ReviewAction(
            review=review,
            description=action.description.strip(),
            owner=action.owner.strip(),
            due_date=action.due_date,
        )
        for action in actions
    )

    now = timezone.now()
    total, lived = leadership_counts([partnership.pk], timezone.localdate()).get(
        partnership.pk, (0, 0)
    )
    review.leadership_roles_total = total
    review.leadership_roles_lived_experience = lived
    review.accessibility_resources = accessibility_resources.strip()
    review.issues = issues.strip()
    review.decision = decision
    review.decision_reasons = reasons.strip()
    review.completed_by = actor
    review.completed_at = now
    review.save()

    if decision == ReviewDecision.EXEMPLARY:
        Partnership.objects.filter(pk=partnership.pk, exemplary_since__isnull=True).update(
            exemplary_since=now
        )
        from governance.reminders import invite_case_study

        transaction.on_commit(lambda: invite_case_study(review.pk))
    else:
        Partnership.objects.filter(pk=partnership.pk).update(exemplary_since=None)
    logger.info(
        "Review %s of partnership %s completed as %s by user %s",
        review.pk,
        partnership.pk,
        decision,
        getattr(actor, "pk", None),
    )
    return review


# ---------------------------------------------------------------------------
# The coordinators' dashboard
# ---------------------------------------------------------------------------


@dataclass
class Dashboard:
    quarter: Quarter
    due: list[Review]
    overdue: list[Review]
    completed: list[Review]
    outcomes: list[tuple[str, str, int]]


def dashboard_reviews() -> ReviewQuerySet:
    return Review.objects.select_related("partnership", "coordinator")


def _latest_completed_first(review: Review) -> tuple[float, int]:
    completed_at = review.completed_at.timestamp() if review.completed_at else 0.0
    return (-completed_at, review.pk)


def build_dashboard(quarter: Quarter | None = None, today: date | None = None) -> Dashboard:
    """Collect a quarter's due and completed reviews, all overdue ones and decision counts."""
    day = today or timezone.localdate()
    quarter = quarter or current_quarter()
    # One query reads the quarter's reviews and every overdue one, and the
    # lists and the decision counts are split from its rows here.
    reviews = list(
        dashboard_reviews().filter(
            Q(quarter=quarter.code) | Q(completed_at__isnull=True, due_date__lt=day)
        )
    )
    due = [
        review
        for review in reviews
        if review.quarter == quarter.code and review.completed_at is None and review.due_date >= day
    ]
    overdue = [
        review for review in reviews if review.completed_at is None and review.due_date < day
    ]
    completed = sorted(
        (
            review
            for review in reviews
            if review.quarter == quarter.code and review.completed_at is not None
        ),
        key=_latest_completed_first,
    )
    counts = Counter(review.decision for review in completed)
    outcomes = [
        (value, str(label), counts.get(value, 0)) for value, label in ReviewDecision.choices
    ]
    return Dashboard(
        quarter=quarter, due=due, overdue=overdue, completed=completed, outcomes=outcomes
    )


def coordinator_lead_email() -> str:
    """Return the lead coordinator's address: HUB_LEAD_COORDINATOR_EMAIL, else HUB_CONTACT_EMAIL."""
    return getattr(settings, "HUB_LEAD_COORDINATOR_EMAIL", "") or settings.HUB_CONTACT_EMAIL
