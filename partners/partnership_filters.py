"""Search and filters of the partnership directory, shared by the page and the API.

The filter set narrows a queryset that already holds only the partnerships
the requester may see (PartnershipQuerySet.visible_to), so a filter on a
related field can never reveal a hidden partnership. The member-kind filter
looks only at organizations that accepted: an invitation that is still open
or was declined is not public.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from partners.filters import RegionCodeFilter, SearchInput
from partners.models import (
    BenefitArea,
    Partnership,
    PartnershipMember,
    PartnershipState,
    Region,
    StakeholderKind,
    Theme,
)


class PartnershipFilterSet(django_filters.FilterSet):
    """Search text and filters of the partnership directory. An invalid value is an error on it."""

    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        max_length=200,
        widget=SearchInput(attrs={"maxlength": 200}),
        help_text=_("Name or purpose. Accents and capitals are ignored."),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.order_by("number"),
        to_field_name="number",
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
    state = django_filters.ChoiceFilter(
        choices=PartnershipState.choices,
        label=_("State"),
        empty_label=_("Any state"),
    )
    benefit_area = django_filters.ModelChoiceFilter(
        field_name="benefit_areas",
        queryset=BenefitArea.objects.all(),
        to_field_name="slug",
        label=_("Common-benefit area"),
        empty_label=_("Any area"),
    )
    member_kind = django_filters.ModelChoiceFilter(
        method="filter_member_kind",
        queryset=StakeholderKind.objects.all(),
        to_field_name="slug",
        label=_("Has a member of kind"),
        empty_label=_("Any kind"),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("sort_name", "name"), ("state_changed_at", "changed")),
        field_labels={
            "sort_name": _("Name"),
            "-name": _("Name (Z to A)"),
            "changed": _("Oldest change first"),
            "-changed": _("Latest change first"),
        },
        label=_("Sort by"),
        empty_label=None,
    )

    class Meta:
        model = Partnership
        fields = ["search", "theme", "region", "state", "benefit_area", "member_kind"]

    def filter_search(self, queryset: QuerySet[Partnership], name: str, value: str) -> Any:
        return queryset.search(value)  # type: ignore[attr-defined]

    def filter_member_kind(
        self, queryset: QuerySet[Partnership], name: str, value: StakeholderKind
    ) -> QuerySet[Partnership]:
        members = PartnershipMember.objects.current().filter(
            partnership=OuterRef("pk"), organization__kind=value
        )
        return queryset.filter(Exists(members))

    def filter_queryset(self, queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
        # Filters on many-to-many fields join, so one partnership could be
        # listed once per matching row; each filter matches one value, but
        # distinct() keeps counts right if a filter ever takes several.
        queryset = super().filter_queryset(queryset).distinct()
        ordering = list(queryset.query.order_by) or ["sort_name"]
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        return queryset.order_by(*ordering)
