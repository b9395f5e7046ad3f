"""Evidence gaps: who records them, needs counted once, work by research organizations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from initiatives.models import Initiative
from partners.models import Organization, Theme, User
from practices.models import EvidenceGap

pytestmark = pytest.mark.django_db


def gap_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "question_en": "Which accommodations keep people employed after a year?",
        "question_fr": "Quelles mesures d'adaptation maintiennent les gens en emploi après un an?",
        "why_it_matters_en": "Retention <script>alert(1)</script> matters.",
        "themes": [str(Theme.objects.get(number=5).pk)],
    }
    data.update(overrides)
    return data


@pytest.fixture
def gap(reference_data: None) -> EvidenceGap:
    gap = EvidenceGap.objects.create(question_en="Does job carving work in rural areas?")
    gap.themes.set([Theme.objects.get(number=5)])
    return gap


def test_member_records_gap(signed_in: Callable[[User], Client], member_a: User) -> None:
    response = signed_in(member_a).post("/en/evidence-gaps/new/", gap_form())

    gap = EvidenceGap.objects.get()
    assert response.status_code == 302
    assert gap.recorded_by == member_a
    page = signed_in(member_a).get(gap.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_person_without_organization_cannot_record(
    signed_in: Callable[[User], Client], reference_data: None
) -> None:
    from tests.conftest import make_user

    client = signed_in(make_user("lonely@example.org"))

    page = client.post("/en/evidence-gaps/new/", gap_form())
    api = client.post(
        "/api/v1/evidence-gaps/",
        {"question_en": "Q", "themes": [Theme.objects.get(number=5).slug]},
        content_type="application/json",
    )

    assert page.status_code == 403
    assert api.status_code == 403
    assert EvidenceGap.objects.count() == 0


def test_need_counted_once_per_person(
    signed_in: Callable[[User], Client], gap: EvidenceGap, member_a: User, admin_b: User
) -> None:
    client = signed_in(member_a)
    client.post(gap.get_absolute_url(), {"action": "need"})
    client.post(gap.get_absolute_url(), {"action": "need"})
    client.post(f"/api/v1/evidence-gaps/{gap.pk}/need/")
    signed_in(admin_b).post(f"/api/v1/evidence-gaps/{gap.pk}/need/")

    gap.refresh_from_db()
    assert gap.need_count == 2


def test_visitor_cannot_add_need(client: Client, gap: EvidenceGap) -> None:
    page = client.post(gap.get_absolute_url(), {"action": "need"})
    api = client.post(f"/api/v1/evidence-gaps/{gap.pk}/need/")

    gap.refresh_from_db()
    assert page.status_code == 302
    assert api.status_code == 403
    assert gap.need_count == 0


def test_list_sorted_by_need(client: Client, reference_data: None) -> None:
    low = EvidenceGap.objects.create(question_en="Low", need_count=1)
    high = EvidenceGap.objects.create(question_en="High", need_count=9)

    page = client.get("/en/evidence-gaps/")
    api = client.get("/api/v1/evidence-gaps/").json()

    assert list(page.context["page"].object_list) == [high, low]
    assert [row["question_en"] for row in api["results"]] == ["High", "Low"]


def test_organization_declares_work_with_initiative(
    signed_in: Callable[[User], Client],
    gap: EvidenceGap,
    admin_a: User,
    organization_a: Organization,
) -> None:
    initiative = Initiative.objects.create(
        title_en="Rural carving study", lead_organization=organization_a
    )
    initiative.themes.set([Theme.objects.get(number=5)])

    response = signed_in(admin_a).post(
        gap.get_absolute_url(),
        {"action": "work", "organization": organization_a.pk, "initiative": initiative.pk},
    )

    assert response.status_code == 302
    page = signed_in(admin_a).get(gap.get_absolute_url()).content.decode()
    assert "Rural carving study" in page
    api = signed_in(admin_a).get(f"/api/v1/evidence-gaps/{gap.pk}/").json()
    assert api["working_on_it"] == [{"organization": "organization-a", "initiative": initiative.pk}]


def test_viewer_cannot_declare_work(
    signed_in: Callable[[User], Client],
    gap: EvidenceGap,
    member_a: User,
    organization_a: Organization,
) -> None:
    response = signed_in(member_a).post(
        gap.get_absolute_url(), {"action": "work", "organization": organization_a.pk}
    )

    assert response.status_code == 400
    assert gap.work.count() == 0


def test_unverified_organization_work_hidden(
    client: Client, gap: EvidenceGap, make_organization: Callable[..., Organization]
) -> None:
    from practices.models import EvidenceGapWork

    pending = make_organization(name="Pending Research Lab", verification_status="pending")
    EvidenceGapWork.objects.create(gap=gap, organization=pending)

    page = client.get(gap.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/evidence-gaps/{gap.pk}/").json()

    assert "Pending Research Lab" not in page
    assert api["working_on_it"] == []


def test_bad_filter_names_field(client: Client, reference_data: None) -> None:
    page = client.get("/en/evidence-gaps/", {"theme": "nope"})
    api = client.get("/api/v1/evidence-gaps/", {"ordering": "secret"})

    assert page.status_code == 400
    assert api.status_code == 400
    assert "ordering" in api.json()


def test_work_api_checks_role(
    signed_in: Callable[[User], Client],
    gap: EvidenceGap,
    member_a: User,
    admin_a: User,
    organization_a: Organization,
    client: Client,
) -> None:
    viewer = signed_in(member_a).post(
        f"/api/v1/evidence-gaps/{gap.pk}/work/",
        {"organization": organization_a.slug},
        content_type="application/json",
    )
    client.logout()
    administrator = signed_in(admin_a).post(
        f"/api/v1/evidence-gaps/{gap.pk}/work/",
        {"organization": organization_a.slug},
        content_type="application/json",
    )

    assert viewer.status_code == 403
    assert administrator.status_code == 200
    assert administrator.json()["working_on_it"] == [
        {"organization": "organization-a", "initiative": None}
    ]
