"""Similar-work detection on a small hand-made corpus, in English and French."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from initiatives import detection, services, similarity
from initiatives.models import DismissedPair, Initiative, InitiativeTerm, SimilarWork
from partners.models import Organization, User

pytestmark = pytest.mark.django_db

MENTORING_EN = {
    "title_en": "Peer mentoring for young job seekers with disabilities",
    "summary_en": (
        "Mentors with lived experience of disability coach youth through their first job "
        "search, interviews and workplace accommodation requests."
    ),
    "vision_en": "Every young person with a disability has a peer mentor on the road to work.",
}
MENTORING_EN_AGAIN = {
    "title_en": "Peer mentoring program for young job seekers with a disability",
    "summary_en": (
        "Mentors who have lived experience of disability coach youth in their first job "
        "search, their interviews and their accommodation requests at work."
    ),
    "vision_en": "Each young person with disabilities has a peer mentor on the way to work.",
}
MENTORING_FR = {
    "title_fr": "Mentorat par les pairs pour les jeunes handicapés en quête d'emploi",
    "summary_fr": (
        "Des mentors ayant une expérience du handicap accompagnent les jeunes dans leur "
        "premier emploi, leurs entrevues et leurs demandes d'accommodement au travail."
    ),
    "vision_fr": "Chaque jeune handicapé a un mentor pair sur le chemin de l'emploi.",
}
TRANSIT = {
    "title_en": "Rural bus routes for farm workers",
    "summary_en": "Municipal councils fund on-demand minibuses between villages and farms.",
    "vision_en": "Buses reach every village twice a day.",
}
RESEARCH = {
    "title_en": "Survey of wages in the fishing industry",
    "summary_en": "Economists measure seasonal wages of crews on Atlantic fishing boats.",
}


@pytest.fixture
def corpus(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
    make_organization: Callable[..., Organization],
) -> dict[str, Initiative]:
    organization_c = make_organization(name="Organization C")
    return {
        "mentoring": make_initiative(
            organization_a, themes=[1, 4], regions=["CA-ON"], **MENTORING_EN
        ),
        "mentoring_again": make_initiative(
            organization_b, themes=[1, 4], regions=["CA-NS"], **MENTORING_EN_AGAIN
        ),
        "mentoring_fr": make_initiative(
            organization_c, themes=[1], regions=["CA-QC"], **MENTORING_FR
        ),
        "transit": make_initiative(organization_c, themes=[2], regions=["CA-SK"], **TRANSIT),
        "research": make_initiative(organization_b, themes=[5], regions=["CA-NL"], **RESEARCH),
    }


def others_of(initiative: Initiative) -> list[int]:
    return list(
        SimilarWork.objects.filter(initiative=initiative)
        .order_by("-score", "other_id")
        .values_list("other_id", flat=True)
    )


def test_terms_fold_accents_and_map_french() -> None:
    assert similarity.terms_of("Emploi des personnes handicapées") == ["employment", "disability"]
    assert similarity.terms_of("EMPLOI") == similarity.terms_of("emploi")
    assert similarity.terms_of("Éducation") == similarity.terms_of("education")


def test_terms_drop_stop_and_place_words() -> None:
    assert similarity.terms_of("The work of Ontario and the Québec") == ["work"]


def test_near_identical_initiatives_match(corpus: dict[str, Initiative]) -> None:
    detection.rebuild_similar_work()

    assert others_of(corpus["mentoring"])[0] == corpus["mentoring_again"].pk
    assert others_of(corpus["mentoring_again"])[0] == corpus["mentoring"].pk
    match = SimilarWork.objects.get(initiative=corpus["mentoring"], other=corpus["mentoring_again"])
    assert match.text_score > 0.5
    assert "peer" in match.shared_terms


def test_unrelated_initiatives_do_not_match(corpus: dict[str, Initiative]) -> None:
    detection.rebuild_similar_work()

    for key in ("transit", "research"):
        assert others_of(corpus[key]) == []
        assert not SimilarWork.objects.filter(other=corpus[key]).exists()


def test_french_matches_english_with_same_meaning(corpus: dict[str, Initiative]) -> None:
    detection.rebuild_similar_work()

    assert corpus["mentoring"].pk in others_of(corpus["mentoring_fr"])
    assert corpus["mentoring_fr"].pk in others_of(corpus["mentoring"])


def test_dismissed_pair_stays_dismissed(corpus: dict[str, Initiative], admin_a: User) -> None:
    detection.rebuild_similar_work()
    services.dismiss_suggestion(admin_a, corpus["mentoring"], corpus["mentoring_again"])

    assert corpus["mentoring_again"].pk not in others_of(corpus["mentoring"])
    assert corpus["mentoring"].pk not in others_of(corpus["mentoring_again"])

    detection.rebuild_similar_work()
    detection.refresh_similar_work(corpus["mentoring"].pk)
    detection.refresh_similar_work(corpus["mentoring_again"].pk)

    assert corpus["mentoring_again"].pk not in others_of(corpus["mentoring"])
    assert corpus["mentoring"].pk not in others_of(corpus["mentoring_again"])
    assert DismissedPair.objects.count() == 1


def test_dismiss_needs_lead_editor(corpus: dict[str, Initiative], admin_b: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.dismiss_suggestion(admin_b, corpus["mentoring"], corpus["mentoring_again"])


def test_rebuild_is_repeatable(corpus: dict[str, Initiative]) -> None:
    first = detection.rebuild_similar_work(batch_size=2)
    rows = sorted(SimilarWork.objects.values_list("initiative_id", "other_id", "score"))
    second = detection.rebuild_similar_work(batch_size=3)

    assert sorted(SimilarWork.objects.values_list("initiative_id", "other_id", "score")) == rows
    assert first.matches == second.matches
    assert InitiativeTerm.objects.values("initiative").distinct().count() == 5


def test_refresh_after_edit_finds_new_match(
    corpus: dict[str, Initiative], admin_b: User, django_capture_on_commit_callbacks: Callable
) -> None:
    detection.rebuild_similar_work()
    research = corpus["research"]
    assert others_of(research) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.update_initiative(admin_b, research, {**MENTORING_EN_AGAIN, "summary_fr": ""}, {})

    assert corpus["mentoring"].pk in others_of(research)
    assert research.pk in others_of(corpus["mentoring"])


def test_refresh_removes_stale_reverse_rows(corpus: dict[str, Initiative]) -> None:
    detection.rebuild_similar_work()
    mentoring_again = corpus["mentoring_again"]
    assert mentoring_again.pk in others_of(corpus["mentoring"])

    Initiative.objects.filter(pk=mentoring_again.pk).update(**{**RESEARCH, "vision_en": ""})
    detection.refresh_similar_work(mentoring_again.pk)

    assert mentoring_again.pk not in others_of(corpus["mentoring"])


def test_common_terms_are_dropped() -> None:
    counts = {"employment": 3, "mentoring": 1}
    vector = similarity.vector_of(counts, {"employment": 900, "mentoring": 2}, 1000)

    assert "employment" not in vector
    assert vector == {"mentoring": pytest.approx(1.0)}


def test_postings_are_capped() -> None:
    index = similarity.SimilarityIndex()
    for number in range(similarity.MAX_POSTINGS_PER_TERM + 50):
        index.add(number, {"shared": 1.0}, similarity.Facets())
    index.finish()

    assert len(index.postings["shared"]) == similarity.MAX_POSTINGS_PER_TERM


def test_national_region_overlaps_every_province() -> None:
    assert similarity.regions_overlap(frozenset({"CA"}), frozenset({"CA-QC"})) == 1.0
    assert similarity.regions_overlap(frozenset({"CA-ON"}), frozenset({"CA-QC"})) == 0.0
