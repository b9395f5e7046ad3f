"""Governance pages: who may open them, the full flows, CSV export and constant queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance import services
from governance.models import Assessment, GoalProgress, Review
from partners.models import Organization, Partnership, PartnershipState, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
) -> Partnership:
    return make_partnership(
        lead=organization_a,
        members=[organization_b],
        state=PartnershipState.PROPOSED,
        name="Proposed Alliance",
    )


@pytest.fixture
def review(
    make_partnership: Callable[..., Partnership], organization_a: Organization, coordinator: User
) -> Review:
    partnership = make_partnership(lead=organization_a, goals=["Hire 10"], name="Active Alliance")
    quarter = services.current_quarter()
    review = Review.objects.create(
        partnership=partnership,
        quarter=quarter.code,
        due_date=quarter.last_day,
        coordinator=coordinator,
    )
    GoalProgress.objects.create(review=review, goal_text="Hire 10")
    return review


@pytest.fixture
def outsider() -> User:
    from tests.conftest import make_user

    return make_user("outsider@example.org")


COORDINATOR_PAGES = [
    "/en/governance/",
    "/en/governance/reviews.csv",
    "/en/governance/criteria/",
    "/en/governance/criteria/new/",
]


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_pages_refuse_others(
    path: str, client: Client, signed_in: Callable[[User], Client], admin_a: User
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert signed_in(admin_a).get(path).status_code == 403


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_pages_open(
    path: str, signed_in: Callable[[User], Client], coordinator: User
) -> None:
    assert signed_in(coordinator).get(path).status_code == 200


def test_assess_and_decline_flow(
    proposed: Partnership, signed_in: Callable[[User], Client], coordinator: User, admin_b: User
) -> None:
    client = signed_in(coordinator)
    dashboard = client.get("/en/governance/").content.decode()
    assert "Assess Proposed Alliance" in dashboard

    response = client.post(
        f"/en/governance/partnerships/{proposed.slug}/assess/", {"kind": "proposal"}
    )
    assessment = Assessment.objects.get(partnership=proposed)
    assert response["Location"] == f"/en/governance/assessments/{assessment.pk}/edit/"

    form = client.get(response["Location"])
    assert form.status_code == 200
    data = {"recommendation": "decline", "summary_en": "Costs outweigh benefits."}
    for line in assessment.scores.all():
        data[f"score_{line.criterion_key}"] = "1"
        data[f"rationale_{line.criterion_key}"] = "Weak"
    response = client.post(response["Location"], data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.weighted_total == 1

    # Declining without reasons shows the error on the field.
    response = client.post(
        f"/en/governance/assessments/{assessment.pk}/decide/", {"decision": "decline"}
    )
    assert response.status_code == 400
    assert 'id="id_reasons_en-error"' in response.content.decode()

    response = client.post(
        f"/en/governance/assessments/{assessment.pk}/decide/",
        {"decision": "decline", "reasons_en": "No budget for accessibility this year."},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.DECLINED

    # A member organization's administrator sees the decision and its reasons.
    client.logout()
    page = signed_in(admin_b).get(f"/en/governance/assessments/{assessment.pk}/")
    assert page.status_code == 200
    assert "No budget for accessibility this year." in page.content.decode()
    assert "Record the decision" not in page.content.decode()


def test_assessment_hidden_from_outsiders(
    proposed: Partnership, coordinator: User, signed_in: Callable[[User], Client], outsider: User
) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    client = signed_in(outsider)
    assert client.get(f"/en/governance/assessments/{assessment.pk}/").status_code == 404
    assert client.get(f"/en/governance/assessments/{assessment.pk}/edit/").status_code == 403
    response = client.post(
        f"/en/governance/assessments/{assessment.pk}/decide/",
        {"decision": "decline", "reasons_en": "x"},
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.decision == ""


def test_member_cannot_decide(
    proposed: Partnership, coordinator: User, signed_in: Callable[[User], Client], admin_a: User
) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    response = signed_in(admin_a).post(
        f"/en/governance/assessments/{assessment.pk}/decide/",
        {"decision": "decline", "reasons_en": "x"},
    )
    assert response.status_code == 403
    response = signed_in(admin_a).post(
        f"/en/governance/partnerships/{proposed.slug}/assess/", {"kind": "proposal"}
    )
    assert response.status_code == 403


def test_review_flow_highlights(
    review: Review,
    signed_in: Callable[[User], Client],
    coordinator: User,
    admin_a: User,
    client: Client,
) -> None:
    lead_member = review.partnership.members.get()
    member_client = signed_in(admin_a)
    page = member_client.get(f"/en/governance/reviews/{review.pk}/")
    assert page.status_code == 200
    assert "Report your organization" in page.content.decode()
    assert "Complete the review" not in page.content.decode()
    response = member_client.post(
        f"/en/governance/reviews/{review.pk}/benefit/",
        {"member": lead_member.pk, "benefit": "Six new hires."},
    )
    assert response.status_code == 302
    response = member_client.post(
        f"/en/governance/reviews/{review.pk}/complete/",
        {"decision": "exemplary", "reasons": "x"},
    )
    assert response.status_code == 403

    coordinator_client = signed_in(coordinator)
    row = review.goal_progress.get()
    response = coordinator_client.post(
        f"/en/governance/reviews/{review.pk}/complete/",
        {
            f"progress_{row.pk}": "Ten hired.",
            "decision": "exemplary",
            "reasons": "Led by people with lived experience; goals met.",
            "action_1_description": "Write the case study",
        },
    )
    # A half-filled action row is an error on the missing fields.
    assert response.status_code == 400
    assert 'id="id_action_1_owner-error"' in response.content.decode()
    response = coordinator_client.post(
        f"/en/governance/reviews/{review.pk}/complete/",
        {
            f"progress_{row.pk}": "Ten hired.",
            "decision": "exemplary",
            "reasons": "Led by people with lived experience; goals met.",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "Active Alliance" in client.get("/en/").content.decode()
    assert "Active Alliance" in client.get("/fr/exemplary-partnerships/").content.decode()


def test_review_hidden_from_outsiders(
    review: Review, signed_in: Callable[[User], Client], outsider: User, admin_b: User
) -> None:
    for user in (outsider, admin_b):
        client = signed_in(user)
        assert client.get(f"/en/governance/reviews/{review.pk}/").status_code == 404
        response = client.post(
            f"/en/governance/reviews/{review.pk}/benefit/",
            {"member": review.partnership.members.get().pk, "benefit": "x"},
        )
        assert response.status_code == 404
    assert not review.member_benefits.exists()


def test_small_leadership_hidden_from_members(
    review: Review,
    signed_in: Callable[[User], Client],
    admin_a: User,
    coordinator: User,
) -> None:
    Review.objects.filter(pk=review.pk).update(
        leadership_roles_total=3, leadership_roles_lived_experience=2
    )
    member_page = signed_in(admin_a).get(f"/en/governance/reviews/{review.pk}/").content.decode()
    assert "2 of 3 roles" not in member_page
    assert "fewer than five roles" in member_page
    coordinator_page = signed_in(coordinator).get(f"/en/governance/reviews/{review.pk}/")
    assert "2 of 3 roles" in coordinator_page.content.decode()


def test_bad_quarter_is_400(signed_in: Callable[[User], Client], coordinator: User) -> None:
    client = signed_in(coordinator)
    response = client.get("/en/governance/?quarter=2026Q9")
    assert response.status_code == 400
    assert 'id="id_quarter-error"' in response.content.decode()
    assert client.get("/en/governance/reviews.csv?quarter=nope").status_code == 400


def test_export_csv_is_formula_safe(
    review: Review, signed_in: Callable[[User], Client], coordinator: User
) -> None:
    Partnership.objects.filter(pk=review.partnership_id).update(name='=HYPERLINK("http://x")')
    services.complete_review(coordinator, review, decision="continue", reasons="+1 great, -ish")
    response = signed_in(coordinator).get(f"/en/governance/reviews.csv?quarter={review.quarter}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["partnership"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["decision_reasons"] == "'+1 great, -ish"
    assert rows[0]["status"] == "completed"


def test_dashboard_constant_queries(
    make_partnership: Callable[..., Partnership],
    signed_in: Callable[[User], Client],
    coordinator: User,
) -> None:
    client = signed_in(coordinator)
    quarter = services.current_quarter()
    today = timezone.localdate()

    def add(count: int) -> None:
        for _ in range(count):
            partnership = make_partnership()
            Review.objects.create(
                partnership=partnership,
                quarter=quarter.code,
                due_date=quarter.last_day,
                coordinator=coordinator,
            )
            late = make_partnership()
            Review.objects.create(
                partnership=late,
                quarter=quarter.previous().code,
                due_date=today - timedelta(days=3),
            )
            proposed = make_partnership(state=PartnershipState.PROPOSED)
            services.start_assessment(coordinator, proposed, "proposal")
            make_partnership(state=PartnershipState.PROPOSED)

    def measure(path: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    add(1)
    small = (measure("/en/governance/"), measure("/en/governance/reviews.csv"))
    add(4)
    large = (measure("/en/governance/"), measure("/en/governance/reviews.csv"))
    assert small == large, (small, large)


def test_exemplary_page_constant_queries(
    make_partnership: Callable[..., Partnership], organization_a: Organization, client: Client
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            partnership = make_partnership(lead=organization_a)
            Partnership.objects.filter(pk=partnership.pk).update(exemplary_since=timezone.now())

    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/exemplary-partnerships/").status_code == 200
        return len(context.captured_queries)

    add(1)
    small = measure()
    add(5)
    assert measure() == small


def test_criterion_edit_page(signed_in: Callable[[User], Client], coordinator: User) -> None:
    from governance.models import Criterion

    criterion = Criterion.objects.get(key="costs")
    client = signed_in(coordinator)
    page = client.get(f"/en/governance/criteria/{criterion.pk}/")
    assert page.status_code == 200
    data = {
        "name_en": "Costs <script>alert(1)</script>",
        "name_fr": "Coûts",
        "weight": "4",
        "position": "2",
        "is_active": "on",
    }
    for level in range(5):
        data[f"level_{level}_en"] = f"Level {level}"
        data[f"level_{level}_fr"] = f"Niveau {level}"
    data["weight"] = "0"
    assert client.post(f"/en/governance/criteria/{criterion.pk}/", data).status_code == 400
    data["weight"] = "4"
    assert client.post(f"/en/governance/criteria/{criterion.pk}/", data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == 4
    listing = client.get("/en/governance/criteria/").content.decode()
    assert "<script>alert(1)</script>" not in listing
    assert "&lt;script&gt;" in listing


def test_due_date_shown(
    review: Review, signed_in: Callable[[User], Client], coordinator: User
) -> None:
    Review.objects.filter(pk=review.pk).update(due_date=date(2020, 1, 1))
    page = signed_in(coordinator).get(f"/en/governance/reviews/{review.pk}/")
    assert "Overdue" in page.content.decode()


def test_renewal_from_review_page(
    review: Review, signed_in: Callable[[User], Client], coordinator: User, admin_a: User
) -> None:
    page = signed_in(admin_a).get(f"/en/governance/reviews/{review.pk}/").content.decode()
    assert "Start a renewal assessment" not in page
    client = signed_in(coordinator)
    page = client.get(f"/en/governance/reviews/{review.pk}/").content.decode()
    assert "Start a renewal assessment" in page
    slug = review.partnership.slug
    response = client.post(f"/en/governance/partnerships/{slug}/assess/", {"kind": "renewal"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(partnership=review.partnership)
    assert assessment.kind == "renewal"
    review.partnership.refresh_from_db()
    assert review.partnership.state == PartnershipState.UNDER_REVIEW
