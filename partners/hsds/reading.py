"""Read organizations from HSDS 3.0 data packages in CSV or JSON form."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models

from hubsite.exports import unescape_csv_value
from partners.hsds.records import (
    DESCRIPTION_EXTENSIONS,
    RESOURCE_FILES,
    HsdsAddress,
    HsdsError,
    HsdsOrganization,
    HsdsPackage,
    HsdsPhone,
    ProgressCallback,
    Source,
    plural,
)
from partners.models import Organization


def read_hsds(path: Path, progress: ProgressCallback | None = None) -> HsdsPackage:
    """Read organizations from an HSDS CSV data package folder or an HSDS JSON file.

    A path to a datapackage.json file reads the folder it is in. Raises HsdsError when
    the path is missing or the package cannot be read at all. Problems with single
    rows are returned in the package instead.
    """
    if not path.exists():
        raise HsdsError(
            f"{path} not found: give a folder that contains datapackage.json, "
            "or a JSON file with HSDS organizations."
        )
    if path.is_file() and path.name == "datapackage.json":
        path = path.parent
    if path.is_dir():
        return read_csv_package(path, progress)
    return read_json_organizations(path, progress)


def read_csv_package(folder: Path, progress: ProgressCallback | None = None) -> HsdsPackage:
    """Read organizations, locations, addresses and phones from an HSDS CSV data package.

    A location, address or phone row is reported and skipped when its reference points
    at a row that is missing or was skipped, and so is an organization row without a
    usable id. A missing parent_organization_id target is reported, but the organization
    is still read, because the directory does not store the parent. Only the references
    the importer follows are checked, so phones.service_id, for example, is not.
    """
    descriptor_path = folder / "datapackage.json"
    if not descriptor_path.is_file():
        raise HsdsError(
            f"{folder} has no datapackage.json: an HSDS CSV data package is a folder with "
            "datapackage.json and organizations.csv."
        )
    paths = _resource_paths(folder, load_json(descriptor_path))
    if not paths["organization"].is_file():
        raise HsdsError(
            f"{paths['organization']} not found: the data package has no organizations."
        )

    package = HsdsPackage()
    organizations = _read_organizations_csv(paths["organization"], package, progress)
    locations = _read_locations_csv(paths["location"], organizations, package, progress)
    _read_addresses_csv(paths["address"], locations, package, progress)
    _read_phones_csv(paths["phone"], organizations, locations, package, progress)
    return package


def load_json(path: Path) -> Any:
    """Parse a JSON file, raising HsdsError with the path when it cannot be read."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise HsdsError(f"{path} is not valid JSON: {error}.") from None
    except UnicodeDecodeError as error:
        raise HsdsError(
            f"{path} is not valid UTF-8: {error.reason} at byte {error.start}."
        ) from None
    except OSError as error:
        raise HsdsError(f"{path} could not be read: {error.strerror}.") from None


def _resource_paths(folder: Path, descriptor: Any) -> dict[str, Path]:
    """Map each HSDS resource the importer reads to its file inside `folder`.

    Resources that the descriptor does not list get their HSDS file name.
    """
    descriptor_path = folder / "datapackage.json"
    if not isinstance(descriptor, dict):
        raise HsdsError(f"{descriptor_path} is invalid: expected a JSON object.")

    relative_paths = dict(RESOURCE_FILES)
    resources = descriptor.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict) and resource.get("name") in relative_paths:
            name, relative = resource["name"], resource.get("path")
            if not isinstance(relative, str) or "://" in relative:
                raise HsdsError(
                    f"{descriptor_path}: resource {name!r} must have the path of a local "
                    f"file, not {relative!r}."
                )
            relative_paths[name] = relative

    root = folder.resolve()
    paths = {}
    for name, relative in relative_paths.items():
        path = (folder / relative).resolve()
        if not path.is_relative_to(root):
            raise HsdsError(
                f"{descriptor_path}: resource {name!r} has the path {relative!r}, which is "
                "outside the data package folder."
            )
        paths[name] = path
    return paths


def _read_table(
    path: Path, required: Iterable[str], progress: ProgressCallback | None
) -> tuple[list[str], list[tuple[Source, dict[str, str]]]]:
    """Return the columns and the rows of a CSV file, with values stripped and unescaped.

    The file may start with a UTF-8 byte order mark. A cell that an export escaped with
    a leading apostrophe (see hubsite.exports) gets its original value back.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = columns
            missing = [name for name in required if name not in columns]
            if missing:
                raise HsdsError(f"{path} is invalid: the column {', '.join(missing)} is missing.")
            rows = [
                (Source(path.name, number), _clean_row(row))
                for number, row in enumerate(reader, start=2)
            ]
    except UnicodeDecodeError as error:
        raise HsdsError(
            f"{path} is not valid UTF-8: {error.reason} at byte {error.start}."
        ) from None
    except csv.Error as error:
        raise HsdsError(f"{path} is not valid CSV: {error}.") from None
    except OSError as error:
        raise HsdsError(f"{path} could not be read: {error.strerror}.") from None

    if progress:
        progress(f"Reading {path.name}: {plural(len(rows), 'row')}")
    return columns, rows


def _clean_row(row: dict[str | None, Any]) -> dict[str, str]:
    # DictReader puts surplus cells under the key None and fills missing cells with None.
    return {
        key: clean_text(unescape_csv_value(value))
        for key, value in row.items()
        if key is not None and isinstance(value, str)
    }


def max_length(field_name: str) -> int:
    """Return the max_length of an Organization text field."""
    model_field = Organization._meta.get_field(field_name)
    assert isinstance(model_field, models.Field)
    return model_field.max_length or 0


def clean_text(value: str) -> str:
    """Strip surrounding white space and remove NUL characters, which PostgreSQL cannot store."""
    return value.replace("\x00", "").strip()


def _read_organizations_csv(
    path: Path, package: HsdsPackage, progress: ProgressCallback | None
) -> _Organizations:
    """Read organization rows and return the ids seen."""
    columns, rows = _read_table(path, ("id", "name"), progress)
    package.rows_read[path.name] += len(rows)

    organizations = _Organizations(file_name=path.name)
    for source, row in rows:
        record = HsdsOrganization(
            source=source,
            id=row.get("id", ""),
            name=row.get("name", ""),
            alternate_name=row.get("alternate_name", ""),
            description=row.get("description", ""),
            email=row.get("email", ""),
            website=row.get("website", ""),
            parent_organization_id=row.get("parent_organization_id", ""),
            descriptions={
                code: row.get(column, "")
                for code, column in DESCRIPTION_EXTENSIONS.items()
                if column in columns
            },
        )
        _add_organization(record, organizations, package)

    _check_parents(organizations, package)
    return organizations


def _add_organization(
    record: HsdsOrganization, organizations: _Organizations, package: HsdsPackage
) -> None:
    id_limit = max_length("hsds_id")
    if not record.id:
        package.skip(record.source, "id", "is empty")
    elif len(record.id) > id_limit:
        package.skip(record.source, "id", f"is longer than {id_limit} characters")
    elif record.id in organizations.by_id:
        package.skip(record.source, "id", f"{record.id!r} is a duplicate of an earlier row")
    else:
        organizations.by_id[record.id] = record
        package.organizations.append(record)


def _check_parents(organizations: _Organizations, package: HsdsPackage) -> None:
    for record in package.organizations:
        parent = record.parent_organization_id
        if parent and parent not in organizations.by_id:
            package.ignore(
                record.source,
                "parent_organization_id",
                f"no organization with id {parent!r} in {organizations.file_name}; "
                "reference ignored.",
            )


@dataclass
class _Organizations:
    """Organization ids of a package, mapped to None for rows that were skipped."""

    file_name: str
    by_id: dict[str, HsdsOrganization | None] = field(default_factory=dict)


@dataclass
class _Locations:
    """Location ids of a CSV package, grouped by what became of their row."""

    file_name: str
    owners: dict[str, HsdsOrganization] = field(default_factory=dict)
    skipped: dict[str, Source] = field(default_factory=dict)
    unlinked: set[str] = field(default_factory=set)


def _read_locations_csv(
    path: Path,
    organizations: _Organizations,
    package: HsdsPackage,
    progress: ProgressCallback | None,
) -> _Locations:
    locations = _Locations(file_name=path.name)
    if not path.is_file():
        return locations
    _, rows = _read_table(path, ("id", "organization_id"), progress)
    package.rows_read[path.name] += len(rows)

    for source, row in rows:
        location_id, organization_id = row["id"], row["organization_id"]
        if not location_id:
            package.skip(source, "id", "is empty")
        elif not organization_id:
            # HSDS allows locations that only services refer to.
            locations.unlinked.add(location_id)
        else:
            owner = _find_organization(organizations, organization_id, source, package)
            if owner is None:
                locations.skipped[location_id] = source
            else:
                locations.owners[location_id] = owner
    return locations


def _find_organization(
    organizations: _Organizations, organization_id: str, source: Source, package: HsdsPackage
) -> HsdsOrganization | None:
    """Return the organization a row refers to, or report the row as skipped."""
    if organization_id not in organizations.by_id:
        package.skip(
            source,
            "organization_id",
            f"no organization with id {organization_id!r} in {organizations.file_name}",
        )
        return None
    record = organizations.by_id[organization_id]
    if record is None:
        package.skip(source, "organization_id", f"organization {organization_id!r} was skipped")
    return record


def _find_location(
    locations: _Locations, location_id: str, source: Source, package: HsdsPackage
) -> HsdsOrganization | None:
    """Return the organization that owns a location, or report the row if there is none.

    Rows of a location that belongs to no organization are left out without a report.
    """
    if location_id in locations.owners:
        return locations.owners[location_id]
    if location_id in locations.skipped:
        skipped_at = locations.skipped[location_id]
        package.skip(source, "location_id", f"location {location_id!r} ({skipped_at}) was skipped")
    elif location_id not in locations.unlinked:
        package.skip(
            source, "location_id", f"no location with id {location_id!r} in {locations.file_name}"
        )
    return None


def _read_addresses_csv(
    path: Path,
    locations: _Locations,
    package: HsdsPackage,
    progress: ProgressCallback | None,
) -> None:
    if not path.is_file():
        return
    _, rows = _read_table(path, ("location_id",), progress)
    package.rows_read[path.name] += len(rows)

    for source, row in rows:
        location_id = row["location_id"]
        owner = _find_location(locations, location_id, source, package) if location_id else None
        if owner is not None:
            owner.addresses.append(
                HsdsAddress(
                    source=source,
                    field_prefix="",
                    city=row.get("city", ""),
                    state_province=row.get("state_province", ""),
                    country=row.get("country", ""),
                    address_type=row.get("address_type", ""),
                )
            )


def _read_phones_csv(
    path: Path,
    organizations: _Organizations,
    locations: _Locations,
    package: HsdsPackage,
    progress: ProgressCallback | None,
) -> None:
    """Attach phone rows to organizations, directly or through one of their locations.

    Phones that belong only to services, contacts or unlinked locations are left out
    without a report.
    """
    if not path.is_file():
        return
    _, rows = _read_table(path, ("number",), progress)
    package.rows_read[path.name] += len(rows)

    for source, row in rows:
        phone = HsdsPhone(source, "number", phone_number(row["number"], row.get("extension", "")))
        organization_id, location_id = row.get("organization_id", ""), row.get("location_id", "")
        if organization_id:
            owner = _find_organization(organizations, organization_id, source, package)
            if owner is not None and phone.number:
                owner.phones.append(phone)
        elif location_id:
            owner = _find_location(locations, location_id, source, package)
            if owner is not None and phone.number:
                owner.location_phones.append(phone)


def phone_number(number: str, extension: str) -> str:
    """Join a phone number and its extension, removing quotes around the number."""
    # Some publishers wrap numbers in literal double quotes so that spreadsheets keep the
    # "+", as the HSDS 3.0 examples do.
    if len(number) >= 2 and number[0] == number[-1] == '"':
        number = number[1:-1].strip()
    if number and extension:
        return f"{number} ext. {extension}"
    return number


def read_json_organizations(path: Path, progress: ProgressCallback | None = None) -> HsdsPackage:
    """Read organizations from an HSDS JSON file.

    The file contains a JSON array of organizations, a paginated list with the array in
    "contents" (as the HSDS API returns it), or a single organization object. Phones and
    locations with addresses come from the nested arrays of each organization.
    """
    data = load_json(path)
    package = HsdsPackage()
    items = _json_organization_items(data, path, package)
    package.rows_read[path.name] += len(items)
    if progress:
        progress(f"Reading {path.name}: {plural(len(items), 'organization')}")

    organizations = _Organizations(file_name=path.name)
    for number, item in enumerate(items, start=1):
        source = Source(path.name, number, "item")
        if isinstance(item, dict):
            _add_organization(
                _JsonReader(source, package).organization(item), organizations, package
            )
        else:
            package.skip(source, "(item)", "expected a JSON object")

    _check_parents(organizations, package)
    return package


def _json_organization_items(data: Any, path: Path, package: HsdsPackage) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        pages, page = data.get("total_pages"), data.get("page_number")
        if isinstance(pages, int) and isinstance(page, int) and pages > 1:
            package.notices.append(
                f"{path.name} is page {page} of {pages} of a paginated list: "
                "only the organizations on this page are imported."
            )
        return list(data["contents"])
    if isinstance(data, dict) and "id" in data and "name" in data:
        return [data]
    raise HsdsError(
        f"{path} is not an HSDS organization list: expected a JSON array of organizations, "
        'an object with a "contents" array, or one organization object.'
    )


class _JsonReader:
    """Reader of one JSON organization object that reports values of the wrong JSON type."""

    def __init__(self, source: Source, package: HsdsPackage) -> None:
        self.source = source
        self.package = package

    def organization(self, item: dict[str, Any]) -> HsdsOrganization:
        record = HsdsOrganization(
            source=self.source,
            id=self.text(item, "id"),
            name=self.text(item, "name"),
            alternate_name=self.text(item, "alternate_name"),
            description=self.text(item, "description"),
            email=self.text(item, "email"),
            website=self.text(item, "website"),
            parent_organization_id=self.text(item, "parent_organization_id"),
            descriptions={
                code: self.text(item, key)
                for code, key in DESCRIPTION_EXTENSIONS.items()
                if key in item
            },
        )
        record.phones = self.phones(item, "")
        for location, location_prefix in self.objects(item, "locations", ""):
            record.location_phones += self.phones(location, location_prefix)
            for address, prefix in self.objects(location, "addresses", location_prefix):
                record.addresses.append(
                    HsdsAddress(
                        source=self.source,
                        field_prefix=prefix,
                        city=self.text(address, "city", prefix),
                        state_province=self.text(address, "state_province", prefix),
                        country=self.text(address, "country", prefix),
                        address_type=self.text(address, "address_type", prefix),
                    )
                )
        return record

    def phones(self, parent: dict[str, Any], prefix: str) -> list[HsdsPhone]:
        phones = []
        for phone, phone_prefix in self.objects(parent, "phones", prefix):
            number = self.text(phone, "number", phone_prefix)
            extension = self.text(phone, "extension", phone_prefix)
            if number:
                phones.append(
                    HsdsPhone(self.source, phone_prefix + "number", phone_number(number, extension))
                )
        return phones

    def objects(
        self, parent: dict[str, Any], key: str, prefix: str
    ) -> Iterator[tuple[dict[str, Any], str]]:
        """Yield the objects of a nested array with their path, such as "locations[0]."."""
        value = parent.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.package.ignore(self.source, prefix + key, "expected a JSON array; value ignored.")
            return
        for index, item in enumerate(value):
            path = f"{prefix}{key}[{index}]"
            if isinstance(item, dict):
                yield item, path + "."
            else:
                self.package.ignore(self.source, path, "expected a JSON object; value ignored.")

    def text(self, obj: dict[str, Any], key: str, prefix: str = "") -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            # HSDS gives some values, such as a phone extension, as JSON numbers.
            return str(int(value)) if float(value).is_integer() else str(value)
        self.package.ignore(self.source, prefix + key, "expected a string; value ignored.")
        return ""
