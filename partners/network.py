"""Missing voices and "Who is at the table": which partners are present, and which are not.

Missing voices are the stakeholder kinds named in the national consultation
that have no current member in a partnership. "Who is at the table" counts
verified organizations, and the verified organizations that are current
members of at least one public partnership, by stakeholder kind, level of
government, head-office province or territory and language of service.
Every function here runs a fixed number of queries, whatever the number of
partnerships or organizations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partners.models import (
    PUBLIC_STATES,
    GovernmentLevel,
    Language,
    Organization,
    PartnershipMember,
    Region,
    StakeholderKind,
)

# Slugs of partners/data/stakeholder-kinds.csv that make up each voice.
GOVERNMENT_KINDS = frozenset({"government"})
BUSINESS_KINDS = frozenset({"business"})
LABOUR_KINDS = frozenset({"labour-union"})
EDUCATION_KINDS = frozenset({"school-board", "college", "university"})
RESEARCH_KINDS = frozenset({"research"})
INDIGENOUS_GOVERNMENT_LEVELS = frozenset(
    {GovernmentLevel.FIRST_NATIONS, GovernmentLevel.INUIT, GovernmentLevel.METIS}
)

# A cell of "Who is at the table" with at least one but fewer than this many
# organizations is marked as thin: a voice that rests on one or two partners.
THIN_CELL_BELOW = 3


@dataclass(frozen=True)
class Voice:
    """A kind of partner whose absence from a partnership is a gap."""

    key: str
    label: Promise


VOICES: tuple[Voice, ...] = (
    Voice("disability-led", _("a disability-led organization")),
    Voice("government", _("a level of government")),
    Voice("business", _("a business or employer")),
    Voice("labour", _("a labour union")),
    Voice("education", _("an educational institution")),
    Voice("research", _("a research centre or academic")),
    Voice("indigenous", _("an Indigenous partner")),
)
VOICES_BY_KEY = {voice.key: voice for voice in VOICES}


def voices_of(
    *, kind_slug: str, government_level: str, disability_led: bool, indigenous_led: bool
) -> set[str]:
    """Return the keys of VOICES that one organization brings to the table."""
    voices: set[str] = set()
    if disability_led:
        voices.add("disability-led")
    if kind_slug in GOVERNMENT_KINDS or government_level:
        voices.add("government")
    if kind_slug in BUSINESS_KINDS:
        voices.add("business")
    if kind_slug in LABOUR_KINDS:
        voices.add("labour")
    if kind_slug in EDUCATION_KINDS:
        voices.add("education")
    if kind_slug in RESEARCH_KINDS:
        voices.add("research")
    if indigenous_led or government_level in INDIGENOUS_GOVERNMENT_LEVELS:
        voices.add("indigenous")
    return voices


def missing_voices(partnership_ids: Iterable[int]) -> dict[int, list[Voice]]:
    """Map each partnership id to the voices none of its current members brings, in one query."""
    ids = list(partnership_ids)
    present: dict[int, set[str]] = {partnership_id: set() for partnership_id in ids}
    if not ids:
        return {}
    rows = (
        PartnershipMember.objects.current()
        .filter(partnership_id__in=ids)
        .order_by()
        .values_list(
            "partnership_id",
            "organization__kind__slug",
            "organization__government_level",
            "organization__disability_led",
            "organization__indigenous_led",
        )
    )
    for partnership_id, kind_slug, level, disability_led, indigenous_led in rows:
        present[partnership_id] |= voices_of(
            kind_slug=kind_slug,
            government_level=level,
            disability_led=disability_led,
            indigenous_led=indigenous_led,
        )
    return {
        partnership_id: [voice for voice in VOICES if voice.key not in keys]
        for partnership_id, keys in present.items()
    }


# ---------------------------------------------------------------------------
# "Who is at the table"
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One bar of a chart: a category and the number of organizations in it."""

    key: str
    label: str
    count: int

    @property
    def is_empty(self) -> bool:
        return self.count == 0

    @property
    def is_thin(self) -> bool:
        return 0 < self.count < THIN_CELL_BELOW


@dataclass(frozen=True)
class Breakdown:
    """Counts of one population by one dimension, every category listed, zeros included."""

    key: str
    title: Promise
    cells: list[Cell]

    @property
    def maximum(self) -> int:
        return max((cell.count for cell in self.cells), default=0)

    @property
    def empty_count(self) -> int:
        return sum(1 for cell in self.cells if cell.is_empty)

    @property
    def thin_count(self) -> int:
        return sum(1 for cell in self.cells if cell.is_thin)


@dataclass(frozen=True)
class Population:
    """One group of organizations counted four ways."""

    key: str
    title: Promise
    total: int
    breakdowns: list[Breakdown]


def verified_organizations() -> QuerySet[Organization]:
    return Organization.objects.public()


def partnership_member_organizations() -> QuerySet[Organization]:
    """Verified organizations that are current members of at least one public partnership."""
    members = PartnershipMember.objects.current().filter(partnership__state__in=PUBLIC_STATES)
    return Organization.objects.public().filter(pk__in=members.values("organization_id"))


def _counts(organizations: QuerySet[Organization], field: str) -> dict[Any, int]:
    rows = organizations.order_by().values(field).annotate(number=Count("id", distinct=True))
    return {row[field]: row["number"] for row in rows}


def _breakdowns(
    organizations: QuerySet[Organization],
    kinds: list[StakeholderKind],
    provinces: list[Region],
    languages: list[Language],
) -> list[Breakdown]:
    by_kind = _counts(organizations, "kind_id")
    by_level = _counts(organizations.exclude(government_level=""), "government_level")
    by_province = _counts(organizations, "province_id")
    by_language = _counts(organizations, "languages")
    return [
        Breakdown(
            "stakeholder-kind",
            _("By stakeholder kind"),
            [Cell(kind.slug, kind.name, by_kind.get(kind.pk, 0)) for kind in kinds],
        ),
        Breakdown(
            "government-level",
            _("Governments by level"),
            [
                Cell(str(level.value), str(level.label), by_level.get(level.value, 0))
                for level in GovernmentLevel
            ],
        ),
        Breakdown(
            "province",
            _("By head-office province or territory"),
            [Cell(region.code, region.name, by_province.get(region.pk, 0)) for region in provinces],
        ),
        Breakdown(
            "language",
            _("By language of service"),
            [
                Cell(language.code, language.name, by_language.get(language.pk, 0))
                for language in languages
            ],
        ),
    ]


def who_is_at_the_table() -> list[Population]:
    """Count verified organizations and partnership members four ways, in thirteen queries."""
    kinds = list(StakeholderKind.objects.all())
    provinces = list(Region.objects.exclude(kind=Region.Kind.NATIONAL))
    languages = list(Language.objects.all())
    populations = []
    for key, title, organizations in (
        ("verified", _("Verified organizations"), verified_organizations()),
        (
            "partnership-members",
            _("Members of public partnerships"),
            partnership_member_organizations(),
        ),
    ):
        populations.append(
            Population(
                key=key,
                title=title,
                total=organizations.count(),
                breakdowns=_breakdowns(organizations, kinds, provinces, languages),
            )
        )
    return populations
