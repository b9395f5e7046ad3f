"""The fictional demo network that `manage.py load_demo` loads.

The network loads section by section, in one transaction. A section is a
function that takes an optional progress callback, creates or updates its
records and returns a SectionResult. To add one (for example demo initiatives),
write it in a module of this package and append it to DEMO_SECTIONS; another
app lists its loader's dotted path in settings.HUB_DEMO_SECTIONS.

Records are written out by hand in partners.demo.organization_records, so every
load gives the same records and slugs. Each record's HSDS id is a UUID derived
from its demo key, because HSDS requires UUIDs for ids, and a later load finds
the record by that id and updates it in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from partners.demo.accounts import load_demo_accounts, load_demo_declarations
from partners.demo.base import DemoNetworkError, ProgressCallback, SectionResult
from partners.demo.organizations import load_demo_organizations
from partners.models import Organization, Region, StakeholderKind

__all__ = [
    "DEMO_SECTIONS",
    "DemoNetworkError",
    "DemoSummary",
    "ProgressCallback",
    "SectionResult",
    "load_demo_network",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoSummary:
    """The outcome of a load: counts per section and the coverage of the demo directory."""

    sections: list[SectionResult]
    organizations: int
    provinces_covered: int
    provinces_total: int
    kinds_covered: int
    kinds_total: int

    @property
    def created(self) -> int:
        return sum(section.created for section in self.sections)

    @property
    def updated(self) -> int:
        return sum(section.updated for section in self.sections)

    @property
    def unchanged(self) -> int:
        return sum(section.unchanged for section in self.sections)


# The sections of the demo network in load order. A later section may refer to
# records of an earlier one.
DEMO_SECTIONS: tuple[Callable[[ProgressCallback | None], SectionResult], ...] = (
    load_demo_organizations,
    load_demo_declarations,
    load_demo_accounts,
)


def demo_sections() -> list[Callable[[ProgressCallback | None], SectionResult]]:
    """This package's sections, then those other apps list in settings.HUB_DEMO_SECTIONS.

    Other apps build on partners, so partners names their loaders in settings
    rather than importing them.
    """
    return [
        *DEMO_SECTIONS,
        *(import_string(path) for path in getattr(settings, "HUB_DEMO_SECTIONS", ())),
    ]


def load_demo_network(progress: ProgressCallback | None = None) -> DemoSummary:
    """Create or update the fictional demo network in one transaction and summarize the result.

    Raises DemoNetworkError, before writing anything, when reference data is
    missing or a non-demo organization uses a demo HSDS id.
    """
    logger.info("Loading the demo network")
    with transaction.atomic():
        sections = [load_section(progress) for load_section in demo_sections()]

    demo = Organization.objects.filter(is_demo=True).order_by()
    summary = DemoSummary(
        sections=sections,
        organizations=demo.count(),
        provinces_covered=demo.exclude(province=None).values("province").distinct().count(),
        provinces_total=Region.objects.exclude(kind=Region.Kind.NATIONAL).count(),
        kinds_covered=demo.values("kind").distinct().count(),
        kinds_total=StakeholderKind.objects.count(),
    )
    logger.info(
        "Loaded the demo network: %d created, %d updated, %d unchanged",
        summary.created,
        summary.updated,
        summary.unchanged,
    )
    return summary
