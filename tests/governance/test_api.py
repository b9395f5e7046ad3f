"""The governance API: criteria, assessments and reviews per persona, filters, constant queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance import services
from governance.models import Assessment, GoalProgress, Review
from partners.models import Organization, Partnership, PartnershipState, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return client_for


@pytest.fixture
def outsider() -> User:
    return make_user("outsider@example.org")


@pytest.fixture
def proposed(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
) -> Partnership:
    return make_partnership(
        lead=organization_a, members=[organization_b], state=PartnershipState.PROPOSED
    )


@pytest.fixture
def review(make_partnership: Callable[..., Partnership], organization_a: Organization) -> Review:
    partnership = make_partnership(lead=organization_a)
    review = Review.objects.create(
        partnership=partnership, quarter="2026Q1", due_date=date(2026, 6, 30)
    )
    GoalProgress.objects.create(review=review, goal_text="Hire 10")
    return review


def test_criteria_readable_when_signed_in(api, admin_a: User) -> None:
    assert api(None).get("/api/v1/criteria/").status_code == 403
    response = api(admin_a).get("/api/v1/criteria/")
    assert response.status_code == 200
    assert len(response.json()) == 8
    assert response.json()[0]["levels"][0].keys() == {"en", "fr"}


def test_criteria_changed_by_coordinators_only(api, admin_a: User, coordinator: User) -> None:
    criterion_id = api(coordinator).get("/api/v1/criteria/").json()[1]["id"]
    assert api(admin_a).patch(f"/api/v1/criteria/{criterion_id}/", {"weight": 5}).status_code == 403
    response = api(coordinator).patch(
        f"/api/v1/criteria/{criterion_id}/", {"weight": 11}, format="json"
    )
    assert response.status_code == 400
    assert "weight" in response.json()
    response = api(coordinator).patch(
        f"/api/v1/criteria/{criterion_id}/", {"weight": 5}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["weight"] == 5
    response = api(coordinator).post(
        "/api/v1/criteria/",
        {
            "name_en": "Pay for advisors",
            "name_fr": "Rémunération des conseillers",
            "weight": 2,
            "levels": [{"en": "x"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "levels" in response.json()


def test_assessment_api_flow(
    api, proposed: Partnership, coordinator: User, admin_b: User, outsider: User
) -> None:
    client = api(coordinator)
    response = client.post(
        "/api/v1/assessments/", {"partnership": proposed.slug, "kind": "proposal"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assessment_id = body["id"]
    assert len(body["scores"]) == 8
    scores = [
        {"criterion_key": line["criterion_key"], "score": 4, "rationale": "Strong"}
        for line in body["scores"]
    ]
    response = client.post(
        f"/api/v1/assessments/{assessment_id}/scores/",
        {"scores": scores, "recommendation": "accept"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["weighted_total"] == "4.00"

    response = client.post(
        f"/api/v1/assessments/{assessment_id}/decide/",
        {"decision": "defer", "reasons_en": "Funding pending"},
        format="json",
    )
    assert response.status_code == 400
    assert "return_date" in response.json()

    response = api(admin_b).post(
        f"/api/v1/assessments/{assessment_id}/decide/",
        {"decision": "accept", "reasons_en": "Me"},
        format="json",
    )
    assert response.status_code == 403

    response = client.post(
        f"/api/v1/assessments/{assessment_id}/decide/",
        {"decision": "accept", "reasons_en": "Strong fit"},
        format="json",
    )
    assert response.status_code == 200
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.ACTIVE

    member_view = api(admin_b).get(f"/api/v1/assessments/{assessment_id}/")
    assert member_view.status_code == 200
    assert member_view.json()["decision_reasons_en"] == "Strong fit"
    assert api(outsider).get(f"/api/v1/assessments/{assessment_id}/").status_code == 404
    assert api(outsider).get("/api/v1/assessments/").json()["results"] == []


def test_assessment_create_errors(
    api, coordinator: User, admin_a: User, proposed: Partnership
) -> None:
    response = api(coordinator).post(
        "/api/v1/assessments/", {"partnership": "no-such", "kind": "proposal"}, format="json"
    )
    assert response.status_code == 400
    assert "partnership" in response.json()
    response = api(coordinator).post(
        "/api/v1/assessments/", {"partnership": proposed.slug, "kind": "renewal"}, format="json"
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    response = api(admin_a).post(
        "/api/v1/assessments/", {"partnership": proposed.slug, "kind": "proposal"}, format="json"
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_assessment_filters(api, coordinator: User, proposed: Partnership) -> None:
    services.start_assessment(coordinator, proposed, "proposal")
    client = api(coordinator)
    assert client.get("/api/v1/assessments/?kind=proposal").json()["count"] == 1
    assert client.get("/api/v1/assessments/?kind=renewal").json()["count"] == 0
    response = client.get("/api/v1/assessments/?decision=maybe")
    assert response.status_code == 400
    assert "decision" in response.json()


def test_review_api_permissions(
    api, review: Review, coordinator: User, admin_a: User, member_a: User, outsider: User
) -> None:
    assert api(None).get("/api/v1/reviews/").status_code == 403
    assert api(outsider).get("/api/v1/reviews/").json()["results"] == []
    assert api(outsider).get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert api(member_a).get(f"/api/v1/reviews/{review.pk}/").status_code == 200
    member_id = review.partnership.members.get().pk

    response = api(member_a).post(
        f"/api/v1/reviews/{review.pk}/benefit/",
        {"member": member_id, "benefit": "x"},
        format="json",
    )
    assert response.status_code == 403
    response = api(outsider).post(
        f"/api/v1/reviews/{review.pk}/benefit/",
        {"member": member_id, "benefit": "x"},
        format="json",
    )
    assert response.status_code == 404
    response = api(admin_a).post(
        f"/api/v1/reviews/{review.pk}/benefit/",
        {"member": member_id, "benefit": "Three hires"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["member_benefits"][0]["benefit"] == "Three hires"

    response = api(admin_a).post(
        f"/api/v1/reviews/{review.pk}/complete/",
        {"decision": "continue", "reasons": "Fine"},
        format="json",
    )
    assert response.status_code == 403
    response = api(coordinator).post(
        f"/api/v1/reviews/{review.pk}/complete/",
        {"decision": "continue-with-actions", "reasons": "Fine"},
        format="json",
    )
    assert response.status_code == 400
    assert "actions" in response.json()
    row = review.goal_progress.get()
    response = api(coordinator).post(
        f"/api/v1/reviews/{review.pk}/complete/",
        {
            "decision": "continue-with-actions",
            "reasons": "Slow hiring",
            "progress": [{"id": row.pk, "progress": "Four hired"}],
            "actions": [{"description": "Job fair", "owner": "Org A", "due_date": "2026-09-01"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["actions"][0]["owner"] == "Org A"
    assert response.json()["goal_progress"][0]["progress"] == "Four hired"


def test_review_filters(api, review: Review, coordinator: User) -> None:
    client = api(coordinator)
    assert client.get("/api/v1/reviews/?quarter=2026Q1").json()["count"] == 1
    assert client.get("/api/v1/reviews/?quarter=2026Q2").json()["count"] == 0
    assert client.get("/api/v1/reviews/?status=completed").json()["count"] == 0
    response = client.get("/api/v1/reviews/?quarter=2026Q7")
    assert response.status_code == 400
    assert "quarter" in response.json()
    response = client.get("/api/v1/reviews/?status=lost")
    assert response.status_code == 400
    assert "status" in response.json()


def test_lists_constant_queries(
    api,
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
    coordinator: User,
    admin_a: User,
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            partnership = make_partnership(
                lead=organization_a, members=[organization_b], state=PartnershipState.PROPOSED
            )
            services.start_assessment(coordinator, partnership, "proposal")
            running = make_partnership(lead=organization_a, members=[organization_b], goals=["A"])
            review = Review.objects.create(
                partnership=running, quarter="2026Q1", due_date=date(2026, 6, 30)
            )
            GoalProgress.objects.create(review=review, goal_text="A")
            lead = running.members.get(role="lead")
            services.submit_member_benefit(admin_a, review, lead, "Benefit")

    def measure(user: User, path: str) -> int:
        client = api(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    paths = ["/api/v1/assessments/", "/api/v1/reviews/", "/api/v1/criteria/"]
    add(1)
    small = [measure(user, path) for user in (coordinator, admin_a) for path in paths]
    add(4)
    large = [measure(user, path) for user in (coordinator, admin_a) for path in paths]
    assert small == large, (small, large)
