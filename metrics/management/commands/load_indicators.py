"""Create or update the indicator library: starter indicators, UN SDG references and baselines."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from metrics.library import load_indicator_library


class Command(BaseCommand):
    help = "Create or update the indicator library from metrics/data/ (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Loading the indicator library...")
        result = load_indicator_library()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicator library: {result.created} created, {result.updated} updated."
            )
        )
