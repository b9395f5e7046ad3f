"""Load the reference lists shipped in partners/data/ into the database."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from partners.models import BenefitArea, Language, Region, Sector, StakeholderKind, Theme

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
TERRITORIES = {"YT", "NT", "NU"}


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def load_regions() -> int:
    folder = DATA_DIR / "ca-provinces-territories"
    codes = {
        row["code"]: row for row in read_csv(folder / "crosswalk-prov_terr-correspondance.csv")
    }
    count = 0
    for order, row in enumerate(read_csv(folder / "Canadian_prov_terr_du_Canada.csv"), start=1):
        crosswalk = codes[row["code"]]
        Region.objects.update_or_create(
            code=crosswalk["code_iso"],
            defaults={
                "kind": Region.Kind.TERRITORY
                if row["code"] in TERRITORIES
                else Region.Kind.PROVINCE,
                "name_en": row["nm_en"],
                "name_fr": row["nm_fr"],
                "abbreviation_en": row["ab_en"],
                "abbreviation_fr": row["ab_fr"],
                "statcan_code": crosswalk["code_statcan"],
                "sort_order": order,
            },
        )
        count += 1
    Region.objects.update_or_create(
        code="CA",
        defaults={
            "kind": Region.Kind.NATIONAL,
            "name_en": "National",
            "name_fr": "National",
            "sort_order": 0,
        },
    )
    return count + 1


def load_sectors() -> int:
    folder = DATA_DIR / "naics-canada-2022-sectors"
    french = {
        row["code"]: row["title_fr"]
        for row in read_csv(folder / "naics-2022-sectors-level1-fr.csv")
    }
    count = 0
    for row in read_csv(folder / "naics-2022-sectors-level1.csv"):
        Sector.objects.update_or_create(
            code=row["code"],
            defaults={"name_en": row["title_en"], "name_fr": french[row["code"]]},
        )
        count += 1
    return count


def load_kinds() -> int:
    rows = list(read_csv(DATA_DIR / "stakeholder-kinds.csv"))
    for order, row in enumerate(rows, start=1):
        StakeholderKind.objects.update_or_create(
            slug=row["slug"],
            defaults={"name_en": row["name_en"], "name_fr": row["name_fr"], "sort_order": order},
        )
    return len(rows)


def load_languages() -> int:
    rows = list(read_csv(DATA_DIR / "languages.csv"))
    for order, row in enumerate(rows, start=1):
        Language.objects.update_or_create(
            code=row["code"],
            defaults={"name_en": row["name_en"], "name_fr": row["name_fr"], "sort_order": order},
        )
    return len(rows)


def load_themes() -> int:
    rows = list(read_csv(DATA_DIR / "themes.csv"))
    for row in rows:
        Theme.objects.update_or_create(
            number=int(row["number"]),
            defaults={"slug": row["slug"], "name_en": row["name_en"], "name_fr": row["name_fr"]},
        )
    return len(rows)


def load_benefit_areas() -> int:
    rows = list(read_csv(DATA_DIR / "benefit-areas.csv"))
    for order, row in enumerate(rows, start=1):
        BenefitArea.objects.update_or_create(
            slug=row["slug"],
            defaults={"name_en": row["name_en"], "name_fr": row["name_fr"], "sort_order": order},
        )
    return len(rows)


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update every reference list; return how many rows each file holds."""
    counts = {
        "regions": load_regions(),
        "stakeholder kinds": load_kinds(),
        "sectors": load_sectors(),
        "languages": load_languages(),
        "themes": load_themes(),
        "common-benefit areas": load_benefit_areas(),
    }
    logger.info("Loaded reference data: %s", counts)
    return counts
