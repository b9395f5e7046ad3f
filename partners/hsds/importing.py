"""Create or update directory organizations from HSDS records."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction

from hubsite.search import fold
from partners.hsds.reading import max_length, read_hsds
from partners.hsds.records import (
    DESCRIPTION_EXTENSIONS,
    LANGUAGES,
    RESOURCE_FILES,
    HsdsError,
    HsdsOrganization,
    HsdsPackage,
    Problem,
    ProgressCallback,
    Source,
    plural,
)
from partners.models import Organization, Region, StakeholderKind, VerificationStatus
from partners.models.organizations import website_validator

logger = logging.getLogger(__name__)

CANADA = {"ca", "can", "canada"}
PROGRESS_EVERY = 100


@dataclass
class ImportResult:
    """Counts and problems of one import run."""

    package: HsdsPackage
    organizations_file: str
    created: int = 0
    updated: int = 0

    @property
    def problems(self) -> list[Problem]:
        return self.package.problems

    @property
    def notices(self) -> list[str]:
        return self.package.notices

    def summary_lines(self) -> list[str]:
        """Describe the run in one line per file, the organizations file first."""
        skipped = self.package.rows_skipped
        lines = [
            f"{self.organizations_file}: {self.created} created, {self.updated} updated, "
            f"{skipped[self.organizations_file]} skipped"
        ]
        for file_name, count in self.package.rows_read.items():
            if file_name != self.organizations_file:
                read = plural(count, "row")
                lines.append(f"{file_name}: {read} read, {skipped[file_name]} skipped")
        return lines


def import_hsds(
    path: Path,
    *,
    kind: StakeholderKind,
    language: str = "en",
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Create or update organizations from an HSDS 3.0 CSV data package or JSON file.

    Organizations are matched on `Organization.hsds_id`, so running the same import
    again updates them. Each organization is saved in its own transaction. The HSDS
    description goes to the description field of `language`, unless the row carries the
    description_en or description_fr extension field for that language. New
    organizations get `kind` and are verified. Existing ones keep their kind and
    verification status, which curators may have changed since the last import.
    Raises HsdsError if the package cannot be read at all.
    """
    if language not in LANGUAGES:
        raise HsdsError(f"The language {language!r} is invalid: use one of {', '.join(LANGUAGES)}.")
    logger.info("HSDS import started from %s", path)
    package = read_hsds(path, progress)
    regions = _region_lookup()
    # The organizations file is always read first.
    organizations_file = next(iter(package.rows_read), RESOURCE_FILES["organization"])
    result = ImportResult(package=package, organizations_file=organizations_file)

    total = len(package.organizations)
    for done, record in enumerate(package.organizations, start=1):
        fields = _organization_fields(record, language, regions, package)
        if fields is not None:
            _save_organization(record, fields, kind, result)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(f"Importing {record.source.file}: {done}/{total}")

    logger.info(
        "HSDS import from %s finished: %d created, %d updated, %d rows skipped, %d problems",
        path,
        result.created,
        result.updated,
        package.rows_skipped.total(),
        len(package.problems),
    )
    return result


def _save_organization(
    record: HsdsOrganization, fields: dict[str, Any], kind: StakeholderKind, result: ImportResult
) -> None:
    try:
        with transaction.atomic():
            _, created = Organization.objects.update_or_create(
                hsds_id=record.id,
                defaults=fields,
                create_defaults={
                    **fields,
                    "kind": kind,
                    "verification_status": VerificationStatus.VERIFIED,
                },
            )
    except IntegrityError as error:
        logger.exception("HSDS import: saving %s with hsds_id %r failed", record.source, record.id)
        result.package.skip(record.source, "id", f"saving failed ({error})")
        return

    if created:
        result.created += 1
    else:
        result.updated += 1


def _organization_fields(
    record: HsdsOrganization, language: str, regions: dict[str, Region], package: HsdsPackage
) -> dict[str, Any] | None:
    """Return the Organization fields for `record`, or None if the row cannot be imported.

    Invalid optional values are reported and left empty.
    """
    name_limit = max_length("name")
    if not record.name:
        package.skip(record.source, "name", "is empty")
        return None
    if len(record.name) > name_limit:
        package.skip(record.source, "name", f"is longer than {name_limit} characters")
        return None

    source = record.source
    fields: dict[str, Any] = {
        "name": record.name,
        "alternate_name": _checked(source, "alternate_name", record.alternate_name, package),
        "email": _checked(source, "email", record.email, package, EmailValidator()),
        "website": _checked(source, "website", record.website, package, website_validator),
        DESCRIPTION_EXTENSIONS[language]: record.description,
    }
    for code, description in record.descriptions.items():
        fields[DESCRIPTION_EXTENSIONS[code]] = description

    phones = record.phones + record.location_phones
    fields["phone"] = (
        _checked(phones[0].source, phones[0].field, phones[0].number, package, limit_of="phone")
        if phones
        else ""
    )
    fields["city"], fields["province"] = _head_office(record, regions, package)
    return fields


def _checked(
    source: Source,
    field_name: str,
    value: str,
    package: HsdsPackage,
    validator: Callable[[str], None] | None = None,
    limit_of: str | None = None,
) -> str:
    """Return `value` if it fits its Organization field, else report it and return "".

    `limit_of` names the Organization field whose max_length applies when `field_name`
    is the HSDS field, such as "number" for the phone.
    """
    if not value:
        return ""
    limit = max_length(limit_of or field_name)
    if len(value) > limit:
        package.ignore(source, field_name, f"is longer than {limit} characters; left empty.")
        return ""
    if validator is None:
        return value
    try:
        validator(value)
    except ValidationError:
        reason = " (only http and https URLs are accepted)" if field_name == "website" else ""
        package.ignore(source, field_name, f"{value!r} is invalid{reason}; left empty.")
        return ""
    return value


def _head_office(
    record: HsdsOrganization, regions: dict[str, Region], package: HsdsPackage
) -> tuple[str, Region | None]:
    """Return the city and province of the organization's first address in Canada.

    A physical address is preferred to a postal or virtual one. Addresses in other
    countries are ignored without a report, since the directory stores only Canadian
    head offices.
    """
    canadian = [address for address in record.addresses if region_key(address.country) in CANADA]
    if not canadian:
        return "", None
    physical = [address for address in canadian if address.address_type == "physical"]
    address = (physical or canadian)[0]

    city_field = address.field_prefix + "city"
    city = _checked(address.source, city_field, address.city, package, limit_of="city")
    if not address.state_province:
        return city, None
    province = regions.get(region_key(address.state_province))
    if province is None:
        package.ignore(
            address.source,
            address.field_prefix + "state_province",
            f"{address.state_province!r} is not a Canadian province or territory; left empty.",
        )
    return city, province


def region_key(text: str) -> str:
    """Return a region name or code folded to ASCII letters and digits: "Québec" gives "quebec"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _region_lookup() -> dict[str, Region]:
    """Map ISO codes, two-letter codes, names and abbreviations to provinces and territories."""
    regions = list(Region.objects.exclude(kind=Region.Kind.NATIONAL))
    lookup: dict[str, Region] = {}
    # Later attributes overwrite earlier ones, so that the code "NT" (Northwest
    # Territories) wins over "Nt", the French abbreviation of Nunavut.
    attributes = ("abbreviation_en", "abbreviation_fr", "name_en", "name_fr", "short_code", "code")
    for attribute in attributes:
        for region in regions:
            key = region_key(getattr(region, attribute))
            if key:
                lookup[key] = region
    return lookup
