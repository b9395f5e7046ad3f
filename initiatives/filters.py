"""The initiative directory's search and filters, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativeKind, InitiativeStatus, IntersectionalGroup
from initiatives.programs import is_funding_program
from partners.filters import RegionCodeFilter, SearchInput
from partners.models import Region, StakeholderKind, Theme


class FundingProgramField(forms.CharField):
    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value:
            value = value.strip().upper()
            if not is_funding_program(value):
                raise ValidationError(
                    _("%(code)s is not a code of the Government of Canada program inventory."),
                    params={"code": value},
                    code="invalid",
                )
        return value


class FundingProgramFilter(django_filters.CharFilter):
    field_class = FundingProgramField


class InitiativeFilterSet(django_filters.FilterSet):
    """Search text and filters of the initiative directory.

    An invalid value is an error on its parameter.
    """

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        widget=SearchInput(attrs={"maxlength": 200}),
        help_text=_("Title, summary or vision. Accents and capitals are ignored."),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="number",
        label=_("Theme"),
        empty_label=_("Any theme"),
    )
    region = RegionCodeFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region covered"),
        empty_label=_("Any region"),
    )
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        choices=InitiativeKind.choices, label=_("Kind of initiative"), empty_label=_("Any kind")
    )
    group = django_filters.ModelChoiceFilter(
        field_name="intersectional_groups",
        queryset=IntersectionalGroup.objects.all(),
        to_field_name="slug",
        label=_("Intersectionality"),
        empty_label=_("Any group"),
    )
    lead_kind = django_filters.ModelChoiceFilter(
        field_name="lead_organization__kind",
        queryset=StakeholderKind.objects.all(),
        to_field_name="slug",
        label=_("Kind of lead organization"),
        empty_label=_("Any kind"),
    )
    funding_program = FundingProgramFilter(
        label=_("Funding program code"),
        max_length=10,
        help_text=_("A Government of Canada program inventory code, such as BGO04."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("sort_title", "title"), ("start_date", "start"), ("created", "created")),
        field_labels={
            "sort_title": _("Title"),
            "-title": _("Title (Z to A)"),
            "start": _("Starting first"),
            "-start": _("Starting last"),
            "created": _("Oldest first"),
            "-created": _("Newest first"),
        },
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Initiative
        fields = [
            "search",
            "theme",
            "region",
            "status",
            "kind",
            "group",
            "lead_kind",
            "funding_program",
        ]

    def filter_search(self, queryset: QuerySet[Initiative], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_queryset(self, queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        queryset = super().filter_queryset(queryset)
        # Filters on many-to-many fields join rows, so duplicates are removed,
        # and a unique tie-breaker keeps pages stable when titles are equal.
        ordering = list(queryset.query.order_by) or ["sort_title"]
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        return queryset.distinct().order_by(*ordering)
