"""Load provinces and territories, stakeholder kinds, NAICS sectors, languages and themes."""

from typing import Any

from django.core.management.base import BaseCommand

from partners.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the reference lists (regions, stakeholder kinds, NAICS 2022 sectors, languages, "
        "themes) from partners/data/. Safe to run again: existing rows are updated."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Reference data loaded: {sum(counts.values())} rows.")
        )
