"""The partnerships API: partnerships, their members and invitations, goals and state changes.

Every route finds the partnership among those the requester may see
(PartnershipQuerySet.visible_to), so a hidden partnership is a 404 and
never appears in a list, a filter or a count. Writes call partners.partnerships,
the same services as the pages.

Edits are checked against the version the client read: send it in an
`If-Match` header (the `ETag` of the partnership) or as `version` in the
body. A stale edit gets 412 with a `version` error and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # 404, not 500, for a malformed id
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.serializers import BaseSerializer
from rest_framework.views import set_rollback

from hubsite import ratelimits
from partners import partnerships as services
from partners.api.errors import (
    BAD_REQUEST,
    NOT_FOUND,
    NOT_SIGNED_IN_OR_FORBIDDEN,
    VALIDATION_ERROR_SCHEMA,
)
from partners.api.permissions import CoordinatorsUseTwoFactor
from partners.api.serializers import (
    CodeListField,
    RegionSerializer,
    RejectUnknownFieldsMixin,
    StakeholderKindSerializer,
    ThemeSerializer,
)
from partners.api.views import requesting_user
from partners.forms.partnerships import TEXT_MAX_LENGTH
from partners.models import (
    BenefitArea,
    GoalAgreement,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipState,
    PartnershipTransition,
    Region,
    Theme,
)
from partners.partnership_filters import PartnershipFilterSet

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class PreconditionFailed(exceptions.APIException):
    """The partnership changed after the client read it. `body` is the response body as sent."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The partnership changed after you read it.")
    default_code = "stale"

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(body["version"])
        self.body = body


class StateConflict(exceptions.APIException):
    """The partnership's current state does not allow the requested move."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


STALE = OpenApiResponse(
    VALIDATION_ERROR_SCHEMA,
    description=(
        "The partnership changed after you read it (someone saved it or changed its state). "
        "`version` names the error and `current_version` holds the current version. "
        "Nothing was changed: read the partnership again and repeat your change."
    ),
)
STATE_CONFLICT = OpenApiResponse(
    VALIDATION_ERROR_SCHEMA,
    description=(
        "The move is not allowed from the partnership's current state, or another move "
        "happened first. `state` names the error."
    ),
)


@contextmanager
def partnership_errors() -> Iterator[None]:
    """Turn the services' errors into API errors that name the field.

    StaleEdit is 412, TransitionNotAllowed 409, other rule errors 400.
    PermissionDenied passes through, and DRF responds with 403.
    """
    try:
        yield
    except services.StaleEdit as error:
        body = {"version": [str(error.message)], "current_version": error.current.version}
        raise PreconditionFailed(body) from None
    except services.TransitionNotAllowed as error:
        raise StateConflict({error.field or "state": [str(error.message)]}) from None
    except services.PartnershipError as error:
        raise exceptions.ValidationError(
            {error.field or "non_field_errors": [str(error.message)]}
        ) from None


def etag(partnership: Partnership) -> str:
    return f'"{partnership.version}"'


def expected_version(request: Request, body_version: int | None) -> int:
    """Read the version the client edits from: `If-Match` first, then `version` in the body."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        value = header.removeprefix("W/").strip('"')
        if not value.isdigit():
            raise exceptions.ValidationError(
                {"version": [_('If-Match must be the ETag of the partnership, such as "3".')]}
            )
        return int(value)
    if body_version is None:
        raise exceptions.ValidationError(
            {
                "version": [
                    _(
                        "Send the version you read, in an If-Match header or as “version”, "
                        "so that a change made meanwhile is not overwritten."
                    )
                ]
            }
        )
    return body_version


# ---------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------


class BenefitAreaSerializer(serializers.ModelSerializer[BenefitArea]):
    class Meta:
        model = BenefitArea
        fields = ["slug", "name_en", "name_fr"]


class MemberOrganizationSerializer(serializers.ModelSerializer[Organization]):
    kind = StakeholderKindSerializer(read_only=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind"]


class PartnershipMemberSerializer(serializers.ModelSerializer[PartnershipMember]):
    """A member organization. Reasons and invitation dates are filled in only for insiders.

    An organization that has not accepted is listed only to the lead's
    administrators, coordinators and the organization's own members.
    """

    organization = MemberOrganizationSerializer(read_only=True)
    agreed_to_current_goals = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipMember
        fields = [
            "id",
            "organization",
            "role",
            "status",
            "contribution",
            "value_proposition",
            "invited_at",
            "responded_at",
            "decline_reason",
            "left_at",
            "leave_reason",
            "agreed_to_current_goals",
        ]
        read_only_fields = fields

    def get_agreed_to_current_goals(self, member: PartnershipMember) -> bool:
        agreed: set[int] = self.context.get("agreed_member_ids", set())
        return member.pk in agreed


class ListedMemberSerializer(serializers.ModelSerializer[PartnershipMember]):
    organization = MemberOrganizationSerializer(read_only=True)

    class Meta:
        model = PartnershipMember
        fields = ["organization", "role"]
        read_only_fields = fields


class PartnershipSerializer(serializers.HyperlinkedModelSerializer):
    """A partnership with its accepted members of verified organizations."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:partnership-detail", lookup_field="slug"
    )
    themes = ThemeSerializer(many=True, read_only=True)
    regions = RegionSerializer(many=True, read_only=True)
    benefit_areas = BenefitAreaSerializer(many=True, read_only=True)
    members = ListedMemberSerializer(
        source="listed_members",
        many=True,
        read_only=True,
        help_text="Organizations that accepted the invitation. Open invitations are not listed.",
    )
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back, or the ETag in If-Match, to change the record."
    )

    class Meta:
        model = Partnership
        fields = [
            "url",
            "slug",
            "name",
            "name_fr",
            "purpose_en",
            "purpose_fr",
            "themes",
            "regions",
            "benefit_areas",
            "start_date",
            "end_date",
            "state",
            "state_changed_at",
            "goals_revision",
            "members",
            "exemplary_since",
            "version",
            "is_demo",
            "created",
            "updated",
        ]
        read_only_fields = fields


class ThemeNumberListField(CodeListField):
    """Themes named by number. CodeListField's error message joins codes as text."""

    def to_internal_value(self, data: Any) -> list[Any]:
        numbers = serializers.ListField.to_internal_value(self, data)
        found = {theme.number: theme for theme in self.queryset.filter(number__in=numbers)}
        unknown = [str(number) for number in dict.fromkeys(numbers) if number not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown theme numbers: %(codes)s. Use the numbers 1 to 7.")
                % {"codes": ", ".join(unknown)}
            )
        return [found[number] for number in dict.fromkeys(numbers)]


class PartnershipWriteSerializer(
    RejectUnknownFieldsMixin, serializers.ModelSerializer[Partnership]
):
    """The fields a lead administrator sets. Lists name records by number, ISO code or slug."""

    themes = ThemeNumberListField(
        queryset=Theme.objects.all(),
        code_field="number",
        child=serializers.IntegerField(min_value=1, max_value=99),
        required=False,
        help_text="Theme numbers, 1 to 7.",
    )
    regions = CodeListField(
        queryset=Region.objects.all(),
        code_field="code",
        required=False,
        help_text="ISO 3166-2:CA codes, or CA for the whole country.",
    )
    benefit_areas = CodeListField(
        queryset=BenefitArea.objects.all(),
        code_field="slug",
        child=serializers.CharField(max_length=50),
        required=False,
        help_text="Slugs of common-benefit areas, from /api/v1/benefit-areas/.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you read. Required on changes unless If-Match is sent.",
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "name_fr",
            "purpose_en",
            "purpose_fr",
            "themes",
            "regions",
            "benefit_areas",
            "start_date",
            "end_date",
            "version",
        ]
        extra_kwargs = {
            "purpose_en": {"max_length": TEXT_MAX_LENGTH},
            "purpose_fr": {"max_length": TEXT_MAX_LENGTH},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": [_("The end date must be on or after the start date.")]}
            )
        return attrs


class PartnershipCreateSerializer(PartnershipWriteSerializer):
    lead_organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        help_text="Slug of a verified organization that you administer.",
    )
    contribution = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    value_proposition = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    class Meta(PartnershipWriteSerializer.Meta):
        fields = [f for f in PartnershipWriteSerializer.Meta.fields if f != "version"] + [
            "lead_organization",
            "contribution",
            "value_proposition",
        ]


class InviteSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.public(),
        help_text="Slug of a verified organization.",
    )
    role = serializers.ChoiceField(
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
        help_text="member or co-lead; a partnership has one lead, set when it is created.",
    )
    contribution = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    value_proposition = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RespondSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    accept = serializers.BooleanField(help_text="true to join, false to decline.")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Required to decline."
    )
    contribution = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    value_proposition = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class LeaveSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class GoalSerializer(serializers.ModelSerializer[PartnershipGoal]):
    class Meta:
        model = PartnershipGoal
        fields = ["position", "text_en", "text_fr"]
        read_only_fields = ["position"]
        extra_kwargs = {
            "text_en": {"max_length": TEXT_MAX_LENGTH},
            "text_fr": {"max_length": TEXT_MAX_LENGTH},
        }


class GoalAgreementSerializer(serializers.ModelSerializer[GoalAgreement]):
    organization: serializers.SlugRelatedField[Organization] = serializers.SlugRelatedField(
        source="member.organization", slug_field="slug", read_only=True
    )

    class Meta:
        model = GoalAgreement
        fields = ["organization", "revision", "agreed_at"]
        read_only_fields = fields


class GoalsSerializer(serializers.Serializer[Any]):
    """The current revision of the shared goals and which member organizations agreed to it."""

    revision = serializers.IntegerField()
    goals = GoalSerializer(many=True)
    agreements = GoalAgreementSerializer(many=True)
    waiting_for = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of members that have not agreed yet."
    )


class GoalsProposalSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    goals = GoalSerializer(many=True, allow_empty=False, max_length=services.MAX_GOALS)  # type: ignore[call-arg]
    version = serializers.IntegerField(required=False, min_value=1)


class AgreeSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    organization = serializers.SlugField(help_text="Slug of the member organization that agrees.")
    revision = serializers.IntegerField(min_value=1, help_text="The goals revision you read.")


class TransitionSerializer(serializers.ModelSerializer[PartnershipTransition]):
    class Meta:
        model = PartnershipTransition
        fields = ["from_state", "to_state", "reason", "at"]
        read_only_fields = fields


class TransitionCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    to_state = serializers.ChoiceField(choices=PartnershipState.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Required to decline or end."
    )
    expected_state = serializers.ChoiceField(
        choices=PartnershipState.choices,
        required=False,
        help_text="The state you read. When it changed since, the move is refused with 409.",
    )


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------

MEMBER_ID = OpenApiParameter("member_id", OpenApiTypes.INT, OpenApiParameter.PATH)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the partnership you read; or send `version` in the body.",
)


@extend_schema_view(
    list=extend_schema(
        summary="List partnerships",
        description=(
            "Active, under-review, renewed and ended partnerships for everyone; proposed, "
            "under-assessment and declined ones also for their member and invited "
            "organizations' people and for coordinators. Filters narrow only that set."
        ),
        responses={200: PartnershipSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one partnership",
        description="The ETag header holds the version, for If-Match on a change.",
        responses={200: PartnershipSerializer, 404: NOT_FOUND},
    ),
)
class PartnershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Partnership]
):
    """Partnerships, their members, goals and states. There is no DELETE: a partnership ends."""

    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilterSet
    lookup_field = "slug"
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def handle_exception(self, exc: Exception) -> Response:
        # DRF turns every value of an error body into text; current_version stays a number.
        if isinstance(exc, PreconditionFailed):
            set_rollback()
            return Response(exc.body, status=exc.status_code)
        return super().handle_exception(exc)

    def get_permissions(self) -> Sequence[Any]:
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return [CoordinatorsUseTwoFactor(), IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Partnership]:
        return (
            Partnership.objects.visible_to(self.request.user)
            .with_list_relations()
            .prefetch_related(
                Prefetch("members", queryset=services.listed_members(), to_attr="listed_members")
            )
        )

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return PartnershipCreateSerializer
        if self.action == "partial_update":
            return PartnershipWriteSerializer
        return PartnershipSerializer

    def _respond_with(self, partnership: Partnership, status_code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=partnership.pk)
        data = PartnershipSerializer(fresh, context=self.get_serializer_context()).data
        headers = {"ETag": etag(fresh)}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = data["url"]
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partnership = self.get_object()
        data = self.get_serializer(partnership).data
        return Response(data, headers={"ETag": etag(partnership)})

    @extend_schema(
        summary="Propose a partnership",
        description=(
            "For administrators of a verified organization, which becomes the lead. "
            "The partnership starts as proposed, visible to its members and coordinators only."
        ),
        request=PartnershipCreateSerializer,
        responses={201: PartnershipSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PartnershipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        lead = data.pop("lead_organization")
        lists = {name: data.pop(name, []) for name in ("themes", "regions", "benefit_areas")}
        extras = {name: data.pop(name, "") for name in ("contribution", "value_proposition")}

        with partnership_errors():
            partnership = services.create_partnership(
                requesting_user(request), lead, data, **lists, **extras
            )

        return self._respond_with(partnership, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a partnership",
        description=(
            "For administrators of the lead organization. Send the version you read in "
            "If-Match or as `version`; a stale change gets 412 and changes nothing."
        ),
        parameters=[IF_MATCH],
        request=PartnershipWriteSerializer,
        responses={
            200: PartnershipSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partnership = self.get_object()
        self._require_lead(request, partnership)
        serializer = PartnershipWriteSerializer(partnership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = expected_version(request, data.pop("version", None))
        lists = {name: data.pop(name, None) for name in ("themes", "regions", "benefit_areas")}

        with partnership_errors():
            services.update_partnership(
                requesting_user(request), partnership, data, expected_version=version, **lists
            )

        return self._respond_with(partnership)

    def _require_lead(self, request: Request, partnership: Partnership) -> None:
        """Refuse with 403 before validating, so a stranger learns nothing from a 400."""
        if not services.is_lead_administrator(request.user, partnership):
            raise exceptions.PermissionDenied(
                _("Only administrators of the lead organization can do this for this partnership.")
            )

    # -- members and invitations ------------------------------------------------

    def _member_context(self, partnership: Partnership) -> dict[str, Any]:
        agreed = set(
            GoalAgreement.objects.filter(
                member__partnership=partnership, revision=partnership.goals_revision
            ).values_list("member_id", flat=True)
        )
        return {**self.get_serializer_context(), "agreed_member_ids": agreed}

    @extend_schema(
        methods=["GET"],
        summary="List a partnership's members",
        description=(
            "Everyone sees the organizations that accepted. The lead's administrators and "
            "coordinators also see open, declined and past invitations with their reasons; "
            "an invited organization's own members see its invitation. Not paginated."
        ),
        responses={200: PartnershipMemberSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Invite an organization",
        description=(
            "For administrators of the lead organization. The invited organization's "
            "administrators get an email; it is listed once one of them accepts."
        ),
        request=InviteSerializer,
        responses={
            201: PartnershipMemberSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            429: ratelimits.TOO_MANY_REQUESTS,
        },
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def members(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        if request.method == "GET":
            members = services.members_shown_to(request.user, partnership)
            context = self._member_context(partnership)
            return Response(PartnershipMemberSerializer(members, many=True, context=context).data)

        self._require_lead(request, partnership)
        retry_after = ratelimits.count_invitation(request)
        if retry_after is not None:
            ratelimits.raise_throttled(retry_after)
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)

        with partnership_errors():
            member = services.invite_organization(
                requesting_user(request),
                partnership,
                data.pop("organization"),
                **data,
            )

        output = PartnershipMemberSerializer(member, context=self._member_context(partnership))
        return Response(output.data, status=status.HTTP_201_CREATED)

    def _administered_member(
        self, request: Request, partnership: Partnership, member_id: str
    ) -> PartnershipMember:
        member = get_object_or_404(
            services.members_shown_to(request.user, partnership), pk=member_id
        )
        if not services.administers(request.user, member.organization):
            raise exceptions.PermissionDenied(
                _("Only administrators of %(organization)s can answer for it.")
                % {"organization": member.organization.name}
            )
        return member

    @extend_schema(
        summary="Accept or decline an invitation",
        description=(
            "For administrators of the invited organization. Declining needs a `reason`, "
            "which the lead's administrators read."
        ),
        parameters=[MEMBER_ID],
        request=RespondSerializer,
        responses={
            200: PartnershipMemberSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"members/(?P<member_id>\d+)/respond",
        filter_backends=[],
    )
    def respond(self, request: Request, slug: str, member_id: str) -> Response:
        partnership = self.get_object()
        member = self._administered_member(request, partnership, member_id)
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)

        with partnership_errors():
            member = services.respond_to_invitation(
                requesting_user(request),
                member,
                accept=data["accept"],
                reason=data.get("reason", ""),
                contribution=data.get("contribution"),
                value_proposition=data.get("value_proposition"),
            )

        output = PartnershipMemberSerializer(member, context=self._member_context(partnership))
        return Response(output.data)

    @extend_schema(
        summary="Leave a partnership",
        description=(
            "For administrators of a member organization other than the lead, which ends "
            "the partnership instead."
        ),
        parameters=[MEMBER_ID],
        request=LeaveSerializer,
        responses={
            200: PartnershipMemberSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"members/(?P<member_id>\d+)/leave",
        filter_backends=[],
    )
    def leave(self, request: Request, slug: str, member_id: str) -> Response:
        partnership = self.get_object()
        member = self._administered_member(request, partnership, member_id)
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        with partnership_errors():
            member = services.leave_partnership(
                requesting_user(request), member, serializer.validated_data.get("reason", "")
            )

        output = PartnershipMemberSerializer(member, context=self._member_context(partnership))
        return Response(output.data)

    # -- goals ----------------------------------------------------------------

    def _goals_data(self, partnership: Partnership) -> dict[str, Any]:
        partnership.refresh_from_db(fields=["goals_revision", "version"])
        agreements = list(
            GoalAgreement.objects.filter(
                member__partnership=partnership,
                member__status=MemberStatus.ACCEPTED,
                revision=partnership.goals_revision,
            ).select_related("member__organization")
        )
        agreed = {agreement.member_id for agreement in agreements}
        waiting = [
            member.organization.slug
            for member in services.members_shown_to(self.request.user, partnership)
            if member.status == MemberStatus.ACCEPTED and member.pk not in agreed
        ]
        return {
            "revision": partnership.goals_revision,
            "goals": services.current_goals(partnership),
            "agreements": agreements,
            "waiting_for": waiting if partnership.goals_revision else [],
        }

    @extend_schema(
        methods=["GET"],
        summary="Show the shared goals and who agreed",
        description="The current revision; `revision` is 0 before the lead proposes goals.",
        responses={200: GoalsSerializer, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Propose a new revision of the goals",
        description=(
            "For administrators of the lead organization. Every member is asked again to "
            "agree. Send the partnership version in If-Match or as `version`."
        ),
        parameters=[IF_MATCH],
        request=GoalsProposalSerializer,
        responses={
            201: GoalsSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            412: STALE,
        },
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def goals(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        if request.method == "GET":
            return Response(GoalsSerializer(self._goals_data(partnership)).data)

        self._require_lead(request, partnership)
        serializer = GoalsProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = expected_version(request, serializer.validated_data.get("version"))
        texts = [
            (goal.get("text_en", ""), goal.get("text_fr", ""))
            for goal in serializer.validated_data["goals"]
        ]

        with partnership_errors():
            services.propose_goals(
                requesting_user(request), partnership, texts, expected_version=version
            )

        data = GoalsSerializer(self._goals_data(partnership)).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag(partnership)})

    @extend_schema(
        summary="Agree to the goals",
        description=(
            "For administrators of a member organization. `revision` must be the current "
            "one; a revision made since is a 400 on `revision`."
        ),
        request=AgreeSerializer,
        responses={
            200: GoalsSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], url_path="goals/agree", filter_backends=[])
    def agree(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        serializer = AgreeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = (
            services.members_shown_to(request.user, partnership)
            .filter(organization__slug=serializer.validated_data["organization"])
            .first()
        )
        if member is None:
            raise exceptions.ValidationError(
                {"organization": [_("This organization is not a member of the partnership.")]}
            )
        if not services.administers(request.user, member.organization):
            raise exceptions.PermissionDenied(
                _("Only administrators of %(organization)s can answer for it.")
                % {"organization": member.organization.name}
            )

        with partnership_errors():
            services.agree_to_goals(
                requesting_user(request), member, serializer.validated_data["revision"]
            )

        return Response(GoalsSerializer(self._goals_data(partnership)).data)

    # -- states ---------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="List a partnership's state changes",
        description="Oldest first, with the reason. Not paginated.",
        responses={200: TransitionSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Change a partnership's state",
        description=(
            "Coordinators make any allowed move. Administrators of the lead organization "
            "may withdraw a proposal, propose a declined partnership again, or end a "
            "running one. Declining and ending need a `reason`. Of two competing moves "
            "only the first succeeds; the other gets 409."
        ),
        request=TransitionCreateSerializer,
        responses={
            201: TransitionSerializer,
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
            404: NOT_FOUND,
            409: STATE_CONFLICT,
        },
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def transitions(self, request: Request, slug: str) -> Response:
        partnership = self.get_object()
        if request.method == "GET":
            records = partnership.transitions.order_by("at", "id")
            return Response(TransitionSerializer(records, many=True).data)

        serializer = TransitionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        with partnership_errors():
            record = services.change_state(
                requesting_user(request),
                partnership,
                data["to_state"],
                data.get("reason", ""),
                expected_state=data.get("expected_state"),
            )

        headers = {"ETag": etag(record.partnership)}
        return Response(
            TransitionSerializer(record).data, status=status.HTTP_201_CREATED, headers=headers
        )


@extend_schema_view(
    list=extend_schema(summary="List the common-benefit areas"),
    retrieve=extend_schema(summary="Show one common-benefit area"),
)
class BenefitAreaViewSet(viewsets.ReadOnlyModelViewSet[BenefitArea]):
    """The managed list of areas where partners can see a common benefit."""

    queryset = BenefitArea.objects.all()
    serializer_class = BenefitAreaSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends: list[Any] = []
    permission_classes = [CoordinatorsUseTwoFactor]


# Included by partners.api.urls under /api/v1/.
router = SimpleRouter()
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("benefit-areas", BenefitAreaViewSet, basename="benefit-area")
urlpatterns = router.urls
