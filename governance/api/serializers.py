"""Serializers of the governance API: criteria, assessments, reviews and their inputs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from governance.forms import LONG_TEXT_MAX_LENGTH
from governance.models import (
    MAX_SCORE,
    MIN_SCORE,
    Assessment,
    AssessmentKind,
    AssessmentScore,
    Criterion,
    GoalProgress,
    MemberBenefit,
    MemberPosition,
    Outcome,
    Review,
    ReviewAction,
    ReviewDecision,
)


class LevelSerializer(serializers.Serializer[Any]):
    en = serializers.CharField(max_length=300)
    fr = serializers.CharField(max_length=300)


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    levels = LevelSerializer(many=True, help_text="One descriptor per score from 0 to 4.")

    class Meta:
        model = Criterion
        fields = [
            "id",
            "key",
            "position",
            "name_en",
            "name_fr",
            "guidance_en",
            "guidance_fr",
            "weight",
            "levels",
            "is_active",
        ]
        read_only_fields = ["id", "key"]
        extra_kwargs = {
            "guidance_en": {"max_length": LONG_TEXT_MAX_LENGTH},
            "guidance_fr": {"max_length": LONG_TEXT_MAX_LENGTH},
        }


class ScoreSerializer(serializers.ModelSerializer[AssessmentScore]):
    class Meta:
        model = AssessmentScore
        fields = ["criterion_key", "name_en", "name_fr", "weight", "score", "rationale"]


class MemberPositionSerializer(serializers.ModelSerializer[MemberPosition]):
    organization: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="member.organization", slug_field="slug", read_only=True
    )

    class Meta:
        model = MemberPosition
        fields = [
            "member",
            "organization",
            "value_proposition",
            "expected_costs",
            "expected_benefits",
        ]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    partnership: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    scores = ScoreSerializer(many=True, read_only=True)
    member_positions = MemberPositionSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "partnership",
            "kind",
            "framework_revision",
            "summary_en",
            "summary_fr",
            "weighted_total",
            "recommendation",
            "decision",
            "decision_reasons_en",
            "decision_reasons_fr",
            "return_date",
            "decided_at",
            "created",
            "scores",
            "member_positions",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields; these are empty until decided.
        extra_kwargs = {name: {"allow_blank": True} for name in ("recommendation", "decision")}


class AssessmentCreateSerializer(serializers.Serializer[Any]):
    partnership = serializers.SlugField(help_text="The partnership's slug.")
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)


class ScoreInputSerializer(serializers.Serializer[Any]):
    criterion_key = serializers.SlugField()
    score = serializers.IntegerField(min_value=MIN_SCORE, max_value=MAX_SCORE, allow_null=True)
    rationale = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class PositionInputSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="The id of the partnership member.")
    value_proposition = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    expected_costs = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    expected_benefits = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class AssessmentScoresSerializer(serializers.Serializer[Any]):
    scores = ScoreInputSerializer(many=True, required=False, default=list)
    positions = PositionInputSerializer(many=True, required=False, default=list)
    recommendation = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, default=""
    )
    summary_en = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    summary_fr = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True
    )


class DecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Outcome.choices)
    reasons_en = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    reasons_fr = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    return_date = serializers.DateField(required=False, allow_null=True, default=None)


class GoalProgressSerializer(serializers.ModelSerializer[GoalProgress]):
    class Meta:
        model = GoalProgress
        fields = ["id", "goal_text", "progress"]


class MemberBenefitSerializer(serializers.ModelSerializer[MemberBenefit]):
    organization: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="member.organization", slug_field="slug", read_only=True
    )

    class Meta:
        model = MemberBenefit
        fields = ["member", "organization", "benefit", "submitted_at"]


class ReviewActionSerializer(serializers.ModelSerializer[ReviewAction]):
    class Meta:
        model = ReviewAction
        fields = ["description", "owner", "due_date"]


class ReviewSerializer(serializers.ModelSerializer[Review]):
    partnership: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    coordinator: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True
    )
    goal_progress = GoalProgressSerializer(many=True, read_only=True)
    member_benefits = MemberBenefitSerializer(many=True, read_only=True)
    actions = ReviewActionSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "partnership",
            "quarter",
            "due_date",
            "coordinator",
            "leadership_roles_total",
            "leadership_roles_lived_experience",
            "accessibility_resources",
            "issues",
            "decision",
            "decision_reasons",
            "completed_at",
            "created",
            "goal_progress",
            "member_benefits",
            "actions",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields; the decision is empty until completed.
        extra_kwargs = {"decision": {"allow_blank": True}}


class BenefitInputSerializer(serializers.Serializer[Any]):
    member = serializers.IntegerField(help_text="The id of your organization's partnership member.")
    benefit = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)


class ProgressInputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The id of a goal_progress row of the review.")
    progress = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH, allow_blank=True)


class CompleteReviewSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reasons = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    accessibility_resources = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    issues = serializers.CharField(
        max_length=LONG_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    progress = ProgressInputSerializer(many=True, required=False, default=list)
    actions = ReviewActionSerializer(many=True, required=False, default=list)
