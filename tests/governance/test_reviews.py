"""Quarterly reviews: opening once per quarter, assignment, members' benefits, completion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from governance import services, tasks
from governance.models import ReminderDelivery, ReminderKind, Review
from governance.services import ActionInput
from partners.models import (
    Organization,
    Partnership,
    PartnershipState,
    User,
)
from partners.permissions import coordinators_group
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# 15 May 2026 at noon in Toronto: quarter 2026Q1 (April to June), due 30 June.
MAY_15 = datetime(2026, 5, 15, 16, 0, tzinfo=UTC)


@pytest.fixture
def running(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
) -> Partnership:
    return make_partnership(
        lead=organization_a,
        members=[organization_b],
        goals=["Hire 20 people", "Train 5 managers"],
        name="Running Partnership",
    )


@override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4)
def test_job_opens_once(
    running: Partnership,
    make_partnership: Callable[..., Partnership],
    coordinator: User,
    add_roles: Callable[..., None],
) -> None:
    renewed = make_partnership(state=PartnershipState.RENEWED)
    for state in [
        PartnershipState.PROPOSED,
        PartnershipState.UNDER_ASSESSMENT,
        PartnershipState.UNDER_REVIEW,
        PartnershipState.ENDED,
        PartnershipState.DECLINED,
    ]:
        make_partnership(state=state)
    add_roles(running, 6, 4)
    with time_machine.travel(MAY_15, tick=False):
        assert tasks.open_quarterly_reviews.apply().get() == 2
        assert tasks.open_quarterly_reviews.apply().get() == 0
    reviews = Review.objects.order_by("partnership_id")
    assert [review.partnership_id for review in reviews] == [running.pk, renewed.pk]
    review = reviews.get(partnership=running)
    assert review.quarter == "2026Q1"
    assert review.due_date == date(2026, 6, 30)
    assert review.coordinator == coordinator
    assert review.leadership_roles_total == 6
    assert review.leadership_roles_lived_experience == 4
    assert [row.goal_text for row in review.goal_progress.all()] == [
        "Hire 20 people",
        "Train 5 managers",
    ]


@override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4)
def test_next_quarter_opens_again(running: Partnership, coordinator: User) -> None:
    # 23:59 on 30 June in Toronto is still 2026Q1; 00:01 on 1 July is 2026Q2.
    with time_machine.travel(datetime(2026, 7, 1, 3, 59, tzinfo=UTC), tick=False):
        assert services.open_quarterly_reviews() == 1
    with time_machine.travel(datetime(2026, 7, 1, 4, 1, tzinfo=UTC), tick=False):
        assert services.open_quarterly_reviews() == 1
        assert services.open_quarterly_reviews() == 0
    assert sorted(Review.objects.values_list("quarter", flat=True)) == ["2026Q1", "2026Q2"]


@override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4)
def test_job_on_dst_day(running: Partnership, coordinator: User) -> None:
    # 8 March 2026: clocks in Toronto skip from 02:00 to 03:00.
    with time_machine.travel(datetime(2026, 3, 8, 10, 15, tzinfo=UTC), tick=False):
        assert services.open_quarterly_reviews() == 1
    assert Review.objects.get().quarter == "2025Q4"


def test_unique_per_quarter(running: Partnership) -> None:
    Review.objects.create(partnership=running, quarter="2026Q1", due_date=date(2026, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(partnership=running, quarter="2026Q1", due_date=date(2026, 6, 30))


@override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4)
def test_round_robin(make_partnership: Callable[..., Partnership], coordinator: User) -> None:
    second = make_user("second.coordinator@example.org")
    second.groups.add(coordinators_group())
    for _ in range(5):
        make_partnership()
    with time_machine.travel(MAY_15, tick=False):
        assert services.open_quarterly_reviews() == 5
    counts = sorted(
        Review.objects.filter(coordinator__in=[coordinator, second])
        .values_list("coordinator", flat=True)
        .order_by()
    )
    assert counts.count(coordinator.pk) in (2, 3)
    assert counts.count(second.pk) in (2, 3)
    assert len(counts) == 5


@override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4)
def test_no_coordinator_still_opens(running: Partnership) -> None:
    with time_machine.travel(MAY_15, tick=False):
        assert services.open_quarterly_reviews() == 1
    assert Review.objects.get().coordinator is None


@pytest.fixture
def open_review(running: Partnership, coordinator: User) -> Review:
    with (
        override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4),
        time_machine.travel(MAY_15, tick=False),
    ):
        services.open_quarterly_reviews()
    return Review.objects.get(partnership=running)


def test_member_reports_benefit(
    open_review: Review, admin_a: User, admin_b: User, member_a: User, coordinator: User
) -> None:
    lead_member = open_review.partnership.members.get(role="lead")
    services.submit_member_benefit(admin_a, open_review, lead_member, "  Four hires.  ")
    services.submit_member_benefit(admin_a, open_review, lead_member, "Five hires.")
    assert open_review.member_benefits.get().benefit == "Five hires."
    # A viewer of the lead organization, or another member's administrator, may not.
    with pytest.raises(PermissionDenied):
        services.submit_member_benefit(member_a, open_review, lead_member, "No")
    with pytest.raises(PermissionDenied):
        services.submit_member_benefit(admin_b, open_review, lead_member, "No")
    with pytest.raises(ValidationError) as error:
        services.submit_member_benefit(admin_a, open_review, lead_member, "   ")
    assert "benefit" in error.value.message_dict


def test_complete_continue_with_actions(open_review: Review, coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.complete_review(
            coordinator, open_review, decision="continue-with-actions", reasons="Slow."
        )
    assert "actions" in error.value.message_dict
    row = open_review.goal_progress.first()
    assert row is not None
    services.complete_review(
        coordinator,
        open_review,
        decision="continue-with-actions",
        reasons="Hiring is slow.",
        progress={row.pk: "Eight of 20 hired."},
        accessibility_resources="ASL interpretation funded.",
        issues="Turnover.",
        actions=[ActionInput("Add a job fair", "Organization A", date(2026, 9, 1))],
    )
    open_review.refresh_from_db()
    assert open_review.is_completed
    assert open_review.actions.get().owner == "Organization A"
    assert open_review.goal_progress.get(pk=row.pk).progress == "Eight of 20 hired."
    with pytest.raises(ValidationError):
        services.complete_review(coordinator, open_review, decision="continue", reasons="Again")


def test_complete_needs_coordinator(open_review: Review, admin_a: User) -> None:
    with pytest.raises(PermissionDenied):
        services.complete_review(admin_a, open_review, decision="continue", reasons="Fine")


def test_complete_needs_reasons(open_review: Review, coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.complete_review(coordinator, open_review, decision="continue", reasons=" ")
    assert "reasons" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.complete_review(coordinator, open_review, decision="pause", reasons="x")
    assert "decision" in error.value.message_dict


def test_end_ends_partnership(open_review: Review, coordinator: User) -> None:
    services.complete_review(coordinator, open_review, decision="end", reasons="Goals met.")
    partnership = open_review.partnership
    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.ENDED


def test_exemplary_highlight(
    open_review: Review, coordinator: User, client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_review(
            coordinator,
            open_review,
            decision="exemplary",
            reasons="Majority lived-experience lead.",
        )
    partnership = open_review.partnership
    partnership.refresh_from_db()
    assert partnership.exemplary_since is not None
    # The lead organization's administrator is invited to write a case study, once.
    invitations = ReminderDelivery.objects.filter(kind=ReminderKind.CASE_STUDY)
    assert [row.recipient for row in invitations] == ["admin.a@example.org"]
    assert len(mail.outbox) == 1
    assert "case study" in mail.outbox[0].body

    home = client.get("/en/")
    assert "Running Partnership" in home.content.decode()
    page = client.get("/fr/exemplary-partnerships/")
    assert page.status_code == 200
    assert "Running Partnership" in page.content.decode()


def test_later_decision_clears_highlight(
    open_review: Review, coordinator: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_review(coordinator, open_review, decision="exemplary", reasons="Great.")
    partnership = open_review.partnership
    partnership.refresh_from_db()
    since = partnership.exemplary_since
    later = Review.objects.create(
        partnership=partnership, quarter="2026Q2", due_date=date(2026, 9, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_review(coordinator, later, decision="exemplary", reasons="Still great.")
    partnership.refresh_from_db()
    assert partnership.exemplary_since == since
    third = Review.objects.create(
        partnership=partnership, quarter="2026Q3", due_date=date(2026, 12, 31)
    )
    services.complete_review(coordinator, third, decision="continue", reasons="Fine.")
    partnership.refresh_from_db()
    assert partnership.exemplary_since is None


def test_private_partnership_not_exemplary_page(
    make_partnership: Callable[..., Partnership], client
) -> None:
    hidden = make_partnership(state=PartnershipState.PROPOSED, name="Hidden Proposal")
    Partnership.objects.filter(pk=hidden.pk).update(exemplary_since=MAY_15)
    assert "Hidden Proposal" not in client.get("/en/exemplary-partnerships/").content.decode()
    assert "Hidden Proposal" not in client.get("/en/").content.decode()


def test_dashboard_data(open_review: Review, coordinator: User) -> None:
    from hubsite.quarters import Quarter

    overdue = Review.objects.create(
        partnership=open_review.partnership, quarter="2025Q4", due_date=date(2026, 3, 31)
    )
    data = services.build_dashboard(Quarter(2026, 1), today=date(2026, 5, 15))
    assert [review.pk for review in data.due] == [open_review.pk]
    assert [review.pk for review in data.overdue] == [overdue.pk]
    assert data.completed == []
    services.complete_review(coordinator, open_review, decision="continue", reasons="Fine.")
    data = services.build_dashboard(Quarter(2026, 1), today=date(2026, 5, 15))
    assert [review.pk for review in data.completed] == [open_review.pk]
    assert dict((value, count) for value, _label, count in data.outcomes)["continue"] == 1


def test_not_overdue_on_due_date(open_review: Review) -> None:
    assert not open_review.is_overdue(date(2026, 6, 30))
    assert open_review.is_overdue(date(2026, 7, 1))
    assert open_review.due_date - timedelta(days=14) == date(2026, 6, 16)
