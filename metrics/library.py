"""Load the indicator library from metrics/data/: starter set, UN SDG references, baselines.

Loading is idempotent: indicators are matched by code and updated in place,
and an indicator a coordinator retired stays retired.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from metrics.models import Baseline, Direction, Indicator, Unit
from partners.models import Region, Theme

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
SDG_FILE = DATA_DIR / "sdg-disability-indicators" / "sdg-indicators-disability-employment.csv"

SDG_SOURCE_EN = (
    "UN Global SDG Indicator Framework; wording from Open SDG translations (MIT licence)"
)
SDG_SOURCE_FR = (
    "Cadre mondial d’indicateurs des ODD de l’ONU; libellés tirés des traductions d’Open SDG "
    "(licence MIT)"
)
SDG_SOURCE_URL = "https://unstats.un.org/sdgs/indicators/indicators-list/"
STARTER_SOURCE_EN = "Partnership Network Hub starter set"
STARTER_SOURCE_FR = "Ensemble de départ du Carrefour des partenariats"

# The unit note of the SDG file, mapped to the library's units. These are
# references only and take no reports, so the approximation of "USD" as a
# currency and of a parity index as a ratio changes no result.
SDG_UNITS = {
    "percent": Unit.PERCENT,
    "ratio (parity index)": Unit.RATIO,
    "currency per hour": Unit.CURRENCY,
    "ratio / percent": Unit.RATIO,
    "USD": Unit.CURRENCY,
}
# Indicators of something the network wants less of.
SDG_DECREASE = {"8.5.2", "8.6.1", "10.2.1", "11.7.2"}
SDG_GOAL_THEMES = {"1": [2], "4": [4], "8": [3], "10": [2], "11": [2], "16": [1, 2], "17": [5, 6]}


@dataclass
class LibraryResult:
    created: int = 0
    updated: int = 0


def upsert(
    code: str, fields: dict[str, object], theme_numbers: list[int], result: LibraryResult
) -> Indicator:
    indicator, created = Indicator.objects.update_or_create(code=code, defaults=fields)
    themes = list(Theme.objects.filter(number__in=theme_numbers))
    indicator.themes.set(themes)
    if created:
        result.created += 1
    else:
        result.updated += 1
    return indicator


def load_indicator_library() -> LibraryResult:
    """Create or update the starter indicators, the SDG references and the national baselines."""
    result = LibraryResult()
    with transaction.atomic():
        with (DATA_DIR / "indicators.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                upsert(
                    row["code"],
                    {
                        "position": int(row["position"]),
                        "unit": Unit(row["unit"]),
                        "direction": Direction(row["direction"]),
                        "measures_people": row["measures_people"] == "yes",
                        "disaggregations": row["disaggregations"].split(),
                        "name_en": row["name_en"],
                        "name_fr": row["name_fr"],
                        "definition_en": row["definition_en"],
                        "definition_fr": row["definition_fr"],
                        "source_en": STARTER_SOURCE_EN,
                        "source_fr": STARTER_SOURCE_FR,
                        "is_reference": False,
                    },
                    [int(number) for number in row["themes"].split()],
                    result,
                )

        with SDG_FILE.open(encoding="utf-8", newline="") as handle:
            for position, row in enumerate(csv.DictReader(handle), start=1):
                sdg = row["sdg_indicator"]
                upsert(
                    "sdg-" + sdg.replace(".", "-"),
                    {
                        "position": 1000 + position,
                        "unit": SDG_UNITS.get(row["unit_note_UNVERIFIED"], Unit.PERCENT),
                        "direction": Direction.DECREASE
                        if sdg in SDG_DECREASE
                        else Direction.INCREASE,
                        "measures_people": False,
                        "disaggregations": [],
                        "name_en": row["title_en"][:300],
                        "name_fr": row["title_fr"][:300],
                        "definition_en": row["title_en"],
                        "definition_fr": row["title_fr"],
                        "source_en": SDG_SOURCE_EN,
                        "source_fr": SDG_SOURCE_FR,
                        "source_url": SDG_SOURCE_URL,
                        "is_reference": True,
                        "sdg_code": sdg,
                    },
                    SDG_GOAL_THEMES.get(row["goal"], []),
                    result,
                )

        regions = {region.code: region for region in Region.objects.all()}
        with (DATA_DIR / "baselines.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                Baseline.objects.update_or_create(
                    indicator=Indicator.objects.get(code=row["indicator"]),
                    label_en=row["label_en"],
                    defaults={
                        "value": Decimal(row["value"]),
                        "reference_year": int(row["reference_year"]),
                        "region": regions.get(row["region"]),
                        "label_fr": row["label_fr"],
                        "source_en": row["source_en"],
                        "source_fr": row["source_fr"],
                        "source_url": row["source_url"],
                    },
                )
    logger.info(
        "Loaded the indicator library: %d created, %d updated", result.created, result.updated
    )
    return result
