"""Generate a national-scale network for the benchmarks, deterministically, through bulk inserts.

Run (the database must be migrated; --flush empties it first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub_bench \\
        .venv/bin/python -m bench.scale_data --organizations 10000 --flush

For N organizations it writes, in proportion to the national target of 10,000:
N organizations (95% verified) with regions served, languages and a leadership
declaration for every third one; 0.3 N partnerships with 2 to 6 member
organizations and 2 to 4 leadership roles each; 2 N initiatives in clusters of
about eight that share topic words, with similar-work rows; 0.2 N published
practices; 0.1 N reporting initiatives with 8 approved quarterly reports of 25
values each (20 N reported values); 2 N digest subscriptions (every tenth
weekly, the others monthly); 0.1 N accounts with one membership each, and the
benchmark account (see BENCH_EMAIL) that administers five organizations.

The same seed gives the same records. Dates are relative to the start of the
current week (Monday, 00:00 in TIME_ZONE), so the last complete weekly digest
and the reporting quarters always have data.

Similar work: `--similarity synthetic` (the default) writes up to five rows per
initiative to members of its cluster directly; `--similarity rebuild` runs the
real nightly rebuild (initiatives.detection), about 3 minutes for 20,000
initiatives on 2 cores; `none` writes nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")

DEFAULT_SEED = 20261205
BATCH = 2000
# The benchmark account: a partner administrator (no coordinator, so no
# two-factor requirement) who signs in for the dashboard scenario.
BENCH_EMAIL = "bench.admin@example.org"
BENCH_PASSWORD = "bench-hub-password-2026"  # noqa: S105
BENCH_ORGANIZATIONS = 5

T = TypeVar("T")

# Head-office cities by province or territory, with accents as people write them.
CITIES: dict[str, list[str]] = {
    "CA-QC": [
        "Québec",
        "Montréal",
        "Trois-Rivières",
        "Gatineau",
        "Sherbrooke",
        "Saguenay",
        "Lévis",
        "Rimouski",
        "Rouyn-Noranda",
        "Sept-Îles",
        "Baie-Comeau",
        "Saint-Jérôme",
    ],
    "CA-ON": ["Toronto", "Ottawa", "Sudbury", "Hamilton", "Kingston", "Thunder Bay", "Hearst"],
    "CA-BC": ["Vancouver", "Victoria", "Kelowna", "Prince George"],
    "CA-AB": ["Edmonton", "Calgary", "Saint-Paul"],
    "CA-MB": ["Winnipeg", "Saint-Boniface", "Brandon"],
    "CA-SK": ["Regina", "Saskatoon", "Gravelbourg"],
    "CA-NS": ["Halifax", "Chéticamp", "Sydney"],
    "CA-NB": ["Moncton", "Fredericton", "Edmundston", "Caraquet"],
    "CA-NL": ["St. John's", "Corner Brook"],
    "CA-PE": ["Charlottetown", "Summerside"],
    "CA-YT": ["Whitehorse", "Dawson City"],
    "CA-NT": ["Yellowknife", "Inuvik"],
    "CA-NU": ["Iqaluit", "Rankin Inlet"],
}
# Rough shares of organizations per province or territory, in percent.
PROVINCE_WEIGHTS = {
    "CA-QC": 26,
    "CA-ON": 33,
    "CA-BC": 12,
    "CA-AB": 10,
    "CA-MB": 4,
    "CA-SK": 4,
    "CA-NS": 3,
    "CA-NB": 3,
    "CA-NL": 2,
    "CA-PE": 1,
    "CA-YT": 1,
    "CA-NT": 1,
    "CA-NU": 1,
}
FRENCH_PREFIXES = [
    "Réseau",
    "Centre",
    "Association",
    "Coopérative",
    "Société",
    "Carrefour",
    "Regroupement",
    "Fondation",
]
FRENCH_TOPICS = [
    "pour l'emploi inclusif",
    "d'intégration au travail",
    "des personnes sourdes",
    "d'accès à l'emploi",
    "d'entraide et d'insertion",
    "des travailleuses et travailleurs handicapés",
    "pour l'autonomie",
    "de la relève",
]
ENGLISH_PREFIXES = ["Employment Network", "Access Centre", "Inclusion Alliance", "Workforce Hub"]
ENGLISH_TOPICS = [
    "for Inclusive Hiring",
    "for Deaf Workers",
    "for Supported Employment",
    "for Youth Transitions",
    "for Accessible Workplaces",
    "for Peer Mentoring",
]
DESCRIPTION_WORDS_EN = [
    "supported employment",
    "job coaching",
    "workplace accommodation",
    "peer mentoring",
    "employer outreach",
    "school-to-work transition",
    "paid work trials",
    "accessible recruitment",
]
DESCRIPTION_WORDS_FR = [
    "accompagnement en emploi",
    "mesures d'adaptation",
    "mentorat par les pairs",
    "stages rémunérés",
    "sensibilisation des employeurs",
    "transition école-travail",
    "recrutement accessible",
    "maintien en emploi",
]
FIRST_NAMES = [
    "Émilie",
    "François",
    "Zoë",
    "Anaïs",
    "Jérôme",
    "Hélène",
    "Noël",
    "Amélie",
    "Thérèse",
    "Raphaël",
    "Priya",
    "Kwame",
    "Siobhán",
    "Maëlle",
    "Joël",
    "Aylin",
]
LAST_NAMES = [
    "Tremblay",
    "Côté",
    "Bélanger",
    "Gagnon",
    "Lévesque",
    "Bérubé",
    "Nguyen",
    "Pelletier",
    "Ouellet",
    "Morin",
    "Fortin",
    "Gauthier",
    "MacDonald",
    "Singh",
    "Thériault",
    "Lefèvre",
]
TOPIC_SYLLABLES = ["ka", "lo", "mé", "nu", "sèr", "tal", "vin", "dor", "pel", "rup", "sak", "tém"]


@dataclass(frozen=True)
class Plan:
    """How many records of each kind one dataset size gets."""

    organizations: int
    partnerships: int
    initiatives: int
    practices: int
    reporting_initiatives: int
    subscribers: int
    accounts: int

    @classmethod
    def for_organizations(cls, organizations: int) -> Plan:
        return cls(
            organizations=organizations,
            partnerships=organizations * 3 // 10,
            initiatives=organizations * 2,
            practices=organizations // 5,
            reporting_initiatives=max(1, organizations // 10),
            subscribers=organizations * 2,
            accounts=max(10, organizations // 10),
        )


QUARTERS = 8
VALUES_PER_REPORT = 25


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Progress:
    """Print one line per step and per few batches, with elapsed seconds."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last_line = 0.0

    def line(self, label: str, done: int, total: int, *, force: bool = False) -> None:
        now = time.perf_counter()
        if force or done >= total or now - self.last_line >= 3:
            self.last_line = now
            print(
                f"  {label}: {done:,}/{total:,} ({now - self.started:.1f} s)",
                flush=True,
            )


def bulk_insert(
    model: Any, rows: Iterable[Any], total: int, label: str, progress: Progress
) -> list[Any]:
    """Insert `rows` in batches of BATCH and return them with their primary keys."""
    created: list[Any] = []
    for batch in chunks(rows, BATCH):
        created.extend(model.objects.bulk_create(batch))
        progress.line(label, len(created), total)
    if not created:
        progress.line(label, 0, total, force=True)
    return created


def person_name(generator: random.Random) -> str:
    return f"{generator.choice(FIRST_NAMES)} {generator.choice(LAST_NAMES)}"


def week_start() -> datetime:
    """Return Monday 00:00 of the current week in TIME_ZONE: the anchor of every date."""
    from django.utils import timezone

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime(monday.year, monday.month, monday.day))


class Generator:
    """Write one dataset; each step reads the records the previous steps wrote."""

    def __init__(self, plan: Plan, seed: int, similarity: str) -> None:
        self.plan = plan
        self.random = random.Random(seed)
        self.similarity = similarity
        self.summary = Summary()
        self.progress = Progress()
        self.anchor = week_start()

    def step(self, name: str, function: Callable[[], int]) -> None:
        started = time.perf_counter()
        print(f"{name}...", flush=True)
        count = function()
        self.summary.counts[name] = count
        self.summary.seconds[name] = time.perf_counter() - started

    # -- reference data ---------------------------------------------------

    def load_reference(self) -> int:
        from metrics.library import load_indicator_library
        from partners.models import BenefitArea, Language, Region, Sector, StakeholderKind, Theme
        from partners.reference_data import load_reference_data

        load_reference_data()
        load_indicator_library()
        self.regions = {region.code: region for region in Region.objects.all()}
        self.kinds = list(StakeholderKind.objects.all())
        self.sectors = list(Sector.objects.all())
        self.languages = {language.code: language for language in Language.objects.all()}
        self.themes = list(Theme.objects.all())
        self.benefit_areas = list(BenefitArea.objects.all())
        return len(self.regions) + len(self.kinds) + len(self.sectors) + len(self.themes)

    # -- organizations ----------------------------------------------------

    def organization_name(self, number: int, city: str, used: dict[str, int]) -> str:
        generator = self.random
        if number % 3 == 0:
            base = (
                f"{generator.choice(ENGLISH_PREFIXES)} {generator.choice(ENGLISH_TOPICS)}, {city}"
            )
        else:
            of_city = f"d'{city}" if city[0] in "AEIOUÉÎ" else f"de {city}"
            base = (
                f"{generator.choice(FRENCH_PREFIXES)} {generator.choice(FRENCH_TOPICS)} {of_city}"
            )
        seen = used.get(base, 0)
        used[base] = seen + 1
        return base if not seen else f"{base} {seen + 1}"

    def organizations(self) -> int:
        from django.utils.text import slugify

        from hubsite.search import fold
        from partners.models import (
            ChiefExecutive,
            LeadershipDeclaration,
            Organization,
            VerificationStatus,
            share_band,
        )

        generator = self.random
        codes = list(PROVINCE_WEIGHTS)
        weights = [PROVINCE_WEIGHTS[code] for code in codes]
        used: dict[str, int] = {}
        slugs: set[str] = set()
        declarations: list[tuple[int, int, int]] = []
        rows: list[Organization] = []
        for number in range(self.plan.organizations):
            code = generator.choices(codes, weights)[0]
            city = generator.choice(CITIES[code])
            name = self.organization_name(number, city, used)
            slug = slugify(fold(name))[:110]
            while slug in slugs:
                slug = f"{slug}-{number}"
            slugs.add(slug)
            status = (
                VerificationStatus.VERIFIED
                if number % 20
                else [VerificationStatus.PENDING, VerificationStatus.ARCHIVED][number % 40 // 20]
            )
            words_en = generator.sample(DESCRIPTION_WORDS_EN, 3)
            words_fr = generator.sample(DESCRIPTION_WORDS_FR, 3)
            organization = Organization(
                name=name,
                slug=slug,
                description_en=(
                    f"We offer {words_en[0]}, {words_en[1]} and {words_en[2]} "
                    f"to people with disabilities in {city} and nearby communities."
                ),
                description_fr=(
                    f"Nous offrons {words_fr[0]}, {words_fr[1]} et {words_fr[2]} "
                    f"aux personnes handicapées de {city} et des environs."
                ),
                kind=self.kinds[generator.randrange(len(self.kinds))],
                sector=generator.choice(self.sectors) if number % 4 else None,
                city=city,
                province=self.regions[code],
                indigenous_led=number % 19 == 0,
                website=f"https://example.org/{slug}",
                email=f"info@{slug[:40]}.example.org",
                verification_status=status,
            )
            if number % 3 == 0:
                seats = generator.choice([3, 4, 5, 7, 9, 11, 12])
                with_experience = generator.randint(0, seats)
                organization.disability_led = with_experience * 2 > seats
                organization.leadership_band = share_band(with_experience, seats)
                declarations.append((number, seats, with_experience))
            organization.refresh_search_fields()
            rows.append(organization)
        created = bulk_insert(Organization, rows, len(rows), "organizations", self.progress)
        self.organization_ids = [organization.pk for organization in created]
        self.verified_ids = [
            organization.pk
            for organization in created
            if organization.verification_status == VerificationStatus.VERIFIED
        ]

        Served = Organization.regions_served.through
        Spoken = Organization.languages.through
        served: list[Any] = []
        spoken: list[Any] = []
        for organization in created:
            assert organization.province is not None
            home = organization.province.code
            picks = {home}
            picks.update(generator.sample(codes, generator.randint(0, 2)))
            if generator.random() < 0.1:
                picks.add("CA")
            served.extend(
                Served(organization_id=organization.pk, region_id=self.regions[code].pk)
                for code in sorted(picks)
            )
            languages = {"fr"} if home == "CA-QC" else {"en"}
            if generator.random() < 0.4:
                languages |= {"en", "fr"}
            if generator.random() < 0.05:
                languages.add("fcs" if home == "CA-QC" else "ase")
            spoken.extend(
                Spoken(organization_id=organization.pk, language_id=self.languages[code].pk)
                for code in sorted(languages)
            )
        bulk_insert(Served, served, len(served), "regions served", self.progress)
        bulk_insert(Spoken, spoken, len(spoken), "languages of service", self.progress)

        rows_declared = [
            LeadershipDeclaration(
                organization_id=self.organization_ids[number],
                body_name="Conseil d'administration" if number % 2 else "Board of directors",
                seats_total=seats,
                seats_with_lived_experience=with_experience,
                chief_executive_lived_experience=ChiefExecutive.NOT_SHARED,
                run_by_and_for=with_experience * 2 > seats,
                consent_attested=True,
                attested_at=self.anchor - timedelta(days=number % 500),
            )
            for number, seats, with_experience in declarations
        ]
        bulk_insert(
            LeadershipDeclaration, rows_declared, len(rows_declared), "declarations", self.progress
        )
        return len(created)

    # -- accounts ---------------------------------------------------------

    def accounts(self) -> int:
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from partners import permissions
        from partners.models import JoinRequest, Membership, Role, User

        unusable = make_password(None)
        users = [
            User(
                email=f"member{number:06d}@example.org",
                password=unusable,
                first_name=self.random.choice(FIRST_NAMES),
                last_name=self.random.choice(LAST_NAMES),
                preferred_language="fr" if number % 3 else "en",
            )
            for number in range(self.plan.accounts)
        ]
        users = bulk_insert(User, users, len(users), "accounts", self.progress)
        step = max(1, len(self.organization_ids) // len(users))
        memberships = [
            Membership(
                organization_id=self.organization_ids[(index * step) % len(self.organization_ids)],
                user_id=user.pk,
                role=[Role.ADMINISTRATOR, Role.EDITOR, Role.VIEWER][index % 3],
            )
            for index, user in enumerate(users)
        ]
        bulk_insert(Membership, memberships, len(memberships), "memberships", self.progress)

        # The benchmark account goes through the same permission grants as a real one.
        bench = User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD, first_name="Bench")
        EmailAddress.objects.create(user=bench, email=BENCH_EMAIL, verified=True, primary=True)
        from partners.models import Organization

        own = list(
            Organization.objects.filter(pk__in=self.verified_ids[1 : 1 + BENCH_ORGANIZATIONS])
        )
        for organization in own:
            Membership.objects.create(
                organization=organization, user=bench, role=Role.ADMINISTRATOR
            )
            permissions.grant_role(bench, organization, Role.ADMINISTRATOR)
        JoinRequest.objects.bulk_create(
            JoinRequest(organization=organization, user_id=users[index].pk)
            for index, organization in enumerate(own)
        )
        self.user_ids = [user.pk for user in users]
        return len(users) + 1

    # -- partnerships and leadership roles ---------------------------------

    def partnerships(self) -> int:
        from partners.models import (
            PUBLIC_STATES,
            LeadershipRole,
            LivedExperienceSource,
            MemberRole,
            MemberStatus,
            Partnership,
            PartnershipMember,
            PartnershipState,
            RoleTitle,
            Visibility,
        )

        generator = self.random
        states = [
            (PartnershipState.ACTIVE, 50),
            (PartnershipState.RENEWED, 10),
            (PartnershipState.UNDER_REVIEW, 10),
            (PartnershipState.ENDED, 10),
            (PartnershipState.PROPOSED, 10),
            (PartnershipState.UNDER_ASSESSMENT, 5),
            (PartnershipState.DECLINED, 5),
        ]
        state_names = [state for state, _weight in states]
        state_weights = [weight for _state, weight in states]
        rows = []
        for number in range(self.plan.partnerships):
            city = generator.choice(CITIES[generator.choice(list(CITIES))])
            topic = generator.choice(DESCRIPTION_WORDS_FR)
            state = generator.choices(state_names, state_weights)[0]
            name = f"Partenariat {topic} – {city} {number + 1}"
            partnership = Partnership(
                name=f"{topic.capitalize()} partnership, {city} {number + 1}",
                name_fr=name,
                slug=f"partnership-{number + 1:06d}",
                purpose_en=(
                    f"Partners in {city} work together on {generator.choice(DESCRIPTION_WORDS_EN)}."
                ),
                purpose_fr=f"Les partenaires de {city} collaborent : {topic}.",
                state=state,
                start_date=(self.anchor - timedelta(days=30 + number % 900)).date(),
                exemplary_since=(
                    self.anchor - timedelta(days=number % 90)
                    if state in PUBLIC_STATES and number % 97 == 0
                    else None
                ),
            )
            partnership.refresh_search_fields()
            rows.append(partnership)
        created = bulk_insert(Partnership, rows, len(rows), "partnerships", self.progress)
        self.partnership_ids = [partnership.pk for partnership in created]

        themes_through = Partnership.themes.through
        regions_through = Partnership.regions.through
        areas_through = Partnership.benefit_areas.through
        links: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        members: list[PartnershipMember] = []
        roles: list[LeadershipRole] = []
        region_codes = [code for code in self.regions if code != "CA"]
        for partnership in created:
            for theme in generator.sample(self.themes, generator.randint(1, 3)):
                links[0].append(themes_through(partnership_id=partnership.pk, theme_id=theme.pk))
            for code in generator.sample(region_codes, generator.randint(1, 2)):
                links[1].append(
                    regions_through(partnership_id=partnership.pk, region_id=self.regions[code].pk)
                )
            for area in generator.sample(self.benefit_areas, generator.randint(1, 2)):
                links[2].append(
                    areas_through(partnership_id=partnership.pk, benefitarea_id=area.pk)
                )
            organizations = generator.sample(self.verified_ids, generator.randint(2, 6))
            for position, organization_id in enumerate(organizations):
                members.append(
                    PartnershipMember(
                        partnership_id=partnership.pk,
                        organization_id=organization_id,
                        role=MemberRole.LEAD if position == 0 else MemberRole.MEMBER,
                        status=(
                            MemberStatus.ACCEPTED
                            if position == 0 or generator.random() < 0.85
                            else MemberStatus.INVITED
                        ),
                        contribution="Temps du personnel et un local accessible.",
                    )
                )
            for position in range(generator.randint(2, 4)):
                shared = generator.random() < 0.6
                roles.append(
                    LeadershipRole(
                        partnership_id=partnership.pk,
                        person_name=person_name(generator),
                        title=[RoleTitle.CHAIR, RoleTitle.CO_CHAIR, RoleTitle.STEERING_MEMBER][
                            min(position, 2)
                        ],
                        term_start=(self.anchor - timedelta(days=400)).date(),
                        term_end=(self.anchor + timedelta(days=30 + position * 200)).date(),
                        lived_experience=generator.random() < 0.55 if shared else None,
                        lived_experience_source=LivedExperienceSource.SELF if shared else "",
                        visibility=[Visibility.PUBLIC, Visibility.NETWORK, Visibility.PRIVATE][
                            position % 3
                        ],
                        emerging_leader=generator.random() < 0.2,
                    )
                )
        bulk_insert(themes_through, links[0], len(links[0]), "partnership themes", self.progress)
        bulk_insert(regions_through, links[1], len(links[1]), "partnership regions", self.progress)
        bulk_insert(areas_through, links[2], len(links[2]), "benefit areas", self.progress)
        bulk_insert(PartnershipMember, members, len(members), "partnership members", self.progress)
        for organization_id in self.verified_ids[::10]:
            roles.append(
                LeadershipRole(
                    organization_id=organization_id,
                    person_name=person_name(generator),
                    title=RoleTitle.CHAIR,
                    term_start=(self.anchor - timedelta(days=700)).date(),
                    visibility=Visibility.PUBLIC,
                )
            )
        bulk_insert(LeadershipRole, roles, len(roles), "leadership roles", self.progress)
        return len(created)

    # -- initiatives and similar work --------------------------------------

    def initiatives(self) -> int:
        from initiatives.models import Initiative, InitiativeKind, InitiativeStatus

        generator = self.random
        cluster_count = max(1, self.plan.initiatives // 8)
        topics = [
            ["".join(generator.choice(TOPIC_SYLLABLES) for _ in range(3)) for _ in range(4)]
            for _ in range(cluster_count)
        ]
        statuses = list(InitiativeStatus.values)
        kinds = list(InitiativeKind.values)
        rows = []
        self.clusters: list[list[int]] = [[] for _ in range(cluster_count)]
        cluster_of: list[int] = []
        for number in range(self.plan.initiatives):
            cluster = generator.randrange(cluster_count)
            cluster_of.append(cluster)
            words = topics[cluster]
            french = number % 3 == 0
            city = generator.choice(CITIES[generator.choice(list(CITIES))])
            title = (
                f"Projet {words[0]} {words[1]} : {generator.choice(DESCRIPTION_WORDS_FR)} à {city}"
                if french
                else (
                    f"{words[0].title()} {words[1]}: "
                    f"{generator.choice(DESCRIPTION_WORDS_EN)} in {city}"
                )
            )
            summary = " ".join(words) + (
                " — accompagnement en emploi et mesures d'adaptation."
                if french
                else " — supported employment and workplace accommodation."
            )
            initiative = Initiative(
                lead_organization_id=generator.choice(self.organization_ids),
                title_fr=title if french else "",
                title_en="" if french else title,
                summary_fr=summary if french else "",
                summary_en="" if french else summary,
                vision_en="" if french else f"Every employer in {city} hires inclusively.",
                vision_fr=f"Chaque employeur de {city} embauche de façon inclusive."
                if french
                else "",
                status=generator.choice(statuses),
                kind=generator.choice(kinds),
                partnership_id=(
                    generator.choice(self.partnership_ids)
                    if self.partnership_ids and number % 5 == 0
                    else None
                ),
                start_date=(self.anchor - timedelta(days=number % 1200)).date(),
                contact_name=person_name(generator),
            )
            initiative.refresh_search_fields()
            rows.append(initiative)
        created = bulk_insert(Initiative, rows, len(rows), "initiatives", self.progress)
        self.initiative_ids = [initiative.pk for initiative in created]
        self.initiative_leads = [initiative.lead_organization_id for initiative in created]
        for initiative_id, cluster in zip(self.initiative_ids, cluster_of, strict=True):
            self.clusters[cluster].append(initiative_id)
        self.topics = topics

        themes_through = Initiative.themes.through
        regions_through = Initiative.regions.through
        partners_through = Initiative.partner_organizations.through
        theme_rows: list[Any] = []
        region_rows: list[Any] = []
        partner_rows: list[Any] = []
        region_codes = [code for code in self.regions if code != "CA"]
        for initiative_id in self.initiative_ids:
            for theme in generator.sample(self.themes, generator.randint(1, 2)):
                theme_rows.append(themes_through(initiative_id=initiative_id, theme_id=theme.pk))
            for code in generator.sample(region_codes, generator.randint(1, 2)):
                region_rows.append(
                    regions_through(initiative_id=initiative_id, region_id=self.regions[code].pk)
                )
            if generator.random() < 0.3:
                partner_rows.append(
                    partners_through(
                        initiative_id=initiative_id,
                        organization_id=generator.choice(self.verified_ids),
                    )
                )
        bulk_insert(themes_through, theme_rows, len(theme_rows), "initiative themes", self.progress)
        bulk_insert(
            regions_through, region_rows, len(region_rows), "initiative regions", self.progress
        )
        bulk_insert(
            partners_through,
            partner_rows,
            len(partner_rows),
            "initiative partner organizations",
            self.progress,
        )
        return len(created)

    def similar_work(self) -> int:
        from initiatives.models import SimilarWork

        if self.similarity == "none":
            print("  skipped (--similarity none)", flush=True)
            return 0
        if self.similarity == "rebuild":
            from initiatives.detection import rebuild_similar_work

            def show(stage: str, done: int, total: int) -> None:
                self.progress.line(f"rebuild {stage}", done, total)

            summary = rebuild_similar_work(show)
            return int(summary.matches)

        rows: list[SimilarWork] = []
        for cluster, members in enumerate(self.clusters):
            shared = self.topics[cluster][:3]
            for position, initiative_id in enumerate(members):
                others = [other for other in members if other != initiative_id][:5]
                for rank, other in enumerate(others):
                    score = round(0.9 - 0.1 * rank - 0.01 * (position % 5), 3)
                    rows.append(
                        SimilarWork(
                            initiative_id=initiative_id,
                            other_id=other,
                            score=score,
                            text_score=score,
                            shared_terms=shared,
                        )
                    )
        bulk_insert(SimilarWork, rows, len(rows), "similar work (synthetic)", self.progress)
        return len(rows)

    # -- practices --------------------------------------------------------

    def practices(self) -> int:
        from practices.models import Practice, PracticeKind

        generator = self.random
        kinds = list(PracticeKind.values)
        rows = []
        for number in range(self.plan.practices):
            kind = kinds[number % len(kinds)]
            french_topic = generator.choice(DESCRIPTION_WORDS_FR)
            english_topic = generator.choice(DESCRIPTION_WORDS_EN)
            practice = Practice(
                kind=kind,
                title_en=f"{english_topic.capitalize()} that worked, case {number + 1}",
                title_fr=f"{french_topic.capitalize()} : ce qui a fonctionné, cas n° {number + 1}",
                summary_en=f"How partners organized {english_topic} with employers.",
                summary_fr=(
                    f"Comment des partenaires ont organisé {french_topic} avec des employeurs."
                ),
                what_was_done_en="Paid trials at the going rate, with a peer mentor.",
                what_was_done_fr=(
                    "Des stages payés au taux du marché, avec une mentore ou un mentor."
                ),
                status="published",
                is_anonymous=kind == PracticeKind.LESSON and number % 4 == 0,
                submitting_organization_id=generator.choice(self.verified_ids),
                published_at=self.anchor - timedelta(minutes=(number * 263) % (364 * 24 * 60)),
                slug=f"practice-{number + 1:06d}",
            )
            practice.refresh_search_fields()
            rows.append(practice)
        created = bulk_insert(Practice, rows, len(rows), "practices", self.progress)
        theme_rows: list[Any] = []
        region_rows: list[Any] = []
        sector_rows: list[Any] = []
        themes_through = Practice.themes.through
        regions_through = Practice.regions.through
        sectors_through = Practice.sectors.through
        region_list = list(self.regions.values())
        for index, practice in enumerate(created):
            theme_rows.append(
                themes_through(practice_id=practice.pk, theme_id=self.themes[index % 7].pk)
            )
            region_rows.append(
                regions_through(
                    practice_id=practice.pk, region_id=region_list[index % len(region_list)].pk
                )
            )
            sector_rows.append(
                sectors_through(
                    practice_id=practice.pk,
                    sector_id=self.sectors[index % len(self.sectors)].pk,
                )
            )
        bulk_insert(themes_through, theme_rows, len(theme_rows), "practice themes", self.progress)
        bulk_insert(
            regions_through, region_rows, len(region_rows), "practice regions", self.progress
        )
        bulk_insert(
            sectors_through, sector_rows, len(sector_rows), "practice sectors", self.progress
        )
        return len(created)

    # -- reported values ----------------------------------------------------

    def reported_values(self) -> int:
        from metrics.models import Indicator, IndicatorAdoption, Report, ReportState, ReportValue
        from metrics.results import reporting_quarters

        indicators = list(Indicator.objects.reportable().order_by("position"))
        quarters = reporting_quarters(QUARTERS)
        verified = set(self.verified_ids)
        reporting = [
            (initiative_id, lead)
            for initiative_id, lead in zip(self.initiative_ids, self.initiative_leads, strict=True)
            if lead in verified
        ][: self.plan.reporting_initiatives]
        adoptions = [
            IndicatorAdoption(indicator=indicator, initiative_id=initiative_id)
            for initiative_id, _lead in reporting
            for indicator in indicators
        ]
        bulk_insert(IndicatorAdoption, adoptions, len(adoptions), "adoptions", self.progress)
        reports = [
            Report(
                organization_id=lead,
                initiative_id=initiative_id,
                quarter=quarter.code,
                state=ReportState.APPROVED,
                is_counted=True,
            )
            for initiative_id, lead in reporting
            for quarter in quarters
        ]
        reports = bulk_insert(Report, reports, len(reports), "reports", self.progress)

        by_code = {indicator.code: indicator for indicator in indicators}
        served = by_code["participants-served"]
        placed = by_code["participants-placed"]
        parts = (
            [
                (served, "gender", category)
                for category in ("woman", "man", "gender-diverse", "not-stated")
            ]
            + [
                (served, "age-group", category)
                for category in (
                    "15-24",
                    "25-34",
                    "35-44",
                    "45-54",
                    "55-64",
                    "65-plus",
                    "not-stated",
                )
            ]
            + [(placed, "gender", category) for category in ("woman", "man")]
        )

        def values() -> Iterator[ReportValue]:
            for report in reports:
                size = 8 + report.organization_id % 90
                for indicator in indicators:
                    amount = Decimal(size) if indicator.unit == "count" else Decimal(40 + size % 50)
                    yield ReportValue(
                        report_id=report.pk, indicator=indicator, value=amount, people=size
                    )
                for indicator, disaggregation, category in parts:
                    yield ReportValue(
                        report_id=report.pk,
                        indicator=indicator,
                        disaggregation=disaggregation,
                        category=category,
                        value=Decimal(1 + report.pk % 7),
                        people=1 + report.pk % 7,
                    )

        total = len(reports) * (len(indicators) + len(parts))
        created = bulk_insert(ReportValue, values(), total, "reported values", self.progress)
        return len(created)

    # -- digest subscriptions -------------------------------------------------

    def subscribers(self) -> int:
        from practices.models import PracticeKind, Subscription

        kinds = list(PracticeKind.values)
        consent = self.anchor - timedelta(days=400)
        rows = (
            Subscription(
                email=f"subscriber{number:06d}@example.org",
                language=["en", "fr", ""][number % 3],
                frequency="weekly" if number % 10 == 0 else "monthly",
                kinds=kinds if number % 4 else kinds[:1],
                status="active",
                consent_method="email-confirmation",
                consent_at=consent,
            )
            for number in range(self.plan.subscribers)
        )
        created = bulk_insert(
            Subscription, rows, self.plan.subscribers, "subscriptions", self.progress
        )
        theme_filters = Subscription.themes.through
        region_filters = Subscription.regions.through
        region_list = list(self.regions.values())
        themes = [
            theme_filters(subscription_id=row.pk, theme_id=self.themes[index % 7].pk)
            for index, row in enumerate(created)
            if index % 3 == 1
        ]
        regions = [
            region_filters(
                subscription_id=row.pk, region_id=region_list[index % len(region_list)].pk
            )
            for index, row in enumerate(created)
            if index % 3 == 2
        ]
        bulk_insert(theme_filters, themes, len(themes), "subscription themes", self.progress)
        bulk_insert(region_filters, regions, len(regions), "subscription regions", self.progress)
        return len(created)

    def run(self) -> Summary:
        self.step("reference data", self.load_reference)
        self.step("organizations", self.organizations)
        self.step("accounts", self.accounts)
        self.step("partnerships", self.partnerships)
        self.step("initiatives", self.initiatives)
        self.step("similar work", self.similar_work)
        self.step("practices", self.practices)
        self.step("reported values", self.reported_values)
        self.step("digest subscriptions", self.subscribers)
        return self.summary


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum would do some time after a bulk load."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def database_is_empty() -> bool:
    from partners.models import Organization

    return not Organization.objects.exists()


def generate(organizations: int, *, seed: int, similarity: str, flush: bool) -> Summary:
    """Fill the configured database with one dataset and return the counts and timings."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(
        f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
        f"{organizations:,} organizations, seed {seed}",
        flush=True,
    )
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    elif not database_is_empty():
        raise SystemExit(
            "The database already has organizations: pass --flush to empty it first, "
            "or point DATABASE_URL to a new database."
        )
    plan = Plan.for_organizations(organizations)
    generator = Generator(plan, seed, similarity)
    summary = generator.run()
    started = time.perf_counter()
    analyze()
    summary.seconds["analyze"] = time.perf_counter() - started
    return summary


def print_summary(summary: Summary) -> None:
    total = sum(summary.seconds.values())
    print("\nSummary")
    print(f"  {'step':<24} {'records':>10} {'seconds':>9}")
    for name, seconds in summary.seconds.items():
        count = summary.counts.get(name)
        shown = f"{count:,}" if count is not None else ""
        print(f"  {name:<24} {shown:>10} {seconds:>9.1f}")
    print(f"  {'total':<24} {'':>10} {total:>9.1f}")


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--organizations",
        type=int,
        default=10_000,
        help="number of organizations; every other count follows from it (default 10000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--similarity",
        choices=["synthetic", "rebuild", "none"],
        default="synthetic",
        help="how similar-work rows are made (default: synthetic)",
    )
    parser.add_argument(
        "--flush", action="store_true", help="empty the database before writing (every table)"
    )
    arguments = parser.parse_args(argv)
    if arguments.organizations < 10:
        parser.error("--organizations must be at least 10.")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    summary = generate(
        arguments.organizations,
        seed=arguments.seed,
        similarity=arguments.similarity,
        flush=arguments.flush,
    )
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
