"""The Government of Canada program inventory: program codes with English and French names.

The list is read once per process from data/ref_service_program_ids.csv
(source and licence in data/SOURCE.txt and data/LICENSE).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

PROGRAMS_FILE = Path(__file__).resolve().parent / "data" / "ref_service_program_ids.csv"


@dataclass(frozen=True)
class FundingProgram:
    code: str
    name_en: str
    name_fr: str

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("fr"):
            return self.name_fr or self.name_en
        return self.name_en or self.name_fr


@cache
def funding_programs() -> dict[str, FundingProgram]:
    """Return the programs by code, in file order."""
    with PROGRAMS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["program_id"]: FundingProgram(row["program_id"], row["label_en"], row["label_fr"])
            for row in csv.DictReader(handle)
        }


def is_funding_program(code: str) -> bool:
    return code in funding_programs()


def funding_program_name(code: str) -> str:
    program = funding_programs().get(code)
    return program.name if program is not None else ""
