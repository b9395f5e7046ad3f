"""CSV report files: the template the hub generates, and reading an uploaded file.

The file is UTF-8, with or without a byte-order mark, and its columns are
separated by commas or by semicolons (the French versions of Excel save with
semicolons). Numbers may use a decimal point or a decimal comma, and spaces
between thousands. Row numbers count the header as row 1, as a spreadsheet does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hubsite.exports import SafeDictWriter, unescape_csv_value, write_bom
from metrics.models import Indicator, Report
from metrics.validation import Problem, ValueInput, parse_number

COLUMNS = [
    "indicator",
    "indicator_name",
    "unit",
    "disaggregation",
    "category",
    "value",
    "people",
    "note",
]
REQUIRED_COLUMNS = ["indicator", "value"]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class ParsedFile:
    items: list[ValueInput]
    problems: list[Problem]


def template_csv(report: Report, indicators: Sequence[Indicator]) -> str:
    """Write the report's template: a total row per adopted indicator, with any current values."""
    current = {
        (value.indicator_id, value.disaggregation, value.category): value
        for value in report.values.all()
    }
    handle = io.StringIO()
    write_bom(handle)
    writer = SafeDictWriter(handle, COLUMNS)
    writer.writeheader()
    for indicator in indicators:
        keys = [key for key in current if key[0] == indicator.pk] or [(indicator.pk, "", "")]
        for key in sorted(keys):
            value = current.get(key)
            writer.writerow(
                {
                    "indicator": indicator.code,
                    "indicator_name": indicator.name,
                    "unit": indicator.unit,
                    "disaggregation": key[1],
                    "category": key[2],
                    "value": value.value.normalize() if value else "",
                    "people": value.people if value and value.people is not None else "",
                    "note": value.note if value else "",
                }
            )
    return handle.getvalue()


def decode(data: bytes) -> str:
    """Decode UTF-8 and drop one byte-order mark; raise UnicodeDecodeError for other encodings."""
    return data.decode("utf-8-sig")


def detect_delimiter(header_line: str) -> str:
    """Semicolons when the header has more of them than commas, else commas."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_report_csv(data: bytes) -> ParsedFile:
    """Read an uploaded report file into values, listing every problem with its row and column."""
    if len(data) > MAX_UPLOAD_BYTES:
        return ParsedFile([], [Problem("file", _("The file is larger than 2 MB."))])
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return ParsedFile(
            [],
            [
                Problem(
                    "file",
                    _("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again."),
                )
            ],
        )
    if not text.strip():
        return ParsedFile([], [Problem("file", _("The file is empty."))])

    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    try:
        rows = list(reader)
    except csv.Error as error:
        return ParsedFile(
            [], [Problem("file", _("The file is not valid CSV: %(error)s") % {"error": error})]
        )

    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return ParsedFile(
            [],
            [
                Problem(
                    "file",
                    _("Row 1 lacks the column %(column)s: start from the template.")
                    % {"column": name},
                    1,
                )
                for name in missing
            ],
        )
    if len(rows) - 1 > MAX_ROWS:
        return ParsedFile([], [Problem("file", _("The file has more than 5,000 rows."))])

    items: list[ValueInput] = []
    problems: list[Problem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {
            name: unescape_csv_value(cells[index].strip()) if index < len(cells) else ""
            for index, name in enumerate(header)
        }
        item, row_problems = read_row(row, number)
        problems.extend(row_problems)
        if item is not None:
            items.append(item)
    if not items and not problems:
        problems.append(Problem("file", _("The file has no values.")))
    return ParsedFile(items, problems)


def read_row(row: dict[str, str], number: int) -> tuple[ValueInput | None, list[Problem]]:
    problems: list[Problem] = []
    value = None
    if not row.get("value"):
        problems.append(Problem("value", _("Enter a value."), number))
    else:
        try:
            value = parse_number(row["value"])
        except ValueError:
            problems.append(
                Problem("value", _("%(text)s is not a number.") % {"text": row["value"]}, number)
            )
    people = None
    if row.get("people"):
        try:
            people_number = parse_number(row["people"])
        except ValueError:
            people_number = None
        if people_number is None or people_number != people_number.to_integral_value():
            problems.append(
                Problem(
                    "people", _("%(text)s is not a whole number.") % {"text": row["people"]}, number
                )
            )
        else:
            people = int(people_number)
    if not row.get("indicator"):
        problems.append(Problem("indicator", _("Enter the indicator's code."), number))
    if problems and not row.get("indicator"):
        return None, problems
    return (
        ValueInput(
            indicator_code=row.get("indicator", ""),
            value=value,
            people=people,
            disaggregation=row.get("disaggregation", ""),
            category=row.get("category", ""),
            unit=row.get("unit", ""),
            note=row.get("note", ""),
            row=number,
        )
        if value is not None or not problems
        else None,
        problems,
    )
