"""CSV writing that keeps spreadsheets from running cell text as a formula.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula, and some
also do so after a leading tab or carriage return, so a name such as
'=HYPERLINK("https://…")' in a downloaded file would become a live link or command
(CSV or formula injection). Every cell that starts with one of these characters gets a
leading apostrophe, which spreadsheets hide and which marks the cell as text.

This module imports no app of the project, so any app can use it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV file as UTF-8, and so shows accents correctly, only when
# the file starts with this byte-order mark.
UTF8_BOM = "\ufeff"


def safe_csv_value(value: object) -> str:
    """Convert `value` to cell text, prefixing an apostrophe if a spreadsheet would run it.

    None becomes an empty cell. An int, float or Decimal (not a bool) is written
    as a plain number, so -3.5 stays a number a spreadsheet can add up; only
    text gets the apostrophe.
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unescape_csv_value(text: str) -> str:
    """Remove the apostrophe that `safe_csv_value` added; other text is returned unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def write_bom(handle: IO[str]) -> None:
    """Start a CSV file with the UTF-8 byte-order mark; call it once, before the header."""
    handle.write(UTF8_BOM)


class SafeDictWriter:
    """A csv.DictWriter that passes every cell through `safe_csv_value`.

    The header is written as given, since column names come from code, not from users.
    """

    def __init__(self, handle: IO[str], fieldnames: Iterable[str]) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = csv.DictWriter(handle, fieldnames=self.fieldnames, extrasaction="raise")

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Mapping[str, object]) -> None:
        self._writer.writerow({key: safe_csv_value(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, object]]) -> None:
        for row in rows:
            self.writerow(row)
