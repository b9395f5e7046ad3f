"""An anonymous lesson names no author or organization in any public output.

Coordinators and the author still see who submitted it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from partners.models import Organization, Partnership, User
from practices.digests import send_digests
from practices.models import Practice, PracticeKind, Subscription

pytestmark = pytest.mark.django_db

SECRET_NAMES = ["Organization A", "organization-a", "auteure@example.org", "Winnipeg Hiring Circle"]


@pytest.fixture
def lesson(
    make_practice: Callable[..., Practice],
    author: User,
    organization_a: Organization,
    partnership: Partnership,
) -> Practice:
    return make_practice(
        kind=PracticeKind.LESSON,
        is_anonymous=True,
        title_en="A hiring drive that excluded Deaf applicants",
        summary_en="What went wrong when the interview process had no interpreters.",
        submitted_by=author,
        submitting_organization=organization_a,
        organizations=[organization_a],
        partnerships=[partnership],
        published_at=timezone.make_aware(datetime(2026, 11, 25, 10)),
    )


def assert_no_identity(text: str) -> None:
    for secret in SECRET_NAMES:
        assert secret not in text, f"{secret!r} leaked"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_page_hides_identity(client: Client, lesson: Practice, language: str) -> None:
    detail = client.get(f"/{language}/practices/{lesson.slug}/")
    listing = client.get(f"/{language}/practices/")

    assert detail.status_code == 200
    assert_no_identity(detail.content.decode())
    assert_no_identity(listing.content.decode())


def test_page_hides_identity_from_other_member(
    signed_in: Callable[[User], Client], lesson: Practice, admin_b: User
) -> None:
    response = signed_in(admin_b).get(f"/en/practices/{lesson.slug}/")

    assert_no_identity(response.content.decode())


def test_api_hides_identity(client: Client, lesson: Practice) -> None:
    listing = client.get("/api/v1/practices/")
    detail = client.get(f"/api/v1/practices/{lesson.slug}/").json()
    filtered = client.get("/api/v1/practices/", {"kind": "lesson"})

    assert_no_identity(listing.content.decode())
    assert_no_identity(filtered.content.decode())
    assert detail["organizations"] == []
    assert detail["partnerships"] == []
    assert detail["submitting_organization"] is None
    assert detail["submitted_by"] is None


def test_export_and_feed_hide_identity(client: Client, lesson: Practice) -> None:
    export = client.get("/en/practices/export.csv")
    feed = client.get("/en/practices/feed/")

    assert "hiring drive" in export.content.decode()
    assert_no_identity(export.content.decode())
    assert_no_identity(feed.content.decode())


def test_digest_hides_identity(
    lesson: Practice, make_subscriber: Callable[..., Subscription]
) -> None:
    make_subscriber()

    send_digests("weekly", "2026-W48")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "hiring drive" in message.body
    assert_no_identity(str(message.body))
    assert_no_identity(str(message.alternatives[0][0]))  # type: ignore[attr-defined]


def test_coordinator_sees_identity(
    signed_in: Callable[[User], Client], lesson: Practice, coordinator: User
) -> None:
    client = signed_in(coordinator)

    page = client.get(f"/en/practices/{lesson.slug}/").content.decode()
    api = client.get(f"/api/v1/practices/{lesson.slug}/").json()

    assert "auteure@example.org" in page
    assert "Organization A" in page
    assert api["submitted_by"] == "auteure@example.org"
    assert api["submitting_organization"] == "organization-a"


def test_author_sees_own_organization(
    signed_in: Callable[[User], Client], lesson: Practice, author: User
) -> None:
    page = signed_in(author).get(f"/en/practices/{lesson.slug}/").content.decode()

    assert "Organization A" in page


def test_named_practice_shows_organization(
    client: Client, make_practice: Callable[..., Practice], organization_a: Organization
) -> None:
    practice = make_practice(organizations=[organization_a], submitting_organization=organization_a)

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()
    api = client.get(f"/api/v1/practices/{practice.slug}/").json()

    assert "Organization A" in page
    assert api["organizations"] == ["organization-a"]


def test_only_lessons_can_be_anonymous(signed_in: Callable[[User], Client], author: User) -> None:
    from partners.models import Theme

    response = signed_in(author).post(
        "/api/v1/practices/",
        {
            "kind": "best-practice",
            "title_en": "T",
            "themes": [Theme.objects.get(number=1).slug],
            "is_anonymous": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "is_anonymous" in response.json()
