"""Send the weekly or monthly digests now, as the Celery beat schedule does.

Runs `practices.digests.send_digests` for the last complete period, or for
`--period`, prints progress after every batch and a summary at the end.
Running it again for the same period sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from practices.digests import RunSummary, send_digests, validate_period
from practices.models import Frequency


class Command(BaseCommand):
    help = "Send the digests of a period to every due subscriber, exactly once each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            default=Frequency.WEEKLY,
            help="Which subscribers to send to (default: weekly).",
        )
        parser.add_argument(
            "--period",
            help=(
                "The period to send: an ISO week such as 2026-W48 for weekly digests, a month "
                "such as 2026-11 for monthly ones, or 'current' for the period under way, up to "
                "now. Default: the last complete period."
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Subscriptions read per batch (default 500).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        frequency = options["frequency"]
        period = options["period"]
        if period is not None:
            try:
                period = validate_period(frequency, period)
            except ValueError as error:
                raise CommandError(str(error)) from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")

        def progress(done: int, summary: RunSummary) -> None:
            self.stdout.write(
                f"  {done} subscriptions: {summary.sent} sent, {summary.empty} with nothing new, "
                f"{summary.failed} failed, {summary.skipped} already done or waiting"
            )

        summary = send_digests(
            frequency, period, batch_size=options["batch_size"], progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Digest {summary.issue}: {summary.sent} sent, {summary.empty} with nothing new, "
                f"{summary.failed} failed, {summary.skipped} already done or waiting, "
                f"{summary.subscriptions} subscriptions in {summary.seconds:.1f} s."
            )
        )
        if summary.failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{summary.failed} failed sends are retried after their backoff by the "
                    "retry_digest_deliveries task or by running this command again."
                )
            )
