"""Open Referral HSDS 3.0 import and export: official examples, bad rows, schemas, round trips."""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import Callable
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hubsite.exports import safe_csv_value, unescape_csv_value
from partners.hsds import stable_hsds_id
from partners.models import Organization, Region, StakeholderKind, VerificationStatus

pytestmark = pytest.mark.django_db

HSDS_DATA = Path(__file__).resolve().parents[1] / "data" / "hsds"
EXAMPLE_CSV = HSDS_DATA / "csv"
EXAMPLE_LIST = HSDS_DATA / "json" / "organization_list.json"
EXAMPLE_FULL = HSDS_DATA / "json" / "organization_full.json"
EXAMPLE_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"

SYLLABICS = "ᐃᓄᒃᑎᑐᑦ"
RESOURCE_NAMES = {
    "organizations.csv": "organization",
    "locations.csv": "location",
    "addresses.csv": "address",
    "phones.csv": "phone",
}

MakeOrganization = Callable[..., Organization]


def run_import(path: Path, *options: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("import_hsds", str(path), *options, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def run_export(path: Path, *options: str) -> str:
    stdout = StringIO()
    call_command("export_hsds", str(path), *options, stdout=stdout)
    return stdout.getvalue()


def new_id() -> str:
    return str(uuid.uuid4())


def write_package(
    folder: Path, tables: dict[str, list[dict[str, str]]], *, bom: bool = False
) -> Path:
    """Write a CSV data package with one file per table and a minimal datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, rows in tables.items():
        columns = list(dict.fromkeys(column for row in rows for column in row))
        encoding = "utf-8-sig" if bom else "utf-8"
        with (folder / file_name).open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
    resources = [{"name": RESOURCE_NAMES[name], "path": name} for name in tables]
    descriptor = {"profile": "tabular-data-package", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def organization_row(**values: str) -> dict[str, str]:
    row = {"id": new_id(), "name": "Inclusive Jobs Collective", "description": "Job coaching."}
    row.update(values)
    return row


def package_with_address(
    folder: Path, state_province: str, country: str = "CA", city: str = "Montréal"
) -> Path:
    organization = organization_row()
    location = {"id": new_id(), "location_type": "physical", "organization_id": organization["id"]}
    address = {
        "id": new_id(),
        "location_id": location["id"],
        "address_1": "1 rue Principale",
        "city": city,
        "state_province": state_province,
        "postal_code": "H2X 1Y4",
        "country": country,
        "address_type": "physical",
    }
    tables = {
        "organizations.csv": [organization],
        "locations.csv": [location],
        "addresses.csv": [address],
    }
    return write_package(folder, tables)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def schema_registry() -> Registry[Any]:
    """Register every modular HSDS schema under its file name, as their "$ref" values use.

    The registry has no retrieve function, so an unknown reference fails instead of
    being fetched over the network.
    """
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in sorted((HSDS_DATA / "schema").glob("*.json"))
    ]
    return Registry().with_resources(resources)


@cache
def validator(relative_path: str) -> Draft202012Validator:
    schema = json.loads((HSDS_DATA / "schema" / relative_path).read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=schema_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(relative_path: str, instance: Any) -> list[str]:
    return [error.message for error in validator(relative_path).iter_errors(instance)]


@pytest.fixture
def quebec(reference_data: None) -> Region:
    return Region.objects.get(code="CA-QC")


@pytest.fixture
def nunavut(reference_data: None) -> Region:
    return Region.objects.get(code="CA-NU")


# Official examples


def test_official_csv_example_creates_organization(reference_data: None) -> None:
    run_import(EXAMPLE_CSV)

    organization = Organization.objects.get()
    assert organization.hsds_id == EXAMPLE_ID
    assert organization.name == "Example Organization Inc."
    assert organization.alternate_name == "Example Org"
    assert organization.description_en.startswith("Example Org is a non-profit organization")
    assert organization.description_fr == ""
    assert organization.email == "email@example.com"
    assert organization.website == "http://example.com"
    assert organization.phone == "+44 1234 234567 ext. 100"
    assert organization.kind.slug == "community-organization"
    assert organization.verification_status == VerificationStatus.VERIFIED


def test_official_csv_example_reports_dangling_rows(reference_data: None) -> None:
    _, stderr = run_import(EXAMPLE_CSV)

    assert (
        "organizations.csv row 2, parent_organization_id: no organization with id "
        "'cd09a387-91f4-4555-94ec-e799c35344cd' in organizations.csv; reference ignored."
    ) in stderr
    assert (
        "locations.csv row 2, organization_id: no organization with id "
        "'985e4a42-bd9f-4edc-911d-0243a4640aca' in organizations.csv; row skipped."
    ) in stderr
    assert (
        "addresses.csv row 2, location_id: location '3a19ff88-4620-4d17-9830-ac1d859eb5d5' "
        "(locations.csv row 2) was skipped; row skipped."
    ) in stderr


def test_official_csv_example_prints_summary(reference_data: None) -> None:
    stdout, _ = run_import(EXAMPLE_CSV)

    assert "Reading locations.csv: 1 row" in stdout
    assert "Importing organizations.csv: 1/1" in stdout
    assert "organizations.csv: 1 created, 0 updated, 0 skipped" in stdout
    assert "locations.csv: 1 row read, 1 skipped" in stdout
    assert "addresses.csv: 1 row read, 1 skipped" in stdout
    assert "phones.csv: 1 row read, 0 skipped" in stdout


def test_official_json_list_example_imports(reference_data: None) -> None:
    stdout, stderr = run_import(EXAMPLE_LIST)

    organization = Organization.objects.get()
    assert organization.hsds_id == EXAMPLE_ID
    assert organization.name == "Example Organization Inc."
    assert organization.alternate_name == "Example Org"
    assert organization.website == "http://example.com"
    assert "organization_list.json: 1 created, 0 updated, 0 skipped" in stdout
    assert "organization_list.json is page 1 of 10" in stderr
    assert "organization_list.json item 1, parent_organization_id:" in stderr


def test_official_json_full_example_imports(reference_data: None) -> None:
    run_import(EXAMPLE_FULL)

    organization = Organization.objects.get()
    assert organization.phone == "+44 1234 234567 ext. 100"
    assert organization.website == "http://example.com"
    # The example's only address is in the United States.
    assert organization.city == ""
    assert organization.province is None


def test_bare_json_array_imports(reference_data: None, tmp_path: Path) -> None:
    path = tmp_path / "organizations.json"
    items = [{"id": new_id(), "name": f"Organization {n}", "description": "x"} for n in range(3)]
    path.write_text(json.dumps(items), encoding="utf-8")

    stdout, _ = run_import(path)

    assert Organization.objects.count() == 3
    assert "organizations.json: 3 created, 0 updated, 0 skipped" in stdout


# Repeated imports


def test_second_import_updates_instead_of_creating(reference_data: None) -> None:
    run_import(EXAMPLE_CSV)
    stdout, _ = run_import(EXAMPLE_CSV)

    assert Organization.objects.count() == 1
    assert "organizations.csv: 0 created, 1 updated, 0 skipped" in stdout


def test_second_import_applies_changed_values(reference_data: None, tmp_path: Path) -> None:
    row = organization_row(name="Old name", email="old@example.org")
    write_package(tmp_path / "first", {"organizations.csv": [row]})
    write_package(
        tmp_path / "second", {"organizations.csv": [{**row, "name": "New name", "email": ""}]}
    )

    run_import(tmp_path / "first")
    run_import(tmp_path / "second")

    organization = Organization.objects.get()
    assert organization.name == "New name"
    assert organization.email == ""


def test_second_import_keeps_curated_kind_and_status(reference_data: None) -> None:
    run_import(EXAMPLE_CSV)
    Organization.objects.update(
        kind=StakeholderKind.objects.get(slug="funder"),
        verification_status=VerificationStatus.ARCHIVED,
    )

    run_import(EXAMPLE_CSV, "--kind", "business")

    organization = Organization.objects.get()
    assert organization.kind.slug == "funder"
    assert organization.verification_status == VerificationStatus.ARCHIVED


# Values


def test_import_keeps_accents_and_syllabics(
    reference_data: None, tmp_path: Path, nunavut: Region
) -> None:
    organization = organization_row(
        name=f"{SYLLABICS} Inuit Employment Centre",
        alternate_name="Centre d'emploi inuit de l'Île",
        description="ᐅᖃᐅᓯᖅ and café, Œuvre, naïve",
    )
    location = {"id": new_id(), "location_type": "physical", "organization_id": organization["id"]}
    address = {
        "id": new_id(),
        "location_id": location["id"],
        "city": "Iqaluit ᐃᖃᓗᐃᑦ",
        "state_province": "NU",
        "country": "CA",
        "address_type": "physical",
    }
    tables = {
        "organizations.csv": [organization],
        "locations.csv": [location],
        "addresses.csv": [address],
    }
    write_package(tmp_path, tables, bom=True)

    run_import(tmp_path)

    saved = Organization.objects.get()
    assert saved.hsds_id == organization["id"]
    assert saved.name == f"{SYLLABICS} Inuit Employment Centre"
    assert saved.alternate_name == "Centre d'emploi inuit de l'Île"
    assert saved.description_en == "ᐅᖃᐅᓯᖅ and café, Œuvre, naïve"
    assert saved.city == "Iqaluit ᐃᖃᓗᐃᑦ"
    assert saved.province == nunavut


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "ftp://example.com/", "example.com", "http://", "not a url"],
)
def test_invalid_website_left_empty(reference_data: None, tmp_path: Path, website: str) -> None:
    row = organization_row(website=website)
    write_package(tmp_path, {"organizations.csv": [row]})

    _, stderr = run_import(tmp_path)

    organization = Organization.objects.get()
    assert organization.website == ""
    assert organization.name == row["name"]
    assert f"organizations.csv row 2, website: {website!r} is invalid" in stderr
    assert "left empty" in stderr


def test_invalid_email_left_empty(reference_data: None, tmp_path: Path) -> None:
    write_package(tmp_path, {"organizations.csv": [organization_row(email="info@")]})

    _, stderr = run_import(tmp_path)

    assert Organization.objects.get().email == ""
    assert "organizations.csv row 2, email: 'info@' is invalid; left empty." in stderr


def test_too_long_phone_left_empty(reference_data: None, tmp_path: Path) -> None:
    organization = organization_row()
    phone = {"id": new_id(), "organization_id": organization["id"], "number": "1" * 60}
    write_package(tmp_path, {"organizations.csv": [organization], "phones.csv": [phone]})

    _, stderr = run_import(tmp_path)

    assert Organization.objects.get().phone == ""
    assert "phones.csv row 2, number: is longer than 50 characters; left empty." in stderr


@pytest.mark.parametrize("state_province", ["QC", "qc", "Quebec", "Québec", "CA-QC", "Qc", "Que."])
def test_province_spellings_map_to_region(
    reference_data: None, tmp_path: Path, quebec: Region, state_province: str
) -> None:
    package_with_address(tmp_path, state_province)

    run_import(tmp_path)

    organization = Organization.objects.get()
    assert organization.province == quebec
    assert organization.city == "Montréal"


def test_code_nt_beats_nunavut_abbreviation(reference_data: None, tmp_path: Path) -> None:
    package_with_address(tmp_path, "NT", city="Yellowknife")

    run_import(tmp_path)

    assert Organization.objects.get().province == Region.objects.get(code="CA-NT")


def test_unknown_province_is_reported(reference_data: None, tmp_path: Path) -> None:
    package_with_address(tmp_path, "MyState")

    _, stderr = run_import(tmp_path)

    organization = Organization.objects.get()
    assert organization.province is None
    assert organization.city == "Montréal"
    assert (
        "addresses.csv row 2, state_province: 'MyState' is not a Canadian province or "
        "territory; left empty."
    ) in stderr


def test_address_outside_canada_is_ignored(reference_data: None, tmp_path: Path) -> None:
    package_with_address(tmp_path, "NY", country="US", city="Buffalo")

    _, stderr = run_import(tmp_path)

    organization = Organization.objects.get()
    assert organization.city == ""
    assert organization.province is None
    assert stderr == ""


def test_language_option_fills_french_description(reference_data: None, tmp_path: Path) -> None:
    write_package(tmp_path, {"organizations.csv": [organization_row(description="Emploi.")]})

    run_import(tmp_path, "--language", "fr")

    organization = Organization.objects.get()
    assert organization.description_fr == "Emploi."
    assert organization.description_en == ""


def test_phone_of_missing_organization_is_skipped(reference_data: None, tmp_path: Path) -> None:
    organization = organization_row()
    phones = [
        {"id": new_id(), "organization_id": new_id(), "number": "613-555-0199"},
        {"id": new_id(), "organization_id": organization["id"], "number": "613-555-0100"},
    ]
    write_package(tmp_path, {"organizations.csv": [organization], "phones.csv": phones})

    stdout, stderr = run_import(tmp_path)

    assert Organization.objects.get().phone == "613-555-0100"
    assert "phones.csv row 2, organization_id: no organization with id" in stderr
    assert "phones.csv: 2 rows read, 1 skipped" in stdout


def test_rows_without_id_or_name_are_skipped(reference_data: None, tmp_path: Path) -> None:
    duplicate = organization_row(name="First")
    rows = [
        duplicate,
        organization_row(id=""),
        organization_row(name=""),
        {**duplicate, "name": "Second"},
    ]
    write_package(tmp_path, {"organizations.csv": rows})

    stdout, stderr = run_import(tmp_path)

    assert list(Organization.objects.values_list("name", flat=True)) == ["First"]
    assert "organizations.csv row 3, id: is empty; row skipped." in stderr
    assert "organizations.csv row 4, name: is empty; row skipped." in stderr
    assert "organizations.csv row 5, id:" in stderr
    assert "is a duplicate of an earlier row; row skipped." in stderr
    assert "organizations.csv: 1 created, 0 updated, 3 skipped" in stdout


def test_progress_is_shown_every_hundred_rows(reference_data: None, tmp_path: Path) -> None:
    rows = [organization_row(name=f"Organization {n:03d}") for n in range(150)]
    write_package(tmp_path, {"organizations.csv": rows})

    stdout, _ = run_import(tmp_path)

    assert "Importing organizations.csv: 100/150" in stdout
    assert "Importing organizations.csv: 150/150" in stdout
    assert Organization.objects.count() == 150


# Bad input


def test_missing_path_raises_command_error(reference_data: None, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    with pytest.raises(CommandError, match=re.escape(f"{missing} not found")):
        run_import(missing)


def test_folder_without_datapackage_raises_command_error(
    reference_data: None, tmp_path: Path
) -> None:
    (tmp_path / "organizations.csv").write_text("id,name\n1,A\n", encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape(f"{tmp_path} has no datapackage.json")):
        run_import(tmp_path)


def test_invalid_json_raises_command_error(reference_data: None, tmp_path: Path) -> None:
    path = tmp_path / "organizations.json"
    path.write_text('[{"id": "1", "name": ', encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape(f"{path} is not valid JSON")):
        run_import(path)


def test_invalid_datapackage_json_raises_command_error(
    reference_data: None, tmp_path: Path
) -> None:
    (tmp_path / "datapackage.json").write_text("{resources: []}", encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape("datapackage.json is not valid JSON")):
        run_import(tmp_path)


def test_json_of_wrong_shape_raises_command_error(reference_data: None, tmp_path: Path) -> None:
    path = tmp_path / "organizations.json"
    path.write_text('{"items": []}', encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape("is not an HSDS organization list")):
        run_import(path)


def test_resource_path_outside_folder_is_rejected(reference_data: None, tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package", {"organizations.csv": [organization_row()]})
    descriptor = {"resources": [{"name": "organization", "path": "../../etc/passwd"}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    with pytest.raises(CommandError, match=re.escape("outside the data package folder")):
        run_import(folder)


def test_unknown_kind_raises_command_error(reference_data: None) -> None:
    with pytest.raises(CommandError, match=re.escape("Stakeholder kind 'charity' not found")):
        run_import(EXAMPLE_CSV, "--kind", "charity")


def test_non_utf8_csv_raises_command_error(reference_data: None, tmp_path: Path) -> None:
    write_package(tmp_path, {"organizations.csv": [organization_row()]})
    (tmp_path / "organizations.csv").write_bytes("id,name\n1,Société\n".encode("latin-1"))

    with pytest.raises(CommandError, match=re.escape("organizations.csv is not valid UTF-8")):
        run_import(tmp_path)


# Export


@pytest.fixture
def directory(make_organization: MakeOrganization, quebec: Region) -> list[Organization]:
    return [
        make_organization(
            name="Réseau d'emploi inclusif de Montréal",
            alternate_name="Montreal Inclusive Employment Network",
            description_en="Employment support for people with disabilities.",
            description_fr="Soutien à l'emploi des personnes handicapées.",
            email="info@reseau.example",
            website="https://reseau.example/fr/",
            phone="+1 514 555 0100",
            city="Montréal",
            province=quebec,
            hsds_id="0b9a3f5e-8d0c-4c39-9d7e-6a2f1b7c4e10",
        ),
        make_organization(
            name=f"{SYLLABICS} Employment Circle",
            description_fr="Cercle d'emploi.",
            city="Iqaluit",
            province=Region.objects.get(code="CA-NU"),
        ),
        make_organization(name="Prairie Employment Link", description_en="Job fairs."),
    ]


def test_export_json_matches_hsds_schemas(directory: list[Organization], tmp_path: Path) -> None:
    run_export(tmp_path)

    items = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    assert len(items) == 3
    for item in items:
        assert schema_errors("compiled/organization.json", item) == []
        assert schema_errors("organization.json", item) == []


def test_schema_check_rejects_invalid_organization() -> None:
    invalid = {"id": "not-a-uuid", "name": "A", "phones": [{"id": new_id()}]}

    errors = schema_errors("organization.json", invalid)

    assert "'description' is a required property" in errors
    assert "'not-a-uuid' is not a 'uuid'" in errors
    assert "'number' is a required property" in errors


def test_export_csv_matches_tabular_schema(directory: list[Organization], tmp_path: Path) -> None:
    run_export(tmp_path)

    tables = {}
    for file_name, name in RESOURCE_NAMES.items():
        rows = read_csv_rows(tmp_path / file_name)
        # An empty CSV cell means no value, as in a Table Schema.
        tables[name] = [{key: value for key, value in row.items() if value} for row in rows]
    errors = schema_errors("compiled/tabular.json", tables)

    # The directory stores no street address or postal code, which HSDS requires.
    expected_gaps = {
        "'address_1' is a required property",
        "'postal_code' is a required property",
    }
    assert set(errors) == expected_gaps
    assert len(tables["organization"]) == 3
    assert len(tables["address"]) == 2


def test_export_datapackage_describes_files(directory: list[Organization], tmp_path: Path) -> None:
    stdout = run_export(tmp_path, "--license", "OGL-Canada-2.0")

    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"] == [{"name": "OGL-Canada-2.0"}]
    paths = [resource["path"] for resource in descriptor["resources"]]
    assert paths == ["organizations.csv", "locations.csv", "addresses.csv", "phones.csv"]
    for resource in descriptor["resources"]:
        columns = [field["name"] for field in resource["schema"]["fields"]]
        with (tmp_path / resource["path"]).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns
    assert "Wrote 3 organizations to" in stdout


def test_export_head_office_address(directory: list[Organization], tmp_path: Path) -> None:
    run_export(tmp_path)

    addresses = read_csv_rows(tmp_path / "addresses.csv")
    montreal = next(address for address in addresses if address["city"] == "Montréal")
    assert montreal["state_province"] == "QC"
    assert montreal["country"] == "CA"
    locations = {location["id"]: location for location in read_csv_rows(tmp_path / "locations.csv")}
    owner = locations[montreal["location_id"]]["organization_id"]
    assert owner == "0b9a3f5e-8d0c-4c39-9d7e-6a2f1b7c4e10"


def test_export_excludes_non_public_organizations(
    make_organization: MakeOrganization, tmp_path: Path
) -> None:
    make_organization(name="Listed")
    for status in ("pending", "rejected", "archived"):
        make_organization(name=f"Hidden {status}", verification_status=status)

    run_export(tmp_path)

    csv_names = [row["name"] for row in read_csv_rows(tmp_path / "organizations.csv")]
    items = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    assert csv_names == ["Listed"]
    assert [item["name"] for item in items] == ["Listed"]
    assert Organization.objects.filter(hsds_id__isnull=False).count() == 1


def test_export_escapes_formula_cells(make_organization: MakeOrganization, tmp_path: Path) -> None:
    make_organization(
        name='=HYPERLINK("https://attacker.example","Click")',
        alternate_name="@SUM(A1:A2)",
        description_en="-2+3",
        phone="+1 613 555 0100",
    )

    run_export(tmp_path)

    row = read_csv_rows(tmp_path / "organizations.csv")[0]
    assert row["name"] == '\'=HYPERLINK("https://attacker.example","Click")'
    assert row["alternate_name"] == "'@SUM(A1:A2)"
    assert row["description"] == "'-2+3"
    assert read_csv_rows(tmp_path / "phones.csv")[0]["number"] == "'+1 613 555 0100"
    item = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))[0]
    assert item["name"] == '=HYPERLINK("https://attacker.example","Click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1 613 555 0100", "'+1 613 555 0100"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("Plain name", "Plain name"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_safe_csv_value(value: object, expected: str) -> None:
    assert safe_csv_value(value) == expected


@pytest.mark.parametrize("value", ["=1+1", "+1 613", "@cmd", "'quoted", "plain", "'"])
def test_unescape_reverses_safe_csv_value(value: str) -> None:
    assert unescape_csv_value(safe_csv_value(value)) == value


def test_export_assigns_stable_hsds_ids(
    make_organization: MakeOrganization, tmp_path: Path
) -> None:
    organization = make_organization(name="No Id Yet")
    expected = stable_hsds_id(organization)

    run_export(tmp_path / "first")
    run_export(tmp_path / "second")

    organization.refresh_from_db()
    assert organization.hsds_id == expected
    assert uuid.UUID(expected).version == 5
    first = read_csv_rows(tmp_path / "first" / "organizations.csv")
    second = read_csv_rows(tmp_path / "second" / "organizations.csv")
    assert first[0]["id"] == second[0]["id"] == expected


def test_export_query_count_constant(
    make_organization: MakeOrganization, quebec: Region, tmp_path: Path
) -> None:
    def export_count(first: int, count: int) -> int:
        for number in range(first, first + count):
            make_organization(name=f"Organization {number}", city="Québec", province=quebec)
        Organization.objects.update(hsds_id=None)
        with CaptureQueriesContext(connection) as queries:
            run_export(tmp_path / str(first))
        return len(queries)

    few = export_count(0, 2)
    many = export_count(100, 8)

    assert few == many


# Round trips


def round_trip_fields(organization: Organization) -> tuple[Any, ...]:
    return (
        organization.hsds_id,
        organization.name,
        organization.alternate_name,
        organization.description_en,
        organization.description_fr,
        organization.email,
        organization.website,
        organization.phone,
        organization.city,
        organization.province_id,
    )


@pytest.mark.parametrize("form", ["csv", "json"])
def test_round_trip_restores_fields(
    directory: list[Organization],
    make_organization: MakeOrganization,
    tmp_path: Path,
    form: str,
) -> None:
    make_organization(name="=2+2 Formula Works", phone="+1 867 555 0100")
    run_export(tmp_path)
    before = {org.hsds_id: round_trip_fields(org) for org in Organization.objects.all()}
    Organization.objects.all().delete()

    source = tmp_path if form == "csv" else tmp_path / "organizations.json"
    stdout, stderr = run_import(source)

    after = {org.hsds_id: round_trip_fields(org) for org in Organization.objects.all()}
    assert after == before
    assert len(after) == 4
    assert stderr == ""
    assert "4 created, 0 updated, 0 skipped" in stdout
