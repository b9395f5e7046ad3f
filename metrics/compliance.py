"""Reporting compliance: who has not reported for a quarter, and the reminder sent once per quarter.

The lead organization of each initiative or partnership that adopted
indicators is expected to report every quarter. A report counts once it is
submitted or approved. The reminder to an organization for a quarter is
claimed by creating its ComplianceReminder row before any email goes out, so
a retry, a second worker or a second click never sends it again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hubsite.mail import send_email
from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics.models import ComplianceReminder, Report, ReportState
from partners.models import Membership, Organization, PartnershipMember, Role, VerificationStatus
from partners.models.partnerships import MemberRole, MemberStatus

logger = logging.getLogger(__name__)

# A report for a quarter is due within this many days after the quarter ends;
# the scheduled task reminds only after that.
REPORTING_DAYS = 21


@dataclass
class MissingReports:
    """An organization that has not reported for some of its initiatives or partnerships."""

    organization: Organization
    targets: list[Any] = field(default_factory=list)
    reminded: bool = False


def missing_reports(quarter: Quarter) -> list[MissingReports]:
    """Return the organizations that owe a report for `quarter`, by name, in fixed queries."""
    expected: list[tuple[Organization, Any, tuple[str, int]]] = []
    initiatives = (
        Initiative.objects.filter(
            indicator_adoptions__isnull=False,
            lead_organization__verification_status=VerificationStatus.VERIFIED,
        )
        .distinct()
        .select_related("lead_organization")
    )
    for initiative in initiatives:
        expected.append((initiative.lead_organization, initiative, ("initiative", initiative.pk)))
    leads = (
        PartnershipMember.objects.filter(
            role=MemberRole.LEAD,
            status=MemberStatus.ACCEPTED,
            partnership__indicator_adoptions__isnull=False,
            organization__verification_status=VerificationStatus.VERIFIED,
        )
        .distinct()
        .select_related("organization", "partnership")
    )
    for member in leads:
        expected.append(
            (member.organization, member.partnership, ("partnership", member.partnership_id))
        )

    reported = set()
    for organization_id, initiative_id, partnership_id in Report.objects.filter(
        quarter=quarter.code, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
    ).values_list("organization_id", "initiative_id", "partnership_id"):
        if initiative_id:
            reported.add((organization_id, ("initiative", initiative_id)))
        else:
            reported.add((organization_id, ("partnership", partnership_id)))
    reminded = set(
        ComplianceReminder.objects.filter(quarter=quarter.code).values_list(
            "organization_id", flat=True
        )
    )

    by_organization: dict[int, MissingReports] = defaultdict(
        lambda: MissingReports(organization=Organization())
    )
    for organization, target, key in expected:
        if (organization.pk, key) in reported:
            continue
        entry = by_organization[organization.pk]
        entry.organization = organization
        entry.targets.append(target)
        entry.reminded = organization.pk in reminded
    return sorted(
        by_organization.values(),
        key=lambda entry: (entry.organization.sort_name, entry.organization.pk),
    )


def claim_reminder(organization: Organization, quarter: Quarter) -> ComplianceReminder | None:
    """Create the reminder row, or return None when another run already created it."""
    try:
        with transaction.atomic():
            return ComplianceReminder.objects.create(
                organization=organization, quarter=quarter.code
            )
    except IntegrityError:
        return None


def send_compliance_reminders(quarter: Quarter) -> int:
    """Email each organization that owes a report for `quarter` once; return the count reminded.

    The editors and administrators of the organization each get the email in
    their own language.
    """
    missing = missing_reports(quarter)
    sent = 0
    for entry in missing:
        if entry.reminded:
            continue
        reminder = claim_reminder(entry.organization, quarter)
        if reminder is None:
            continue
        recipients = list(
            Membership.objects.filter(
                organization=entry.organization,
                role__in=[Role.ADMINISTRATOR, Role.EDITOR],
                user__is_active=True,
            ).select_related("user")
        )
        try:
            for membership in recipients:
                send_email(
                    to=membership.user.email,
                    language=membership.user.preferred_language,
                    template_prefix="metrics/email/compliance_reminder",
                    context={
                        "organization": entry.organization,
                        "quarter": quarter,
                        "targets": entry.targets,
                    },
                )
        except Exception:
            # NOTE: the reminder stays claimed, so recipients after the failing
            # one are not emailed on a retry; the log names the organization.
            logger.exception(
                "Failed to send the %s reporting reminder to organization %s",
                quarter.code,
                entry.organization.pk,
            )
            ComplianceReminder.objects.filter(pk=reminder.pk).update(
                state=ComplianceReminder.State.FAILED
            )
            continue
        ComplianceReminder.objects.filter(pk=reminder.pk).update(
            state=ComplianceReminder.State.SENT, sent_at=timezone.now(), recipients=len(recipients)
        )
        sent += 1
    logger.info("Sent %d reporting reminders for %s", sent, quarter.code)
    return sent
