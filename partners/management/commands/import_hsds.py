"""Import organizations from an Open Referral HSDS 3.0 data package (CSV folder or JSON file)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partners.hsds import LANGUAGES, HsdsError, import_hsds
from partners.hsds.records import plural
from partners.models import StakeholderKind


class Command(BaseCommand):
    help = (
        "Create or update organizations from an Open Referral HSDS 3.0 data package: a folder "
        "with datapackage.json and organizations.csv (locations.csv, addresses.csv and "
        "phones.csv are read when present), or a JSON file with an array of organizations, a "
        'paginated list with a "contents" array, or one organization. Organizations are '
        "matched on their HSDS id, so running the same import again updates them. New "
        "organizations are verified. Rows that refer to missing rows are reported and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Data package folder or JSON file.")
        parser.add_argument(
            "--kind",
            default="community-organization",
            help=(
                "Slug of the stakeholder kind given to new organizations, since HSDS has none "
                "(default: community-organization). Existing organizations keep their kind."
            ),
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="en",
            help=(
                "Language of the HSDS description field: en fills description_en, fr fills "
                "description_fr (default: en)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = StakeholderKind.objects.filter(slug=options["kind"]).first()
        if kind is None:
            slugs = ", ".join(StakeholderKind.objects.values_list("slug", flat=True))
            raise CommandError(
                f"Stakeholder kind {options['kind']!r} not found. Use one of: {slugs or 'none'} "
                "(run `manage.py load_reference_data` if the list is empty)."
            )

        try:
            result = import_hsds(
                options["path"],
                kind=kind,
                language=options["language"],
                progress=self.stdout.write,
            )
        except HsdsError as error:
            raise CommandError(str(error)) from None

        for notice in result.notices:
            self.stderr.write(self.style.WARNING(notice))
        for problem in result.problems:
            self.stderr.write(self.style.WARNING(str(problem)))
        for line in result.summary_lines():
            self.stdout.write(line)
        imported = plural(result.created + result.updated, "organization")
        problems = plural(len(result.problems), "problem")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {imported} ({result.created} created, {result.updated} updated), "
                f"{problems} reported."
            )
        )
