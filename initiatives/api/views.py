"""The initiatives API: initiatives, their similar work, connection requests and proposals.

Views find the record among those the requester may see (404 otherwise),
validate the input, then call initiatives.services, which checks the
permission again and raises PermissionDenied (403) or ValidationError (400).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # 404, not 500, for a malformed id
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from hubsite.concurrency import (
    STALE_RESPONSE,
    StaleEdit,
    etag,
    requested_version,
    stale_response,
)
from initiatives import services
from initiatives.api.serializers import (
    ChangeProposalCreateSerializer,
    ChangeProposalSerializer,
    ConnectionCreateSerializer,
    ConnectionDecisionSerializer,
    ConnectionRequestSerializer,
    DismissSerializer,
    InitiativeSerializer,
    InitiativeWriteSerializer,
    SimilarWorkSerializer,
)
from initiatives.filters import InitiativeFilterSet
from initiatives.models import ChangeProposal, ConnectionRequest, Initiative
from partners import permissions
from partners.api.errors import BAD_REQUEST, NOT_FOUND, NOT_SIGNED_IN_OR_FORBIDDEN, service_errors
from partners.api.permissions import CoordinatorsUseTwoFactor
from partners.api.views import requesting_user
from partners.models import Organization, Partnership

RELATIONS = ("themes", "regions", "intersectional_groups", "partner_organizations")


def visible_initiatives(request: Request) -> QuerySet[Initiative]:
    return Initiative.objects.visible_to(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List initiatives",
        description=(
            "Initiatives of verified organizations, plus, for signed-in people, those of their "
            "own organizations; coordinators see all. Filters narrow only what the requester "
            "may see."
        ),
        responses={200: InitiativeSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one initiative", responses={200: InitiativeSerializer, 404: NOT_FOUND}
    ),
)
class InitiativeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Initiative]
):
    """Initiatives with the directory's search and filters.

    Anyone reads them; editors and administrators of the lead organization
    create and change them. There is no DELETE.
    """

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]

    def get_permissions(self) -> Sequence[Any]:
        if self.action in {"dismiss", "proposals"} and self.request.method == "POST":
            return [CoordinatorsUseTwoFactor(), IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Initiative]:
        return (
            visible_initiatives(self.request)
            .select_related("lead_organization", "partnership")
            .prefetch_related(
                "themes",
                "regions",
                "intersectional_groups",
                Prefetch(
                    "partner_organizations",
                    queryset=Organization.objects.order_by("sort_name", "pk"),
                ),
            )
        )

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in {"create", "update", "partial_update"}:
            return InitiativeWriteSerializer
        if self.action == "similar":
            return SimilarWorkSerializer
        if self.action == "dismiss":
            return DismissSerializer
        if self.action == "proposals":
            return ChangeProposalCreateSerializer
        return InitiativeSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["visible_partnerships"] = set(
            Partnership.objects.visible_to(self.request.user).values_list("pk", flat=True)
        )
        return context

    def _respond_with(self, initiative: Initiative, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=initiative.pk)
        data = InitiativeSerializer(fresh, context=self.get_serializer_context()).data
        headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else {}
        return Response(data, status=status_code, headers=headers)

    @staticmethod
    def _split(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        fields = dict(validated)
        fields.pop("lead_organization", None)
        fields.pop("version", None)
        relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
        return fields, relations

    @extend_schema(
        summary="Add an initiative",
        description="For editors and administrators of the lead organization.",
        request=InitiativeWriteSerializer,
        responses={201: InitiativeSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        serializer = InitiativeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead = serializer.validated_data["lead_organization"]
        if not services.can_lead(user, lead):
            raise PermissionDenied(
                _("Only the organization's editors and administrators can add initiatives.")
            )
        fields, relations = self._split(serializer.validated_data)
        self._check_partnership(fields)
        with service_errors():
            initiative = services.create_initiative(user, lead, fields, relations)
        return self._respond_with(initiative, status.HTTP_201_CREATED)

    def _check_partnership(self, fields: dict[str, Any]) -> None:
        partnership = fields.get("partnership")
        if (
            partnership is not None
            and not Partnership.objects.visible_to(self.request.user)
            .filter(pk=partnership.pk)
            .exists()
        ):
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"partnership": [_("No such partnership.")]})

    @extend_schema(
        summary="Replace an initiative",
        description="For editors and administrators of the lead organization.",
        request=InitiativeWriteSerializer,
        responses={
            200: InitiativeSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE_RESPONSE,
        },
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        summary="Change an initiative",
        description="For editors and administrators of the lead organization.",
        request=InitiativeWriteSerializer,
        responses={
            200: InitiativeSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE_RESPONSE,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, partial: bool) -> Response:
        user = requesting_user(request)
        initiative = self.get_object()
        if not services.can_edit(user, initiative):
            raise PermissionDenied(
                _("Only the lead organization's editors and administrators can do this.")
            )
        data = request.data
        if not partial and "lead_organization" not in data:
            data = {**dict(data), "lead_organization": initiative.lead_organization.slug}
        serializer = InitiativeWriteSerializer(initiative, data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields, relations = self._split(serializer.validated_data)
        self._check_partnership(fields)
        expected_version = requested_version(request, serializer.validated_data.get("version"))
        with service_errors():
            try:
                services.update_initiative(
                    user, initiative, fields, relations, expected_version=expected_version
                )
            except StaleEdit as error:
                return stale_response(error)
        response = self._respond_with(initiative, status.HTTP_200_OK)
        response["ETag"] = etag(initiative)
        return response

    @extend_schema(
        summary="List others doing similar work",
        description=(
            "Ranked suggestions, best first, with the key terms, theme numbers and region codes "
            "shared. Initiatives the requester may not see are left out."
        ),
        responses={200: SimilarWorkSerializer(many=True), 404: NOT_FOUND},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def similar(self, request: Request, pk: str | None = None) -> Response:
        initiative = self.get_object()
        rows = list(services.similar_work_for(initiative, request.user))
        own_themes = {theme.number for theme in initiative.themes.all()}
        own_regions = {region.code for region in initiative.regions.all()}
        for row in rows:
            row.shared_themes = sorted(  # type: ignore[attr-defined]
                theme.number for theme in row.other.themes.all() if theme.number in own_themes
            )
            row.shared_regions = sorted(  # type: ignore[attr-defined]
                region.code
                for region in row.other.regions.all()
                if region.code in own_regions or "CA" in own_regions or region.code == "CA"
            )
        return Response(SimilarWorkSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Dismiss a suggestion as not related",
        description=(
            "For editors and administrators of the initiative's lead organization. "
            "The pair is never suggested again."
        ),
        request=DismissSerializer,
        responses={204: None, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        user = requesting_user(request)
        initiative = self.get_object()
        if not services.can_edit(user, initiative):
            raise PermissionDenied(
                _("Only the lead organization's editors and administrators can do this.")
            )
        serializer = DismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        other = get_object_or_404(
            visible_initiatives(request), pk=serializer.validated_data["other"]
        )
        with service_errors():
            services.dismiss_suggestion(user, initiative, other)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Propose a change to an initiative's text",
        description=(
            "For members of the initiative's partner organizations. The lead accepts or declines."
        ),
        request=ChangeProposalCreateSerializer,
        responses={
            201: ChangeProposalSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def proposals(self, request: Request, pk: str | None = None) -> Response:
        user = requesting_user(request)
        initiative = self.get_object()
        if not services.proposing_organizations(user, initiative).exists():
            raise PermissionDenied(
                _("Only members of the initiative's partner organizations can propose changes.")
            )
        serializer = ChangeProposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            proposal = services.propose_change(
                user,
                initiative,
                serializer.validated_data["organization"],
                serializer.validated_data["changes"],
                serializer.validated_data["message"],
            )
        return Response(ChangeProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="List connection requests",
        description=(
            "Requests you sent, and requests to initiatives whose lead organization you edit."
        ),
        responses={200: ConnectionRequestSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="Show one connection request",
        responses={200: ConnectionRequestSerializer, 404: NOT_FOUND},
    ),
)
class ConnectionRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ConnectionRequest]
):
    """Introduction requests between initiatives; contacts are emailed only after acceptance."""

    serializer_class = ConnectionRequestSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]
    filterset_class = None

    def get_queryset(self) -> QuerySet[ConnectionRequest]:
        editable = permissions.organizations_with_permission(self.request.user, permissions.CHANGE)
        return ConnectionRequest.objects.filter(
            Q(requested_by=self.request.user.pk)
            | Q(to_initiative__lead_organization__in=editable.values("pk"))
        ).order_by("-created", "-pk")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return ConnectionCreateSerializer
        if self.action == "decide":
            return ConnectionDecisionSerializer
        return ConnectionRequestSerializer

    @extend_schema(
        summary="Ask to connect with another initiative's lead",
        description=(
            "For members of the lead organization of `from_initiative`. The lead receives the "
            "initiative, organization and message, never your name or email, until they accept."
        ),
        request=ConnectionCreateSerializer,
        responses={
            201: ConnectionRequestSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = requesting_user(request)
        serializer = ConnectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visible = visible_initiatives(request)
        to_initiative = get_object_or_404(visible, pk=serializer.validated_data["to_initiative"])
        from_initiative = get_object_or_404(
            visible, pk=serializer.validated_data["from_initiative"]
        )
        with service_errors():
            connection = services.request_connection(
                user, from_initiative, to_initiative, serializer.validated_data["message"]
            )
        return Response(
            ConnectionRequestSerializer(connection).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Accept or decline a connection request",
        description=(
            "For editors and administrators of the requested initiative's lead organization."
        ),
        request=ConnectionDecisionSerializer,
        responses={
            200: ConnectionRequestSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        user = requesting_user(request)
        connection = self.get_object()
        if not services.can_decide(user, connection):
            raise PermissionDenied(
                _("Only the lead organization's editors and administrators can answer.")
            )
        serializer = ConnectionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            connection = services.decide_connection(
                user, connection, serializer.validated_data["accept"]
            )
        return Response(ConnectionRequestSerializer(connection).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="Show one change proposal",
        responses={200: ChangeProposalSerializer, 404: NOT_FOUND},
    ),
)
class ChangeProposalViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[ChangeProposal]):
    """Change proposals, seen by their proposer and by the lead's editors, who decide them."""

    serializer_class = ChangeProposalSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]
    filterset_class = None

    def get_queryset(self) -> QuerySet[ChangeProposal]:
        editable = permissions.organizations_with_permission(self.request.user, permissions.CHANGE)
        return ChangeProposal.objects.filter(
            Q(proposed_by=self.request.user.pk)
            | Q(initiative__lead_organization__in=editable.values("pk"))
        ).select_related("organization", "initiative__lead_organization")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return ConnectionDecisionSerializer if self.action == "decide" else ChangeProposalSerializer

    @extend_schema(
        summary="Accept or decline a change proposal",
        request=ConnectionDecisionSerializer,
        responses={
            200: ChangeProposalSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        user = requesting_user(request)
        proposal = self.get_object()
        if not services.can_edit(user, proposal.initiative):
            raise PermissionDenied(
                _("Only the lead organization's editors and administrators can do this.")
            )
        serializer = ConnectionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            proposal = services.decide_proposal(user, proposal, serializer.validated_data["accept"])
        return Response(ChangeProposalSerializer(proposal).data)
