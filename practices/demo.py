"""Demo practices, evidence gaps and digest subscribers for `manage.py load_demo`.

Runs after the partnerships, initiatives and governance loaders and links to
their demo records when they exist. Every record has a demo key, so a second
load updates the same rows, and the text, links and dates come from fixed
lists and formulas: every load gives the same result on the same demo network.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from partners.demo.base import ProgressCallback, SectionResult
from partners.models import Organization, Partnership, Region, Sector, StakeholderKind, Theme, User
from practices.models import (
    DigestKind,
    EvidenceGap,
    Frequency,
    Practice,
    PracticeKind,
    PracticeStatus,
    Subscription,
    SubscriptionStatus,
)
from practices.models.digests import ConsentMethod

# Practices are published one every three days from this date.
FIRST_PUBLICATION = datetime(2026, 3, 2, 14, tzinfo=UTC)

# Actions: English and French wording and theme numbers.
ACTIONS: list[tuple[str, str, tuple[int, ...]]] = [
    ("Paid work trials", "Des stages d'essai rémunérés", (3,)),
    ("Peer mentors with lived experience", "Du mentorat par des pairs ayant un vécu", (1,)),
    ("Accessible job postings", "Des offres d'emploi accessibles", (3, 6)),
    ("Job carving with the employee", "Le découpage de postes avec l'employé", (3,)),
    (
        "Summer jobs for students with disabilities",
        "Des emplois d'été pour élèves handicapés",
        (4,),
    ),
    ("Shared accommodation funds", "Des fonds communs pour les mesures d'adaptation", (2, 3)),
    (
        "Disability-led hiring panels",
        "Des comités d'embauche dirigés par des personnes handicapées",
        (1, 3),
    ),
    ("Joint outcome indicators", "Des indicateurs de résultats communs", (5, 7)),
    (
        "Sign-language interpreters at interviews",
        "Des interprètes en langue des signes aux entrevues",
        (3,),
    ),
    ("Return-to-work plans", "Des plans de retour au travail", (3, 5)),
]
# Settings: English and French wording, region codes and a NAICS sector.
SETTINGS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("in small businesses", "dans les petites entreprises", ("CA-NS", "CA-NB"), "44-45"),
    ("in a unionized hospital", "dans un hôpital syndiqué", ("CA-QC",), "62"),
    ("in a municipal public service", "dans une fonction publique municipale", ("CA-ON",), "91"),
]
STAKEHOLDER_KINDS = ["business", "disability-organization", "labour-union", "employment-services"]

# Evidence gaps: question in English and French, themes.
GAPS: list[tuple[str, str, tuple[int, ...]]] = [
    (
        "Which accommodations keep people employed after two years?",
        "Quelles mesures d'adaptation maintiennent les gens en emploi après deux ans?",
        (3, 5),
    ),
    (
        "Do paid work trials lead to permanent jobs?",
        "Les stages d'essai rémunérés mènent-ils à des emplois permanents?",
        (3, 5),
    ),
    (
        "How do rural employers find accessible transportation?",
        "Comment les employeurs ruraux trouvent-ils du transport accessible?",
        (2, 5),
    ),
    (
        "What share of board seats do people with disabilities hold?",
        "Quelle part des sièges des conseils les personnes handicapées occupent-elles?",
        (1, 5),
    ),
    (
        "Does school-to-work support reduce youth unemployment?",
        "Le soutien à la transition de l'école au travail réduit-il le chômage des jeunes?",
        (4, 5),
    ),
    (
        "Which partnership reviews predict lasting results?",
        "Quels examens de partenariat prédisent des résultats durables?",
        (5, 7),
    ),
    (
        "How do Indigenous-led employment programs measure success?",
        "Comment les programmes d'emploi dirigés par des Autochtones mesurent-ils leur réussite?",
        (5,),
    ),
    (
        "What does a workplace accommodation cost on average?",
        "Combien coûte en moyenne une mesure d'adaptation au travail?",
        (3, 5),
    ),
    (
        "Do hiring targets in collective agreements work?",
        "Les cibles d'embauche dans les conventions collectives fonctionnent-elles?",
        (3, 5),
    ),
    (
        "How many people with disabilities leave jobs because of inaccessible software?",
        "Combien de personnes handicapées quittent un emploi à cause de logiciels inaccessibles?",
        (3, 6),
    ),
    (
        "Which supports help newcomers with disabilities find work?",
        "Quels soutiens aident les nouveaux arrivants handicapés à trouver un emploi?",
        (2, 5),
    ),
    (
        "Does mentoring by peers raise retention?",
        "Le mentorat par les pairs améliore-t-il le maintien en emploi?",
        (1, 5),
    ),
]

SUBSCRIBERS = 12


def _title(
    kind: str,
    action: tuple[str, str, tuple[int, ...]],
    place: tuple[str, str, tuple[str, ...], str],
) -> tuple[str, str]:
    english = f"{action[0]} {place[0]}"
    french = f"{action[1]} {place[1]}"
    if kind == PracticeKind.LESSON:
        return (
            f"What went wrong: {english[0].lower()}{english[1:]}",
            f"Ce qui n'a pas marché : {french[0].lower()}{french[1:]}",
        )
    if kind == PracticeKind.CASE_STUDY:
        return (
            f"Case study: {english[0].lower()}{english[1:]}",
            f"Étude de cas : {french[0].lower()}{french[1:]}",
        )
    return english, french


def _texts(kind: str, number: int) -> dict[str, str]:
    if kind == PracticeKind.LESSON:
        return {
            "summary_en": (
                "The plan looked good on paper but left people out. Fictional, for the "
                "demonstration."
            ),
            "summary_fr": (
                "Le plan semblait bon sur papier, mais il a exclu des gens. Fictif, pour la "
                "démonstration."
            ),
            "what_was_done_en": (
                "- The team set a start date before asking employees what they needed.\n- Nobody "
                "with lived experience reviewed the plan."
            ),
            "what_was_done_fr": (
                "- L'équipe a fixé une date de début avant de demander aux employés ce dont ils "
                "avaient besoin.\n- Personne ayant un vécu n'a relu le plan."
            ),
            "outcomes_en": f"{number % 5 + 2} of the people hired left within six months.",
            "outcomes_fr": (
                f"{number % 5 + 2} des personnes embauchées sont parties en moins de six mois."
            ),
            "evidence_en": "Exit interviews and the partnership's quarterly review.",
            "evidence_fr": "Entrevues de départ et examen trimestriel du partenariat.",
        }
    return {
        "summary_en": (
            "Partners tried it together and measured the results. Fictional, for the demonstration."
        ),
        "summary_fr": (
            "Les partenaires l'ont essayé ensemble et ont mesuré les résultats. Fictif, pour la "
            "démonstration."
        ),
        "what_was_done_en": (
            "1. People with lived experience designed the process.\n2. Employers paid for the "
            "time spent.\n3. A **quarterly review** checked progress."
        ),
        "what_was_done_fr": (
            "1. Des personnes ayant un vécu ont conçu le processus.\n2. Les employeurs ont payé "
            "le temps consacré.\n3. Un **examen trimestriel** a suivi les progrès."
        ),
        "outcomes_en": (
            f"{number % 9 + 4} people were hired and {number % 4 + 2} promoted within a year."
        ),
        "outcomes_fr": (
            f"{number % 9 + 4} personnes ont été embauchées et {number % 4 + 2} promues en un an."
        ),
        "evidence_en": "Hiring records compared with the previous two years.",
        "evidence_fr": "Dossiers d'embauche comparés aux deux années précédentes.",
    }


def _practice_records() -> list[dict[str, object]]:
    """Build the 90 demo practices: each action in each setting, as each kind."""
    records = []
    number = 0
    for action in ACTIONS:
        for place in SETTINGS:
            for kind in (PracticeKind.BEST_PRACTICE, PracticeKind.LESSON, PracticeKind.CASE_STUDY):
                number += 1
                title_en, title_fr = _title(kind, action, place)
                texts = _texts(kind, number)
                # One in five in English only, one in five in French only.
                if number % 5 == 0:
                    title_fr = ""
                    texts = {key: value for key, value in texts.items() if key.endswith("_en")}
                elif number % 5 == 1:
                    title_en = ""
                    texts = {key: value for key, value in texts.items() if key.endswith("_fr")}
                status = PracticeStatus.PUBLISHED
                if number % 30 == 7:
                    status = PracticeStatus.SUBMITTED
                elif number % 30 == 17:
                    status = PracticeStatus.RETURNED
                records.append(
                    {
                        "key": f"practice-{number:03d}",
                        "number": number,
                        "kind": kind,
                        "title_en": title_en,
                        "title_fr": title_fr,
                        "texts": texts,
                        "themes": action[2],
                        "regions": place[2],
                        "sector": place[3],
                        "anonymous": kind == PracticeKind.LESSON and number % 3 != 0,
                        "status": status,
                    }
                )
    return records


def load_demo_practices(progress: ProgressCallback | None = None) -> SectionResult:
    """Create or update 90 practices, 12 evidence gaps and 12 digest subscribers."""
    result = SectionResult("practices")
    themes = {theme.number: theme for theme in Theme.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    kinds = list(StakeholderKind.objects.filter(slug__in=STAKEHOLDER_KINDS).order_by("slug"))
    organizations = list(
        Organization.objects.filter(is_demo=True, verification_status="verified").order_by("slug")
    )
    partnerships = list(Partnership.objects.filter(is_demo=True).public().order_by("slug"))
    exemplary = [item for item in partnerships if item.exemplary_since] or partnerships
    from initiatives.models import Initiative

    initiatives = list(
        Initiative.objects.public().filter(demo_key__isnull=False).order_by("demo_key")
    )
    author = User.objects.filter(email="admin.reim@demo.example.org").first()

    records = _practice_records()
    total = len(records) + len(GAPS) + SUBSCRIBERS
    done = 0
    for record in records:
        number = int(record["number"])  # type: ignore[call-overload]
        kind = str(record["kind"])
        status = str(record["status"])
        texts: dict[str, str] = record["texts"]  # type: ignore[assignment]
        published = FIRST_PUBLICATION + timedelta(days=3 * number)
        defaults: dict[str, object] = {
            "kind": kind,
            "title_en": record["title_en"],
            "title_fr": record["title_fr"],
            "summary_en": texts.get("summary_en", ""),
            "summary_fr": texts.get("summary_fr", ""),
            "what_was_done_en": texts.get("what_was_done_en", ""),
            "what_was_done_fr": texts.get("what_was_done_fr", ""),
            "outcomes_en": texts.get("outcomes_en", ""),
            "outcomes_fr": texts.get("outcomes_fr", ""),
            "evidence_en": texts.get("evidence_en", ""),
            "evidence_fr": texts.get("evidence_fr", ""),
            "is_anonymous": record["anonymous"],
            "status": status,
            "submitted_by": author,
            "submitting_organization": organizations[number % len(organizations)]
            if organizations
            else None,
            "submitted_at": published - timedelta(days=2),
            "published_at": published if status == PracticeStatus.PUBLISHED else None,
            "moderation_note": "Please add what the outcomes were measured against."
            if status == PracticeStatus.RETURNED
            else "",
        }
        practice, created = Practice.objects.update_or_create(
            demo_key=record["key"], defaults=defaults
        )
        practice.themes.set([themes[n] for n in record["themes"] if n in themes])  # type: ignore[attr-defined]
        practice.regions.set([regions[c] for c in record["regions"] if c in regions])  # type: ignore[attr-defined]
        practice.sectors.set(
            [sectors[str(record["sector"])]] if str(record["sector"]) in sectors else []
        )
        practice.stakeholder_kinds.set(
            kinds[number % len(kinds) : number % len(kinds) + 2] if kinds else []
        )
        practice.organizations.set(
            organizations[number % len(organizations) : number % len(organizations) + 1]
            if organizations
            else []
        )
        if kind == PracticeKind.CASE_STUDY and exemplary:
            practice.partnerships.set([exemplary[number % len(exemplary)]])
        else:
            practice.partnerships.set([])
        practice.initiatives.set(
            [initiatives[number % len(initiatives)]] if initiatives and number % 2 == 0 else []
        )
        result.created += int(created)
        result.updated += int(not created)
        done += 1
        if progress is not None and done % 10 == 0:
            progress(result.name, done, total)

    for index, (question_en, question_fr, theme_numbers) in enumerate(GAPS, start=1):
        gap, created = EvidenceGap.objects.update_or_create(
            demo_key=f"gap-{index:02d}",
            defaults={
                "question_en": question_en if index % 4 != 0 else "",
                "question_fr": question_fr,
                "why_it_matters_en": (
                    "Partners make decisions without this answer. Fictional, for the demonstration."
                ),
                "why_it_matters_fr": (
                    "Les partenaires décident sans cette réponse. Fictif, pour la démonstration."
                ),
                "what_is_known_en": "Small studies exist, but none in Canada.",
                "what_is_known_fr": "De petites études existent, mais aucune au Canada.",
                "need_count": (index * 7) % 23,
            },
        )
        EvidenceGap.objects.filter(pk=gap.pk).update(
            published_at=FIRST_PUBLICATION + timedelta(days=20 * index)
        )
        gap.themes.set([themes[n] for n in theme_numbers if n in themes])
        result.created += int(created)
        result.updated += int(not created)
        done += 1

    all_kinds = DigestKind.values
    for index in range(1, SUBSCRIBERS + 1):
        subscription, created = Subscription.objects.update_or_create(
            email=f"subscriber-{index:02d}@demo.example.org",
            is_demo=True,
            defaults={
                "language": ["en", "fr", ""][index % 3],
                "frequency": Frequency.WEEKLY if index % 4 else Frequency.MONTHLY,
                "kinds": all_kinds if index % 2 else all_kinds[index % 5 : index % 5 + 2],
                "status": SubscriptionStatus.ACTIVE
                if index != SUBSCRIBERS
                else SubscriptionStatus.PENDING,
                "consent_method": ConsentMethod.DEMO if index != SUBSCRIBERS else "",
                "consent_at": FIRST_PUBLICATION if index != SUBSCRIBERS else None,
            },
        )
        subscription.themes.set([themes[index % 7 + 1]] if index % 3 == 0 and themes else [])
        result.created += int(created)
        result.updated += int(not created)
        done += 1
    if progress is not None:
        progress(result.name, done, total)
    return result
