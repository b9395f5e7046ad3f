"""The default acquisition framework: the criteria a national consultation asked partners to weigh.

Plain data, so the data migration that seeds the framework and the tests read
the same lists. Coordinators edit the criteria afterwards in the hub.
"""

from __future__ import annotations

FRAMEWORK_NAME = {
    "en": "Partnership acquisition framework",
    "fr": "Cadre d'acquisition des partenariats",
}


def scale(*levels: tuple[str, str]) -> list[dict[str, str]]:
    return [{"en": english, "fr": french} for english, french in levels]


DEFAULT_CRITERIA: list[dict[str, object]] = [
    {
        "key": "value-for-each-partner",
        "weight": 3,
        "name_en": "Value for each partner",
        "name_fr": "Valeur pour chaque partenaire",
        "guidance_en": (
            "Does every member organization gain something it has named, "
            "and does the partnership have a written value proposition?"
        ),
        "guidance_fr": (
            "Chaque organisation membre y gagne-t-elle quelque chose qu'elle a nommé, "
            "et le partenariat a-t-il une proposition de valeur écrite?"
        ),
        "levels": scale(
            ("No partner has named a benefit.", "Aucun partenaire n'a nommé d'avantage."),
            (
                "Some partners see a vague benefit.",
                "Certains partenaires voient un avantage vague.",
            ),
            ("Most partners named a benefit.", "La plupart des partenaires ont nommé un avantage."),
            (
                "Every partner named a benefit.",
                "Chaque partenaire a nommé un avantage.",
            ),
            (
                "Every partner named a benefit and the value proposition is written down.",
                "Chaque partenaire a nommé un avantage et la proposition de valeur est écrite.",
            ),
        ),
    },
    {
        "key": "costs",
        "weight": 2,
        "name_en": "Costs: money, time and accessibility resources",
        "name_fr": "Coûts : argent, temps et ressources d'accessibilité",
        "guidance_en": (
            "Are the costs to each partner known and affordable, including the cost "
            "of accommodations, interpretation and accessible formats?"
        ),
        "guidance_fr": (
            "Les coûts pour chaque partenaire sont-ils connus et abordables, y compris "
            "les mesures d'adaptation, l'interprétation et les médias substituts?"
        ),
        "levels": scale(
            ("Costs are unknown.", "Les coûts sont inconnus."),
            ("Costs are known but not covered.", "Les coûts sont connus mais non couverts."),
            ("Most costs are covered.", "La plupart des coûts sont couverts."),
            (
                "All costs are covered, accessibility included.",
                "Tous les coûts sont couverts, y compris l'accessibilité.",
            ),
            (
                "All costs are covered and shared fairly among partners.",
                "Tous les coûts sont couverts et partagés équitablement entre les partenaires.",
            ),
        ),
    },
    {
        "key": "alignment",
        "weight": 2,
        "name_en": "Alignment with shared goals",
        "name_fr": "Harmonisation avec les objectifs communs",
        "guidance_en": (
            "Do the partners agree on goals that advance the employment "
            "of people with disabilities?"
        ),
        "guidance_fr": (
            "Les partenaires s'entendent-ils sur des objectifs qui font progresser "
            "l'emploi des personnes handicapées?"
        ),
        "levels": scale(
            ("No shared goals.", "Aucun objectif commun."),
            (
                "Goals are proposed but not agreed.",
                "Des objectifs sont proposés mais non convenus.",
            ),
            (
                "Goals are agreed by some partners.",
                "Certains partenaires ont convenu des objectifs.",
            ),
            (
                "Goals are agreed by every partner.",
                "Tous les partenaires ont convenu des objectifs.",
            ),
            (
                "Goals are agreed and measurable.",
                "Les objectifs sont convenus et mesurables.",
            ),
        ),
    },
    {
        "key": "lived-experience-leadership",
        "weight": 3,
        "name_en": "Leadership by people with lived experience",
        "name_fr": "Leadership des personnes ayant une expérience vécue",
        "guidance_en": (
            "Do people with lived experience of disability lead the partnership, "
            "ideally as a majority of its leadership?"
        ),
        "guidance_fr": (
            "Des personnes ayant une expérience vécue du handicap dirigent-elles le "
            "partenariat, idéalement en majorité?"
        ),
        "levels": scale(
            (
                "No leadership role is held by a person with lived experience.",
                "Aucun rôle de direction n'est occupé par une personne ayant une expérience vécue.",
            ),
            ("An advisory role only.", "Un rôle consultatif seulement."),
            ("Some leadership roles.", "Certains rôles de direction."),
            ("Half of the leadership roles.", "La moitié des rôles de direction."),
            ("A majority of the leadership roles.", "La majorité des rôles de direction."),
        ),
    },
    {
        "key": "capacity-building",
        "weight": 2,
        "name_en": "Capacity building for participants",
        "name_fr": "Renforcement des capacités des participants",
        "guidance_en": (
            "Does the partnership build the skills of its participants and pass "
            "leadership on to emerging leaders?"
        ),
        "guidance_fr": (
            "Le partenariat renforce-t-il les compétences de ses participants et "
            "transmet-il le leadership à la relève?"
        ),
        "levels": scale(
            ("No plan.", "Aucun plan."),
            ("Informal learning only.", "Apprentissage informel seulement."),
            ("A plan for training.", "Un plan de formation."),
            ("Training and mentoring under way.", "Formation et mentorat en cours."),
            (
                "Emerging leaders hold roles with mentors.",
                "La relève occupe des rôles avec du mentorat.",
            ),
        ),
    },
    {
        "key": "missing-voices",
        "weight": 2,
        "name_en": "Reach to missing voices",
        "name_fr": "Portée auprès des voix absentes",
        "guidance_en": (
            "Does the partnership bring in kinds of organizations, regions and groups "
            "that have no seat at the table yet?"
        ),
        "guidance_fr": (
            "Le partenariat fait-il participer des types d'organisations, des régions "
            "et des groupes qui n'ont pas encore de place à la table?"
        ),
        "levels": scale(
            ("No new voices.", "Aucune nouvelle voix."),
            ("Intends to reach new voices.", "Compte joindre de nouvelles voix."),
            ("One missing voice is a partner.", "Une voix absente est partenaire."),
            ("Several missing voices are partners.", "Plusieurs voix absentes sont partenaires."),
            (
                "Missing voices are partners and share in leading.",
                "Des voix absentes sont partenaires et participent à la direction.",
            ),
        ),
    },
    {
        "key": "evidence-and-evaluation",
        "weight": 2,
        "name_en": "Evidence and evaluation plan",
        "name_fr": "Données probantes et plan d'évaluation",
        "guidance_en": "Does the work rest on evidence, and is there a plan to evaluate it?",
        "guidance_fr": (
            "Le travail repose-t-il sur des données probantes et un plan d'évaluation existe-t-il?"
        ),
        "levels": scale(
            ("No evidence and no plan.", "Ni données probantes ni plan."),
            ("Some evidence, no plan.", "Quelques données probantes, aucun plan."),
            ("Evidence and a draft plan.", "Des données probantes et une ébauche de plan."),
            ("An evaluation plan with indicators.", "Un plan d'évaluation avec des indicateurs."),
            (
                "An evaluation plan with indicators and a budget.",
                "Un plan d'évaluation avec des indicateurs et un budget.",
            ),
        ),
    },
    {
        "key": "trust-and-track-record",
        "weight": 1,
        "name_en": "Trust and track record",
        "name_fr": "Confiance et feuille de route",
        "guidance_en": "Have the partners worked together before, and did it go well?",
        "guidance_fr": (
            "Les partenaires ont-ils déjà travaillé ensemble, et cela s'est-il bien passé?"
        ),
        "levels": scale(
            ("Past work ended badly.", "Une collaboration passée s'est mal terminée."),
            ("No past work together.", "Aucune collaboration passée."),
            ("Some past work together.", "Quelques collaborations passées."),
            ("Good past work together.", "De bonnes collaborations passées."),
            (
                "A long record of good work together.",
                "Une longue feuille de route de bonnes collaborations.",
            ),
        ),
    },
]
