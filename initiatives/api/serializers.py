"""API representations of initiatives, similar work, connection requests and proposals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from initiatives.models import (
    HEADING_FIELDS,
    PROPOSABLE_FIELDS,
    ChangeProposal,
    ConnectionRequest,
    Initiative,
    IntersectionalGroup,
    SimilarWork,
)
from initiatives.programs import funding_programs
from partners.api.serializers import (
    CodeListField,
    RegionSerializer,
    RejectUnknownFieldsMixin,
    ThemeSerializer,
)
from partners.models import Organization, Partnership, Region, Theme

HEADING_NAMES = [
    f"{name}_{language}" for name, _label in HEADING_FIELDS for language in ("en", "fr")
]


class IntersectionalGroupSerializer(serializers.ModelSerializer[IntersectionalGroup]):
    class Meta:
        model = IntersectionalGroup
        fields = ["slug", "name_en", "name_fr"]


class OrganizationSummarySerializer(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["slug", "name"]


class InitiativeSerializer(serializers.ModelSerializer[Initiative]):
    """An initiative as anyone who may see it reads it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:initiative-detail")
    lead_organization = OrganizationSummarySerializer(read_only=True)
    partner_organizations = serializers.SerializerMethodField()
    partnership = serializers.SerializerMethodField()
    themes = ThemeSerializer(many=True, read_only=True)
    regions = RegionSerializer(many=True, read_only=True)
    intersectional_groups = IntersectionalGroupSerializer(many=True, read_only=True)
    funding_program_name_en = serializers.SerializerMethodField()
    funding_program_name_fr = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        read_only=True,
        help_text="Send it back as `version`, or the ETag in If-Match, when you change the record.",
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "url",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "lead_organization",
            "partner_organizations",
            "partnership",
            "themes",
            "regions",
            "start_date",
            "end_date",
            "status",
            "kind",
            "funding_program",
            "funding_program_name_en",
            "funding_program_name_fr",
            "links",
            "contact_name",
            "contact_email",
            *HEADING_NAMES,
            "intersectional_groups",
            "created",
            "updated",
            "version",
        ]
        read_only_fields = fields
        # DRF drops allow_blank from read-only fields; the address is optional.
        extra_kwargs = {"contact_email": {"allow_blank": True}}

    def get_partner_organizations(self, initiative: Initiative) -> list[dict[str, str]]:
        """Only verified partners, so an unverified organization's name never shows here."""
        return [
            {"slug": organization.slug, "name": organization.name}
            for organization in initiative.partner_organizations.all()
            if organization.is_public
        ]

    def get_partnership(self, initiative: Initiative) -> str | None:
        """Return the partnership's slug when the requester may see it, else None."""
        visible: set[int] = self.context.get("visible_partnerships", set())
        if initiative.partnership_id is None or initiative.partnership_id not in visible:
            return None
        return initiative.partnership.slug if initiative.partnership else None

    def get_funding_program_name_en(self, initiative: Initiative) -> str:
        program = funding_programs().get(initiative.funding_program)
        return program.name_en if program else ""

    def get_funding_program_name_fr(self, initiative: Initiative) -> str:
        program = funding_programs().get(initiative.funding_program)
        return program.name_fr if program else ""

    def get_links(self, initiative: Initiative) -> list[str]:
        return initiative.link_list


class ThemeListField(serializers.ListField):
    """Themes named by number, resolved in one query; unknown numbers are one error."""

    child = serializers.IntegerField(min_value=1, max_value=99)

    def to_internal_value(self, data: Any) -> list[Theme]:
        numbers = list(dict.fromkeys(super().to_internal_value(data)))
        found = {theme.number: theme for theme in Theme.objects.filter(number__in=numbers)}
        unknown = [str(number) for number in numbers if number not in found]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown theme numbers: %(numbers)s. Use 1 to 7.")
                % {"numbers": ", ".join(unknown)}
            )
        return [found[number] for number in numbers]

    def to_representation(self, data: Any) -> list[int]:
        records = data.all() if hasattr(data, "all") else data
        return [record.number for record in records]


class InitiativeWriteSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer[Initiative]):
    """Fields the lead's editors set. Related records are named by code."""

    lead_organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        help_text="Slug of the lead organization; only on creation.",
    )
    partner_organizations = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.public(), many=True, required=False
    )
    partnership = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partnership.objects.all(), allow_null=True, required=False
    )
    themes = ThemeListField(min_length=1, max_length=20, help_text="Theme numbers, 1 to 7.")
    regions = CodeListField(
        queryset=Region.objects.all(),
        code_field="code",
        required=False,
        help_text="ISO 3166-2:CA codes, or CA for the whole country.",
    )
    intersectional_groups = CodeListField(
        queryset=IntersectionalGroup.objects.all(), code_field="slug", required=False
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
        model = Initiative
        fields = [
            "lead_organization",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "partner_organizations",
            "partnership",
            "themes",
            "regions",
            "intersectional_groups",
            "start_date",
            "end_date",
            "status",
            "kind",
            "funding_program",
            "links",
            "contact_name",
            "contact_email",
            *HEADING_NAMES,
            "version",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        lead = attrs.get("lead_organization")
        if (
            self.instance is not None
            and lead is not None
            and lead != self.instance.lead_organization
        ):
            raise serializers.ValidationError(
                {"lead_organization": [_("The lead organization cannot change.")]}
            )
        return attrs

    def build_unique_together_validators(self) -> list[Any]:  # pragma: no cover - no unique fields
        return []


class SimilarWorkSerializer(serializers.ModelSerializer[SimilarWork]):
    """Another initiative doing similar work, with why it matched."""

    initiative: serializers.HyperlinkedRelatedField[Initiative] = (
        serializers.HyperlinkedRelatedField(
            source="other", view_name="api:initiative-detail", read_only=True
        )
    )
    id = serializers.IntegerField(source="other.id", read_only=True)
    title_en = serializers.CharField(source="other.title_en", read_only=True)
    title_fr = serializers.CharField(source="other.title_fr", read_only=True)
    lead_organization = serializers.CharField(source="other.lead_organization.name", read_only=True)
    shared_terms = serializers.ListField(child=serializers.CharField(), read_only=True)
    shared_themes = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    shared_regions = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = SimilarWork
        fields = [
            "id",
            "initiative",
            "title_en",
            "title_fr",
            "lead_organization",
            "score",
            "text_score",
            "shared_terms",
            "shared_themes",
            "shared_regions",
        ]
        read_only_fields = fields


class DismissSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    other = serializers.IntegerField(help_text="Id of the initiative that is not related.")


class ConnectionRequestSerializer(serializers.ModelSerializer[ConnectionRequest]):
    """A connection request. The requester's identity is never part of it."""

    class Meta:
        model = ConnectionRequest
        fields = [
            "id",
            "from_initiative",
            "to_initiative",
            "message",
            "status",
            "created",
            "decided_at",
        ]
        read_only_fields = fields


class ConnectionCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    from_initiative = serializers.IntegerField(help_text="Id of your organization's initiative.")
    to_initiative = serializers.IntegerField(help_text="Id of the initiative whose lead you ask.")
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ConnectionDecisionSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    accept = serializers.BooleanField(help_text="true to accept, false to decline.")


class ChangeProposalSerializer(serializers.ModelSerializer[ChangeProposal]):
    organization: serializers.SlugRelatedField[Organization] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = ChangeProposal
        fields = [
            "id",
            "initiative",
            "organization",
            "changes",
            "message",
            "status",
            "created",
            "decided_at",
        ]
        read_only_fields = fields


class ChangeProposalCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer[Any]):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        help_text="Your partner organization.",
    )
    changes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        help_text="New text by field name: " + ", ".join(PROPOSABLE_FIELDS) + ".",
    )
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
