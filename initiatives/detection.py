"""Database side of similar-work detection: refresh one initiative, or rebuild every match.

The scoring itself lives in initiatives.similarity and touches no database.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from initiatives.models import (
    DismissedPair,
    Initiative,
    InitiativeTerm,
    SimilarWork,
    TermDocumentCount,
)
from initiatives.similarity import (
    BATCH_SIZE,
    MAX_POSTINGS_PER_TERM,
    TEXT_FIELDS,
    Facets,
    Match,
    SimilarityIndex,
    term_counts,
    vector_of,
)

logger = logging.getLogger(__name__)

# Arguments: stage name, initiatives done so far, initiatives in the stage.
Progress = Callable[[str, int, int], None]

TEXT_COLUMNS = tuple(dict.fromkeys(TEXT_FIELDS))


def _texts(row: dict[str, str]) -> list[str]:
    return [row[name] for name in TEXT_FIELDS]


def facets_of(ids: list[int] | None = None) -> dict[int, Facets]:
    """Read themes, regions and groups of the given initiatives (all when None) in three queries."""
    themes: dict[int, set[int]] = defaultdict(set)
    regions: dict[int, set[str]] = defaultdict(set)
    groups: dict[int, set[str]] = defaultdict(set)
    through_queries: list[tuple[dict[int, set[Any]], Any, str]] = [
        (themes, Initiative.themes.through.objects, "theme__number"),
        (regions, Initiative.regions.through.objects, "region__code"),
        (groups, Initiative.intersectional_groups.through.objects, "intersectionalgroup__slug"),
    ]
    for target, manager, value in through_queries:
        rows = manager.all()
        if ids is not None:
            rows = rows.filter(initiative_id__in=ids)
        for initiative_id, code in rows.values_list("initiative_id", value).iterator():
            target[initiative_id].add(code)
    every_id = set(themes) | set(regions) | set(groups) | set(ids or ())
    return {
        initiative_id: Facets(
            themes=frozenset(themes[initiative_id]),
            regions=frozenset(regions[initiative_id]),
            groups=frozenset(groups[initiative_id]),
        )
        for initiative_id in every_id
    }


def dismissed_with(initiative_id: int) -> set[int]:
    pairs = DismissedPair.objects.filter(Q(first=initiative_id) | Q(second=initiative_id))
    return {
        second if first == initiative_id else first
        for first, second in pairs.values_list("first_id", "second_id")
    }


def _similar_rows(initiative_id: int, matches: list[Match]) -> list[SimilarWork]:
    return [
        SimilarWork(
            initiative_id=initiative_id,
            other_id=match.other_id,
            score=match.score,
            text_score=match.text_score,
            shared_terms=match.shared_terms,
        )
        for match in matches
    ]


def refresh_similar_work(initiative_id: int) -> int:
    """Recompute one initiative's vector and matches after it changed; return the match count.

    It uses the term document counts of the last full rebuild, so its scores
    can drift slightly from a rebuild's until the next nightly run. Rows of
    other initiatives that pointed to this one are updated or removed, so a
    suggestion disappears on both pages when the text no longer matches.
    """
    row = Initiative.objects.filter(pk=initiative_id).values(*TEXT_COLUMNS).first()
    if row is None:
        return 0
    counts = term_counts(_texts(row))
    document_counts = dict(
        TermDocumentCount.objects.filter(term__in=list(counts)).values_list("term", "documents")
    )
    vector = vector_of(counts, document_counts, Initiative.objects.count())

    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    other_vectors: dict[int, dict[str, float]] = defaultdict(dict)
    candidate_rows = (
        InitiativeTerm.objects.filter(term__in=list(vector))
        .exclude(initiative_id=initiative_id)
        .order_by("term", "-weight", "initiative_id")
        .values_list("term", "initiative_id", "weight")
    )
    for term, other_id, weight in candidate_rows.iterator():
        if len(postings[term]) < MAX_POSTINGS_PER_TERM:
            postings[term].append((other_id, weight))
            other_vectors[other_id][term] = weight

    index = SimilarityIndex()
    index.postings.update(postings)
    index.vectors.update(other_vectors)
    index.facets.update(facets_of([initiative_id, *other_vectors]))
    own_facets = index.facets.get(initiative_id, Facets())
    matches = index.matches(
        initiative_id, vector, own_facets, excluded=dismissed_with(initiative_id)
    )

    with transaction.atomic():
        InitiativeTerm.objects.filter(initiative_id=initiative_id).delete()
        InitiativeTerm.objects.bulk_create(
            InitiativeTerm(initiative_id=initiative_id, term=term, weight=weight)
            for term, weight in vector.items()
        )
        SimilarWork.objects.filter(initiative_id=initiative_id).delete()
        SimilarWork.objects.bulk_create(_similar_rows(initiative_id, matches))
        matched = {match.other_id: match for match in matches}
        SimilarWork.objects.filter(other_id=initiative_id).exclude(
            initiative_id__in=list(matched)
        ).delete()
        for match in matches:
            SimilarWork.objects.update_or_create(
                initiative_id=match.other_id,
                other_id=initiative_id,
                defaults={
                    "score": match.score,
                    "text_score": match.text_score,
                    "shared_terms": match.shared_terms,
                },
            )
    logger.info("Similar work of initiative %s: %d matches", initiative_id, len(matches))
    return len(matches)


def _batches(batch_size: int) -> Iterator[list[dict[str, object]]]:
    """Yield the initiatives' text rows in batches, in primary-key order."""
    last_id = 0
    while True:
        rows = list(
            Initiative.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values("pk", *TEXT_COLUMNS)[:batch_size]
        )
        if not rows:
            return
        yield rows
        last_id = int(rows[-1]["pk"])


@dataclass(frozen=True)
class RebuildSummary:
    initiatives: int
    terms: int
    matches: int
    seconds: float


def rebuild_similar_work(
    progress: Progress | None = None, batch_size: int = BATCH_SIZE
) -> RebuildSummary:
    """Recompute every vector, the term document counts and every match, batch by batch.

    Three passes: count terms, write vectors, score. Each batch is written in
    its own transaction and replaces that batch's rows, so a run that stops
    halfway leaves consistent rows, and running it again, or twice at once,
    ends with the same rows.
    """
    started = time.monotonic()
    total = Initiative.objects.count()
    logger.info("Similar work rebuild: starting for %d initiatives", total)

    document_counts: Counter[str] = Counter()
    done = 0
    for rows in _batches(batch_size):
        for row in rows:
            document_counts.update(term_counts(_texts(row)).keys())  # type: ignore[arg-type]
        done += len(rows)
        if progress is not None:
            progress("count terms", done, total)

    index = SimilarityIndex()
    facets = facets_of()
    done = 0
    term_rows = 0
    for rows in _batches(batch_size):
        new_terms: list[InitiativeTerm] = []
        ids = [int(row["pk"]) for row in rows]  # type: ignore[call-overload]
        for row in rows:
            initiative_id: int = row["pk"]  # type: ignore[assignment]
            vector = vector_of(term_counts(_texts(row)), document_counts, total)  # type: ignore[arg-type]
            index.add(initiative_id, vector, facets.get(initiative_id, Facets()))
            new_terms.extend(
                InitiativeTerm(initiative_id=initiative_id, term=term, weight=weight)
                for term, weight in vector.items()
            )
        with transaction.atomic():
            InitiativeTerm.objects.filter(initiative_id__in=ids).delete()
            InitiativeTerm.objects.bulk_create(new_terms, batch_size=2000)
        term_rows += len(new_terms)
        done += len(rows)
        if progress is not None:
            progress("write vectors", done, total)
    index.finish()

    with transaction.atomic():
        TermDocumentCount.objects.all().delete()
        TermDocumentCount.objects.bulk_create(
            (
                TermDocumentCount(term=term, documents=count)
                for term, count in document_counts.items()
            ),
            batch_size=2000,
        )

    dismissed: dict[int, set[int]] = defaultdict(set)
    for first, second in DismissedPair.objects.values_list("first_id", "second_id").iterator():
        dismissed[first].add(second)
        dismissed[second].add(first)

    ids_in_order = sorted(index.vectors)
    match_count = 0
    for start in range(0, len(ids_in_order), batch_size):
        batch = ids_in_order[start : start + batch_size]
        new_rows: list[SimilarWork] = []
        for initiative_id in batch:
            matches = index.matches(
                initiative_id,
                index.vectors[initiative_id],
                index.facets[initiative_id],
                excluded=dismissed.get(initiative_id, set()),
            )
            new_rows.extend(_similar_rows(initiative_id, matches))
        with transaction.atomic():
            SimilarWork.objects.filter(initiative_id__in=batch).delete()
            SimilarWork.objects.bulk_create(new_rows, batch_size=2000)
        match_count += len(new_rows)
        if progress is not None:
            progress("find similar work", start + len(batch), len(ids_in_order))

    summary = RebuildSummary(
        initiatives=total,
        terms=term_rows,
        matches=match_count,
        seconds=round(time.monotonic() - started, 2),
    )
    logger.info(
        "Similar work rebuild: %d initiatives, %d terms, %d matches in %.2f s",
        summary.initiatives,
        summary.terms,
        summary.matches,
        summary.seconds,
    )
    return summary
