"""The governance API: criteria, assessments and quarterly reviews.

The same services as the pages enforce the rules. Coordinators see and
change everything; people of a partnership's member organizations read its
assessments and reviews and report their organization's benefit. Anyone else
gets an empty list and 404 for a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # 404, not 500, for a malformed id
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from governance import services
from governance.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentScoresSerializer,
    AssessmentSerializer,
    BenefitInputSerializer,
    CompleteReviewSerializer,
    CriterionSerializer,
    DecisionSerializer,
    ReviewSerializer,
)
from governance.models import (
    Assessment,
    AssessmentKind,
    Criterion,
    MemberBenefit,
    MemberPosition,
    Outcome,
    Review,
)
from hubsite.quarters import Quarter
from partners.api.errors import BAD_REQUEST, NOT_FOUND, NOT_SIGNED_IN_OR_FORBIDDEN, service_errors
from partners.api.permissions import CoordinatorsUseTwoFactor, IsCoordinator, is_coordinator
from partners.models import Partnership, PartnershipMember


class QuarterField(forms.CharField):
    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            try:
                Quarter.parse(value)
            except ValueError:
                raise forms.ValidationError(_("Enter a quarter such as 2026Q1.")) from None


class QuarterFilter(django_filters.CharFilter):
    field_class = QuarterField


REVIEW_STATUS_CHOICES = [
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("completed", _("Completed")),
]


class ReviewFilterSet(django_filters.FilterSet):
    quarter = QuarterFilter(field_name="quarter", label=_("Quarter, such as 2026Q1"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=REVIEW_STATUS_CHOICES,
        method="filter_status",
    )
    decision = django_filters.ChoiceFilter(
        choices=[(value, label) for value, label in services.ReviewDecision.choices]
    )
    partnership = django_filters.CharFilter(
        field_name="partnership__slug", label=_("Partnership slug")
    )

    class Meta:
        model = Review
        fields = ["quarter", "status", "decision", "partnership"]

    def filter_status(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        if value == "completed":
            return queryset.filter(completed_at__isnull=False)
        queryset = queryset.filter(completed_at__isnull=True)
        if value == "overdue":
            return queryset.filter(due_date__lt=timezone.localdate())
        return queryset


class AssessmentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices)
    decision = django_filters.ChoiceFilter(choices=Outcome.choices)
    partnership = django_filters.CharFilter(
        field_name="partnership__slug", label=_("Partnership slug")
    )

    class Meta:
        model = Assessment
        fields = ["kind", "decision", "partnership"]


@extend_schema_view(
    list=extend_schema(
        summary="List the assessment criteria", responses={200: CriterionSerializer(many=True)}
    ),
    retrieve=extend_schema(
        summary="Show one criterion", responses={200: CriterionSerializer, 404: NOT_FOUND}
    ),
)
class CriterionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Criterion]
):
    """The framework's criteria. Signed-in people read them; coordinators add and change them.

    Every change raises the framework's revision; past assessments keep their own copy.
    """

    serializer_class = CriterionSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Criterion]:
        if getattr(self, "swagger_fake_view", False):
            # Schema generation runs without a database.
            return Criterion.objects.none()
        return Criterion.objects.filter(framework=services.current_framework()).order_by(
            "position", "id"
        )

    def get_permissions(self) -> Sequence[Any]:
        if self.action in {"create", "partial_update"}:
            return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinator()]
        return super().get_permissions()

    @extend_schema(
        summary="Add a criterion",
        request=CriterionSerializer,
        responses={201: CriterionSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        serializer = CriterionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            criterion = services.save_criterion(request.user, None, serializer.validated_data)
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a criterion",
        request=CriterionSerializer,
        responses={
            200: CriterionSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        criterion = self.get_object()
        serializer = CriterionSerializer(criterion, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            criterion = services.save_criterion(request.user, criterion, serializer.validated_data)
        return Response(CriterionSerializer(criterion).data)


def assessment_queryset(request: Request) -> QuerySet[Assessment]:
    return (
        Assessment.objects.visible_to(request.user)
        .select_related("partnership")
        .prefetch_related(
            "scores",
            Prefetch(
                "member_positions",
                queryset=MemberPosition.objects.select_related("member__organization"),
            ),
        )
        .order_by("-created", "-id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List assessments",
        description="Coordinators see every assessment; others those of their partnerships.",
        responses={200: AssessmentSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one assessment", responses={200: AssessmentSerializer, 404: NOT_FOUND}
    ),
)
class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Assessment]
):
    """Assessments of partnerships against the framework, and their decisions."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    def get_queryset(self) -> QuerySet[Assessment]:
        return assessment_queryset(self.request)

    def get_permissions(self) -> Sequence[Any]:
        if self.action in {"create", "scores", "decide"}:
            return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinator()]
        return super().get_permissions()

    def respond(self, assessment: Assessment, code: int = status.HTTP_200_OK) -> Response:
        fresh = assessment_queryset(self.request).get(pk=assessment.pk)
        return Response(AssessmentSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Start an assessment",
        description=(
            "Moves a proposed partnership to under assessment, "
            "or a running one up for renewal to under review."
        ),
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        serializer = AssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partnership = Partnership.objects.filter(
            slug=serializer.validated_data["partnership"]
        ).first()
        if partnership is None:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"partnership": [_("No partnership has this slug.")]})
        with service_errors():
            assessment = services.start_assessment(
                request.user, partnership, serializer.validated_data["kind"]
            )
        return self.respond(assessment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Score an assessment",
        request=AssessmentScoresSerializer,
        responses={
            200: AssessmentSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        serializer = AssessmentScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            services.save_assessment(
                request.user,
                assessment,
                scores={
                    row["criterion_key"]: services.ScoreInput(row["score"], row["rationale"])
                    for row in data["scores"]
                },
                positions={
                    row["member"]: services.PositionInput(
                        row["value_proposition"], row["expected_costs"], row["expected_benefits"]
                    )
                    for row in data["positions"]
                },
                recommendation=data["recommendation"],
                summary_en=data.get("summary_en"),
                summary_fr=data.get("summary_fr"),
            )
        return self.respond(assessment)

    @extend_schema(
        summary="Decide an assessment",
        description="Accept, decline or defer, with reasons; moves the partnership's lifecycle.",
        request=DecisionSerializer,
        responses={
            200: AssessmentSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.decide_assessment(request.user, assessment, **serializer.validated_data)
        return self.respond(assessment)


def review_queryset(request: Request) -> QuerySet[Review]:
    return (
        Review.objects.visible_to(request.user)
        .select_related("partnership", "coordinator")
        .prefetch_related(
            "goal_progress",
            "actions",
            Prefetch(
                "member_benefits",
                queryset=MemberBenefit.objects.select_related("member__organization"),
            ),
        )
        .order_by("due_date", "id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="List quarterly reviews",
        description="Coordinators see every review; others those of their partnerships.",
        responses={200: ReviewSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one review", responses={200: ReviewSerializer, 404: NOT_FOUND}
    ),
)
class ReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Review]
):
    """Quarterly reviews of running partnerships. Celery beat opens them; the API cannot."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    def get_queryset(self) -> QuerySet[Review]:
        return review_queryset(self.request)

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "complete":
            return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinator()]
        return super().get_permissions()

    def respond(self, review: Review) -> Response:
        return Response(ReviewSerializer(review_queryset(self.request).get(pk=review.pk)).data)

    @extend_schema(
        summary="Report a member organization's benefit",
        description=(
            "For administrators and editors of a member organization, "
            "before the review is completed."
        ),
        request=BenefitInputSerializer,
        responses={
            200: ReviewSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def benefit(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        serializer = BenefitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = get_object_or_404(
            PartnershipMember,
            pk=serializer.validated_data["member"],
            partnership_id=review.partnership_id,
        )
        with service_errors():
            services.submit_member_benefit(
                request.user, review, member, serializer.validated_data["benefit"]
            )
        return self.respond(review)

    @extend_schema(
        summary="Complete a review",
        request=CompleteReviewSerializer,
        responses={
            200: ReviewSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        serializer = CompleteReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            services.complete_review(
                request.user,
                review,
                decision=data["decision"],
                reasons=data["reasons"],
                progress={row["id"]: row["progress"] for row in data["progress"]},
                accessibility_resources=data["accessibility_resources"],
                issues=data["issues"],
                actions=[
                    services.ActionInput(row["description"], row["owner"], row["due_date"])
                    for row in data["actions"]
                ],
            )
        return self.respond(review)


__all__ = ["AssessmentViewSet", "CriterionViewSet", "ReviewViewSet", "is_coordinator"]
