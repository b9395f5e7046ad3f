"""The practices API: the library, moderation, evidence gaps and one's own subscriptions.

Views check who may see a record, validate, then call the same services as
the pages; a service's ValidationError becomes a 400 through `service_errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from hubsite import ratelimits
from hubsite.concurrency import STALE_RESPONSE, StaleEdit, etag, requested_version, stale_response
from initiatives.models import Initiative
from partners.api.errors import BAD_REQUEST, NOT_FOUND, NOT_SIGNED_IN_OR_FORBIDDEN, service_errors
from partners.api.permissions import CoordinatorsUseTwoFactor, IsCoordinator, is_coordinator
from partners.api.views import requesting_user
from practices import services, subscriptions
from practices.api.serializers import (
    EvidenceGapSerializer,
    ModerationSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
    SubscriptionSerializer,
    WorkSerializer,
)
from practices.filters import EvidenceGapFilterSet, PracticeFilterSet
from practices.models import EvidenceGap, EvidenceGapWork, Practice, Subscription


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], Any]:
    fields = {name: data[name] for name in services.PRACTICE_TEXT_FIELDS if name in data}
    relations = {name: data[name] for name in services.PRACTICE_RELATIONS if name in data}
    return fields, relations, data.get("submitting_organization")


@extend_schema_view(
    list=extend_schema(
        summary="List practices",
        description=(
            "Visitors see published practices; authors also see their own and coordinators "
            "every one. Anonymous lessons name no organization, partnership, initiative or author "
            "except to their author and coordinators."
        ),
        responses={200: PracticeSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one practice", responses={200: PracticeSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Submit a practice for moderation",
        request=PracticeWriteSerializer,
        responses={
            201: PracticeSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
        },
    ),
    partial_update=extend_schema(
        summary="Change one's practice and send it back to moderation",
        request=PracticeWriteSerializer,
        responses={
            200: PracticeSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE_RESPONSE,
        },
    ),
)
class PracticeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Practice],
):
    """Practices: anyone reads published ones, signed-in people submit, coordinators moderate."""

    serializer_class = PracticeSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "moderate":
            return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinator()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Practice]:
        return (
            services.practices_visible_to(self.request.user)
            .with_list_relations()
            .select_related("submitted_by", "submitting_organization")
            .prefetch_related(
                "organizations",
                "partnerships",
                Prefetch(
                    "initiatives",
                    queryset=Initiative.objects.select_related("lead_organization"),
                ),
            )
            .order_by("-published_at", "-id")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["is_coordinator"] = is_coordinator(self.request)
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        serializer = PracticeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            practice = services.submit_practice(user, *_split(serializer.validated_data))
        practice = self.get_queryset().get(pk=practice.pk)
        return Response(
            PracticeSerializer(practice, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        practice = self.get_object()
        if not services.can_edit_practice(user, practice):
            raise PermissionDenied(
                _("Only the author can change a practice before it is published.")
            )
        serializer = PracticeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields, relations, organization = _split(serializer.validated_data)
        if "submitting_organization" not in serializer.validated_data:
            organization = practice.submitting_organization
        expected_version = requested_version(request, serializer.validated_data.get("version"))
        with service_errors():
            try:
                services.update_practice(
                    user,
                    practice,
                    fields,
                    relations,
                    organization,
                    expected_version=expected_version,
                )
            except StaleEdit as error:
                return stale_response(error)
        practice = self.get_queryset().get(pk=practice.pk)
        response = Response(
            PracticeSerializer(practice, context=self.get_serializer_context()).data
        )
        response["ETag"] = etag(practice)
        return response

    @extend_schema(
        summary="Publish, return or reject a submitted practice (coordinators)",
        request=ModerationSerializer,
        responses={
            200: PracticeSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request: Request, slug: str) -> Response:
        user = requesting_user(request)
        practice = self.get_object()
        serializer = ModerationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.moderate_practice(
                user,
                practice,
                serializer.validated_data["decision"],
                serializer.validated_data["note"],
            )
        practice = self.get_queryset().get(pk=practice.pk)
        return Response(PracticeSerializer(practice, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="List evidence gaps, most needed first",
        responses={200: EvidenceGapSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one evidence gap", responses={200: EvidenceGapSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Record an evidence gap (members of verified organizations, coordinators)",
        responses={201: EvidenceGapSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    ),
)
class EvidenceGapViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[EvidenceGap],
):
    serializer_class = EvidenceGapSerializer
    filterset_class = EvidenceGapFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]

    def get_queryset(self) -> QuerySet[EvidenceGap]:
        return EvidenceGap.objects.with_list_relations().prefetch_related(
            Prefetch(
                "work",
                queryset=EvidenceGapWork.objects.select_related(
                    "organization", "initiative__lead_organization"
                ),
            )
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        if not services.can_record_gap(user):
            raise PermissionDenied(
                _("Members of a verified organization and coordinators can record evidence gaps.")
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        themes = data.pop("themes")
        regions = data.pop("regions", [])
        with service_errors():
            gap = services.record_evidence_gap(user, data, themes, regions)
        gap = self.get_queryset().get(pk=gap.pk)
        return Response(self.get_serializer(gap).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Say that I need the answer too",
        request=None,
        responses={
            200: EvidenceGapSerializer,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def need(self, request: Request, pk: str) -> Response:
        user = requesting_user(request)
        gap = self.get_object()
        services.add_need(user, gap)
        gap = self.get_queryset().get(pk=gap.pk)
        return Response(self.get_serializer(gap).data)

    @extend_schema(
        summary="Say that my organization works on this gap (administrators and editors)",
        request=WorkSerializer,
        responses={
            200: EvidenceGapSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def work(self, request: Request, pk: str) -> Response:
        user = requesting_user(request)
        gap = self.get_object()
        serializer = WorkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.declare_work(
                user,
                gap,
                serializer.validated_data["organization"],
                serializer.validated_data["initiative"],
            )
        gap = self.get_queryset().get(pk=gap.pk)
        return Response(self.get_serializer(gap).data)


@extend_schema_view(
    list=extend_schema(summary="List my digest subscriptions"),
    retrieve=extend_schema(
        summary="Show one of my subscriptions",
        responses={200: SubscriptionSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Subscribe my account's address to digests",
        responses={
            201: SubscriptionSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            429: ratelimits.TOO_MANY_REQUESTS,
        },
    ),
    partial_update=extend_schema(
        summary="Change one of my subscriptions",
        responses={200: SubscriptionSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Unsubscribe",
        responses={204: OpenApiResponse(description="Turned off."), 404: NOT_FOUND},
    ),
)
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Subscription],
):
    """The signed-in person's own subscriptions. Other people's subscriptions are never listed."""

    serializer_class = SubscriptionSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Subscription]:
        return (
            Subscription.objects.filter(user=self.request.user.pk)
            .exclude(status="unsubscribed")
            .prefetch_related("themes", "regions", "sectors")
            .order_by("id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        retry_after = ratelimits.count_subscription(request, user.email)
        if retry_after is not None:
            ratelimits.raise_throttled(retry_after)
        data = serializer.validated_data
        with service_errors():
            subscription = subscriptions.subscribe(
                email=user.email,
                user=user,
                frequency=data["frequency"],
                kinds=data["kinds"],
                filters={name: data.get(name, []) for name in ("themes", "regions", "sectors")},
                language=data.get("language", ""),
            )
        subscription = self.get_queryset().get(pk=subscription.pk)
        return Response(self.get_serializer(subscription).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        subscription = self.get_object()
        serializer = self.get_serializer(subscription, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            subscriptions.update_own_subscription(
                user,
                subscription,
                frequency=data.get("frequency", subscription.frequency),
                kinds=data.get("kinds", subscription.kinds),
                filters={
                    name: data.get(name, list(getattr(subscription, name).all()))
                    for name in ("themes", "regions", "sectors")
                },
                language=data.get("language", subscription.language),
            )
        subscription = self.get_queryset().get(pk=subscription.pk)
        return Response(self.get_serializer(subscription).data)

    def perform_destroy(self, instance: Subscription) -> None:
        subscriptions.unsubscribe(instance)
