"""Load the demo initiatives: one per cluster and province, and a second one in four large
provinces.

Initiatives are matched by `demo_key`, so a reload updates them in place and
saves only those whose fields changed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from initiatives.demo.records import (
    CHALLENGES_EN,
    CHALLENGES_FR,
    CLUSTERS,
    CURRENT_STATUS_EN,
    CURRENT_STATUS_FR,
    GAPS_EN,
    GAPS_FR,
    PLANS_EN,
    PLANS_FR,
    WorkCluster,
)
from initiatives.detection import rebuild_similar_work
from initiatives.models import Initiative, InitiativeStatus, IntersectionalGroup, SimilarWork
from partners.demo.base import DemoNetworkError, ProgressCallback, SectionResult
from partners.models import Organization, Region, Theme

# Provinces with enough demo organizations for a second, city-level initiative per cluster.
SECOND_INSTANCE_PROVINCES = ("ON", "QC", "BC", "AB")
STATUS_CYCLE = (
    InitiativeStatus.ACTIVE,
    InitiativeStatus.ACTIVE,
    InitiativeStatus.PLANNED,
    InitiativeStatus.COMPLETED,
    InitiativeStatus.PAUSED,
)
SECTION = "initiatives"
SIMILARITY_SECTION = "initiatives: similar work"


@dataclass(frozen=True)
class DemoInitiative:
    key: str
    cluster: WorkCluster
    province: str
    lead: Organization
    partner: Organization | None
    place_en: str
    place_fr: str
    position: int


def _text_languages(province: str, position: int) -> tuple[bool, bool]:
    """Write Quebec initiatives in French, New Brunswick ones and every fifth other in both."""
    if province == "QC":
        return False, True
    if province == "NB" or position % 5 == 0:
        return True, True
    return True, False


def demo_initiatives(
    organizations: dict[str, list[Organization]], regions: dict[str, Region]
) -> Iterator[DemoInitiative]:
    position = 0
    for cluster_index, cluster in enumerate(CLUSTERS):
        for province in cluster.provinces:
            candidates = organizations.get(province, [])
            if not candidates:
                raise DemoNetworkError(
                    f"No demo organization in {province}: load the organizations first."
                )
            preferred = [
                org for org in candidates if org.kind.slug in cluster.lead_kinds
            ] or candidates
            region = regions[f"CA-{province}"]
            instances = 2 if province in SECOND_INSTANCE_PROVINCES else 1
            for instance in range(instances):
                lead = preferred[(cluster_index + instance) % len(preferred)]
                others = [org for org in candidates if org.pk != lead.pk]
                partner = others[(cluster_index * 3 + instance) % len(others)] if others else None
                if instance == 0:
                    place_en, place_fr = region.name_en, region.name_fr
                    key = f"{cluster.key}-{province.lower()}"
                else:
                    place_en = place_fr = lead.city or region.name_en
                    key = f"{cluster.key}-{province.lower()}-2"
                yield DemoInitiative(
                    key, cluster, province, lead, partner, place_en, place_fr, position
                )
                position += 1


def initiative_values(item: DemoInitiative) -> dict[str, Any]:
    """Return the model field values of a demo initiative."""
    cluster = item.cluster
    english, french = _text_languages(item.province, item.position)

    def en(text: str) -> str:
        return text.format(place=item.place_en) if english else ""

    def fr(text: str) -> str:
        return text.format(place=item.place_fr) if french else ""

    start_year = 2023 + item.position % 3
    start = datetime.date(start_year, 1 + (item.position * 5) % 12, 1)
    status = STATUS_CYCLE[item.position % len(STATUS_CYCLE)]
    end = datetime.date(start_year + 2 + item.position % 2, start.month, 1)
    website = item.lead.website or f"https://{item.key}.example.org/"
    return {
        "title_en": en(cluster.title_en),
        "title_fr": fr(cluster.title_fr),
        "summary_en": en(cluster.summary_en),
        "summary_fr": fr(cluster.summary_fr),
        "vision_en": en(cluster.vision_en),
        "vision_fr": fr(cluster.vision_fr),
        "short_term_en": en(cluster.short_term_en),
        "short_term_fr": fr(cluster.short_term_fr),
        "medium_term_en": en("Extend the work to more communities and employers in {place}."),
        "medium_term_fr": fr("Étendre le travail à d'autres communautés et employeurs en {place}."),
        "long_term_en": en(cluster.long_term_en),
        "long_term_fr": fr(cluster.long_term_fr),
        "current_status_en": en(CURRENT_STATUS_EN),
        "current_status_fr": fr(CURRENT_STATUS_FR),
        "gaps_en": en(GAPS_EN),
        "gaps_fr": fr(GAPS_FR),
        "challenges_en": en(CHALLENGES_EN),
        "challenges_fr": fr(CHALLENGES_FR),
        "potential_plans_en": en(PLANS_EN),
        "potential_plans_fr": fr(PLANS_FR),
        "lead_organization_id": item.lead.pk,
        "kind": cluster.kind,
        "status": status,
        "start_date": start,
        "end_date": end if status == InitiativeStatus.COMPLETED or item.position % 2 else None,
        "funding_program": cluster.funding_program if item.position % 3 else "",
        "links": f"{website.rstrip('/')}/initiatives/{cluster.key}/",
        "contact_name": "Équipe du programme" if not english else "Program team",
        "contact_email": item.lead.email,
    }


def load_demo_initiatives(progress: ProgressCallback | None = None) -> SectionResult:
    """Create or update the demo initiatives, then rebuild similar-work suggestions."""
    organizations: dict[str, list[Organization]] = defaultdict(list)
    demo_organizations = (
        Organization.objects.filter(is_demo=True, province__isnull=False)
        .select_related("province", "kind")
        .order_by("hsds_id")
    )
    for organization in demo_organizations:
        organizations[organization.province.code.removeprefix("CA-")].append(organization)  # type: ignore[union-attr]
    # Every province has demo organizations, so their head offices give every region needed.
    regions: dict[str, Region] = {
        organization.province.code: organization.province
        for members in organizations.values()
        for organization in members
        if organization.province is not None
    }
    themes = {theme.number: theme.pk for theme in Theme.objects.all()}
    groups = {group.slug: group.pk for group in IntersectionalGroup.objects.all()}
    items = list(demo_initiatives(organizations, regions))
    existing = {
        initiative.demo_key: initiative
        for initiative in Initiative.objects.filter(demo_key__isnull=False).prefetch_related(
            "themes", "regions", "intersectional_groups", "partner_organizations"
        )
    }

    result = SectionResult(SECTION)
    for done, item in enumerate(items, start=1):
        values = initiative_values(item)
        relations = {
            "themes": {themes[number] for number in item.cluster.themes},
            "regions": {regions[f"CA-{item.province}"].pk},
            "intersectional_groups": {groups[slug] for slug in item.cluster.groups},
            "partner_organizations": {item.partner.pk} if item.partner else set(),
        }
        initiative = existing.get(item.key)
        if initiative is None:
            initiative = Initiative(demo_key=item.key, **values)
            initiative.save()
            changed = True
            result.created += 1
        else:
            changed_fields = [
                name for name, value in values.items() if getattr(initiative, name) != value
            ]
            for name in changed_fields:
                setattr(initiative, name, values[name])
            if changed_fields:
                initiative.save()
            changed = bool(changed_fields)
        for name, wanted in relations.items():
            current = {record.pk for record in getattr(initiative, name).all()}
            if current != wanted:
                getattr(initiative, name).set(wanted)
                changed = True
        if item.key in existing:
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if progress is not None:
            progress(SECTION, done, len(items))

    def similarity_progress(stage: str, done: int, total: int) -> None:
        if progress is not None and stage == "find similar work":
            progress(SIMILARITY_SECTION, done, total)

    # A reload that changed nothing keeps the suggestions, so it stays cheap.
    if result.created or result.updated or not SimilarWork.objects.exists():
        rebuild_similar_work(similarity_progress)
    return result
