"""Write the public directory as an HSDS 3.0 data package."""

from __future__ import annotations

import copy
import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hubsite.exports import SafeDictWriter
from partners.hsds.records import DESCRIPTION_EXTENSIONS, LANGUAGES, RESOURCE_FILES, HsdsError
from partners.models import Organization

logger = logging.getLogger(__name__)

HSDS_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "hsds"

# Namespace of the uuid5 ids given to organizations exported without an HSDS id, and to
# the phone, location and address rows derived from each organization. Changing it
# changes every id in later exports.
HSDS_ID_NAMESPACE = uuid.UUID("ebd05eb5-ba6a-429f-ab38-5df0f854a176")

# Required HSDS fields that the directory cannot always fill: it stores no street address
# or postal code, and a city, province or description may be empty. The exported
# datapackage.json drops "required" from these, so that it describes the files truthfully.
UNFILLED_REQUIRED_FIELDS = {
    "organization": {"description"},
    "address": {"address_1", "city", "state_province", "postal_code"},
}


@dataclass
class ExportResult:
    """The folder an export wrote to, its files and how many organizations they contain."""

    folder: Path
    files: list[str]
    organization_count: int


def export_hsds(
    folder: Path, *, language: str = "en", license_name: str | None = None
) -> ExportResult:
    """Write the public directory to `folder` as an HSDS 3.0 data package.

    Writes organizations.csv, locations.csv, addresses.csv and phones.csv, a
    datapackage.json that describes them, and organizations.json with the same
    organizations as HSDS organization objects. Only public (verified) organizations are
    written. Organizations without an HSDS id get a uuid5 of their slug, saved so that
    later exports keep it. The HSDS description contains the text in `language`, or the
    other language's text when that one is empty. CSV cells that a spreadsheet would run
    as a formula get a leading apostrophe, and the JSON file keeps values as they are.
    `license_name`, an Open Definition licence id such as "OGL-Canada-2.0", goes into
    datapackage.json. Raises HsdsError if the folder cannot be written.
    """
    if language not in LANGUAGES:
        raise HsdsError(f"The language {language!r} is invalid: use one of {', '.join(LANGUAGES)}.")
    if folder.exists() and not folder.is_dir():
        raise HsdsError(f"{folder} is a file: give a folder for the data package.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HsdsError(f"{folder} could not be created: {error.strerror}.") from None

    organizations = _public_organizations_with_ids()
    tables = _export_tables(organizations, language)
    resources = _hsds_resources()
    descriptor = _export_descriptor(resources, language, license_name)

    written = []
    try:
        for name, rows in tables.items():
            resource = resources[name]
            _write_csv(folder / resource["path"], _export_columns(resource), rows)
            written.append(resource["path"])
        _write_json(folder / "organizations.json", _export_objects(organizations, language))
        written.append("organizations.json")
        _write_json(folder / "datapackage.json", descriptor)
        written.append("datapackage.json")
    except OSError as error:
        raise HsdsError(f"Writing to {folder} failed: {error.strerror}.") from None

    logger.info("HSDS export wrote %d organizations to %s", len(organizations), folder)
    return ExportResult(folder=folder, files=written, organization_count=len(organizations))


def stable_hsds_id(organization: Organization) -> str:
    """Return the HSDS id for an organization that has none: a uuid5 of its slug."""
    return str(uuid.uuid5(HSDS_ID_NAMESPACE, f"organization/{organization.slug}"))


def _public_organizations_with_ids() -> list[Organization]:
    """Fetch the public organizations, saving a stable HSDS id on those that have none.

    Takes one query to read. New ids are saved with a bulk update, which takes one
    more query on PostgreSQL and one per 333 organizations on SQLite (Django 5.2 batch
    size). It changes neither the `updated` time nor the history, since the content
    itself does not change.
    """
    organizations = list(Organization.objects.public().select_related("province"))
    without_id = [organization for organization in organizations if not organization.hsds_id]
    for organization in without_id:
        organization.hsds_id = stable_hsds_id(organization)
    if without_id:
        try:
            with transaction.atomic():
                Organization.objects.bulk_update(without_id, ["hsds_id"])
        except IntegrityError as error:
            # Possible only if an imported organization already has the uuid5 of another
            # organization's slug, for example after importing an export of another site.
            raise HsdsError(
                f"Saving new HSDS ids failed ({error}). Give the organizations without an "
                "HSDS id one by hand, or remove the duplicate, and export again."
            ) from None
    return organizations


def _child_id(organization: Organization, table: str) -> str:
    return str(uuid.uuid5(HSDS_ID_NAMESPACE, f"{table}/{organization.hsds_id}"))


def _description(organization: Organization, language: str) -> str:
    texts = {"en": organization.description_en, "fr": organization.description_fr}
    other = "fr" if language == "en" else "en"
    return texts[language] or texts[other]


def _export_tables(
    organizations: list[Organization], language: str
) -> dict[str, list[dict[str, str]]]:
    """Build the rows of each exported HSDS table, keyed by resource name."""
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in RESOURCE_FILES}
    for organization in organizations:
        tables["organization"].append(
            {
                "id": organization.hsds_id or "",
                "name": organization.name,
                "alternate_name": organization.alternate_name,
                "description": _description(organization, language),
                "email": organization.email,
                "website": organization.website,
                DESCRIPTION_EXTENSIONS["en"]: organization.description_en,
                DESCRIPTION_EXTENSIONS["fr"]: organization.description_fr,
            }
        )
        if organization.phone:
            tables["phone"].append(_phone_row(organization))
        if organization.city or organization.province:
            location = _location_row(organization)
            tables["location"].append(location)
            tables["address"].append(_address_row(organization, location["id"]))
    return tables


def _phone_row(organization: Organization) -> dict[str, str]:
    return {
        "id": _child_id(organization, "phone"),
        "organization_id": organization.hsds_id or "",
        "number": organization.phone,
    }


def _location_row(organization: Organization) -> dict[str, str]:
    return {
        "id": _child_id(organization, "location"),
        "location_type": "physical",
        "organization_id": organization.hsds_id or "",
    }


def _address_row(organization: Organization, location_id: str) -> dict[str, str]:
    # NOTE: HSDS requires address_1 and postal_code, but the directory stores only the
    # head-office city and province, so both are empty strings.
    return {
        "id": _child_id(organization, "address"),
        "location_id": location_id,
        "address_1": "",
        "city": organization.city,
        "state_province": organization.province.short_code if organization.province else "",
        "postal_code": "",
        "country": "CA",
        "address_type": "physical",
    }


def _export_objects(organizations: list[Organization], language: str) -> list[dict[str, Any]]:
    """Build HSDS organization objects with nested phones and locations.

    Empty optional values are left out, because the schema's "email" and "uri" formats
    reject empty strings.
    """
    objects = []
    for organization in organizations:
        item: dict[str, Any] = {
            "id": organization.hsds_id,
            "name": organization.name,
            "description": _description(organization, language),
        }
        for key in ("alternate_name", "email", "website"):
            if getattr(organization, key):
                item[key] = getattr(organization, key)
        item[DESCRIPTION_EXTENSIONS["en"]] = organization.description_en
        item[DESCRIPTION_EXTENSIONS["fr"]] = organization.description_fr
        item["phones"] = [_phone_row(organization)] if organization.phone else []
        item["locations"] = []
        if organization.city or organization.province:
            location: dict[str, Any] = _location_row(organization)
            location["addresses"] = [_address_row(organization, location["id"])]
            item["locations"].append(location)
        objects.append(item)
    return objects


def _hsds_resources() -> dict[str, dict[str, Any]]:
    """Load the HSDS 3.0 descriptors of the exported tables from partners/data/hsds/."""
    with (HSDS_DATA_DIR / "datapackage.json").open(encoding="utf-8") as handle:
        descriptor = json.load(handle)
    return {
        resource["name"]: resource
        for resource in descriptor["resources"]
        if resource["name"] in RESOURCE_FILES
    }


def _export_columns(resource: dict[str, Any]) -> list[str]:
    columns = [column["name"] for column in resource["schema"]["fields"]]
    if resource["name"] == "organization":
        columns.extend(DESCRIPTION_EXTENSIONS.values())
    return columns


def _export_descriptor(
    resources: dict[str, dict[str, Any]], language: str, license_name: str | None
) -> dict[str, Any]:
    """Build the datapackage.json that describes the exported CSV files.

    organizations.json is not listed, because every resource of a tabular data package
    must be a table, and nested organization objects are not one.
    """
    exported = []
    for name in RESOURCE_FILES:
        resource = copy.deepcopy(resources[name])
        resource["encoding"] = "utf-8"
        fields = resource["schema"]["fields"]
        for column in fields:
            if column["name"] in UNFILLED_REQUIRED_FIELDS.get(name, set()):
                column.setdefault("constraints", {})["required"] = False
        if name == "organization":
            fields.extend(_description_extension_fields())
        exported.append(resource)

    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "partnership-network-hub",
        "title": "Partnership Network Hub: public directory of partner organizations",
        "description": (
            "Organizations of the public directory in Open Referral HSDS 3.0 format. "
            f"The description field contains the text in language {language!r}, or the other "
            "official language's text when that one is empty. The extension columns "
            "description_en and description_fr contain each language. organizations.json "
            "contains the same organizations as HSDS organization objects. CSV cells that "
            "begin with =, +, -, @, a tab or a carriage return have an added leading "
            "apostrophe, so that spreadsheets do not run them as formulas."
        ),
        "created": timezone.now().isoformat(timespec="seconds"),
        "resources": exported,
    }
    if license_name:
        descriptor["licenses"] = [{"name": license_name}]
    return descriptor


def _description_extension_fields() -> list[dict[str, str]]:
    return [
        {
            "name": column,
            "type": "string",
            "title": f"Description ({code})",
            "description": (
                f"Extension to HSDS: the description in the language {code!r} (ISO 639-1). "
                "May be empty."
            ),
        }
        for code, column in DESCRIPTION_EXTENSIONS.items()
    ]


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = SafeDictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


def _write_json(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
