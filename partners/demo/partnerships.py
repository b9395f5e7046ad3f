"""The partnerships section of the demo network: 42 partnerships in every lifecycle state.

Each partnership is built from a topic and a region and led by a demo
organization. It has accepted members, open and declined invitations, a
former member, shared goals (some revised), agreements, common-benefit areas
and the recorded state changes that led to its state. A seeded generator and fixed
dates make every load give the same records. Some partnerships have members
of few stakeholder kinds, so their missing voices show.

Leadership roles are not created here: the leadership section loads them
afterwards, for these partnerships.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from partners.demo.base import ProgressCallback, SectionResult, demo_hsds_id
from partners.models import (
    BenefitArea,
    GoalAgreement,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipState,
    PartnershipTransition,
    Region,
    Theme,
    User,
)

SEED = 20261205
# Every demo date counts from this day, so loads on different days agree.
FIRST_DAY = date(2024, 4, 1)

S = PartnershipState

# How many partnerships end in each state, in the order they are built.
STATE_PLAN: list[tuple[str, int]] = [
    (S.PROPOSED, 6),
    (S.UNDER_ASSESSMENT, 6),
    (S.ACTIVE, 10),
    (S.UNDER_REVIEW, 5),
    (S.RENEWED, 5),
    (S.ENDED, 5),
    (S.DECLINED, 5),
]

# The moves that lead to each state, with the reason recorded for each.
PATHS: dict[str, list[tuple[str, str, str]]] = {
    S.PROPOSED: [],
    S.UNDER_ASSESSMENT: [(S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled.")],
    S.ACTIVE: [
        (S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled."),
        (S.UNDER_ASSESSMENT, S.ACTIVE, "Benefits outweigh costs for every partner."),
    ],
    S.UNDER_REVIEW: [
        (S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled."),
        (S.UNDER_ASSESSMENT, S.ACTIVE, "Benefits outweigh costs for every partner."),
        (S.ACTIVE, S.UNDER_REVIEW, "Quarterly review."),
    ],
    S.RENEWED: [
        (S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled."),
        (S.UNDER_ASSESSMENT, S.ACTIVE, "Benefits outweigh costs for every partner."),
        (S.ACTIVE, S.UNDER_REVIEW, "Quarterly review."),
        (S.UNDER_REVIEW, S.RENEWED, "Targets met; renewed for two years."),
    ],
    S.ENDED: [
        (S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled."),
        (S.UNDER_ASSESSMENT, S.ACTIVE, "Benefits outweigh costs for every partner."),
        (S.ACTIVE, S.ENDED, "The project funding ended and the goals were met."),
    ],
    S.DECLINED: [
        (S.PROPOSED, S.UNDER_ASSESSMENT, "Assessment scheduled."),
        (
            S.UNDER_ASSESSMENT,
            S.DECLINED,
            "The partners could not agree on a shared value proposition yet.",
        ),
    ],
}

# (English, French, theme numbers, benefit-area slugs)
TOPICS: list[tuple[str, str, list[int], list[str]]] = [
    ("Inclusive Hiring Alliance", "Alliance pour l'embauche inclusive", [1, 3], ["hiring"]),
    (
        "School-to-Work Bridge",
        "Passerelle école-travail",
        [4],
        ["school-to-work", "skills-training"],
    ),
    (
        "Accessible Workplaces Network",
        "Réseau des milieux de travail accessibles",
        [3],
        ["accessible-workplaces", "retention"],
    ),
    (
        "Employment Data Collaborative",
        "Collectif de données sur l'emploi",
        [5, 6],
        ["data-evaluation"],
    ),
    (
        "Intergovernmental Employment Table",
        "Table intergouvernementale de l'emploi",
        [2],
        ["policy", "data-evaluation"],
    ),
    (
        "Disabled Entrepreneurs Circle",
        "Cercle des entrepreneurs handicapés",
        [1, 3],
        ["entrepreneurship"],
    ),
    (
        "Employer Awareness Campaign",
        "Campagne de sensibilisation des employeurs",
        [3, 7],
        ["employer-awareness", "hiring"],
    ),
]

# (English, French, ISO codes of the regions)
REGIONS: list[tuple[str, str, list[str]]] = [
    ("Atlantic", "de l'Atlantique", ["CA-NL", "CA-PE", "CA-NS", "CA-NB"]),
    ("Québec", "du Québec", ["CA-QC"]),
    ("Ontario", "de l'Ontario", ["CA-ON"]),
    ("Prairies", "des Prairies", ["CA-MB", "CA-SK", "CA-AB"]),
    ("Pacific", "du Pacifique", ["CA-BC"]),
    ("Northern", "du Nord", ["CA-YT", "CA-NT", "CA-NU"]),
]

# Leads, in turn. The demo administrator's organization (reim) leads several,
# so the demo account can try the lead's pages.
LEADS = [
    "reim",
    "pairs-emploi",
    "accessible-now",
    "wden",
    "cito",
    "crth",
    "fed-inclusion",
    "inclusive-employment-foundation",
    "work-disability-institute",
    "ab-council",
]

# Groups of stakeholder kinds a partnership draws members from. The narrow
# groups leave whole kinds (government, business, labour, education...) out.
MEMBER_POOLS: list[list[str]] = [
    [
        "disability-organization",
        "government",
        "business",
        "labour-union",
        "college",
        "research",
        "employment-service-provider",
    ],
    ["disability-organization", "employment-service-provider"],
    ["business", "chamber-of-commerce", "business-association", "disability-organization"],
    ["school-board", "college", "university", "disability-organization"],
    ["government", "funder", "research"],
    ["community-organization", "social-enterprise", "disability-organization", "labour-union"],
]

GOALS = [
    (
        "Place 50 people with disabilities in paid work each year.",
        "Placer 50 personnes handicapées dans un emploi rémunéré chaque année.",
    ),
    (
        "Share accommodation practices between employers.",
        "Partager les pratiques d'adaptation entre employeurs.",
    ),
    (
        "Report results against the common indicators every quarter.",
        "Rendre compte des résultats selon les indicateurs communs chaque trimestre.",
    ),
    (
        "Give people with lived experience a majority on the steering committee.",
        "Donner la majorité du comité directeur aux personnes ayant une expérience vécue.",
    ),
]


@dataclass(frozen=True)
class DemoPartnership:
    key: str
    name: str
    name_fr: str
    state: str
    topic: int
    region: int
    lead: str
    pool: int


def demo_partnerships() -> list[DemoPartnership]:
    """Return the 42 demo partnerships, in a fixed order."""
    records = []
    number = 0
    for state, count in STATE_PLAN:
        for _ in range(count):
            topic = number % len(TOPICS)
            region = (number * 5 + number // len(TOPICS)) % len(REGIONS)
            english, french = TOPICS[topic][0], TOPICS[topic][1]
            region_en, region_fr = REGIONS[region][0], REGIONS[region][1]
            records.append(
                DemoPartnership(
                    key=f"partnership-{number + 1:02d}",
                    name=f"{region_en} {english}",
                    name_fr=f"{french} {region_fr}",
                    state=state,
                    topic=topic,
                    region=region,
                    lead=LEADS[number % len(LEADS)],
                    pool=number % len(MEMBER_POOLS),
                )
            )
            number += 1
    return records


def _moment(days: int) -> datetime:
    return datetime.combine(FIRST_DAY + timedelta(days=days), datetime.min.time()).replace(
        hour=15, tzinfo=UTC
    )


def _organizations_by_kind() -> dict[str, list[Organization]]:
    by_kind: dict[str, list[Organization]] = {}
    for organization in (
        Organization.objects.filter(is_demo=True, verification_status="verified")
        .select_related("kind")
        .order_by("sort_name", "id")
    ):
        by_kind.setdefault(organization.kind.slug, []).append(organization)
    return by_kind


def load_demo_partnerships(progress: ProgressCallback | None = None) -> SectionResult:
    """Create the demo partnerships that do not exist yet; keep the ones a former load made."""
    result = SectionResult("partnerships")
    generator = random.Random(SEED)  # noqa: S311
    records = demo_partnerships()
    existing = set(Partnership.objects.filter(is_demo=True).values_list("demo_key", flat=True))
    if all(record.key in existing for record in records):
        # A repeated load reads nothing else, so it stays a single query.
        result.unchanged = len(records)
        if progress is not None:
            progress(result.name, len(records), len(records))
        return result
    by_kind = _organizations_by_kind()
    leads = {key: Organization.objects.get(hsds_id=demo_hsds_id(key)) for key in sorted(set(LEADS))}
    regions = {region.code: region for region in Region.objects.all()}
    themes = {theme.number: theme for theme in Theme.objects.all()}
    areas = {area.slug: area for area in BenefitArea.objects.all()}
    coordinator = User.objects.filter(groups__name="Coordinators").order_by("pk").first()

    for index, record in enumerate(records, start=1):
        # The generator advances for every record, so adding records at the
        # end never changes the earlier ones.
        draws = [generator.random() for _ in range(16)]
        if record.key in existing:
            result.unchanged += 1
        else:
            _create(record, draws, by_kind, leads, regions, themes, areas, coordinator)
            result.created += 1
        if progress is not None:
            progress(result.name, index, len(records))
    return result


def _create(
    record: DemoPartnership,
    draws: list[float],
    by_kind: dict[str, list[Organization]],
    leads: dict[str, Organization],
    regions: dict[str, Region],
    themes: dict[int, Theme],
    areas: dict[str, BenefitArea],
    coordinator: User | None,
) -> None:
    number = int(record.key.rsplit("-", 1)[1])
    path = PATHS[record.state]
    started = number * 9
    theme_numbers, area_slugs = TOPICS[record.topic][2], TOPICS[record.topic][3]
    region_en, region_fr, codes = REGIONS[record.region]

    partnership = Partnership(
        name=record.name,
        name_fr=record.name_fr,
        purpose_en=(
            f"Organizations of the {region_en} region work together so that more people "
            f"with disabilities find and keep good jobs. Fictional, for the demonstration."
        ),
        purpose_fr=(
            f"Des organismes de la région {region_fr} travaillent ensemble pour que plus de "
            f"personnes handicapées trouvent et gardent un bon emploi. "
            f"Fictif, pour la démonstration."
        ),
        start_date=(FIRST_DAY + timedelta(days=started + 60)) if len(path) >= 2 else None,
        end_date=(FIRST_DAY + timedelta(days=started + 500)) if record.state == S.ENDED else None,
        state=record.state,
        state_changed_at=_moment(started + 30 * len(path)),
        is_demo=True,
        demo_key=record.key,
        created_by=None,
    )
    partnership.save()
    Partnership.objects.filter(pk=partnership.pk).update(created=_moment(started))
    partnership.themes.set([themes[number_] for number_ in theme_numbers if number_ in themes])
    partnership.regions.set([regions[code] for code in codes if code in regions])
    extra_area = sorted(areas)[number % len(areas)] if areas else None
    chosen = [areas[slug] for slug in area_slugs if slug in areas]
    if extra_area and draws[0] < 0.5 and areas[extra_area] not in chosen:
        chosen.append(areas[extra_area])
    partnership.benefit_areas.set(chosen)

    for position, (from_state, to_state, reason) in enumerate(path, start=1):
        PartnershipTransition.objects.create(
            partnership=partnership,
            from_state=from_state,
            to_state=to_state,
            actor=coordinator,
            reason=reason,
            at=_moment(started + 30 * position),
        )

    members = _add_members(partnership, record, draws, by_kind, leads, started)
    _add_goals(partnership, record, draws, members, started)


def _add_members(
    partnership: Partnership,
    record: DemoPartnership,
    draws: list[float],
    by_kind: dict[str, list[Organization]],
    leads: dict[str, Organization],
    started: int,
) -> list[PartnershipMember]:
    lead = leads[record.lead]
    number = int(record.key.rsplit("-", 1)[1])
    chosen: list[Organization] = []
    for offset, kind in enumerate(MEMBER_POOLS[record.pool]):
        candidates = [org for org in by_kind.get(kind, []) if org != lead and org not in chosen]
        if candidates:
            chosen.append(candidates[(number * 3 + offset) % len(candidates)])
    accepted_count = max(
        1, len(chosen) - (1 if record.state in (S.PROPOSED, S.UNDER_ASSESSMENT) else 0)
    )

    members = [
        PartnershipMember.objects.create(
            partnership=partnership,
            organization=lead,
            role=MemberRole.LEAD,
            status=MemberStatus.ACCEPTED,
            contribution="Coordination and a project lead with lived experience of disability.",
            value_proposition="A stronger regional network and shared data.",
            invited_at=_moment(started),
            responded_at=_moment(started),
        )
    ]
    for position, organization in enumerate(chosen):
        status = MemberStatus.ACCEPTED if position < accepted_count else MemberStatus.INVITED
        if status == MemberStatus.ACCEPTED and position == 1 and draws[1] < 0.15:
            status = MemberStatus.DECLINED
        if status == MemberStatus.ACCEPTED and position == 2 and draws[2] < 0.12:
            status = MemberStatus.LEFT
        members.append(
            PartnershipMember.objects.create(
                partnership=partnership,
                organization=organization,
                role=MemberRole.CO_LEAD if position == 0 and draws[3] < 0.4 else MemberRole.MEMBER,
                status=status,
                contribution="Staff time and referrals." if status != MemberStatus.INVITED else "",
                value_proposition="Access to candidates and shared practices.",
                invited_at=_moment(started + 3),
                responded_at=None if status == MemberStatus.INVITED else _moment(started + 10),
                decline_reason=(
                    "Our board decided to focus on existing commitments this year."
                    if status == MemberStatus.DECLINED
                    else ""
                ),
                left_at=_moment(started + 200) if status == MemberStatus.LEFT else None,
                leave_reason=(
                    "The program we contributed ended." if status == MemberStatus.LEFT else ""
                ),
            )
        )
    # The demo administrator's organization has an open invitation to answer.
    if number in (13, 23) and record.lead != "reim":
        reim = leads["reim"]
        if not any(member.organization == reim for member in members):
            members.append(
                PartnershipMember.objects.create(
                    partnership=partnership,
                    organization=reim,
                    role=MemberRole.MEMBER,
                    status=MemberStatus.INVITED,
                    value_proposition="Your expertise in peer support would help us.",
                    invited_at=_moment(started + 5),
                )
            )
    return members


def _add_goals(
    partnership: Partnership,
    record: DemoPartnership,
    draws: list[float],
    members: list[PartnershipMember],
    started: int,
) -> None:
    if record.state == S.PROPOSED and draws[4] < 0.5:
        return
    revisions = 2 if draws[5] < 0.3 else 1
    for revision in range(1, revisions + 1):
        count = 2 + (revision + int(draws[6] * 3)) % 3
        for position, (english, french) in enumerate(GOALS[:count], start=1):
            PartnershipGoal.objects.create(
                partnership=partnership,
                revision=revision,
                position=position,
                text_en=english,
                text_fr=french,
                proposed_at=_moment(started + 20 * revision),
            )
    Partnership.objects.filter(pk=partnership.pk).update(goals_revision=revisions)

    accepted = [member for member in members if member.status == MemberStatus.ACCEPTED]
    for order, member in enumerate(accepted):
        for revision in range(1, revisions + 1):
            # The lead agrees by proposing. Other members agreed to the first
            # revision; a few have not agreed to the latest one yet.
            agrees = (
                member.role == MemberRole.LEAD or revision < revisions or draws[7 + order % 8] > 0.3
            )
            if agrees:
                GoalAgreement.objects.create(
                    member=member, revision=revision, agreed_at=_moment(started + 20 * revision + 5)
                )
