"""The REST API: organizations, verification, memberships, invitations, declarations and /me.

Views check who may see a record, validate the input, then call the same
services as the pages. The services enforce the rules again and raise
PermissionDenied (403) or ValidationError (turned into 400 by
`service_errors`). Each request runs in one transaction (ATOMIC_REQUESTS),
and DRF rolls it back on every error response, so nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated

# DRF's version returns 404, not 500, for a malformed id such as "abc".
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from hubsite import ratelimits
from hubsite.concurrency import (
    STALE_RESPONSE,
    StaleEdit,
    etag,
    requested_version,
    stale_response,
)
from partners import permissions, services
from partners.api.errors import (
    BAD_REQUEST,
    CONFLICT,
    NOT_FOUND,
    NOT_SIGNED_IN_OR_FORBIDDEN,
    Conflict,
    api_validation_error,
    service_errors,
)
from partners.api.filters import OrganizationApiFilterSet
from partners.api.permissions import (
    CoordinatorsUseTwoFactor,
    IsCoordinator,
    can_see_private,
    is_coordinator,
    visible_organizations,
)
from partners.api.serializers import (
    InvitationCreateSerializer,
    InvitationSerializer,
    LeadershipDeclarationCreateSerializer,
    LeadershipDeclarationSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    MeSerializer,
    MeUpdateSerializer,
    OrganizationLogoSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
    OwnMembershipSerializer,
    RejectionSerializer,
    VerificationDecisionSerializer,
)
from partners.models import (
    SMALL_BODY_SEATS,
    LeadershipDeclaration,
    Membership,
    Organization,
    User,
)
from partners.models.memberships import INVITATION_LIFETIME


def requesting_user(request: Request) -> User:
    """Return the signed-in requester, or raise NotAuthenticated for a visitor."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user


def no_permission() -> PermissionDenied:
    # The same message as partners.services gives when its own check fails.
    return PermissionDenied(_("You do not have permission to do this for this organization."))


def require_object_permission(request: Request, perm: str, organization: Organization) -> None:
    """Raise PermissionDenied before the input is validated, so a stranger gets 403, not 400.

    The service checks the same object permission again when it writes.
    """
    if not permissions.has_object_permission(request.user, perm, organization):
        raise no_permission()


def organization_for_request(request: Request, slug: str) -> Organization:
    """Return the route's organization, or raise Http404 when the requester may not see it."""
    return get_object_or_404(visible_organizations(request), slug=slug)


# ---------------------------------------------------------------------------
# Organizations and their verification
# ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List organizations",
        description=(
            "Visitors see verified organizations. Signed-in people also see the "
            "organizations they belong to, and coordinators see all of them. "
            "`verification_status` narrows only what the requester may see."
        ),
        responses={200: OrganizationSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one organization",
        responses={200: OrganizationSerializer, 404: NOT_FOUND},
    ),
)
class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Organization]
):
    """Organizations of the network, with the directory's search and filters.

    Anyone may read them. Signed-in people register new ones, administrators
    and editors change their own, and coordinators verify or reject them.
    There is no DELETE.
    """

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationApiFilterSet
    lookup_field = "slug"
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]

    def get_permissions(self) -> Sequence[Any]:
        if self.action in {"verify", "reject"}:
            return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinator()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Organization]:
        return visible_organizations(self.request).with_list_relations()

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        # The browsable API builds its forms from this class.
        if self.action in {"create", "update", "partial_update"}:
            return OrganizationWriteSerializer
        if self.action == "reject":
            return RejectionSerializer
        return OrganizationSerializer

    def _respond_with(self, organization: Organization, status_code: int) -> Response:
        fresh = Organization.objects.with_list_relations().get(pk=organization.pk)
        data = OrganizationSerializer(fresh, context=self.get_serializer_context()).data
        headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else {}
        return Response(data, status=status_code, headers=headers)

    @extend_schema(
        summary="Register an organization",
        description=(
            "The organization starts as pending, hidden from visitors until a coordinator "
            "verifies it, and the requester becomes its administrator. Sending the same "
            "name again while it is pending returns the pending organization."
        ),
        request=OrganizationWriteSerializer,
        responses={201: OrganizationSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        regions_served = fields.pop("regions_served", [])
        languages = fields.pop("languages", [])
        fields.pop("version", None)

        with service_errors():
            organization = services.register_organization(
                requesting_user(request), fields, regions_served=regions_served, languages=languages
            )

        return self._respond_with(organization, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace an organization's profile",
        description=(
            "For the organization's administrators and editors. `name` and `kind` are "
            "required; other fields left out keep their values."
        ),
        request=OrganizationWriteSerializer,
        responses={
            200: OrganizationSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE_RESPONSE,
        },
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        summary="Change an organization's profile",
        description="For the organization's administrators and editors.",
        request=OrganizationWriteSerializer,
        responses={
            200: OrganizationSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE_RESPONSE,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        organization = self.get_object()
        require_object_permission(request, permissions.CHANGE, organization)
        serializer = OrganizationWriteSerializer(organization, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        regions_served = fields.pop("regions_served", None)
        languages = fields.pop("languages", None)
        expected_version = requested_version(request, fields.pop("version", None))

        with service_errors():
            try:
                services.update_organization(
                    requesting_user(request),
                    organization,
                    fields,
                    regions_served=regions_served,
                    languages=languages,
                    expected_version=expected_version,
                )
            except StaleEdit as error:
                return stale_response(error)

        response = self._respond_with(organization, status.HTTP_200_OK)
        response["ETag"] = etag(organization)
        return response

    @extend_schema(
        methods=["PUT"],
        summary="Replace an organization's logo",
        description=(
            "For the organization's administrators and editors. Send the image as "
            "multipart/form-data in the `logo` field: PNG, JPEG or WebP, at most 1 MB. "
            "The hub decodes it, re-encodes it without metadata and stores it under a "
            "random name."
        ),
        request={"multipart/form-data": OrganizationLogoSerializer},
        responses={
            200: OrganizationSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove an organization's logo",
        description="For the organization's administrators and editors.",
        request=None,
        responses={
            200: OrganizationSerializer,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["put", "delete"], parser_classes=[MultiPartParser])
    def logo(self, request: Request, slug: str) -> Response:
        organization = self.get_object()
        require_object_permission(request, permissions.CHANGE, organization)
        upload = None
        if request.method == "PUT":
            serializer = OrganizationLogoSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            upload = serializer.validated_data["logo"]

        with service_errors():
            services.set_organization_logo(requesting_user(request), organization, upload)

        return self._respond_with(organization, status.HTTP_200_OK)

    @extend_schema(
        summary="Verify a pending organization",
        description="Coordinators only. The organization becomes public and its registrant is "
        "told by email.",
        request=None,
        responses={
            200: VerificationDecisionSerializer,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, slug: str) -> Response:
        organization = self.get_object()

        try:
            decision = services.verify_organization(requesting_user(request), organization)
        except DjangoValidationError as error:
            # The only error left once the coordinator check passed: already decided.
            raise Conflict(" ".join(error.messages)) from None

        return Response(VerificationDecisionSerializer(decision).data)

    @extend_schema(
        summary="Reject a pending organization",
        description="Coordinators only. The registrant receives the reason by email.",
        request=RejectionSerializer,
        responses={
            200: VerificationDecisionSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str) -> Response:
        organization = self.get_object()
        serializer = RejectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        try:
            decision = services.reject_organization(
                requesting_user(request), organization, serializer.validated_data["reason"]
            )
        except DjangoValidationError as error:
            # A missing reason names its field; an organization already decided does not.
            if hasattr(error, "error_dict"):
                raise api_validation_error(error) from None
            raise Conflict(" ".join(error.messages)) from None

        return Response(VerificationDecisionSerializer(decision).data)


# ---------------------------------------------------------------------------
# Memberships and invitations
# ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List an organization's members",
        description="For the organization's members and for coordinators.",
        responses={
            200: MembershipSerializer(many=True),
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="Show one member",
        description="For the organization's members and for coordinators.",
        responses={200: MembershipSerializer, 403: NOT_SIGNED_IN_OR_FORBIDDEN, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a member's role",
        description=(
            "For the organization's administrators. The last administrator cannot "
            "step down (400 on `role`)."
        ),
        request=MembershipRoleSerializer,
        responses={
            200: MembershipSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
    destroy=extend_schema(
        summary="Remove a member",
        description=(
            "Administrators remove any member, and any member may remove their own "
            "membership to leave. The last administrator cannot be removed (400)."
        ),
        responses={
            204: OpenApiResponse(description="Removed."),
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
)
class MembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Membership]
):
    """The members of one organization, under /organizations/{organization_slug}/."""

    serializer_class = MembershipSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]
    filter_backends: list[Any] = []

    def organization(self) -> Organization:
        """Return the route's organization after checking that the requester may see its members.

        Raises Http404 when the requester may not see the organization at all, and
        PermissionDenied when they may see it but are neither a member nor a coordinator.
        """
        if not hasattr(self, "_organization"):
            organization = organization_for_request(self.request, self.kwargs["organization_slug"])
            if not can_see_private(self.request, organization):
                raise no_permission()
            self._organization = organization
        return self._organization

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return (
            Membership.objects.filter(organization=self.organization())
            .select_related("user")
            .order_by("user__email", "id")
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        require_object_permission(request, permissions.MANAGE_MEMBERS, self.organization())
        serializer = MembershipRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        with service_errors():
            services.change_role(
                requesting_user(request), membership, serializer.validated_data["role"]
            )

        return Response(MembershipSerializer(membership).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()

        with service_errors():
            services.remove_member(requesting_user(request), membership)

        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationCreateView(GenericAPIView[Organization]):
    """Invitations to join one organization, sent by its administrators."""

    serializer_class = InvitationCreateSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    @extend_schema(
        summary="Invite someone to join",
        description=(
            "For the organization's administrators. The invitation link goes by email, in "
            "the invitee's language when they have an account. Inviting the same address "
            "again renews the open invitation."
        ),
        responses={
            201: InvitationSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            429: ratelimits.TOO_MANY_REQUESTS,
        },
    )
    def post(self, request: Request, organization_slug: str) -> Response:
        organization = organization_for_request(request, organization_slug)
        require_object_permission(request, permissions.MANAGE_MEMBERS, organization)
        retry_after = ratelimits.count_invitation(request)
        if retry_after is not None:
            ratelimits.raise_throttled(retry_after)
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        with service_errors():
            invitation = services.invite_member(
                requesting_user(request),
                organization,
                serializer.validated_data["email"],
                serializer.validated_data["role"],
            )

        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationAcceptView(GenericAPIView[Membership]):
    """Accepting an invitation with the token from its email."""

    serializer_class = OwnMembershipSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    @extend_schema(
        summary="Accept an invitation",
        description=(
            "The requester's email address must be the invited one. A link works once and "
            f"for {INVITATION_LIFETIME.days} days. Someone who is already a member keeps "
            "their role."
        ),
        request=None,
        responses={200: OwnMembershipSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def post(self, request: Request, token: str) -> Response:
        with service_errors():
            membership = services.accept_invitation(requesting_user(request), token)

        return Response(OwnMembershipSerializer(membership).data)


# ---------------------------------------------------------------------------
# Leadership declarations
# ---------------------------------------------------------------------------


class LeadershipDeclarationView(GenericAPIView[LeadershipDeclaration]):
    """One organization's leadership declarations."""

    serializer_class = LeadershipDeclarationSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]
    pagination_class = None

    def organization(self) -> Organization:
        if not hasattr(self, "_organization"):
            self._organization = organization_for_request(
                self.request, self.kwargs["organization_slug"]
            )
        return self._organization

    def shows_private(self) -> bool:
        if not hasattr(self, "_shows_private"):
            self._shows_private = can_see_private(self.request, self.organization())
        return self._shows_private

    def get_queryset(self) -> QuerySet[LeadershipDeclaration]:
        """Select all declarations for members and coordinators, else the current one."""
        if getattr(self, "swagger_fake_view", False):
            return LeadershipDeclaration.objects.none()
        declarations = LeadershipDeclaration.objects.filter(organization=self.organization())
        if self.shows_private():
            declarations = declarations.select_related("attested_by")
        else:
            declarations = declarations.current()
        return declarations.order_by("-attested_at", "-id")

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False):
            context["show_private"] = self.shows_private()
        return context

    @extend_schema(
        summary="List leadership declarations",
        description=(
            "Visitors get the current declaration only: its band, whether the organization "
            "is disability-led, its date and whether it is out of date, with seat counts "
            f"only for bodies of {SMALL_BODY_SEATS} seats or more. Members and coordinators "
            "get every declaration, newest first, with `private` filled in. Not paginated."
        ),
        responses={200: LeadershipDeclarationSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, organization_slug: str) -> Response:
        serializer = self.get_serializer(self.get_queryset(), many=True)
        return Response(serializer.data)

    @extend_schema(
        summary="Declare the organization's leadership",
        description=(
            "For the organization's administrators. The new declaration supersedes the "
            "current one and updates the organization's `disability_led` and "
            "`leadership_band`. `seats_with_lived_experience` cannot exceed `seats_total`, "
            "and `consent_attested` must be true."
        ),
        request=LeadershipDeclarationCreateSerializer,
        responses={
            201: LeadershipDeclarationSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, organization_slug: str) -> Response:
        organization = self.organization()
        require_object_permission(request, permissions.DECLARE_LEADERSHIP, organization)
        serializer = LeadershipDeclarationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        with service_errors():
            declaration = services.declare_leadership(
                requesting_user(request), organization, dict(serializer.validated_data)
            )

        output = LeadershipDeclarationSerializer(declaration, context={"show_private": True})
        return Response(output.data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------
# The requester
# ---------------------------------------------------------------------------


class MeView(GenericAPIView[User]):
    """The signed-in person."""

    serializer_class = MeSerializer
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    def _respond(self, request: Request) -> Response:
        memberships = Membership.objects.select_related("organization").order_by(
            "organization__sort_name", "organization_id"
        )
        user = User.objects.prefetch_related(Prefetch("memberships", queryset=memberships)).get(
            pk=requesting_user(request).pk
        )
        serializer = MeSerializer(user, context={"is_coordinator": is_coordinator(request)})
        return Response(serializer.data)

    @extend_schema(
        summary="Show the signed-in person",
        responses={200: MeSerializer, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        return self._respond(request)

    @extend_schema(
        summary="Change the signed-in person's preferred language",
        description="The hub sends every email to this person in this language.",
        request=MeUpdateSerializer,
        responses={200: MeSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def patch(self, request: Request) -> Response:
        user = requesting_user(request)
        serializer = MeUpdateSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "preferred_language" in serializer.validated_data:
            user.preferred_language = serializer.validated_data["preferred_language"]
            user.save(update_fields=["preferred_language"])

        return self._respond(request)
