"""Similar-work detection: TF-IDF text vectors over an inverted index, plus shared tags.

Method. Each initiative's titles, summaries, vision and elements, in both
languages, are folded (hubsite.search.fold removes case and accents) and split
into words. English and French stop words go, and each word is reduced to a
crude singular. French domain words are mapped to an English equivalent
(CROSS_LANGUAGE_TERMS), so "emploi" and "employment" count as one term. Each
initiative keeps its TERMS_PER_INITIATIVE heaviest TF-IDF terms, L2-normalized,
in InitiativeTerm. The text score of two initiatives is the cosine of their
vectors. Candidates come from the inverted index (term -> initiatives), so only
initiatives that share a kept term are ever compared.

Cost bound. A term found in more than max(COMMON_TERM_MIN_DOCUMENTS,
COMMON_TERM_SHARE * n) initiatives is too common to tell work apart and is
dropped, and at most MAX_POSTINGS_PER_TERM initiatives are read per term. Each
initiative therefore costs at most TERMS_PER_INITIATIVE * MAX_POSTINGS_PER_TERM
score updates (24 * 400 = 9,600), and a full rebuild at most n times that:
linear in n, in batches of BATCH_SIZE initiatives. Memory holds the kept
vectors (n * 24 terms) and one batch's candidate scores.

The same code runs on SQLite and PostgreSQL because the database only stores
and reads rows: all text work happens in Python.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hubsite.search import fold

TERMS_PER_INITIATIVE = 24
COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN_DOCUMENTS = 50
MAX_POSTINGS_PER_TERM = 400
BATCH_SIZE = 500
MAX_TERM_LENGTH = 40

# Suggestions an initiative keeps, and the thresholds a pair must pass.
SUGGESTIONS_PER_INITIATIVE = 10
MIN_TEXT_SCORE = 0.15
MIN_SCORE = 0.2
TEXT_WEIGHT = 0.7
THEME_WEIGHT = 0.15
REGION_WEIGHT = 0.1
GROUP_WEIGHT = 0.05
SHARED_TERMS_SHOWN = 5

# Text fields that feed the vectors; titles count twice.
TEXT_FIELDS = (
    "title_en",
    "title_en",
    "title_fr",
    "title_fr",
    "summary_en",
    "summary_fr",
    "vision_en",
    "vision_fr",
    "short_term_en",
    "short_term_fr",
    "medium_term_en",
    "medium_term_fr",
    "long_term_en",
    "long_term_fr",
)

_WORD = re.compile(r"[a-z0-9]+")

# Folded stop words of both official languages, plus words every initiative uses.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself new across within per via using use used one two three will year years
    people person help helps make au aux avec ce ces cet cette dans de des du elle en et eux
    il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou
    par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d
    j l m n s t y ete etre avoir sont est ont fait faire plus tout tous toute toutes afin
    ainsi aussi entre chez sans sous selon leurs dont ans annee annees personne personnes
    aide aider nouveau nouvelle nouvelles
    """.split()  # noqa: SIM905
)

# Names of the provinces and territories in both languages. Regions are
# compared as tags, so a shared place name must not make two unrelated
# initiatives look alike.
PLACE_WORDS = frozenset(
    """
    canada canadian canadien canadienne ontario quebec prince edward island ile edouard nova
    scotia nouvelle ecosse brunswick nouveau newfoundland labrador terre neuve manitoba
    saskatchewan alberta british columbia colombie britannique yukon northwest territories
    territoire territoires nord ouest nunavut province provincial provinciale
    """.split()  # noqa: SIM905
)

# French domain words (folded, after singular reduction) and their English
# equivalent, so an initiative described only in French can match one
# described only in English. The list covers the vocabulary of disability and
# employment work; other words match only within one language.
CROSS_LANGUAGE_TERMS = {
    "emploi": "employment",
    "emplois": "employment",
    "employabilite": "employability",
    "travail": "work",
    "travailleur": "worker",
    "travailleuse": "worker",
    "handicap": "disability",
    "handicape": "disability",
    "handicapee": "disability",
    "incapacite": "disability",
    "invalidite": "disability",
    "jeune": "youth",
    "jeunesse": "youth",
    "employeur": "employer",
    "entreprise": "business",
    "formation": "training",
    "competence": "skill",
    "stage": "internship",
    "stagiaire": "intern",
    "mentorat": "mentoring",
    "mentor": "mentor",
    "autochtone": "indigenous",
    "femme": "women",
    "nouvel": "newcomer",
    "arrivant": "newcomer",
    "immigrant": "newcomer",
    "rural": "rural",
    "eloignee": "remote",
    "eloigne": "remote",
    "pair": "peer",
    "donnee": "data",
    "accessibilite": "accessibility",
    "accessible": "accessible",
    "accommodement": "accommodation",
    "amenagement": "accommodation",
    "adaptation": "accommodation",
    "embauche": "hiring",
    "recrutement": "recruitment",
    "transition": "transition",
    "ecole": "school",
    "scolaire": "school",
    "etudiant": "student",
    "etudiante": "student",
    "college": "college",
    "universite": "university",
    "syndicat": "union",
    "syndical": "union",
    "gouvernement": "government",
    "politique": "policy",
    "municipalite": "municipal",
    "partenariat": "partnership",
    "reseau": "network",
    "sourd": "deaf",
    "aveugle": "blind",
    "autisme": "autism",
    "autiste": "autism",
    "sante": "health",
    "mentale": "mental",
    "numerique": "digital",
    "technologie": "technology",
    "technologique": "technology",
    "carriere": "career",
    "inclusion": "inclusion",
    "inclusif": "inclusive",
    "inclusive": "inclusive",
    "salaire": "wage",
    "revenu": "income",
    "prestation": "benefit",
    "guichet": "hub",
    "plateforme": "platform",
    "evaluation": "evaluation",
    "programme": "program",
    "entrepreneuriat": "entrepreneurship",
    "entrepreneur": "entrepreneur",
    "apprentissage": "apprenticeship",
    "metier": "trade",
    "soutien": "support",
    "accompagnement": "coaching",
    "conseiller": "counsellor",
    "retour": "return",
    "maintien": "retention",
    "sensibilisation": "awareness",
    "trousse": "toolkit",
    "outil": "tool",
    "guide": "guide",
}


def singular(word: str) -> str:
    """Reduce an English or French plural to a singular, crudely but the same way every time."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "ail"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms_of(text: str) -> list[str]:
    """Split text into comparable terms: folded, without stop words, singular, French mapped."""
    terms = []
    for word in _WORD.findall(fold(text)):
        if len(word) < 3 or word in STOP_WORDS or word in PLACE_WORDS or word.isdigit():
            continue
        word = singular(word)
        word = CROSS_LANGUAGE_TERMS.get(word, word)
        if word in STOP_WORDS:
            continue
        terms.append(word[:MAX_TERM_LENGTH])
    return terms


def term_counts(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        if text:
            counts.update(terms_of(text))
    return counts


def common_term_limit(initiative_count: int) -> int:
    """Return the document count above which a term is too common to keep."""
    return max(COMMON_TERM_MIN_DOCUMENTS, int(COMMON_TERM_SHARE * initiative_count))


def vector_of(
    counts: Mapping[str, int], document_counts: Mapping[str, int], initiative_count: int
) -> dict[str, float]:
    """Return the kept TF-IDF vector: the heaviest terms, L2-normalized.

    Terms missing from `document_counts` count as found in one initiative.
    """
    limit = common_term_limit(initiative_count)
    total = max(initiative_count, 1)
    weights = {}
    for term, count in counts.items():
        documents = max(document_counts.get(term, 1), 1)
        if documents > limit:
            continue
        idf = math.log((1 + total) / (1 + documents)) + 1
        weights[term] = (1 + math.log(count)) * idf
    kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:TERMS_PER_INITIATIVE]
    norm = math.sqrt(sum(weight * weight for _term, weight in kept)) or 1.0
    return {term: weight / norm for term, weight in kept}


@dataclass
class Facets:
    """The tags compared besides text: theme numbers, region codes and group slugs."""

    themes: frozenset[int] = frozenset()
    regions: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()


def jaccard(first: frozenset[Any], second: frozenset[Any]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


NATIONAL = "CA"


def regions_overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """Return 1 when both cover a common region or either covers the whole country, else 0."""
    if not first or not second:
        return 0.0
    if NATIONAL in first or NATIONAL in second or first & second:
        return 1.0
    return 0.0


@dataclass
class Match:
    other_id: int
    score: float
    text_score: float
    shared_terms: list[str] = field(default_factory=list)


class SimilarityIndex:
    """An inverted index of kept vectors, which scores one initiative against all others."""

    def __init__(self) -> None:
        self.vectors: dict[int, dict[str, float]] = {}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.facets: dict[int, Facets] = {}

    def add(self, initiative_id: int, vector: dict[str, float], facets: Facets) -> None:
        self.vectors[initiative_id] = vector
        self.facets[initiative_id] = facets
        for term, weight in vector.items():
            self.postings[term].append((initiative_id, weight))

    def finish(self) -> None:
        """Keep the heaviest MAX_POSTINGS_PER_TERM initiatives of each term."""
        for posting in self.postings.values():
            if len(posting) > MAX_POSTINGS_PER_TERM:
                posting.sort(key=lambda item: (-item[1], item[0]))
                del posting[MAX_POSTINGS_PER_TERM:]

    def matches(
        self,
        initiative_id: int,
        vector: Mapping[str, float],
        facets: Facets,
        excluded: set[int] | frozenset[int] = frozenset(),
    ) -> list[Match]:
        """Rank the other initiatives by combined score; at most SUGGESTIONS_PER_INITIATIVE."""
        text_scores: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            for other_id, other_weight in self.postings.get(term, ()):
                text_scores[other_id] += weight * other_weight

        matches = []
        for other_id, text_score in text_scores.items():
            if other_id == initiative_id or other_id in excluded or text_score < MIN_TEXT_SCORE:
                continue
            other = self.facets.get(other_id, Facets())
            score = (
                TEXT_WEIGHT * min(text_score, 1.0)
                + THEME_WEIGHT * jaccard(facets.themes, other.themes)
                + REGION_WEIGHT * regions_overlap(facets.regions, other.regions)
                + GROUP_WEIGHT * jaccard(facets.groups, other.groups)
            )
            if score >= MIN_SCORE:
                matches.append(Match(other_id, round(score, 4), round(text_score, 4)))

        matches.sort(key=lambda match: (-match.score, match.other_id))
        matches = matches[:SUGGESTIONS_PER_INITIATIVE]
        for match in matches:
            match.shared_terms = shared_terms(vector, self.vectors.get(match.other_id, {}))
        return matches


def shared_terms(first: Mapping[str, float], second: Mapping[str, float]) -> list[str]:
    """Return the shared terms that contribute most to the text score."""
    common = [(first[term] * second[term], term) for term in first.keys() & second.keys()]
    common.sort(key=lambda item: (-item[0], item[1]))
    return [term for _product, term in common[:SHARED_TERMS_SHOWN]]
