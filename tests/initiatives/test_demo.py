"""The demo initiatives: coverage of themes and provinces, clusters of similar work, reloads."""

from __future__ import annotations

import pytest

from initiatives.demo import load_demo_initiatives
from initiatives.models import Initiative, SimilarWork
from partners.demo.organizations import load_demo_organizations
from partners.models import Region, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(reference_data: None) -> list[tuple[str, int, int]]:
    calls: list[tuple[str, int, int]] = []
    load_demo_organizations()
    load_demo_initiatives(lambda section, done, total: calls.append((section, done, total)))
    return calls


def test_covers_every_theme_and_province(loaded: list[tuple[str, int, int]]) -> None:
    demo = Initiative.objects.filter(demo_key__isnull=False)

    assert demo.count() >= 200
    assert set(demo.values_list("themes__number", flat=True)) == set(
        Theme.objects.values_list("number", flat=True)
    )
    provinces = Region.objects.exclude(kind=Region.Kind.NATIONAL)
    assert set(demo.values_list("regions__code", flat=True)) == set(
        provinces.values_list("code", flat=True)
    )


def test_quebec_initiatives_are_in_french(loaded: list[tuple[str, int, int]]) -> None:
    quebec = Initiative.objects.filter(demo_key__isnull=False, regions__code="CA-QC")

    assert quebec.exists()
    assert not quebec.exclude(title_en="").exists()
    assert not quebec.filter(title_fr="").exists()


def test_progress_reports_both_steps(loaded: list[tuple[str, int, int]]) -> None:
    total = Initiative.objects.count()

    assert loaded[0] == ("initiatives", 1, total)
    assert ("initiatives", total, total) in loaded
    assert loaded[-1] == ("initiatives: similar work", total, total)


def test_clusters_match_across_provinces(loaded: list[tuple[str, int, int]]) -> None:
    ontario = Initiative.objects.get(demo_key="peer-mentoring-on")
    suggested = list(
        SimilarWork.objects.filter(initiative=ontario).values_list("other__demo_key", flat=True)
    )

    assert len(suggested) == 10
    assert all((key or "").startswith("peer-mentoring-") for key in suggested)
    assert "peer-mentoring-qc" in suggested
    assert Initiative.objects.filter(similar_work__isnull=True).count() == 0


def test_reload_keeps_records_and_restores_edits(loaded: list[tuple[str, int, int]]) -> None:
    ids = sorted(Initiative.objects.values_list("pk", flat=True))
    edited = Initiative.objects.get(demo_key="deaf-employment-ab")
    original = edited.title_en
    edited.title_en = "Changed by hand"
    edited.save()
    edited.themes.clear()

    result = load_demo_initiatives()
    edited.refresh_from_db()

    assert sorted(Initiative.objects.values_list("pk", flat=True)) == ids
    assert result.updated == 1
    assert result.unchanged == len(ids) - 1
    assert edited.title_en == original
    assert edited.themes.exists()
    assert load_demo_initiatives().unchanged == len(ids)
