"""Serializers of the metrics API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from metrics.models import Baseline, Disaggregation, Indicator, Report, ReportValue
from metrics.validation import ValueInput
from partners.models import Organization, Region, Theme

# Maximum length of an indicator definition, in characters.
DEFINITION_MAX_LENGTH = 10_000


class BaselineSerializer(serializers.ModelSerializer[Baseline]):
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)

    class Meta:
        model = Baseline
        fields = [
            "value",
            "label_en",
            "label_fr",
            "reference_year",
            "region",
            "source_en",
            "source_fr",
            "source_url",
        ]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    themes = serializers.SlugRelatedField[Theme](slug_field="number", many=True, read_only=True)
    baselines = BaselineSerializer(many=True, read_only=True)
    disaggregations = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_en",
            "name_fr",
            "definition_en",
            "definition_fr",
            "unit",
            "direction",
            "disaggregations",
            "measures_people",
            "source_en",
            "source_fr",
            "source_url",
            "themes",
            "is_reference",
            "sdg_code",
            "retired",
            "baselines",
        ]


class IndicatorWriteSerializer(serializers.ModelSerializer[Indicator]):
    """The fields coordinators set when they add or change an indicator; the code never changes."""

    themes = serializers.SlugRelatedField[Theme](
        slug_field="number", many=True, queryset=Theme.objects.all(), required=False
    )
    disaggregations = serializers.ListField(
        child=serializers.ChoiceField(choices=Disaggregation.choices), required=False
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_en",
            "name_fr",
            "definition_en",
            "definition_fr",
            "unit",
            "direction",
            "disaggregations",
            "measures_people",
            "source_en",
            "source_fr",
            "source_url",
            "themes",
            "retired",
        ]
        # The model's TextField has no limit; a definition is a paragraph or two.
        extra_kwargs = {
            "definition_en": {"max_length": DEFINITION_MAX_LENGTH},
            "definition_fr": {"max_length": DEFINITION_MAX_LENGTH},
        }

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("An indicator's code cannot change."))
        return value

    def validate_unit(self, value: str) -> str:
        if (
            self.instance is not None
            and value != self.instance.unit
            and self.instance.values.exists()
        ):
            raise serializers.ValidationError(
                _("This indicator has reported values, so its unit cannot change.")
            )
        return value


class ReportValueSerializer(serializers.ModelSerializer[ReportValue]):
    indicator = serializers.SlugRelatedField[Indicator](slug_field="code", read_only=True)

    class Meta:
        model = ReportValue
        fields = ["indicator", "disaggregation", "category", "value", "people", "note"]


class ReportSerializer(serializers.ModelSerializer[Report]):
    organization = serializers.SlugRelatedField[Organization](slug_field="slug", read_only=True)
    values = ReportValueSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "organization",
            "initiative",
            "partnership",
            "quarter",
            "revision",
            "state",
            "is_counted",
            "return_comment",
            "submitted_at",
            "decided_at",
            "created",
            "updated",
            "values",
        ]
        read_only_fields = fields


class ValueInputSerializer(serializers.Serializer[Any]):
    """One value to save. Validation against the indicator happens in metrics.validation."""

    indicator = serializers.CharField(max_length=40, help_text="The indicator's code.")
    disaggregation = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, coerce_to_string=False)
    people = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    unit = serializers.CharField(
        max_length=10,
        required=False,
        allow_blank=True,
        default="",
        help_text="Checked against the indicator's unit when given.",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReportValuesWriteSerializer(serializers.Serializer[Any]):
    """The values that replace every value of the report."""

    values = ValueInputSerializer(many=True)

    def value_inputs(self) -> list[ValueInput]:
        return [
            ValueInput(
                indicator_code=item["indicator"],
                value=item["value"],
                people=item["people"],
                disaggregation=item["disaggregation"],
                category=item["category"],
                unit=item["unit"],
                note=item["note"],
                row=index,
            )
            for index, item in enumerate(self.validated_data["values"])
        ]


class ReportCreateSerializer(ReportValuesWriteSerializer):
    """Open (or find) the organization's report for an initiative or partnership and quarter."""

    organization = serializers.SlugField(help_text="The reporting organization's slug.")
    initiative = serializers.IntegerField(required=False, allow_null=True, default=None)
    partnership = serializers.IntegerField(required=False, allow_null=True, default=None)
    quarter = serializers.CharField(max_length=6, help_text="A quarter such as 2026Q1.")
    values = ValueInputSerializer(many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("initiative") is None) == (attrs.get("partnership") is None):
            raise serializers.ValidationError(
                {"initiative": [_("Give either an initiative or a partnership.")]}
            )
        return attrs


class AdoptionSerializer(serializers.Serializer[Any]):
    """The initiative or the partnership that adopts the indicator: exactly one of them."""

    initiative = serializers.IntegerField(required=False, allow_null=True, default=None)
    partnership = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("initiative") is None) == (attrs.get("partnership") is None):
            raise serializers.ValidationError(
                {"initiative": [_("Give either an initiative or a partnership.")]}
            )
        return attrs


class ReturnSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(max_length=2000)


class ResultSerializer(serializers.Serializer[Any]):
    """One cell of the network results. Hidden cells have null figures and `suppressed` true."""

    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    unit = serializers.CharField()
    quarter = serializers.CharField()
    dimension = serializers.CharField(help_text="total, province, theme or kind.")
    group = serializers.CharField(
        help_text="Empty for the total; else a region code, theme number or kind slug."
    )
    group_name = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, coerce_to_string=False
    )
    people = serializers.IntegerField(allow_null=True)
    organizations = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    baseline = serializers.DecimalField(
        max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False
    )
    baseline_source = serializers.CharField()


class ResultsResponseSerializer(serializers.Serializer[Any]):
    quarters = serializers.ListField(
        child=serializers.CharField(), help_text="The quarters covered, oldest first."
    )
    results = ResultSerializer(many=True)
