"""The directory's search and filters, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partners.models import Language, Organization, Region, Sector, StakeholderKind


class RegionCodeField(forms.ModelChoiceField):
    """Accept a region by ISO code in any case, with or without the "CA-" prefix."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            code = value.strip().upper()
            if code not in {"CA", "NATIONAL"} and not code.startswith("CA-"):
                code = f"CA-{code}"
            value = "CA" if code == "NATIONAL" else code
        return super().to_python(value)


class SearchInput(forms.TextInput):
    input_type = "search"


class RegionCodeFilter(django_filters.ModelChoiceFilter):
    field_class = RegionCodeField


class OrganizationFilterSet(django_filters.FilterSet):
    """Search text and filters of the directory. An invalid value is an error on its parameter."""

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        widget=SearchInput(attrs={"maxlength": 200}),
        help_text=_("Name, description or city. Accents and capitals are ignored."),
    )
    kind = django_filters.ModelChoiceFilter(
        queryset=StakeholderKind.objects.all(),
        to_field_name="slug",
        label=_("Kind of organization"),
        empty_label=_("Any kind"),
    )
    province = RegionCodeFilter(
        queryset=Region.objects.exclude(kind=Region.Kind.NATIONAL),
        to_field_name="code",
        label=_("Head office in"),
        empty_label=_("Any province or territory"),
    )
    region = RegionCodeFilter(
        field_name="regions_served",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Serves"),
        empty_label=_("Any region"),
    )
    language = django_filters.ModelChoiceFilter(
        field_name="languages",
        queryset=Language.objects.all(),
        to_field_name="code",
        label=_("Language of service"),
        empty_label=_("Any language"),
    )
    indigenous_led = django_filters.ChoiceFilter(
        method="filter_indigenous_led",
        label=_("Indigenous-led"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        empty_label=_("Any"),
    )
    disability_led = django_filters.ChoiceFilter(
        method="filter_disability_led",
        label=_("Disability-led"),
        choices=[("true", _("Yes")), ("false", _("No"))],
        empty_label=_("Any"),
        help_text=_(
            "People with lived experience of disability hold more than half of the seats "
            "of the governing body, as declared by the organization."
        ),
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="code",
        label=_("Sector (NAICS 2022)"),
        empty_label=_("Any sector"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("sort_name", "name"), ("created", "created")),
        field_labels={
            "sort_name": _("Name"),
            "-name": _("Name (Z to A)"),
            "created": _("Oldest first"),
            "-created": _("Newest first"),
        },
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Organization
        fields = [
            "search",
            "kind",
            "province",
            "region",
            "language",
            "indigenous_led",
            "disability_led",
            "sector",
        ]

    def filter_search(self, queryset: QuerySet[Organization], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_indigenous_led(
        self, queryset: QuerySet[Organization], name: str, value: str
    ) -> QuerySet[Organization]:
        return queryset.filter(indigenous_led=value == "true")

    def filter_disability_led(
        self, queryset: QuerySet[Organization], name: str, value: str
    ) -> QuerySet[Organization]:
        return queryset.filter(disability_led=value == "true")

    def filter_queryset(self, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        queryset = super().filter_queryset(queryset)
        # A unique tie-breaker keeps pages stable when names or times are equal.
        ordering = list(queryset.query.order_by) or ["sort_name"]
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        return queryset.order_by(*ordering)
