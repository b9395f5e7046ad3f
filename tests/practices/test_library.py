"""The practices library: search, filters, pagination, feed, export and constant queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners.models import Region, Sector, StakeholderKind, Theme, User
from practices.models import Practice, PracticeKind, PracticeStatus

pytestmark = pytest.mark.django_db


def test_search_ignores_accents_and_case(
    client: Client, make_practice: Callable[..., Practice]
) -> None:
    make_practice(title_fr="Embauche inclusive à Montréal", title_en="")
    make_practice(title_en="Unrelated")

    response = client.get("/fr/practices/", {"search": "MONTREAL embauché"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_filters_narrow_results(client: Client, make_practice: Callable[..., Practice]) -> None:
    theme = Theme.objects.get(number=4)
    quebec = Region.objects.get(code="CA-QC")
    sector = Sector.objects.get(code="61")
    kind = StakeholderKind.objects.get(slug="business")
    wanted = make_practice(
        kind=PracticeKind.LESSON,
        themes=[theme],
        regions=[quebec],
        sectors=[sector],
        stakeholder_kinds=[kind],
    )
    make_practice(kind=PracticeKind.LESSON)
    make_practice(themes=[theme], regions=[quebec], sectors=[sector], stakeholder_kinds=[kind])

    response = client.get(
        "/en/practices/",
        {
            "kind": "lesson",
            "theme": theme.slug,
            "region": "qc",
            "sector": "61",
            "stakeholder_kind": "business",
        },
    )

    assert list(response.context["page"].object_list) == [wanted]


@pytest.mark.parametrize("parameter", ["kind", "theme", "region", "sector", "stakeholder_kind"])
def test_bad_filter_is_error_on_field(client: Client, parameter: str) -> None:
    page = client.get("/en/practices/", {parameter: "nonsense"})
    api = client.get("/api/v1/practices/", {parameter: "nonsense"})

    assert page.status_code == 400
    assert parameter in page.context["filterset"].errors
    assert api.status_code == 400
    assert parameter in api.json()


def test_unpublished_practices_hidden(
    client: Client, make_practice: Callable[..., Practice], member_a: User
) -> None:
    submitted = make_practice(status=PracticeStatus.SUBMITTED, title_en="Waiting")
    rejected = make_practice(status=PracticeStatus.REJECTED, title_en="Refused")

    assert client.get("/en/practices/").context["page"].paginator.count == 0
    assert client.get(f"/en/practices/{submitted.slug}/").status_code == 404
    assert client.get(f"/api/v1/practices/{rejected.slug}/").status_code == 404
    assert client.get("/en/practices/feed/").content.decode().count("<entry>") == 0
    client.force_login(member_a)
    assert client.get(f"/en/practices/{submitted.slug}/").status_code == 404
    assert client.get("/api/v1/practices/").json()["count"] == 0


def test_pagination_stable_with_equal_times(
    client: Client, make_practice: Callable[..., Practice]
) -> None:
    moment = timezone.now()
    for _number in range(25):
        make_practice(published_at=moment)

    first = list(client.get("/en/practices/").context["page"].object_list)
    second = list(client.get("/en/practices/", {"page": 2}).context["page"].object_list)

    assert len(first) == 20
    assert len(second) == 5
    assert not set(first) & set(second)


def test_feed_is_atom_in_page_language(
    client: Client, make_practice: Callable[..., Practice]
) -> None:
    make_practice(title_en="Hiring circles", title_fr="Cercles d'embauche")

    english = client.get("/en/practices/feed/")
    french = client.get("/fr/practices/feed/")

    assert english["Content-Type"].startswith("application/atom+xml")
    assert "Hiring circles" in english.content.decode()
    assert "Cercles d&#x27;embauche" in french.content.decode() or "Cercles d'embauche" in (
        french.content.decode()
    )
    assert "/fr/practices/" in french.content.decode()


def test_export_is_csv_safe(client: Client, make_practice: Callable[..., Practice]) -> None:
    make_practice(title_en='=HYPERLINK("https://example.org")')

    response = client.get("/en/practices/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert rows[0]["title_en"].startswith("'=")


def list_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path", ["/en/practices/", "/api/v1/practices/", "/en/evidence-gaps/", "/api/v1/evidence-gaps/"]
)
def test_list_queries_constant(
    client: Client, make_practice: Callable[..., Practice], path: str
) -> None:
    from practices.models import EvidenceGap

    regions = list(Region.objects.all()[:3])

    def add(count: int) -> None:
        for _number in range(count):
            make_practice(regions=regions, published_at=timezone.now() - timedelta(hours=1))
            gap = EvidenceGap.objects.create(question_en="Why?")
            gap.themes.set([Theme.objects.get(number=5)])
            gap.regions.set(regions)

    add(2)
    list_queries(client, path)  # fills the in-process reference-list cache
    small = list_queries(client, path)
    add(15)
    large = list_queries(client, path)

    assert small == large


def test_submit_page_prefills_case_study_invitation(
    signed_in: Callable[[User], Client], admin_a: User, partnership
) -> None:
    client = signed_in(admin_a)

    response = client.get(
        "/en/practices/submit/", {"kind": "case-study", "partnership": partnership.slug}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["kind"] == "case-study"
    assert form.initial["partnerships"] == [partnership.pk]


def test_submit_page_ignores_hidden_partnership(
    signed_in: Callable[[User], Client], admin_a: User, partnership
) -> None:
    partnership.state = "proposed"
    partnership.save()

    response = signed_in(admin_a).get(
        "/en/practices/submit/", {"kind": "case-study", "partnership": partnership.slug}
    )

    assert "partnerships" not in response.context["form"].initial
