"""Demo leadership roles for the demo partnerships and some demo organizations.

The partnerships section loads first. Each demo partnership, in demo-key
order, gets one of the ROLE_PATTERNS in turn. Together they show partnerships
with and without a lived-experience majority, exactly half (not a majority)
and fewer than five leaders. They also show emerging leaders with mentors and
roles ending within six months with no successor. Term dates count from the day of the
load, so "ending soon" stays true on a fresh load. A later load updates the
roles in place, found by body, name and title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from partners.demo.accounts import ADMINISTRATOR_EMAIL
from partners.demo.base import ProgressCallback, SectionResult
from partners.models import (
    LeadershipRole,
    LivedExperienceSource,
    Organization,
    Partnership,
    RoleTitle,
    User,
    Visibility,
)

# Fictional names; none is meant to refer to a real person.
PEOPLE = [
    "Amina Okafor",
    "Benoît Tremblay",
    "Chloé Gagnon",
    "Daniel Whitehorse",
    "Élise Arsenault",
    "Farid Haddad",
    "Grace Kootook",
    "Hugo Lévesque",
    "Isabelle Nguyen",
    "Jonah Sinclair",
    "Kateri Bastien",
    "Liam O'Connor",
    "Maya Singh",
    "Noémie Bouchard",
    "Owen MacLeod",
    "Priya Raman",
    "Rosalie Côté",
    "Samuel Paul",
]

TITLES = [
    RoleTitle.CHAIR,
    RoleTitle.CO_CHAIR,
    RoleTitle.STEERING_MEMBER,
    RoleTitle.STEERING_MEMBER,
    RoleTitle.WORKING_GROUP_LEAD,
    RoleTitle.ADVISOR,
    RoleTitle.STEERING_MEMBER,
    RoleTitle.ADVISOR,
]

VISIBILITIES = [Visibility.PUBLIC, Visibility.NETWORK, Visibility.PRIVATE]


@dataclass(frozen=True)
class RolePattern:
    """How many roles a body gets and which of them show the demo's cases."""

    roles: int
    with_lived_experience: int
    not_shared: int = 0
    emerging_leader: bool = False
    ending_soon_without_successor: int = 0


ROLE_PATTERNS = [
    RolePattern(roles=7, with_lived_experience=5, emerging_leader=True),
    RolePattern(roles=6, with_lived_experience=3, ending_soon_without_successor=1),
    RolePattern(roles=5, with_lived_experience=1, not_shared=1),
    RolePattern(roles=4, with_lived_experience=3),
    RolePattern(
        roles=8, with_lived_experience=6, emerging_leader=True, ending_soon_without_successor=1
    ),
    RolePattern(roles=5, with_lived_experience=2, ending_soon_without_successor=2),
    RolePattern(roles=3, with_lived_experience=1),
]

# Demo organizations that get roles of their own: the first few in name order.
ORGANIZATIONS_WITH_ROLES = 6


def _load_body_roles(
    *,
    partnership: Partnership | None,
    organization: Organization | None,
    pattern: RolePattern,
    offset: int,
    today: date,
    result: SectionResult,
) -> None:
    roles: list[LeadershipRole] = []
    for number in range(pattern.roles):
        person = PEOPLE[(offset + number) % len(PEOPLE)]
        title = TITLES[number % len(TITLES)]
        if number < pattern.with_lived_experience:
            lived: bool | None = True
        elif number < pattern.with_lived_experience + pattern.not_shared:
            lived = None
        else:
            lived = False
        ending_soon = number >= pattern.roles - pattern.ending_soon_without_successor
        term_start = today - timedelta(days=365 + 30 * number)
        term_end = (
            today + timedelta(days=60 + 20 * number)
            if ending_soon
            else today + timedelta(days=400 + 30 * number)
        )
        fields = {
            "term_start": term_start,
            "term_end": term_end,
            "lived_experience": lived,
            "lived_experience_source": LivedExperienceSource.ATTESTED if lived is not None else "",
            "visibility": VISIBILITIES[(offset + number) % len(VISIBILITIES)],
            "emerging_leader": pattern.emerging_leader and number == pattern.roles - 1,
            "successor": None,
            "mentor": None,
        }
        role, created = LeadershipRole.objects.update_or_create(
            partnership=partnership,
            organization=organization,
            person_name=person,
            title=title,
            defaults=fields,
        )
        result.created += int(created)
        result.updated += int(not created)
        roles.append(role)

    if pattern.emerging_leader:
        # The last role is the emerging leader, mentored by the chair.
        roles[-1].mentor = roles[0]
        roles[-1].save(update_fields=["mentor"])


def load_demo_leadership_roles(progress: ProgressCallback | None = None) -> SectionResult:
    """Create or update the leadership roles of every demo partnership and a few organizations."""
    result = SectionResult("leadership roles")
    today = timezone.localdate()
    partnerships = list(Partnership.objects.filter(is_demo=True).order_by("demo_key", "id"))
    organizations = list(
        Organization.objects.filter(is_demo=True).order_by("sort_name", "id")[
            :ORGANIZATIONS_WITH_ROLES
        ]
    )
    total = len(partnerships) + len(organizations)

    for index, partnership in enumerate(partnerships):
        _load_body_roles(
            partnership=partnership,
            organization=None,
            pattern=ROLE_PATTERNS[index % len(ROLE_PATTERNS)],
            offset=index,
            today=today,
            result=result,
        )
        if progress is not None:
            progress(result.name, index + 1, total)

    for index, organization in enumerate(organizations):
        _load_body_roles(
            partnership=None,
            organization=organization,
            pattern=ROLE_PATTERNS[index % len(ROLE_PATTERNS)],
            offset=index + 7,
            today=today,
            result=result,
        )
        if progress is not None:
            progress(result.name, len(partnerships) + index + 1, total)

    _link_demo_administrator(partnerships)
    return result


def _link_demo_administrator(partnerships: list[Partnership]) -> None:
    """Link the first demo partnership's chair to the demo administrator's account.

    The administrator can then try "my leadership roles". The account exists
    only when the accounts section ran (with DEBUG on).
    """
    administrator = User.objects.filter(email=ADMINISTRATOR_EMAIL).first()
    if administrator is None or not partnerships:
        return
    LeadershipRole.objects.filter(partnership=partnerships[0], title=RoleTitle.CHAIR).update(
        user=administrator
    )
