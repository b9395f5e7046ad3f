"""Writes of the metrics app: opening reports, saving values, and moving reports between states.

Pages, the API and tasks call these functions, which check permissions
again, validate, and save in one transaction. A permission failure raises
PermissionDenied. Invalid input raises ReportValidationError, a Django
ValidationError that also keeps the list of Problem records. A state that no
longer allows the change raises StateConflict.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics.models import (
    EDITABLE_STATES,
    Indicator,
    IndicatorAdoption,
    Report,
    ReportState,
    ReportValue,
    Unit,
)
from metrics.results import invalidate_results
from metrics.validation import Problem, ValueInput, check_quarter, check_values
from partners import permissions
from partners.models import Organization, Partnership, PartnershipMember, User
from partners.models.partnerships import MemberStatus

logger = logging.getLogger(__name__)

Target = Initiative | Partnership


class ReportValidationError(ValidationError):
    """Invalid values: `problems` lists each one with its row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        by_field: dict[str, list[str]] = {}
        for problem in self.problems:
            by_field.setdefault(problem.column, []).append(
                str(problem) if problem.row else problem.message
            )
        super().__init__(by_field)


class StateConflict(ValidationError):
    """The report's state no longer allows the change, for example it was approved meanwhile."""


# ---------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------


def can_report_for(user: Any, organization: Organization) -> bool:
    """Editors and administrators report for their organization."""
    return permissions.has_object_permission(user, permissions.CHANGE, organization)


def can_view_report(user: Any, report: Report) -> bool:
    """Members of the reporting organization and coordinators see a report."""
    if permissions.is_coordinator(user):
        return True
    return permissions.has_object_permission(user, permissions.VIEW_PRIVATE, report.organization)


def visible_reports(user: Any) -> QuerySet[Report]:
    """Reports of the person's own organizations; coordinators see all of them."""
    if permissions.is_coordinator(user):
        return Report.objects.all()
    own = permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)
    return Report.objects.filter(organization__in=own.values("pk"))


def organization_takes_part(organization: Organization, target: Target) -> bool:
    """Check that the organization leads or partners the initiative, or is in the partnership."""
    if isinstance(target, Initiative):
        if target.lead_organization_id == organization.pk:
            return True
        return target.partner_organizations.filter(pk=organization.pk).exists()
    return PartnershipMember.objects.filter(
        partnership=target, organization=organization, status=MemberStatus.ACCEPTED
    ).exists()


def reporting_targets(
    organization: Organization,
) -> tuple[QuerySet[Initiative], QuerySet[Partnership]]:
    """Return the initiatives and partnerships with indicators that the organization reports for."""
    initiatives = (
        Initiative.objects.filter(
            Q(lead_organization=organization) | Q(partner_organizations=organization),
            indicator_adoptions__isnull=False,
        )
        .distinct()
        .order_by("sort_title", "id")
    )
    partnerships = (
        Partnership.objects.filter(
            members__organization=organization,
            members__status=MemberStatus.ACCEPTED,
            indicator_adoptions__isnull=False,
        )
        .distinct()
        .order_by("name", "id")
    )
    return initiatives, partnerships


def target_filter(target: Target) -> dict[str, Any]:
    if isinstance(target, Initiative):
        return {"initiative": target}
    return {"partnership": target}


def same_target(report: Report) -> dict[str, Any]:
    """Lookups for the records of the report's initiative or partnership."""
    if report.initiative_id is not None:
        return {"initiative_id": report.initiative_id}
    return {"partnership_id": report.partnership_id}


def adopted_indicators(report: Report) -> list[Indicator]:
    """Return the indicators the report's initiative or partnership adopted, in library order."""
    adoptions = IndicatorAdoption.objects.filter(**same_target(report)).select_related("indicator")
    return [adoption.indicator for adoption in adoptions]


# ---------------------------------------------------------------------------
# Opening and filling a report
# ---------------------------------------------------------------------------


def open_report(
    user: User, organization: Organization, target: Target, quarter: Quarter | str
) -> Report:
    """Return the organization's open report for the target and quarter, creating a draft if needed.

    Raises ValidationError when the quarter is in the future, the target adopted
    no indicator or the organization does not take part in it, and when the
    quarter's report was already approved (a correction starts from that report).
    """
    if not can_report_for(user, organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    problems = check_quarter(quarter)
    if problems:
        raise ValidationError({"quarter": [problems[0].message]})
    code = quarter.code if isinstance(quarter, Quarter) else Quarter.parse(quarter).code
    if not organization_takes_part(organization, target):
        raise ValidationError(
            {
                "target": [
                    _("Your organization does not take part in this initiative or partnership.")
                ]
            }
        )
    if not IndicatorAdoption.objects.filter(**target_filter(target)).exists():
        raise ValidationError(
            {"target": [_("No indicator was adopted for this initiative or partnership yet.")]}
        )

    with transaction.atomic():
        latest = (
            Report.objects.select_for_update()
            .filter(organization=organization, quarter=code, **target_filter(target))
            .order_by("-revision")
            .first()
        )
        if latest is not None:
            if latest.state == ReportState.APPROVED:
                raise ValidationError(
                    {
                        "quarter": [
                            _(
                                "The report for %(quarter)s is approved: open it and "
                                "start a correction."
                            )
                            % {"quarter": code}
                        ]
                    }
                )
            return latest
        report = Report.objects.create(
            organization=organization, quarter=code, created_by=user, **target_filter(target)
        )
    logger.info("Opened report %s for organization %s, %s", report.pk, organization.pk, code)
    return report


def existing_inputs(report: Report) -> list[ValueInput]:
    return [
        ValueInput(
            indicator_code=value.indicator.code,
            value=value.value,
            people=value.people,
            disaggregation=value.disaggregation,
            category=value.category,
            note=value.note,
        )
        for value in report.values.select_related("indicator")
    ]


def save_values(
    user: User,
    report: Report,
    items: Iterable[ValueInput],
    *,
    replace_all: bool,
    removed_codes: Iterable[str] = (),
) -> int:
    """Validate and save a report's values in one transaction; return how many values it has now.

    With `replace_all` the items become the report's only values (an upload, an
    API write). Without it they replace the values with the same indicator,
    disaggregation and category, and `removed_codes` drops the totals of those
    indicators (the form's empty fields). Nothing is saved when any value is
    invalid: ReportValidationError lists every problem.
    """
    if not can_report_for(user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    items = list(items)

    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.state not in EDITABLE_STATES:
            raise StateConflict(
                _("This report is %(state)s and can no longer be changed.")
                % {"state": locked.get_state_display().lower()}
            )
        if replace_all:
            merged = items
        else:
            removed = set(removed_codes)
            new_keys = {(item.indicator_code, item.disaggregation, item.category) for item in items}
            merged = [
                item
                for item in existing_inputs(locked)
                if (item.indicator_code, item.disaggregation, item.category) not in new_keys
                and not (not item.disaggregation and item.indicator_code in removed)
            ] + items

        indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        adopted = [indicator.code for indicator in adopted_indicators(locked)]
        problems = check_values(merged, indicators, adopted)
        if problems:
            raise ReportValidationError(problems)

        locked.values.all().delete()
        ReportValue.objects.bulk_create(
            [value_from_input(indicators[item.indicator_code], locked, item) for item in merged]
        )
        locked.save(update_fields=["updated"])
    logger.info("Saved %d values of report %s", len(merged), report.pk)
    return len(merged)


def value_from_input(indicator: Indicator, report: Report, item: ValueInput) -> ReportValue:
    people = item.people
    if (
        people is None
        and indicator.unit == Unit.COUNT
        and indicator.measures_people
        and item.value is not None
    ):
        # A count of people rests on as many people as it counts.
        people = int(item.value)
    return ReportValue(
        report=report,
        indicator=indicator,
        disaggregation=item.disaggregation,
        category=item.category,
        value=item.value if item.value is not None else Decimal(0),
        people=people,
        note=item.note[:500],
    )


# ---------------------------------------------------------------------------
# States
# ---------------------------------------------------------------------------


def move_state(report: Report, allowed: Iterable[str], **changes: Any) -> Report:
    """Change the state only if it is still one of `allowed`, so two people cannot both decide."""
    updated = Report.objects.filter(pk=report.pk, state__in=list(allowed)).update(
        **changes, updated=timezone.now()
    )
    if updated != 1:
        raise StateConflict(_("This report changed meanwhile: reload it and try again."))
    report.refresh_from_db()
    return report


def submit_report(user: User, report: Report) -> Report:
    """Send a draft or returned report to the coordinators for approval."""
    if not can_report_for(user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    if not report.values.exists():
        raise ValidationError(_("Enter at least one value before submitting the report."))
    with transaction.atomic():
        report = move_state(
            report, EDITABLE_STATES, state=ReportState.SUBMITTED, submitted_at=timezone.now()
        )
    logger.info("Report %s submitted by user %s", report.pk, user.pk)
    return report


def require_coordinator(user: User) -> None:
    if not permissions.is_coordinator(user):
        raise PermissionDenied(_("Only coordinators approve or return reports."))


def approve_report(user: User, report: Report) -> Report:
    """Approve a submitted report; results now count this revision instead of any earlier one."""
    require_coordinator(user)
    with transaction.atomic():
        report = move_state(
            report,
            [ReportState.SUBMITTED],
            state=ReportState.APPROVED,
            decided_by=user,
            decided_at=timezone.now(),
            return_comment="",
            is_counted=True,
        )
        Report.objects.filter(
            organization_id=report.organization_id,
            quarter=report.quarter,
            **same_target(report),
        ).exclude(pk=report.pk).update(is_counted=False)
    # QuerySet.update() sends no post_save signal, so the results cache is renewed here.
    invalidate_results()
    logger.info("Report %s approved by user %s", report.pk, user.pk)
    return report


def return_report(user: User, report: Report, comment: str) -> Report:
    """Send a submitted report back to its organization with a comment saying what to fix."""
    require_coordinator(user)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what the organization should fix.")]})
    if len(comment) > 2000:
        raise ValidationError({"comment": [_("Keep the comment to 2,000 characters or fewer.")]})
    with transaction.atomic():
        report = move_state(
            report,
            [ReportState.SUBMITTED],
            state=ReportState.RETURNED,
            decided_by=user,
            decided_at=timezone.now(),
            return_comment=comment,
        )
    logger.info("Report %s returned by user %s", report.pk, user.pk)
    return report


def start_correction(user: User, report: Report) -> Report:
    """Open a new draft revision of an approved report, with its values copied.

    The approved revision stays as it is, and results keep counting it until
    the correction is approved.
    """
    if not can_report_for(user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    with transaction.atomic():
        siblings = Report.objects.select_for_update().filter(
            organization_id=report.organization_id,
            quarter=report.quarter,
            **same_target(report),
        )
        latest_revision = siblings.aggregate(latest=Max("revision"))["latest"]
        if report.state != ReportState.APPROVED or report.revision != latest_revision:
            raise StateConflict(
                _("Only the latest approved revision of a report can be corrected.")
            )
        correction = Report.objects.create(
            organization_id=report.organization_id,
            initiative_id=report.initiative_id,
            partnership_id=report.partnership_id,
            quarter=report.quarter,
            revision=report.revision + 1,
            created_by=user,
        )
        ReportValue.objects.bulk_create(
            [
                ReportValue(
                    report=correction,
                    indicator_id=value.indicator_id,
                    disaggregation=value.disaggregation,
                    category=value.category,
                    value=value.value,
                    people=value.people,
                    note=value.note,
                )
                for value in report.values.all()
            ]
        )
    logger.info(
        "Report %s corrected as revision %s (%s)", report.pk, correction.revision, correction.pk
    )
    return correction


def adopt_indicator(user: User, indicator: Indicator, target: Target) -> IndicatorAdoption:
    """Record that an initiative or partnership reports on `indicator`; its lead decides."""
    lead = lead_organization(target)
    if lead is None or not (can_report_for(user, lead) or permissions.is_coordinator(user)):
        raise PermissionDenied(_("Only the lead organization adopts indicators."))
    if indicator.retired or indicator.is_reference:
        raise ValidationError({"indicator": [_("This indicator takes no reports.")]})
    adoption, created = IndicatorAdoption.objects.get_or_create(
        indicator=indicator, defaults={"adopted_by": user}, **target_filter(target)
    )
    if created:
        logger.info(
            "User %s adopted %s for %s %s",
            user.pk,
            indicator.code,
            type(target).__name__,
            target.pk,
        )
    return adoption


def lead_organization(target: Target) -> Organization | None:
    if isinstance(target, Initiative):
        return target.lead_organization
    member = (
        PartnershipMember.objects.filter(
            partnership=target, role="lead", status=MemberStatus.ACCEPTED
        )
        .select_related("organization")
        .first()
    )
    return member.organization if member else None


def upload_report_csv(user: User, report: Report, data: bytes) -> int:
    """Replace the report's values with those of an uploaded CSV file, all or nothing.

    Raises ReportValidationError listing every problem of every row when any
    row is invalid; then nothing is saved.
    """
    from metrics.uploads import parse_report_csv

    if not can_report_for(user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    parsed = parse_report_csv(data)
    if parsed.problems:
        indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        adopted = [indicator.code for indicator in adopted_indicators(report)]
        problems = parsed.problems + check_values(parsed.items, indicators, adopted)
        raise ReportValidationError(sorted(problems, key=lambda problem: problem.row or 0))
    return save_values(user, report, parsed.items, replace_all=True)
