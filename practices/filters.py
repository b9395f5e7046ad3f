"""Search and filters of the practices library and the evidence-gap list, for pages and API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partners.filters import RegionCodeFilter, SearchInput
from partners.models import Region, Sector, StakeholderKind, Theme
from practices.models import EvidenceGap, Practice, PracticeKind


class StableOrderingMixin:
    """Add the id as the last sort key, so pages stay stable when sort values tie."""

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("-id")
        return queryset.order_by(*ordering)


class PracticeFilterSet(StableOrderingMixin, django_filters.FilterSet):
    """Search text and filters of the library. An invalid value is an error on its parameter."""

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        widget=SearchInput(attrs={"maxlength": 200}),
        help_text=_("Words in the title, summary or text. Accents and capitals are ignored."),
    )
    kind = django_filters.ChoiceFilter(
        choices=PracticeKind.choices, label=_("Kind"), empty_label=_("Any kind")
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=_("Theme"),
        empty_label=_("Any theme"),
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="code",
        label=_("Sector (NAICS 2022)"),
        empty_label=_("Any sector"),
    )
    region = RegionCodeFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        empty_label=_("Any region"),
    )
    stakeholder_kind = django_filters.ModelChoiceFilter(
        field_name="stakeholder_kinds",
        queryset=StakeholderKind.objects.all(),
        to_field_name="slug",
        label=_("Kind of stakeholder involved"),
        empty_label=_("Any kind of stakeholder"),
    )

    class Meta:
        model = Practice
        fields = ["search", "kind", "theme", "sector", "region", "stakeholder_kind"]

    def filter_search(self, queryset: QuerySet[Practice], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]


class EvidenceGapFilterSet(StableOrderingMixin, django_filters.FilterSet):
    """Search and filters of the evidence gaps, sorted by how many people need the answer."""

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        widget=SearchInput(attrs={"maxlength": 200}),
        help_text=_("Words in the question or its context. Accents and capitals are ignored."),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=_("Theme"),
        empty_label=_("Any theme"),
    )
    region = RegionCodeFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        empty_label=_("Any region"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("need_count", "need"), ("published_at", "recorded")),
        field_labels={
            "-need": _("Most needed first"),
            "need": _("Least needed first"),
            "-recorded": _("Newest first"),
            "recorded": _("Oldest first"),
        },
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = EvidenceGap
        fields = ["search", "theme", "region"]

    def filter_search(self, queryset: QuerySet[EvidenceGap], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]
