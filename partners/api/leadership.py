"""API of leadership roles, the leadership indicator and the "Who is at the table" figures.

Role lists show a role holder's lived experience only when the role's
visibility allows it for the requester (partners.leadership_roles). Otherwise
`lived_experience`, its source and the visibility are null. Writes call the
same services as the pages, which check permissions again.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # 404, not 500, for a malformed id
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from partners import leadership_roles as services
from partners.api.errors import BAD_REQUEST, NOT_FOUND, NOT_SIGNED_IN_OR_FORBIDDEN, service_errors
from partners.api.permissions import CoordinatorsUseTwoFactor, is_coordinator, visible_organizations
from partners.api.serializers import RejectUnknownFieldsMixin
from partners.api.views import requesting_user
from partners.forms.leadership import find_account
from partners.models import (
    LeadershipRole,
    Organization,
    Partnership,
    RoleTitle,
    User,
    Visibility,
)
from partners.network import missing_voices, who_is_at_the_table

# ---------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------


class LeadershipRoleSerializer(serializers.ModelSerializer[LeadershipRole]):
    """A role as the requester may see it."""

    # A role belongs to a partnership or to an organization, so the other is null.
    partnership = serializers.SlugRelatedField[Partnership](
        slug_field="slug", read_only=True, allow_null=True
    )
    organization = serializers.SlugRelatedField[Organization](
        slug_field="slug", read_only=True, allow_null=True
    )
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    is_current = serializers.SerializerMethodField()
    lived_experience = serializers.SerializerMethodField(
        help_text="True or false when the holder shared it and its visibility lets the "
        "requester see it; null otherwise."
    )
    lived_experience_source = serializers.SerializerMethodField()
    visibility = serializers.SerializerMethodField()
    is_own = serializers.SerializerMethodField()

    class Meta:
        model = LeadershipRole
        fields = [
            "id",
            "partnership",
            "organization",
            "person_name",
            "title",
            "title_label",
            "term_start",
            "term_end",
            "is_current",
            "emerging_leader",
            "mentor",
            "successor",
            "lived_experience",
            "lived_experience_source",
            "visibility",
            "is_own",
        ]
        read_only_fields = fields

    def _visible(self, role: LeadershipRole) -> bool:
        request = self.context["request"]
        return services.can_see_lived_experience(
            request.user, role, viewer_is_coordinator=is_coordinator(request)
        )

    def get_is_current(self, role: LeadershipRole) -> bool:
        today = timezone.localdate()
        return role.term_start <= today and (role.term_end is None or role.term_end >= today)

    def get_lived_experience(self, role: LeadershipRole) -> bool | None:
        return role.lived_experience if self._visible(role) else None

    def get_lived_experience_source(self, role: LeadershipRole) -> str | None:
        if not self._visible(role) or role.lived_experience is None:
            return None
        return role.lived_experience_source

    def get_visibility(self, role: LeadershipRole) -> str | None:
        return role.visibility if self._visible(role) else None

    def get_is_own(self, role: LeadershipRole) -> bool:
        user = self.context["request"].user
        return bool(user.is_authenticated and role.user_id == user.pk)


class LeadershipRoleWriteSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    """A role to create or change. `partnership` or `organization` is set only on creation."""

    partnership = serializers.SlugField(required=False)
    organization = serializers.SlugField(required=False)
    person_name = serializers.CharField(max_length=200)
    account_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Email address of the person's hub account, to let them record their own "
        "lived experience.",
    )
    title = serializers.ChoiceField(choices=RoleTitle.choices)
    term_start = serializers.DateField()
    term_end = serializers.DateField(required=False, allow_null=True)
    emerging_leader = serializers.BooleanField(required=False)
    mentor = serializers.IntegerField(required=False, allow_null=True)
    successor = serializers.IntegerField(required=False, allow_null=True)

    def validate_account_email(self, value: str) -> User | None:
        if not value:
            return None
        account = find_account(value)
        if account is None:
            raise serializers.ValidationError(_("No hub account uses this email address."))
        return account


class OwnLivedExperienceSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    lived_experience = serializers.BooleanField(
        allow_null=True, help_text="True, false, or null to withdraw it."
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices)


class AttestationSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    lived_experience = serializers.BooleanField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    consent_attested = serializers.BooleanField(
        help_text="Must be true: the person agreed to have this recorded and shown as chosen."
    )


class EndRoleSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    term_end = serializers.DateField(required=False, help_text="Today when left out.")


class LeadershipIndicatorSerializer(serializers.Serializer[Any]):
    partnership = serializers.SlugField()
    suppressed = serializers.BooleanField(
        help_text="True when the partnership has fewer than five current leadership roles; "
        "the figures are then null, except for coordinators and the lead's administrators."
    )
    current_roles = serializers.IntegerField(allow_null=True)
    with_lived_experience = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    is_majority = serializers.BooleanField(allow_null=True)
    roles_to_add = serializers.IntegerField(allow_null=True)
    succession_gaps = serializers.IntegerField(allow_null=True)
    missing_voices = serializers.ListField(child=serializers.CharField())


CellSerializer = inline_serializer(
    "NetworkCell",
    {
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
        "is_empty": serializers.BooleanField(),
        "is_thin": serializers.BooleanField(),
    },
    many=True,
)
BreakdownSerializer = inline_serializer(
    "NetworkBreakdown",
    {"key": serializers.CharField(), "title": serializers.CharField(), "cells": CellSerializer},
    many=True,
)
PopulationSerializer = inline_serializer(
    "NetworkPopulation",
    {
        "key": serializers.CharField(),
        "title": serializers.CharField(),
        "total": serializers.IntegerField(),
        "breakdowns": BreakdownSerializer,
    },
    many=True,
)


# ---------------------------------------------------------------------------
# Leadership roles
# ---------------------------------------------------------------------------


def visible_partnerships(request: Request) -> QuerySet[Partnership]:
    return Partnership.objects.visible_to(request.user)


YES_NO_CHOICES = [("true", _("Yes")), ("false", _("No"))]


class LeadershipRoleFilterSet(django_filters.FilterSet):
    """Filters of the role list. Yes-or-no filters reject values other than true and false."""

    partnership = django_filters.CharFilter(field_name="partnership__slug", label=_("Partnership"))
    organization = django_filters.CharFilter(
        field_name="organization__slug", label=_("Organization")
    )
    current = django_filters.ChoiceFilter(
        choices=YES_NO_CHOICES, method="filter_current", label=_("Current roles only")
    )
    mine = django_filters.ChoiceFilter(
        choices=YES_NO_CHOICES, method="filter_mine", label=_("My own roles only")
    )
    emerging_leader = django_filters.ChoiceFilter(
        choices=YES_NO_CHOICES, method="filter_emerging_leader", label=_("Emerging leaders")
    )

    class Meta:
        model = LeadershipRole
        fields = ["partnership", "organization", "current", "mine", "emerging_leader"]

    def filter_current(
        self, queryset: QuerySet[LeadershipRole], name: str, value: str
    ) -> QuerySet[LeadershipRole]:
        current = LeadershipRole.objects.current().values("pk")
        if value == "true":
            return queryset.filter(pk__in=current)
        return queryset.exclude(pk__in=current)

    def filter_mine(
        self, queryset: QuerySet[LeadershipRole], name: str, value: str
    ) -> QuerySet[LeadershipRole]:
        user = self.request.user if self.request is not None else None
        if user is None or not user.is_authenticated:
            return queryset.none() if value == "true" else queryset
        if value == "true":
            return queryset.filter(user=user.pk)
        return queryset.exclude(user=user.pk)

    def filter_emerging_leader(
        self, queryset: QuerySet[LeadershipRole], name: str, value: str
    ) -> QuerySet[LeadershipRole]:
        return queryset.filter(emerging_leader=value == "true")


def _role_fields(data: dict[str, Any], role_query: QuerySet[LeadershipRole]) -> dict[str, Any]:
    """Turn validated API data into the fields partners.leadership_roles expects."""
    fields = {name: value for name, value in data.items() if name in services.ROLE_FIELDS}
    if "account_email" in data:
        fields["user"] = data["account_email"]
    for name in services.ROLE_LINK_FIELDS:
        if name in data:
            if data[name] is None:
                fields[name] = None
                continue
            linked = role_query.filter(pk=data[name]).first()
            if linked is None:
                raise serializers.ValidationError(
                    {name: [_("No role of this partnership or organization has this id.")]}
                )
            fields[name] = linked
    return fields


def _body_roles(role: LeadershipRole) -> QuerySet[LeadershipRole]:
    if role.partnership is not None:
        return LeadershipRole.objects.filter(partnership=role.partnership)
    return LeadershipRole.objects.filter(organization=role.organization)


@extend_schema_view(
    list=extend_schema(
        summary="List leadership roles",
        description=(
            "Roles of the partnerships and organizations the requester may see. A role "
            "holder's lived experience is null unless the role's visibility allows the "
            "requester to see it: public for everyone, network for signed-in people, "
            "private for the person and coordinators only."
        ),
        responses={200: LeadershipRoleSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one leadership role",
        responses={200: LeadershipRoleSerializer, 404: NOT_FOUND},
    ),
)
class LeadershipRoleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[LeadershipRole]
):
    """Leadership roles of partnerships and organizations.

    The lead organization's administrators (for a partnership) or the
    organization's administrators create, change and end roles. Only the
    person records their own lived experience; an administrator may record
    it with the person's consent attested.
    """

    serializer_class = LeadershipRoleSerializer
    filterset_class = LeadershipRoleFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]

    def get_queryset(self) -> QuerySet[LeadershipRole]:
        request = self.request
        partnerships = visible_partnerships(request).values("pk")
        organizations = visible_organizations(request).values("pk")
        return LeadershipRole.objects.filter(
            Q(partnership__in=partnerships) | Q(organization__in=organizations)
        ).select_related("partnership", "organization")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return {
            "create": LeadershipRoleWriteSerializer,
            "partial_update": LeadershipRoleWriteSerializer,
            "lived_experience": OwnLivedExperienceSerializer,
            "attestation": AttestationSerializer,
            "end": EndRoleSerializer,
        }.get(self.action, LeadershipRoleSerializer)

    def _respond(self, role: LeadershipRole, code: int = status.HTTP_200_OK) -> Response:
        fresh = LeadershipRole.objects.select_related("partnership", "organization").get(pk=role.pk)
        data = LeadershipRoleSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(
        summary="Create a leadership role",
        description="Name exactly one of `partnership` and `organization` by slug.",
        request=LeadershipRoleWriteSerializer,
        responses={
            201: LeadershipRoleSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        serializer = LeadershipRoleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        partnership_slug = data.pop("partnership", None)
        organization_slug = data.pop("organization", None)
        if bool(partnership_slug) == bool(organization_slug):
            message = _("Name either a partnership or an organization, not both.")
            raise serializers.ValidationError({"partnership": [message]})

        partnership = organization = None
        if partnership_slug:
            partnership = get_object_or_404(visible_partnerships(request), slug=partnership_slug)
            body_roles = LeadershipRole.objects.filter(partnership=partnership)
            if not services.can_manage_partnership_roles(user, partnership):
                raise services.permission_denied()
        else:
            organization = get_object_or_404(visible_organizations(request), slug=organization_slug)
            body_roles = LeadershipRole.objects.filter(organization=organization)
            if not services.can_manage_organization_roles(user, organization):
                raise services.permission_denied()

        fields = _role_fields(data, body_roles)
        with service_errors():
            role = services.create_role(
                user, fields, partnership=partnership, organization=organization
            )
        return self._respond(role, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a leadership role",
        request=LeadershipRoleWriteSerializer,
        responses={
            200: LeadershipRoleSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        role = self.get_object()
        if not services.can_manage_role(user, role):
            raise services.permission_denied()
        serializer = LeadershipRoleWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "partnership" in data or "organization" in data:
            message = _("A role cannot move to another partnership or organization.")
            raise serializers.ValidationError(
                {name: [message] for name in ("partnership", "organization") if name in data}
            )

        fields = _role_fields(data, _body_roles(role))
        with service_errors():
            services.update_role(user, role, fields)
        return self._respond(role)

    @extend_schema(
        summary="End a leadership role",
        request=EndRoleSerializer,
        responses={
            200: LeadershipRoleSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def end(self, request: Request, pk: str) -> Response:
        user = requesting_user(request)
        role = self.get_object()
        if not services.can_manage_role(user, role):
            raise services.permission_denied()
        serializer = EndRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.end_role(user, role, serializer.validated_data.get("term_end"))
        return self._respond(role)

    @extend_schema(
        summary="Record my own lived experience for my role",
        description="Only the person who holds the role (its linked account) may do this.",
        request=OwnLivedExperienceSerializer,
        responses={
            200: LeadershipRoleSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="lived-experience",
        permission_classes=[IsAuthenticated],
    )
    def lived_experience(self, request: Request, pk: str) -> Response:
        user = requesting_user(request)
        role = get_object_or_404(LeadershipRole.objects.filter(user=user), pk=pk)
        serializer = OwnLivedExperienceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.record_own_lived_experience(
                user,
                role,
                serializer.validated_data["lived_experience"],
                serializer.validated_data["visibility"],
            )
        return self._respond(role)

    @extend_schema(
        summary="Record a role holder's lived experience with their consent",
        description=(
            "For the administrators who manage the role. `consent_attested` must be true; "
            "a value the person recorded themself cannot be changed this way."
        ),
        request=AttestationSerializer,
        responses={
            200: LeadershipRoleSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def attestation(self, request: Request, pk: str) -> Response:
        user = requesting_user(request)
        role = self.get_object()
        if not services.can_manage_role(user, role):
            raise services.permission_denied()
        serializer = AttestationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.attest_lived_experience(
                user,
                role,
                serializer.validated_data["lived_experience"],
                serializer.validated_data["visibility"],
                consent_attested=serializer.validated_data["consent_attested"],
            )
        return self._respond(role)


# ---------------------------------------------------------------------------
# Indicators and network figures
# ---------------------------------------------------------------------------


class IndicatorFilterSet(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="slug", label=_("Partnership"))

    class Meta:
        model = Partnership
        fields = ["partnership"]


@extend_schema_view(
    list=extend_schema(
        summary="List the leadership indicator of partnerships",
        description=(
            "For each partnership the requester may see: the share band of current "
            "leadership roles held by people with lived experience of disability, whether "
            "it is a majority, and the stakeholder kinds missing from its members. With "
            "fewer than five current roles the figures are null for everyone but "
            "coordinators and the lead organization's administrators."
        ),
        responses={200: LeadershipIndicatorSerializer(many=True), 400: BAD_REQUEST},
    )
)
class LeadershipIndicatorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Partnership]):
    serializer_class = LeadershipIndicatorSerializer
    filterset_class = IndicatorFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, AllowAny]

    def get_queryset(self) -> QuerySet[Partnership]:
        return visible_partnerships(self.request).order_by("sort_name", "id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        partnerships = list(page if page is not None else queryset)
        ids = [partnership.pk for partnership in partnerships]
        indicators = services.leadership_indicators(ids)
        gaps = missing_voices(ids)
        leads = services.lead_organization_ids(ids)
        administered = services.administered_organization_ids(request.user)
        coordinator = is_coordinator(request)

        rows = []
        for partnership in partnerships:
            indicator = indicators[partnership.pk]
            insider = coordinator or leads.get(partnership.pk) in administered
            shown = insider or not indicator.suppressed
            rows.append(
                {
                    "partnership": partnership.slug,
                    "suppressed": indicator.suppressed,
                    "current_roles": indicator.current_roles if shown else None,
                    "with_lived_experience": indicator.with_lived_experience if shown else None,
                    "band": indicator.band if shown else None,
                    "is_majority": indicator.is_majority if shown else None,
                    "roles_to_add": indicator.roles_to_add if insider else None,
                    "succession_gaps": indicator.succession_gaps if insider else None,
                    "missing_voices": [voice.key for voice in gaps[partnership.pk]],
                }
            )
        data = LeadershipIndicatorSerializer(rows, many=True).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)


class WhoIsAtTheTableView(APIView):
    """Counts of verified organizations and of members of public partnerships."""

    permission_classes = [CoordinatorsUseTwoFactor, AllowAny]

    @extend_schema(
        summary="Who is at the table",
        description=(
            "Counts of verified organizations, and of verified organizations that are "
            "current members of a public partnership, by stakeholder kind, level of "
            "government, head-office province or territory and language of service. Every "
            "category is listed; `is_empty` and `is_thin` (one or two organizations) mark gaps."
        ),
        responses={200: PopulationSerializer},
    )
    def get(self, request: Request) -> Response:
        populations = [
            {
                "key": population.key,
                "title": str(population.title),
                "total": population.total,
                "breakdowns": [
                    {
                        "key": breakdown.key,
                        "title": str(breakdown.title),
                        "cells": [
                            {
                                "key": cell.key,
                                "label": cell.label,
                                "count": cell.count,
                                "is_empty": cell.is_empty,
                                "is_thin": cell.is_thin,
                            }
                            for cell in breakdown.cells
                        ],
                    }
                    for breakdown in population.breakdowns
                ],
            }
            for population in who_is_at_the_table()
        ]
        return Response(populations)


# Included by partners.api.urls under /api/v1/.
router = SimpleRouter()
router.register("leadership-roles", LeadershipRoleViewSet, basename="leadership-role")
router.register(
    "leadership-indicators", LeadershipIndicatorViewSet, basename="leadership-indicator"
)
urlpatterns = [
    *router.urls,
    path(
        "network/who-is-at-the-table/",
        WhoIsAtTheTableView.as_view(),
        name="who-is-at-the-table",
    ),
]
