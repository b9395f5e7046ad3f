"""Demo accounts and leadership declarations.

A coordinator, two organizations' administrators, and declarations that give
the directory disability-led badges to try.

The accounts have published passwords, so this section creates them only while
DEBUG is on, even when `load_demo --force` loads the rest on a staging site.
"""

from __future__ import annotations

import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from partners import permissions
from partners.demo.base import ProgressCallback, SectionResult, demo_hsds_id
from partners.models import (
    ChiefExecutive,
    LeadershipDeclaration,
    Membership,
    Organization,
    Role,
    User,
    share_band,
)

DEMO_PASSWORD = "demo-hub-2026"  # noqa: S105
COORDINATOR_EMAIL = "coordinator@demo.example.org"
ADMINISTRATOR_EMAIL = "admin.reim@demo.example.org"
# Administrator of the Outaouais centre, whose initiatives do work similar to
# the Montréal network's, so a connection request can be sent and accepted.
# Prefers English, so the two sides of a connection get emails in different languages.
SECOND_ADMINISTRATOR_EMAIL = "admin.cito@demo.example.org"
# The demo coordinator's two-factor secret (base32). `manage.py demo_totp_code`
# prints the current code from it, so nobody needs an authenticator app.
COORDINATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

# Every third demo organization, and the Montréal network whose description
# calls it disability-led, gets a declaration; the seed fixes the counts.
DECLARATION_SEED = 20261204


def demo_user(email: str, language: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=email, defaults={"preferred_language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def load_demo_accounts(progress: ProgressCallback | None = None) -> SectionResult:
    """Create the demo coordinator (with two-factor) and the administrators of two organizations."""
    result = SectionResult("accounts")
    if not settings.DEBUG:
        return result

    coordinator, created = demo_user(COORDINATOR_EMAIL, "en")
    coordinator.groups.add(permissions.coordinators_group())
    if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(coordinator, COORDINATOR_TOTP_SECRET)
    result.created += int(created)
    result.unchanged += int(not created)

    for key, email, language in (
        ("reim", ADMINISTRATOR_EMAIL, "fr"),
        ("cito", SECOND_ADMINISTRATOR_EMAIL, "en"),
    ):
        organization = Organization.objects.get(hsds_id=demo_hsds_id(key))
        administrator, created = demo_user(email, language)
        if not Membership.objects.filter(organization=organization, user=administrator).exists():
            Membership.objects.create(
                organization=organization, user=administrator, role=Role.ADMINISTRATOR
            )
        permissions.grant_role(administrator, organization, Role.ADMINISTRATOR)
        result.created += int(created)
        result.unchanged += int(not created)

    if progress is not None:
        progress(result.name, 3, 3)
    return result


def load_demo_declarations(progress: ProgressCallback | None = None) -> SectionResult:
    """Give every third demo organization a current declaration, unless it already has one."""
    result = SectionResult("leadership declarations")
    generator = random.Random(DECLARATION_SEED)  # noqa: S311
    organizations = list(Organization.objects.filter(is_demo=True).order_by("hsds_id"))
    flagship = demo_hsds_id("reim")
    chosen = [
        organization
        for position, organization in enumerate(organizations)
        if position % 3 == 0 or organization.hsds_id == flagship
    ]
    have_one = set(
        LeadershipDeclaration.objects.current()
        .filter(organization__in=chosen)
        .values_list("organization_id", flat=True)
    )

    new: list[LeadershipDeclaration] = []
    for organization in chosen:
        seats = generator.choice([3, 4, 5, 7, 9, 11, 12])
        with_experience = generator.randint(0, seats)
        if organization.hsds_id == flagship:
            # Its description calls it disability-led, so its declaration agrees.
            seats, with_experience = 9, 7
        if organization.pk in have_one:
            result.unchanged += 1
            continue
        new.append(
            LeadershipDeclaration(
                organization=organization,
                body_name="Board of directors",
                seats_total=seats,
                seats_with_lived_experience=with_experience,
                chief_executive_lived_experience=ChiefExecutive.NOT_SHARED,
                run_by_and_for=with_experience * 2 > seats,
                consent_attested=True,
            )
        )
    LeadershipDeclaration.objects.bulk_create(new)
    for declaration in new:
        Organization.objects.filter(pk=declaration.organization_id).update(
            disability_led=declaration.is_disability_led,
            leadership_band=share_band(
                declaration.seats_with_lived_experience, declaration.seats_total
            ),
        )
    result.created = len(new)

    if progress is not None:
        progress(result.name, len(chosen), len(chosen))
    return result
