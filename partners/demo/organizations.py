"""The organizations section of the demo network: defaults, then loading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from partners.demo.base import DemoNetworkError, ProgressCallback, SectionResult, demo_hsds_id
from partners.demo.organization_records import (
    DESCRIPTION_TEMPLATES,
    DemoOrganization,
    demo_organizations,
)
from partners.models import (
    Language,
    Organization,
    Region,
    Sector,
    StakeholderKind,
    VerificationStatus,
)

# Mailbox names for the default public email, in English and in French.
MAILBOXES = {
    "employment-service-provider": ("jobs", "emploi"),
    "funder": ("grants", "subventions"),
    "government": ("inclusion", "inclusion"),
}

# Phone area codes: one per province or territory, and the local one where a
# city has its own.
PROVINCE_AREA_CODES = {
    "NL": "709",
    "PE": "902",
    "NS": "902",
    "NB": "506",
    "QC": "514",
    "ON": "416",
    "MB": "204",
    "SK": "306",
    "AB": "780",
    "BC": "604",
    "YT": "867",
    "NT": "867",
    "NU": "867",
}
CITY_AREA_CODES = {
    "Québec": "418",
    "Lévis": "418",
    "Rimouski": "418",
    "Sept-Îles": "418",
    "Gatineau": "819",
    "Sherbrooke": "819",
    "Trois-Rivières": "819",
    "Kuujjuaq": "819",
    "Rivière-aux-Érables": "819",
    "Laval": "450",
    "Saint-Jean-sur-Richelieu": "450",
    "Ottawa": "613",
    "Kingston": "613",
    "Sudbury": "705",
    "Thunder Bay": "807",
    "London": "519",
    "Waterloo": "519",
    "Hamilton": "905",
    "Calgary": "403",
    "Red Deer": "403",
    "Lethbridge": "403",
    "Banff": "403",
    "Victoria": "250",
    "Kelowna": "250",
    "Prince George": "250",
    "Nelson": "250",
    "Red Cedar": "250",
}

# Quebec organizations are described in French, New Brunswick ones (an
# officially bilingual province) in both languages, the others in English.
DEFAULT_DESCRIPTION_LANGUAGES = {"QC": "fr", "NB": "both"}
DEFAULT_SERVICE_LANGUAGES = {"QC": ("fr",), "NB": ("en", "fr")}


def region_code(code: str) -> str:
    """Return the Region.code for a two-letter province code, or "CA" for the whole country."""
    return code if code == "CA" else f"CA-{code}"


def service_languages(record: DemoOrganization) -> tuple[str, ...]:
    return record.languages or DEFAULT_SERVICE_LANGUAGES.get(record.province, ("en",))


def regions_served(record: DemoOrganization) -> tuple[str, ...]:
    return tuple(region_code(code) for code in record.regions or (record.province,))


def organization_fields(record: DemoOrganization, position: int, variant: int) -> dict[str, str]:
    """Return the descriptions and contact details of a record, with defaults filled in.

    `position` is the record's index in load order and numbers its phone line.
    `variant` is its index among records of the same kind and picks its
    description template. Inserting a record into the tables therefore shifts
    the defaults of some records after it, and the next load updates those.
    """
    description_en = record.description_en
    description_fr = record.description_fr
    if not description_en and not description_fr:
        described_in = record.described_in or DEFAULT_DESCRIPTION_LANGUAGES.get(
            record.province, "en"
        )
        english, french = DESCRIPTION_TEMPLATES[record.kind]
        if described_in in ("en", "both"):
            description_en = english[variant % len(english)].format(city=record.city)
        if described_in in ("fr", "both"):
            description_fr = french[variant % len(french)].format(city=record.city)

    french_first = service_languages(record)[0] == "fr"
    top_level = "example.net" if record.province in ("QC", "NB") else "example.org"
    host = f"{record.key}.{top_level}"
    scheme = "http" if record.insecure_website else "https"
    english_mailbox, french_mailbox = MAILBOXES.get(record.kind, ("info", "info"))
    area_code = CITY_AREA_CODES.get(record.city, PROVINCE_AREA_CODES[record.province])

    return {
        "description_en": description_en,
        "description_fr": description_fr,
        "website": f"{scheme}://{host}/",
        "email": f"{french_mailbox if french_first else english_mailbox}@{host}",
        # 555-0100 to 555-0199 are the numbers reserved for fictional use in North America.
        "phone": f"{area_code}-555-{100 + position % 100:04d}",
    }


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


# The error for missing reference data names at most this many codes.
MISSING_CODES_SHOWN = 5


@dataclass(frozen=True)
class ReferenceIds:
    """Primary keys of the reference rows that demo records point to, by code."""

    kinds: dict[str, int]
    regions: dict[str, int]
    sectors: dict[str, int]
    languages: dict[str, int]

    @classmethod
    def load(cls, records: Iterable[DemoOrganization]) -> ReferenceIds:
        """Read the primary keys of the reference rows by code.

        Raises DemoNetworkError, naming the first missing codes, when the records
        use a kind, region, sector or language that the reference tables lack.
        """
        ids = cls(
            kinds=dict(StakeholderKind.objects.values_list("slug", "pk")),
            regions=dict(Region.objects.values_list("code", "pk")),
            sectors=dict(Sector.objects.values_list("code", "pk")),
            languages=dict(Language.objects.values_list("code", "pk")),
        )

        missing: set[str] = set()
        for record in records:
            if record.kind not in ids.kinds:
                missing.add(f"stakeholder kind {record.kind}")
            for code in (region_code(record.province), *regions_served(record)):
                if code not in ids.regions:
                    missing.add(f"region {code}")
            if record.sector and record.sector not in ids.sectors:
                missing.add(f"sector {record.sector}")
            for code in service_languages(record):
                if code not in ids.languages:
                    missing.add(f"language {code}")
        if missing:
            listed = sorted(missing)
            shown = ", ".join(listed[:MISSING_CODES_SHOWN])
            if len(listed) > MISSING_CODES_SHOWN:
                shown += f" and {len(listed) - MISSING_CODES_SHOWN} more"
            raise DemoNetworkError(
                f"Reference data is missing ({shown}): run `manage.py load_reference_data` first."
            )

        return ids


def organization_values(
    record: DemoOrganization, position: int, variant: int, ids: ReferenceIds
) -> dict[str, object]:
    """Return the model field values of a record, keyed by attribute name (`kind_id` for FKs)."""
    return {
        "hsds_id": demo_hsds_id(record.key),
        "is_demo": True,
        "verification_status": VerificationStatus.VERIFIED,
        "name": record.name,
        "alternate_name": record.alternate_name,
        "kind_id": ids.kinds[record.kind],
        "government_level": record.government_level,
        "size_band": record.size_band,
        "unionized": record.unionized,
        "sector_id": ids.sectors[record.sector] if record.sector else None,
        "city": record.city,
        "province_id": ids.regions[region_code(record.province)],
        "other_languages": record.other_languages,
        "indigenous_led": record.indigenous_led,
        **organization_fields(record, position, variant),
    }


def update_organization(
    organization: Organization,
    values: dict[str, object],
    region_ids: set[int],
    language_ids: set[int],
) -> bool:
    """Bring an existing demo organization in line with its record and return whether it changed.

    Only changed records are saved, so a repeated load adds no history entries.
    The slug is kept, so the organization's URL stays the same.
    """
    changed_fields = [
        name for name, value in values.items() if getattr(organization, name) != value
    ]
    for name in changed_fields:
        setattr(organization, name, values[name])
    if changed_fields:
        organization.save()

    # The caller prefetched both relations, so these sets cost no query.
    current_regions = {region.pk for region in organization.regions_served.all()}
    current_languages = {language.pk for language in organization.languages.all()}
    if current_regions != region_ids:
        organization.regions_served.set(region_ids)
    if current_languages != language_ids:
        organization.languages.set(language_ids)

    return (
        bool(changed_fields) or current_regions != region_ids or current_languages != language_ids
    )


@dataclass
class NewOrganization:
    """An organization to insert, with the primary keys of its regions and languages."""

    organization: Organization
    region_ids: set[int]
    language_ids: set[int]


def next_free_slug(base: str, taken_slugs: set[str]) -> str:
    """Return `base` or the first free `base-2`, `base-3`..., numbered as in unique_slug()."""
    if base not in taken_slugs:
        return base
    number = 2
    while f"{base}-{number}" in taken_slugs:
        number += 1
    return f"{base}-{number}"


def create_organizations(new: list[NewOrganization]) -> None:
    """Insert organizations, their regions and languages, and their first history entries.

    bulk_create needs a few queries per table, where Organization.save() and two
    set() calls take about twenty queries per organization. bulk_create sends no
    signals, so this function writes the history rows itself. Each organization
    gets one "+" entry with the regions and languages it starts with, stored in
    the tables that django-simple-history 3.13 uses for the snapshot of each
    many-to-many field (`<history model>.<field name>.model`).
    """
    if not new:
        return

    organizations = Organization.objects.bulk_create([item.organization for item in new])
    region_link = Organization.regions_served.through
    language_link = Organization.languages.through
    region_links = region_link.objects.bulk_create(
        region_link(organization_id=organization.pk, region_id=region_id)
        for organization, item in zip(organizations, new, strict=True)
        for region_id in sorted(item.region_ids)
    )
    language_links = language_link.objects.bulk_create(
        language_link(organization_id=organization.pk, language_id=language_id)
        for organization, item in zip(organizations, new, strict=True)
        for language_id in sorted(item.language_ids)
    )

    history_model = Organization.history.model
    history_rows = Organization.history.bulk_history_create(organizations)
    history_by_organization = {row.id: row for row in history_rows}
    for field_name, links in (("regions_served", region_links), ("languages", language_links)):
        snapshot_model = getattr(history_model, field_name).model
        snapshot_model.objects.bulk_create(
            snapshot_model(
                history=history_by_organization[link.organization_id],
                **{field.attname: getattr(link, field.attname) for field in link._meta.fields},
            )
            for link in links
        )


def load_demo_organizations(progress: ProgressCallback | None = None) -> SectionResult:
    """Create the demo organizations that are missing and update the others in place.

    Records are matched by HSDS id. A new organization gets the next free slug
    for its name in load order, so organizations that share a name get
    numbered slugs, and an existing one keeps its slug.
    """
    records = demo_organizations()
    ids = ReferenceIds.load(records)
    existing = {
        organization.hsds_id: organization
        for organization in Organization.objects.filter(
            hsds_id__in=[demo_hsds_id(record.key) for record in records]
        ).prefetch_related("regions_served", "languages")
    }
    foreign = sorted(str(hsds_id) for hsds_id, org in existing.items() if not org.is_demo)
    if foreign:
        raise DemoNetworkError(
            f"Organizations that are not demo records use demo HSDS ids ({', '.join(foreign)}): "
            "change their hsds_id before loading the demo network."
        )
    taken_slugs = set(Organization.objects.order_by().values_list("slug", flat=True))

    result = SectionResult("organizations")
    new: list[NewOrganization] = []
    variants: Counter[str] = Counter()
    for position, record in enumerate(records):
        values = organization_values(record, position, variants[record.kind], ids)
        variants[record.kind] += 1
        region_ids = {ids.regions[code] for code in regions_served(record)}
        language_ids = {ids.languages[code] for code in service_languages(record)}

        organization = existing.get(demo_hsds_id(record.key))
        if organization is None:
            organization = Organization(**values)
            organization.refresh_search_fields()
            organization.slug = next_free_slug(organization.base_slug(), taken_slugs)
            taken_slugs.add(organization.slug)
            new.append(NewOrganization(organization, region_ids, language_ids))
            result.created += 1
        elif update_organization(organization, values, region_ids, language_ids):
            result.updated += 1
        else:
            result.unchanged += 1

        if progress is not None:
            progress(result.name, position + 1, len(records))

    create_organizations(new)
    return result
