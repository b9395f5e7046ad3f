"""Load the fictional demo network into a development or staging database."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.demo import DemoNetworkError, load_demo_network
from partners.demo.accounts import (
    ADMINISTRATOR_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    SECOND_ADMINISTRATOR_EMAIL,
)

# Print a progress line after this many records of a section, and after the last.
PROGRESS_STEP = 25


class Command(BaseCommand):
    help = (
        "Load the fictional demo network: organizations marked as demo records, with head "
        "offices in every province and territory. Safe to run again: demo records are "
        "updated in place. Runs only when DEBUG is on, unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo network even when DEBUG is off, for example on a staging site.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this may be a production site, and the demo network would "
                "add fictional organizations to its public directory. Run "
                "`manage.py load_demo --force` to load it anyway."
            )
        self.verbosity: int = options["verbosity"]

        started = time.monotonic()
        try:
            summary = load_demo_network(progress=self.show_progress)
        except DemoNetworkError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started

        for section in summary.sections:
            self.stdout.write(
                f"  {section.name}: {section.created} created, {section.updated} updated, "
                f"{section.unchanged} unchanged"
            )
        self.stdout.write(
            f"  head offices in {summary.provinces_covered} of {summary.provinces_total} "
            "provinces and territories"
        )
        self.stdout.write(f"  stakeholder kinds: {summary.kinds_covered} of {summary.kinds_total}")
        if settings.DEBUG:
            self.stdout.write(
                f"  demo coordinator: {COORDINATOR_EMAIL}, administrators of two organizations: "
                f"{ADMINISTRATOR_EMAIL} and {SECOND_ADMINISTRATOR_EMAIL}, "
                f"password for all three: {DEMO_PASSWORD}\n"
                "  the coordinator's two-factor code: `manage.py demo_totp_code`"
            )
        else:
            self.stdout.write("  demo accounts skipped: they are created only while DEBUG is on")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network loaded in {elapsed:.1f} s: {summary.created} created, "
                f"{summary.updated} updated, {summary.organizations} demo organizations "
                "in total."
            )
        )

    def show_progress(self, section: str, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        if done % PROGRESS_STEP == 0 or done == total:
            self.stdout.write(f"  {section}: {done} of {total}")
