"""Export the public directory as an Open Referral HSDS 3.0 data package."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.hsds import LANGUAGES, HsdsError, export_hsds
from partners.hsds.records import plural


class Command(BaseCommand):
    help = (
        "Write the public (verified) organizations to a folder as an Open Referral HSDS 3.0 "
        "data package: datapackage.json, organizations.csv, locations.csv, addresses.csv, "
        "phones.csv and organizations.json. Existing files of those names are replaced. "
        "Organizations without an HSDS id get a stable one, saved for later exports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Folder to write to. It is created if missing.")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="en",
            help=(
                "Language of the HSDS description field (default: en). Both languages are "
                "also written to the description_en and description_fr columns."
            ),
        )
        parser.add_argument(
            "--license",
            dest="license_name",
            help=(
                'Open Definition licence id of the data, such as "OGL-Canada-2.0", written to '
                "datapackage.json. Left out when not given."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = export_hsds(
                options["path"],
                language=options["language"],
                license_name=options["license_name"],
            )
        except HsdsError as error:
            raise CommandError(str(error)) from None

        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {plural(result.organization_count, 'organization')} to {result.folder}: "
                f"{', '.join(result.files)}."
            )
        )
