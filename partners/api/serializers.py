"""API representations of organizations and their reference lists."""

from __future__ import annotations

from rest_framework import serializers

from partners.models import Language, Organization, Region, Sector, StakeholderKind, Theme


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


class OrganizationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    kind = StakeholderKindSerializer(read_only=True)
    sector = SectorSerializer(read_only=True, allow_null=True)
    province = RegionSerializer(read_only=True, allow_null=True)
    regions_served = RegionSerializer(many=True, read_only=True)
    languages = LanguageSerializer(many=True, read_only=True)

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
            "is_demo",
            "created",
            "updated",
        ]
        read_only_fields = fields
