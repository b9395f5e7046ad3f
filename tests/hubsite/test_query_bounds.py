"""Queries per request of the benchmark scenarios: bounded and independent of data size.

Each scenario is requested once with a small network and once after it grew
tenfold. The count must be the same both times and at most the scenario's
bound, so a page that starts querying row by row, or gains a lookup, fails here.
Signed-in requests count the session and user lookups too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hubsite.quarters import current_quarter
from initiatives import detection
from initiatives.models import Initiative, IntersectionalGroup
from metrics.library import load_indicator_library
from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
from metrics.results import invalidate_results
from partners import services
from partners.models import (
    Language,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipState,
    Region,
    Role,
    Sector,
    StakeholderKind,
    Theme,
    User,
)
from practices.models import EvidenceGap, Practice, PracticeKind, PracticeStatus
from tests.conftest import make_user

# The maximum for list pages and API lists.
LIST_BOUND = 10

SMALL = 3
LARGE = 30

SUMMARY = "Peer mentoring and paid work placements for young job seekers with disabilities."


@dataclass
class Network:
    """A network that grows by whole batches of related records."""

    organization: Organization
    admin: User
    coordinator: User
    indicators: dict[str, Indicator]
    size: int = 0
    initiatives: list[Initiative] = field(default_factory=list)

    def grow(self, count: int) -> None:
        """Add `count` organizations, each with an initiative, report, practice and partnership."""
        quebec = Region.objects.get(code="CA-QC")
        national = Region.objects.get(code="CA")
        french = Language.objects.get(code="fr")
        kind = StakeholderKind.objects.get(slug="disability-organization")
        sector = Sector.objects.get(code="62")
        themes = list(Theme.objects.filter(number__in=[1, 2]))
        youth = IntersectionalGroup.objects.filter(slug="youth")
        quarter = current_quarter().previous()

        for _ in range(count):
            self.size += 1
            number = self.size
            organization = Organization.objects.create(
                name=f"Réseau d'emploi Montréal {number:03d}",
                city="Montréal",
                province=quebec,
                kind=kind,
                sector=sector,
                verification_status="verified",
                description_fr="Emploi au Québec",
            )
            organization.regions_served.set([quebec, national])
            organization.languages.set([french])

            initiative = Initiative.objects.create(
                lead_organization=organization,
                title_en=f"Hiring circle {number:03d}",
                summary_en=SUMMARY,
            )
            initiative.themes.set(themes)
            initiative.regions.set([quebec, national])
            initiative.intersectional_groups.set(youth)
            initiative.partner_organizations.set([self.organization])
            for code in ("participants-served", "employment-rate"):
                IndicatorAdoption.objects.create(
                    indicator=self.indicators[code], initiative=initiative
                )
            self.initiatives.append(initiative)

            # The administrator's own organization gains records too, so the
            # dashboard grows with the network.
            own_initiative = Initiative.objects.create(
                lead_organization=self.organization, title_en=f"Own {number:03d}"
            )
            own_initiative.themes.set(themes)

            for reporter, reported in (
                (organization, initiative),
                (self.organization, own_initiative),
            ):
                report = Report.objects.create(
                    organization=reporter,
                    initiative=reported,
                    quarter=quarter.code,
                    state=ReportState.APPROVED,
                    is_counted=True,
                )
                ReportValue.objects.bulk_create(
                    [
                        ReportValue(
                            report=report,
                            indicator=self.indicators["participants-served"],
                            value=Decimal(10 + number),
                            people=10 + number,
                        ),
                        ReportValue(
                            report=report,
                            indicator=self.indicators["employment-rate"],
                            value=Decimal(50),
                            people=10 + number,
                        ),
                    ]
                )

            practice = Practice.objects.create(
                kind=PracticeKind.BEST_PRACTICE,
                title_en=f"Practice {number:03d}",
                summary_en="Summary of a practice.",
                status=PracticeStatus.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=1),
            )
            practice.themes.set(themes)
            practice.regions.set([quebec])
            practice.organizations.set([organization])
            practice.initiatives.set([initiative])

            gap = EvidenceGap.objects.create(question_en=f"Why {number}?")
            gap.themes.set(themes)
            gap.regions.set([quebec])

            partnership = Partnership.objects.create(
                name=f"Partnership {number:03d}", state=PartnershipState.ACTIVE
            )
            partnership.themes.set(themes)
            partnership.regions.set([quebec])
            for member, role in (
                (organization, MemberRole.LEAD),
                (self.organization, MemberRole.MEMBER),
            ):
                PartnershipMember.objects.create(
                    partnership=partnership,
                    organization=member,
                    role=role,
                    status=MemberStatus.ACCEPTED,
                )

        detection.rebuild_similar_work()
        invalidate_results()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run Celery tasks in-process even when REDIS_URL is set."""
    from hubsite.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def network(reference_data: None, eager_tasks: None) -> Network:
    from allauth.mfa.models import Authenticator

    from partners import permissions

    load_indicator_library()
    organization = Organization.objects.create(
        name="Organization A",
        city="Winnipeg",
        kind=StakeholderKind.objects.get(slug="disability-organization"),
        verification_status="verified",
    )
    admin = make_user("admin.bounds@example.org")
    services.add_member(organization, admin, Role.ADMINISTRATOR)
    coordinator = make_user("coordinator.bounds@example.org")
    coordinator.groups.add(permissions.coordinators_group())
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    return Network(
        organization=organization,
        admin=admin,
        coordinator=coordinator,
        indicators={indicator.code: indicator for indicator in Indicator.objects.all()},
    )


def count_queries(client: Client, url: str) -> tuple[int, list[str]]:
    invalidate_results()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


def first_initiative_url(network: Network) -> str:
    return f"/en/initiatives/{network.initiatives[0].pk}/"


def organization_detail_url(network: Network) -> str:
    return f"/en/organizations/{network.organization.slug}/"


def organization_api_url(network: Network) -> str:
    return f"/api/v1/organizations/{network.organization.slug}/"


# Signed-in pages that stay above LIST_BOUND. Of their 11 queries, three read
# the session, the user and the coordinator group, two are the test
# transaction's savepoint and its release, and one checks for demo data.
SIGNED_IN_PAGE_BOUND = 11

# (scenario, persona, URL or function of the network, bound)
SCENARIOS: list[tuple[str, str, str | Callable[[Network], str], int]] = [
    ("home", "visitor", "/en/", LIST_BOUND),
    ("directory", "visitor", "/en/organizations/", LIST_BOUND),
    ("directory signed in", "admin", "/en/organizations/", LIST_BOUND),
    ("directory search accents", "visitor", "/en/organizations/?search=Québec", LIST_BOUND),
    ("directory search folded", "visitor", "/en/organizations/?search=montreal", LIST_BOUND),
    (
        "directory filtered",
        "visitor",
        "/en/organizations/?province=QC&kind=disability-organization",
        LIST_BOUND,
    ),
    ("directory deep page", "visitor", "/en/organizations/?page=2", LIST_BOUND),
    ("organization detail", "visitor", organization_detail_url, LIST_BOUND),
    ("organizations API search", "visitor", "/api/v1/organizations/?search=montreal", LIST_BOUND),
    ("organizations API cursor", "visitor", "/api/v1/organizations/?cursor=", LIST_BOUND),
    ("organizations API detail", "visitor", organization_api_url, LIST_BOUND),
    ("initiative page", "visitor", first_initiative_url, LIST_BOUND),
    # The dashboard lists memberships, join requests and partnership invitations.
    ("account dashboard", "admin", "/en/account/", SIGNED_IN_PAGE_BOUND),
    ("results dashboard", "visitor", "/en/results/", LIST_BOUND),
    ("results API", "visitor", "/api/v1/results/", LIST_BOUND),
    ("partnership directory", "visitor", "/en/partnerships/", LIST_BOUND),
    # The signed-in directory also counts partnerships the person's organizations joined.
    ("partnership directory signed in", "admin", "/en/partnerships/", SIGNED_IN_PAGE_BOUND),
    ("partnerships API", "visitor", "/api/v1/partnerships/", LIST_BOUND),
    ("partnerships API signed in", "admin", "/api/v1/partnerships/", LIST_BOUND),
    ("initiative directory", "visitor", "/en/initiatives/", LIST_BOUND),
    ("initiatives API", "visitor", "/api/v1/initiatives/", LIST_BOUND),
    ("practices library", "visitor", "/en/practices/", LIST_BOUND),
    ("practices API", "visitor", "/api/v1/practices/", LIST_BOUND),
    ("evidence gaps", "visitor", "/en/evidence-gaps/", LIST_BOUND),
    ("governance dashboard", "coordinator", "/en/governance/", LIST_BOUND),
]


@pytest.mark.parametrize(
    ("persona", "url", "bound"),
    [
        pytest.param(persona, url, bound, id=name.replace(" ", "-"))
        for name, persona, url, bound in SCENARIOS
    ],
)
def test_queries_bounded_and_constant(
    client: Client, network: Network, persona: str, url: str | Callable[[Network], str], bound: int
) -> None:
    if persona != "visitor":
        client.force_login(getattr(network, persona))

    network.grow(SMALL)
    path = url(network) if callable(url) else url
    # The first request of a process fills the reference-list cache.
    count_queries(client, path)
    small, _ = count_queries(client, path)
    network.grow(LARGE - SMALL)
    large, statements = count_queries(client, path)

    assert large == small, statements
    assert large <= bound, statements
