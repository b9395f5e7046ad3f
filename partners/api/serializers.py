"""API representations of organizations, their members and declarations, and reference lists.

Requests and responses use separate serializers where they differ: a request
names related records by code or slug, a response nests them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partners.forms.registration import DESCRIPTION_MAX_LENGTH
from partners.models import (
    SMALL_BODY_SEATS,
    Invitation,
    Language,
    LeadershipDeclaration,
    Membership,
    Organization,
    Region,
    Role,
    Sector,
    ShareBand,
    StakeholderKind,
    Theme,
    User,
    VerificationDecision,
    VerificationStatus,
)

# The reference lists hold 14 regions and a few languages of service, so a
# request with a longer list is a mistake.
MAX_CODES_PER_LIST = 50


class RejectUnknownFieldsMixin:
    """Reject a request that sends a field the serializer cannot write.

    Without this check DRF drops such a field silently, so a client that sends
    `verification_status` or `email` would believe that it changed.
    """

    # Added by HTML forms of the browsable API.
    IGNORED_KEYS = frozenset({"csrfmiddlewaretoken"})

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {
                name
                for name, field in self.fields.items()  # type: ignore[attr-defined]
                if not field.read_only
            }
            unknown = sorted(set(data) - writable - self.IGNORED_KEYS)
            if unknown:
                message = _("This field is unknown or read-only. Remove it from the request.")
                raise serializers.ValidationError({name: [message] for name in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class CodeListField(serializers.ListField):
    """A list of reference records named by a unique code, resolved in one query.

    Unknown codes are one error that lists them. Duplicates count once.
    """

    def __init__(self, *, queryset: QuerySet[Any], code_field: str, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=20))
        kwargs.setdefault("max_length", MAX_CODES_PER_LIST)
        super().__init__(**kwargs)
        self.queryset = queryset
        self.code_field = code_field

    def to_internal_value(self, data: Any) -> list[Model]:
        codes = list(dict.fromkeys(super().to_internal_value(data)))
        # A code that the column cannot hold (a word for a numbered theme) is
        # unknown, not a database error.
        options = self.queryset.model._meta
        column = options.pk if self.code_field == "pk" else options.get_field(self.code_field)
        usable = []
        for code in codes:
            try:
                usable.append(column.get_prep_value(code))
            except (TypeError, ValueError):
                continue
        found = {
            str(getattr(record, self.code_field)): record
            for record in self.queryset.filter(**{f"{self.code_field}__in": usable})
        }
        unknown = [code for code in codes if str(code) not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown codes: %(codes)s. Use the codes of the reference lists.")
                % {"codes": ", ".join(unknown)}
            )
        return [found[str(code)] for code in codes]

    def to_representation(self, data: Any) -> list[str]:
        # The browsable API fills its forms with the instance's related manager.
        records = data.all() if hasattr(data, "all") else data
        return [getattr(record, self.code_field) for record in records]


# ---------------------------------------------------------------------------
# Reference lists
# ---------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "kind", "name_en", "name_fr", "abbreviation_en", "abbreviation_fr"]


class StakeholderKindSerializer(serializers.ModelSerializer[StakeholderKind]):
    class Meta:
        model = StakeholderKind
        fields = ["slug", "name_en", "name_fr"]


class SectorSerializer(serializers.ModelSerializer[Sector]):
    class Meta:
        model = Sector
        fields = ["code", "name_en", "name_fr"]


class LanguageSerializer(serializers.ModelSerializer[Language]):
    class Meta:
        model = Language
        fields = ["code", "name_en", "name_fr"]


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    class Meta:
        model = Theme
        fields = ["number", "slug", "name_en", "name_fr"]


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------


class OrganizationSerializer(serializers.HyperlinkedModelSerializer):
    """An organization, with the same fields for every requester who may see it.

    Members and coordinators get no more than visitors, because the record's
    only non-public parts are its verification status and leadership badge.
    """

    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    kind = StakeholderKindSerializer(read_only=True)
    sector = SectorSerializer(read_only=True, allow_null=True)
    province = RegionSerializer(read_only=True, allow_null=True)
    regions_served = RegionSerializer(many=True, read_only=True)
    languages = LanguageSerializer(many=True, read_only=True)
    logo = serializers.ImageField(
        read_only=True,
        allow_null=True,
        help_text="Address of the organization's logo image, or null when it has none.",
    )
    version = serializers.IntegerField(
        read_only=True,
        help_text="Send it back as `version`, or the ETag in If-Match, when you change the record.",
    )
    leadership_band = serializers.ChoiceField(
        choices=ShareBand.choices,
        allow_blank=True,
        read_only=True,
        help_text=(
            "Share of the governing body's seats held by people with lived experience of "
            "disability, from the current leadership declaration. Empty when none was declared."
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "name",
            "alternate_name",
            "description_en",
            "description_fr",
            "kind",
            "government_level",
            "size_band",
            "unionized",
            "sector",
            "city",
            "province",
            "regions_served",
            "languages",
            "other_languages",
            "indigenous_led",
            "website",
            "email",
            "phone",
            "logo",
            "verification_status",
            "disability_led",
            "leadership_band",
            "is_demo",
            "created",
            "updated",
            "version",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields, and without it the
        # schema would reject the empty string these fields hold when unset.
        extra_kwargs = {
            name: {"allow_blank": True}
            for name in ("government_level", "size_band", "unionized", "website", "email")
        }


class OrganizationLogoSerializer(serializers.Serializer[Any]):
    """A logo upload, sent as multipart/form-data."""

    logo = serializers.FileField(
        help_text="A PNG, JPEG or WebP image of at most 1 MB, checked by decoding it."
    )


class OrganizationWriteSerializer(
    RejectUnknownFieldsMixin, serializers.ModelSerializer[Organization]
):
    """The fields a registrant sets and administrators and editors change.

    Related records are named by code: kind by slug, sector by NAICS code,
    province and regions by ISO 3166-2:CA code, languages by ISO 639 code.
    """

    kind = serializers.SlugRelatedField(slug_field="slug", queryset=StakeholderKind.objects.all())
    sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), allow_null=True, required=False
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.exclude(kind=Region.Kind.NATIONAL),
        allow_null=True,
        required=False,
        help_text="ISO 3166-2:CA code of a province or territory, such as CA-QC.",
    )
    regions_served = CodeListField(
        queryset=Region.objects.all(),
        code_field="code",
        required=False,
        help_text="ISO 3166-2:CA codes, or CA for the whole country.",
    )
    languages = CodeListField(
        queryset=Language.objects.all(),
        code_field="code",
        required=False,
        help_text="ISO 639 codes of the languages of service: en, fr, ase (ASL) or fcs (LSQ).",
    )
    version = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=1,
        help_text=(
            "The version you read. When sent (or the ETag in If-Match), a change made "
            "meanwhile gets 412 instead of being overwritten."
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "alternate_name",
            "description_en",
            "description_fr",
            "kind",
            "government_level",
            "size_band",
            "unionized",
            "sector",
            "city",
            "province",
            "regions_served",
            "languages",
            "other_languages",
            "indigenous_led",
            "website",
            "email",
            "phone",
            "version",
        ]
        extra_kwargs = {
            "description_en": {"max_length": DESCRIPTION_MAX_LENGTH},
            "description_fr": {"max_length": DESCRIPTION_MAX_LENGTH},
        }


class RejectionSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    """A coordinator's reason for rejecting an organization, sent to its registrant."""

    reason = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        help_text="Required: the registrant receives it by email.",
    )


class VerificationDecisionSerializer(serializers.ModelSerializer[VerificationDecision]):
    organization: serializers.SlugRelatedField[Organization] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    verification_status = serializers.ChoiceField(
        choices=VerificationStatus.choices,
        source="organization.verification_status",
        read_only=True,
    )

    class Meta:
        model = VerificationDecision
        fields = ["organization", "decision", "reason", "decided_at", "verification_status"]
        read_only_fields = fields


# ---------------------------------------------------------------------------
# Memberships and invitations
# ---------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    """One member of an organization, as its members and coordinators see them."""

    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "role", "created"]
        read_only_fields = fields


class MembershipRoleSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.VIEWER)


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    """An invitation as its organization's administrators see it, without the emailed token."""

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created", "expires_at"]
        read_only_fields = fields


class OwnMembershipSerializer(serializers.ModelSerializer[Membership]):
    """One of the requester's own memberships."""

    organization: serializers.SlugRelatedField[Organization] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    verification_status = serializers.ChoiceField(
        choices=VerificationStatus.choices,
        source="organization.verification_status",
        read_only=True,
    )

    class Meta:
        model = Membership
        fields = ["organization", "organization_name", "verification_status", "role", "created"]
        read_only_fields = fields


# ---------------------------------------------------------------------------
# Leadership declarations
# ---------------------------------------------------------------------------


class DeclarationDetailsSerializer(serializers.ModelSerializer[LeadershipDeclaration]):
    """The parts of a declaration that only the organization's members and coordinators see."""

    attested_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True
    )

    class Meta:
        model = LeadershipDeclaration
        fields = [
            "id",
            "body_name",
            "chief_executive_lived_experience",
            "run_by_and_for",
            "consent_attested",
            "attested_by",
            "superseded_at",
        ]
        read_only_fields = fields


class LeadershipDeclarationSerializer(serializers.Serializer[LeadershipDeclaration]):
    """A leadership declaration. Pass `show_private` in the context for members and coordinators.

    Without it, the seat counts are null for a body of fewer than
    SMALL_BODY_SEATS seats and `private` is null. The response then contains
    no count that could identify a person, and never the chief executive field.
    """

    attested_at = serializers.DateTimeField(read_only=True)
    leadership_band = serializers.ChoiceField(
        choices=ShareBand.choices, source="band", read_only=True
    )
    disability_led = serializers.BooleanField(source="is_disability_led", read_only=True)
    is_out_of_date = serializers.BooleanField(read_only=True)
    is_current = serializers.SerializerMethodField()
    seats_total = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=f"Null for visitors when the body has fewer than {SMALL_BODY_SEATS} seats.",
    )
    seats_with_lived_experience = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=f"Null for visitors when the body has fewer than {SMALL_BODY_SEATS} seats.",
    )
    private = DeclarationDetailsSerializer(
        source="*",
        read_only=True,
        allow_null=True,
        help_text="Null unless you are a member of the organization or a coordinator.",
    )

    def get_is_current(self, declaration: LeadershipDeclaration) -> bool:
        return declaration.superseded_at is None

    def to_representation(self, instance: LeadershipDeclaration) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if self.context.get("show_private"):
            return data
        data["private"] = None
        if not instance.shows_counts:
            data["seats_total"] = None
            data["seats_with_lived_experience"] = None
        return data


class LeadershipDeclarationCreateSerializer(
    RejectUnknownFieldsMixin, serializers.ModelSerializer[LeadershipDeclaration]
):
    """An administrator's new declaration. The model's own rules run in the service."""

    class Meta:
        model = LeadershipDeclaration
        fields = [
            "body_name",
            "seats_total",
            "seats_with_lived_experience",
            "chief_executive_lived_experience",
            "run_by_and_for",
            "consent_attested",
        ]
        extra_kwargs = {
            "seats_total": {"min_value": 1},
            "consent_attested": {
                "required": True,
                "help_text": "Must be true: the people concerned agreed to share these counts.",
            },
        }


# ---------------------------------------------------------------------------
# The requester
# ---------------------------------------------------------------------------


class MeSerializer(serializers.ModelSerializer[User]):
    """The signed-in person and their organizations. Pass `is_coordinator` in the context."""

    is_coordinator = serializers.SerializerMethodField()
    organizations = OwnMembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["email", "preferred_language", "is_coordinator", "organizations"]
        read_only_fields = fields

    def get_is_coordinator(self, user: User) -> bool:
        return bool(self.context.get("is_coordinator"))


class MeUpdateSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["preferred_language"]
