"""Records read from HSDS data packages, the problems found in them, and shared constants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

LANGUAGES = ("en", "fr")

# Extension fields, not part of HSDS, that carry the description in each official language.
DESCRIPTION_EXTENSIONS = {code: f"description_{code}" for code in LANGUAGES}

# HSDS resource names of the tables this package reads and writes, with the file name that
# the HSDS 3.0 datapackage.json gives each one.
RESOURCE_FILES = {
    "organization": "organizations.csv",
    "location": "locations.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
}

# Receives one line of progress text, such as "Importing organizations.csv: 100/500".
ProgressCallback = Callable[[str], None]


class HsdsError(Exception):
    """Input that cannot be read at all, or an output folder that cannot be written."""


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Source:
    """Origin of a record: a CSV row (the header is row 1) or a JSON array item (the first is 1)."""

    file: str
    row: int
    unit: str = "row"

    def __str__(self) -> str:
        return f"{self.file} {self.unit} {self.row}"


@dataclass(frozen=True)
class Problem:
    """A row that the import skipped or a value that it ignored, with the reason."""

    source: Source
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}, {self.field}: {self.message}"


@dataclass
class HsdsAddress:
    """An address of one of an organization's locations."""

    source: Source
    # Path of the address inside a JSON organization, such as "locations[0].addresses[1].";
    # empty for a CSV row.
    field_prefix: str
    city: str
    state_province: str
    country: str
    address_type: str


@dataclass
class HsdsPhone:
    """A phone number, with its extension appended, and the field it was read from."""

    source: Source
    field: str
    number: str


@dataclass
class HsdsOrganization:
    """An organization as read from either HSDS form, before its values are validated."""

    source: Source
    id: str
    name: str
    alternate_name: str
    description: str
    email: str
    website: str
    parent_organization_id: str
    # Values of the description_en and description_fr extension fields, when present.
    descriptions: dict[str, str] = field(default_factory=dict)
    phones: list[HsdsPhone] = field(default_factory=list)
    location_phones: list[HsdsPhone] = field(default_factory=list)
    addresses: list[HsdsAddress] = field(default_factory=list)


@dataclass
class HsdsPackage:
    """The organizations read from a data package, and the problems found in its rows."""

    organizations: list[HsdsOrganization] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rows_read: Counter[str] = field(default_factory=Counter)
    rows_skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, source: Source, field_name: str, message: str) -> None:
        """Record that the row at `source` is skipped because of `field_name`."""
        self.problems.append(Problem(source, field_name, f"{message}; row skipped."))
        self.rows_skipped[source.file] += 1

    def ignore(self, source: Source, field_name: str, message: str) -> None:
        """Record that a value is ignored while the rest of its row is still used."""
        self.problems.append(Problem(source, field_name, message))
