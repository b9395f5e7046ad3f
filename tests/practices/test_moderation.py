"""Submitting and moderating practices: who may, what changes, and the author's emails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from partners.models import Organization, Partnership, Theme, User
from practices.models import Practice, PracticeStatus

pytestmark = pytest.mark.django_db


def submission(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "best-practice",
        "title_en": "Paid work trials",
        "title_fr": "Stages d'essai rémunérés",
        "summary_en": "Trials paid at the going rate.",
        "what_was_done_en": "We paid **every** trial.",
        "themes": [str(Theme.objects.get(number=3).pk)],
    }
    data.update(overrides)
    return data


def test_visitor_cannot_submit(client: Client, reference_data: None) -> None:
    page = client.post("/en/practices/submit/", submission())
    api = client.post("/api/v1/practices/", {"kind": "lesson"}, content_type="application/json")

    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
    assert api.status_code == 403
    assert Practice.objects.count() == 0


def test_member_submits_for_own_organization(
    signed_in: Callable[[User], Client], author: User, organization_a: Organization
) -> None:
    response = signed_in(author).post(
        "/en/practices/submit/", submission(submitting_organization=str(organization_a.pk))
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.submitted_by == author
    assert practice.submitting_organization == organization_a


def test_submit_for_other_organization_rejected(
    signed_in: Callable[[User], Client], author: User, organization_b: Organization
) -> None:
    response = signed_in(author).post(
        "/en/practices/submit/", submission(submitting_organization=str(organization_b.pk))
    )

    assert response.status_code == 400
    assert "submitting_organization" in response.context["form"].errors
    assert Practice.objects.count() == 0


def test_submit_without_title_or_theme_shows_errors(
    signed_in: Callable[[User], Client], author: User
) -> None:
    response = signed_in(author).post(
        "/en/practices/submit/", submission(title_en="", title_fr="", themes=[])
    )

    assert response.status_code == 400
    assert "title_en" in response.context["form"].errors
    assert "themes" in response.context["form"].errors


def test_submit_hidden_partnership_rejected(
    signed_in: Callable[[User], Client], author: User, partnership: Partnership
) -> None:
    partnership.state = "proposed"
    partnership.save()

    response = signed_in(author).post(
        "/api/v1/practices/",
        {
            "kind": "case-study",
            "title_en": "Case",
            "themes": [Theme.objects.get(number=3).slug],
            "partnerships": [partnership.slug],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "partnerships" in response.json()


@pytest.fixture
def submitted(make_practice: Callable[..., Practice], author: User) -> Practice:
    return make_practice(
        status=PracticeStatus.SUBMITTED,
        published_at=None,
        submitted_by=author,
        title_en="Paid work trials",
        title_fr="Stages d'essai rémunérés",
    )


def test_member_cannot_moderate(
    signed_in: Callable[[User], Client], submitted: Practice, admin_a: User
) -> None:
    client = signed_in(admin_a)

    page = client.post(
        f"/en/practices/{submitted.slug}/moderate/", {"decision": "published", "note": ""}
    )
    api = client.post(
        f"/api/v1/practices/{submitted.slug}/moderate/",
        {"decision": "published"},
        content_type="application/json",
    )
    queue = client.get("/en/practices/moderation/")

    submitted.refresh_from_db()
    assert page.status_code == 403
    assert api.status_code == 403
    assert queue.status_code == 403
    assert submitted.status == PracticeStatus.SUBMITTED


def test_publish_emails_author_in_french(
    signed_in: Callable[[User], Client],
    submitted: Practice,
    coordinator: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = signed_in(coordinator).post(
            f"/en/practices/{submitted.slug}/moderate/", {"decision": "published", "note": ""}
        )

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == PracticeStatus.PUBLISHED
    assert submitted.published_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["auteure@example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    assert "Stages d'essai rémunérés" in mail.outbox[0].subject
    assert f"/fr/practices/{submitted.slug}/" in mail.outbox[0].body


@pytest.mark.parametrize("decision", ["returned", "rejected"])
def test_return_or_reject_needs_note(
    signed_in: Callable[[User], Client], submitted: Practice, coordinator: User, decision: str
) -> None:
    client = signed_in(coordinator)

    page = client.post(f"/en/practices/{submitted.slug}/moderate/", {"decision": decision})
    api = client.post(
        f"/api/v1/practices/{submitted.slug}/moderate/",
        {"decision": decision, "note": "  "},
        content_type="application/json",
    )

    submitted.refresh_from_db()
    assert page.status_code == 400
    assert api.status_code == 400
    assert "note" in api.json()
    assert submitted.status == PracticeStatus.SUBMITTED


def test_returned_practice_edited_and_resubmitted(
    signed_in: Callable[[User], Client],
    client: Client,
    submitted: Practice,
    coordinator: User,
    author: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        signed_in(coordinator).post(
            f"/api/v1/practices/{submitted.slug}/moderate/",
            {"decision": "returned", "note": "Add the outcomes, please."},
            content_type="application/json",
        )
    assert "Add the outcomes, please." in mail.outbox[0].body
    assert f"/fr/practices/{submitted.slug}/edit/" in mail.outbox[0].body

    client.logout()
    author_client = signed_in(author)
    page = author_client.get(f"/en/practices/{submitted.slug}/")
    assert "Add the outcomes, please." in page.content.decode()
    response = author_client.post(
        f"/en/practices/{submitted.slug}/edit/",
        submission(outcomes_en="Twelve people were hired."),
    )

    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == PracticeStatus.SUBMITTED
    assert submitted.outcomes_en == "Twelve people were hired."


def test_other_person_cannot_edit(
    signed_in: Callable[[User], Client], submitted: Practice, admin_b: User
) -> None:
    client = signed_in(admin_b)

    page = client.post(f"/en/practices/{submitted.slug}/edit/", submission())
    api = client.patch(
        f"/api/v1/practices/{submitted.slug}/",
        {"title_en": "Hijacked"},
        content_type="application/json",
    )

    submitted.refresh_from_db()
    assert page.status_code == 403
    assert api.status_code == 404
    assert submitted.title_en == "Paid work trials"


def test_reject_emails_reason_in_english(
    signed_in: Callable[[User], Client],
    make_practice: Callable[..., Practice],
    admin_a: User,
    coordinator: User,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    practice = make_practice(
        status=PracticeStatus.SUBMITTED, published_at=None, submitted_by=admin_a
    )

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        signed_in(coordinator).post(
            f"/en/practices/{practice.slug}/moderate/",
            {"decision": "rejected", "note": "It names a private person."},
        )

    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    assert "not published" in mail.outbox[0].subject
    assert "It names a private person." in mail.outbox[0].body


def test_moderating_twice_conflicts(
    signed_in: Callable[[User], Client], submitted: Practice, coordinator: User
) -> None:
    client = signed_in(coordinator)
    client.post(f"/en/practices/{submitted.slug}/moderate/", {"decision": "published"})

    again = client.post(
        f"/api/v1/practices/{submitted.slug}/moderate/",
        {"decision": "rejected", "note": "Late"},
        content_type="application/json",
    )

    submitted.refresh_from_db()
    assert again.status_code == 400
    assert submitted.status == PracticeStatus.PUBLISHED
