"""Demo governance records: assessments with every decision and four quarters of reviews.

Runs after the partnerships demo and works on whatever demo partnerships
exist (Partnership.is_demo). Records are written directly, as history, so
the partnerships keep the states the partnerships demo gave them. The only
partnership field it sets is exemplary_since, on partnerships whose latest
review highlighted them.
Every choice depends on the partnerships' order by id and on today's
quarter, so two loads on the same day give the same records. A second load
leaves existing demo records alone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from governance import services
from governance.models import (
    Assessment,
    AssessmentKind,
    AssessmentScore,
    GoalProgress,
    MemberBenefit,
    MemberPosition,
    Outcome,
    Review,
    ReviewAction,
    ReviewDecision,
)
from hubsite.quarters import Quarter, current_quarter, hub_timezone
from partners.demo.base import ProgressCallback, SectionResult
from partners.models import (
    Partnership,
    PartnershipGoal,
    PartnershipState,
    User,
)

logger = logging.getLogger(__name__)

DECLINE_REASONS = [
    (
        "The expected accessibility costs (interpretation and accessible formats) are not "
        "covered by any partner yet.",
        "Les coûts d'accessibilité prévus (interprétation et médias substituts) ne sont encore "
        "couverts par aucun partenaire.",
    ),
    (
        "No partner could name a benefit for the disability-led member organizations.",
        "Aucun partenaire n'a pu nommer d'avantage pour les organisations membres dirigées "
        "par des personnes handicapées.",
    ),
    (
        "The work duplicates an existing partnership in the same region; we suggest joining it.",
        "Le travail fait double emploi avec un partenariat existant dans la même région; "
        "nous suggérons de s'y joindre.",
    ),
]

# The decisions of completed reviews, in turn. "End" is given to ended partnerships.
RUNNING_DECISIONS = [
    ReviewDecision.CONTINUE,
    ReviewDecision.CONTINUE_WITH_ACTIONS,
    ReviewDecision.CONTINUE,
    ReviewDecision.EXEMPLARY,
]


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=hub_timezone())


def demo_scores(assessment: Assessment, seed: int, low: bool) -> None:
    """Copy the framework's criteria onto the assessment with scores that follow from `seed`."""
    lines = []
    for index, criterion in enumerate(services.current_framework().criteria.in_use()):
        score = (seed + index) % 2 if low else 2 + (seed + index) % 3
        lines.append(
            AssessmentScore(
                assessment=assessment,
                criterion=criterion,
                criterion_key=criterion.key,
                position=criterion.position,
                name_en=criterion.name_en,
                name_fr=criterion.name_fr,
                weight=criterion.weight,
                levels=criterion.levels,
                score=score,
                rationale=criterion.level_descriptors()[score],
            )
        )
    AssessmentScore.objects.bulk_create(lines)
    assessment.weighted_total = services.weighted_total(lines)


def demo_assessment(
    partnership: Partnership,
    seed: int,
    decision: str,
    coordinator: User | None,
    created: datetime,
) -> Assessment:
    framework = services.current_framework()
    assessment = Assessment.objects.create(
        partnership=partnership,
        kind=AssessmentKind.PROPOSAL,
        framework_revision=framework.revision,
        assessor=coordinator,
        is_demo=True,
        created=created,
        summary_en="Every member organization named what it gains and what it gives.",
        summary_fr="Chaque organisation membre a nommé ce qu'elle gagne et ce qu'elle donne.",
    )
    demo_scores(assessment, seed, low=decision == Outcome.DECLINE)
    MemberPosition.objects.bulk_create(
        MemberPosition(
            assessment=assessment,
            member=member,
            value_proposition=member.value_proposition or "Reach to more job seekers.",
            expected_costs="Two staff days a month and interpretation at meetings.",
            expected_benefits="Shared job postings and referrals.",
        )
        for member in partnership.members.current()
    )
    if decision:
        assessment.recommendation = decision
        assessment.decision = decision
        assessment.decided_by = coordinator
        assessment.decided_at = created + timedelta(days=14)
        if decision == Outcome.DECLINE:
            english, french = DECLINE_REASONS[seed % len(DECLINE_REASONS)]
        elif decision == Outcome.DEFER:
            english, french = (
                "The members are confirming funding for accessibility supports.",
                "Les membres confirment le financement des mesures de soutien à l'accessibilité.",
            )
            assessment.return_date = timezone.localdate() + timedelta(days=30 + seed % 30)
        else:
            english, french = (
                "Clear value for every partner and leadership by people with lived experience.",
                "Une valeur claire pour chaque partenaire et un leadership assuré par des "
                "personnes ayant une expérience vécue.",
            )
        assessment.decision_reasons_en = english
        assessment.decision_reasons_fr = french
    assessment.save()
    return assessment


def demo_review(
    partnership: Partnership,
    quarter: Quarter,
    coordinator: User | None,
    decision: str,
    counts: tuple[int, int],
) -> Review:
    review = Review.objects.create(
        partnership=partnership,
        quarter=quarter.code,
        due_date=services.review_due_date(quarter),
        coordinator=coordinator,
        leadership_roles_total=counts[0],
        leadership_roles_lived_experience=counts[1],
        is_demo=True,
        created=at_noon(quarter.first_day),
    )
    goals = PartnershipGoal.objects.filter(
        partnership=partnership, revision=partnership.goals_revision
    )
    GoalProgress.objects.bulk_create(
        GoalProgress(
            review=review,
            goal=goal,
            goal_text=goal.text_en or goal.text_fr,
            progress="On track." if decision else "",
        )
        for goal in goals
    )
    if not decision:
        return review
    lead = partnership.members.current().filter(role="lead").first()
    if lead is not None:
        MemberBenefit.objects.create(
            review=review,
            member=lead,
            benefit="Referrals from the partners led to new hires this quarter.",
            submitted_at=at_noon(quarter.last_day - timedelta(days=20)),
        )
    review.accessibility_resources = "Interpretation and captioning at every meeting."
    review.decision = decision
    review.decision_reasons = {
        ReviewDecision.CONTINUE: "Goals on track and every member reports a benefit.",
        ReviewDecision.CONTINUE_WITH_ACTIONS: "Hiring is behind plan; actions agreed.",
        ReviewDecision.EXEMPLARY: "Led by people with lived experience, goals exceeded.",
        ReviewDecision.END: "The shared goals were met and the members chose to end.",
    }[ReviewDecision(decision)]
    review.completed_by = coordinator
    review.completed_at = at_noon(quarter.last_day - timedelta(days=3))
    review.save()
    if decision == ReviewDecision.CONTINUE_WITH_ACTIONS:
        ReviewAction.objects.create(
            review=review,
            description="Hold a joint hiring fair with accessible venues.",
            owner=lead.organization.name if lead else "Lead organization",
            due_date=quarter.next().last_day,
        )
    return review


@transaction.atomic
def load_demo_governance(progress: ProgressCallback | None = None) -> SectionResult:
    """Create demo assessments and reviews for the demo partnerships, unless a former load did."""
    result = SectionResult("governance")
    existing = (
        Assessment.objects.filter(is_demo=True).count()
        + Review.objects.filter(is_demo=True).count()
    )
    if existing:
        result.unchanged = existing
        return result

    services.current_framework()
    partnerships = list(Partnership.objects.filter(is_demo=True).order_by("id"))
    coordinator = services.coordinators()[0] if services.coordinators() else None
    quarter = current_quarter()
    quarters = quarter.last(4)
    today = timezone.localdate()
    counts = services.leadership_counts([p.pk for p in partnerships], today)
    by_state: dict[str, list[Partnership]] = {}
    for partnership in partnerships:
        by_state.setdefault(partnership.state, []).append(partnership)

    # Assessments: accepted for running partnerships, declined ones with
    # reasons, and deferred and undecided ones under assessment.
    plans: list[tuple[Partnership, str]] = []
    for partnership in by_state.get(PartnershipState.ACTIVE, []) + by_state.get(
        PartnershipState.RENEWED, []
    ):
        plans.append((partnership, Outcome.ACCEPT))
    for partnership in by_state.get(PartnershipState.DECLINED, []):
        plans.append((partnership, Outcome.DECLINE))
    for index, partnership in enumerate(by_state.get(PartnershipState.UNDER_ASSESSMENT, [])):
        plans.append((partnership, Outcome.DEFER if index % 2 == 0 else ""))
    first_day = quarters[0].first_day - timedelta(days=60)
    for seed, (partnership, decision) in enumerate(plans):
        created = at_noon(first_day + timedelta(days=seed % 50))
        demo_assessment(partnership, seed, decision, coordinator, created)
        result.created += 1
        if progress is not None:
            progress(result.name, seed + 1, len(plans))

    # Reviews over the last four quarters. Running partnerships: completed
    # reviews in past quarters, the one before the current quarter left open
    # (overdue) for every third partnership, and an open review due this
    # quarter. Ended partnerships: one review that decided to end them.
    running = by_state.get(PartnershipState.ACTIVE, []) + by_state.get(PartnershipState.RENEWED, [])
    running.sort(key=lambda partnership: partnership.pk)
    highlighted: list[int] = []
    for index, partnership in enumerate(running):
        partnership_counts = counts.get(partnership.pk, (0, 0))
        for age, review_quarter in enumerate(reversed(quarters)):
            if age == 0:
                decision = ""
            elif age == 1 and index % 3 == 0:
                decision = ""  # overdue
            else:
                decision = RUNNING_DECISIONS[(index + age) % len(RUNNING_DECISIONS)]
            demo_review(partnership, review_quarter, coordinator, decision, partnership_counts)
            result.created += 1
        latest = (
            Review.objects.filter(partnership=partnership, completed_at__isnull=False)
            .order_by("-due_date")
            .first()
        )
        if latest is not None and latest.decision == ReviewDecision.EXEMPLARY:
            highlighted.append(partnership.pk)
    for partnership in by_state.get(PartnershipState.ENDED, []):
        demo_review(
            partnership,
            quarters[1],
            coordinator,
            ReviewDecision.END,
            counts.get(partnership.pk, (0, 0)),
        )
        result.created += 1

    Partnership.objects.filter(pk__in=highlighted, exemplary_since__isnull=True).update(
        exemplary_since=at_noon(quarter.previous().last_day)
    )
    logger.info(
        "Demo governance: %d records created, %d partnerships highlighted",
        result.created,
        len(highlighted),
    )
    return result
