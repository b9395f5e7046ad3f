"""The initiatives API: reads, writes with the pages' permissions, similar work, dismissals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from initiatives import detection
from initiatives.models import DismissedPair, Initiative
from partners.models import Organization, User

pytestmark = pytest.mark.django_db

NEW = {
    "title_en": "Accessible job fairs",
    "title_fr": "Salons de l'emploi accessibles",
    "themes": [3, 6],
    "regions": ["CA-NS"],
    "intersectional_groups": ["youth"],
    "kind": "event-series",
    "status": "active",
    "funding_program": "BGO05",
    "links": "https://example.org/fairs",
    "vision_en": "Every job fair is accessible.",
}


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_editor_creates_and_reads(
    client: Client, editor_a: User, organization_a: Organization
) -> None:
    client.force_login(editor_a)

    response = post(
        client, "/api/v1/initiatives/", {**NEW, "lead_organization": organization_a.slug}
    )

    assert response.status_code == 201
    data = response.json()
    assert data["lead_organization"]["slug"] == organization_a.slug
    assert [theme["number"] for theme in data["themes"]] == [3, 6]
    assert data["funding_program_name_en"] == "Job Bank"
    assert data["funding_program_name_fr"] == "Guichet-Emplois"
    assert data["vision_en"] == "Every job fair is accessible."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"themes": []}, "themes"),
        ({"themes": [42]}, "themes"),
        ({"regions": ["CA-XX"]}, "regions"),
        ({"funding_program": "ZZZ"}, "funding_program"),
        ({"links": "ftp://example.org"}, "links"),
        ({"status": "done"}, "status"),
        ({"is_demo": True}, "is_demo"),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date"),
    ],
)
def test_bad_input_names_field(
    client: Client, editor_a: User, organization_a: Organization, change: dict[str, Any], field: str
) -> None:
    client.force_login(editor_a)

    response = post(
        client, "/api/v1/initiatives/", {**NEW, "lead_organization": organization_a.slug, **change}
    )

    assert response.status_code == 400
    assert field in response.json()
    assert Initiative.objects.count() == 0


def test_wrong_organization_cannot_create(
    client: Client, admin_b: User, member_a: User, organization_a: Organization
) -> None:
    for user in (admin_b, member_a):
        client.force_login(user)
        response = post(
            client, "/api/v1/initiatives/", {**NEW, "lead_organization": organization_a.slug}
        )
        assert response.status_code == 403
    client.logout()
    assert (
        post(
            client, "/api/v1/initiatives/", {**NEW, "lead_organization": organization_a.slug}
        ).status_code
        == 403
    )
    assert Initiative.objects.count() == 0


def test_lead_cannot_move(
    client: Client,
    admin_a: User,
    organization_a: Organization,
    organization_b: Organization,
    make_initiative: Callable[..., Initiative],
) -> None:
    initiative = make_initiative(organization_a)
    client.force_login(admin_a)

    response = client.patch(
        f"/api/v1/initiatives/{initiative.pk}/",
        {"lead_organization": organization_b.slug},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "lead_organization" in response.json()


def test_patch_updates(
    client: Client,
    admin_a: User,
    organization_a: Organization,
    make_initiative: Callable[..., Initiative],
) -> None:
    initiative = make_initiative(organization_a, themes=[1])
    client.force_login(admin_a)

    response = client.patch(
        f"/api/v1/initiatives/{initiative.pk}/",
        {"gaps_fr": "Peu de données.", "themes": [2]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["gaps_fr"] == "Peu de données."
    assert [theme["number"] for theme in response.json()["themes"]] == [2]


def test_similar_and_dismiss(
    client: Client,
    admin_a: User,
    admin_b: User,
    organization_a: Organization,
    organization_b: Organization,
    make_initiative: Callable[..., Initiative],
) -> None:
    text = {
        "summary_en": "Peer mentoring for young job seekers with disabilities, with peer mentors."
    }
    mine = make_initiative(organization_a, themes=[1, 4], regions=["CA-ON"], **text)
    theirs = make_initiative(organization_b, themes=[1], regions=["CA"], **text)
    detection.rebuild_similar_work()

    similar = client.get(f"/api/v1/initiatives/{mine.pk}/similar/").json()
    assert [row["id"] for row in similar] == [theirs.pk]
    assert similar[0]["shared_themes"] == [1]
    assert similar[0]["shared_regions"] == ["CA"]
    assert "peer" in similar[0]["shared_terms"]

    client.force_login(admin_b)
    assert (
        post(client, f"/api/v1/initiatives/{mine.pk}/dismiss/", {"other": theirs.pk}).status_code
        == 403
    )
    client.force_login(admin_a)
    assert (
        post(client, f"/api/v1/initiatives/{mine.pk}/dismiss/", {"other": "x"}).status_code == 400
    )
    assert (
        post(client, f"/api/v1/initiatives/{mine.pk}/dismiss/", {"other": theirs.pk}).status_code
        == 204
    )

    assert client.get(f"/api/v1/initiatives/{mine.pk}/similar/").json() == []
    assert DismissedPair.objects.count() == 1


def test_proposal_api(
    client: Client,
    admin_a: User,
    admin_b: User,
    organization_a: Organization,
    organization_b: Organization,
    make_initiative: Callable[..., Initiative],
) -> None:
    initiative = make_initiative(organization_a, partners=[organization_b])
    client.force_login(admin_b)

    created = post(
        client,
        f"/api/v1/initiatives/{initiative.pk}/proposals/",
        {"organization": organization_b.slug, "changes": {"challenges_en": "Funding."}},
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (
        post(client, f"/api/v1/initiative-proposals/{pk}/decide/", {"accept": True}).status_code
        == 403
    )

    client.force_login(admin_a)
    decided = post(client, f"/api/v1/initiative-proposals/{pk}/decide/", {"accept": True})
    assert decided.status_code == 200
    initiative.refresh_from_db()
    assert initiative.challenges_en == "Funding."


def test_schema_lists_initiative_paths(client: Client, reference_data: None) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/initiatives/{id}/similar/" in schema["paths"]
    assert "/api/v1/initiative-connections/{id}/decide/" in schema["paths"]
