"""Keyset (cursor) pagination of the API lists, against the page-number mode it sits beside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from partners.models import Organization, Theme

PAGE_SIZE = 3


@pytest.fixture
def organizations(make_organization: Callable[..., Organization]) -> list[Organization]:
    # Repeated names make the ordering fall back to the primary key.
    return [make_organization(name=f"Centre {number % 4}") for number in range(14)]


def fetch(
    client: Client, url: str, params: dict[str, Any] | None = None
) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json(), len(context.captured_queries)


def walk_cursor(
    client: Client, url: str, params: dict[str, Any], pages: int
) -> list[tuple[dict[str, Any], int]]:
    """Follow `next` from an empty cursor; return each page's body and query count."""
    visited = [fetch(client, url, {**params, "cursor": ""})]
    while len(visited) < pages:
        next_url = visited[-1][0]["next"]
        assert next_url is not None
        assert "page=" not in next_url
        visited.append(fetch(client, next_url))
    return visited


def slugs(body: dict[str, Any]) -> list[str]:
    return [row["slug"] for row in body["results"]]


@pytest.mark.parametrize("ordering", ["", "name", "-name", "created", "-created"])
def test_cursor_pages_match_page_numbers(
    client: Client, organizations: list[Organization], ordering: str
) -> None:
    params = (
        {"page_size": PAGE_SIZE, "ordering": ordering} if ordering else {"page_size": PAGE_SIZE}
    )
    pages = 5  # 14 rows in pages of 3: the fifth page contains the last two.

    fetch(client, "/api/v1/organizations/", params)  # fills the reference-list cache
    by_cursor = walk_cursor(client, "/api/v1/organizations/", params, pages)

    for number, (cursor_body, cursor_queries) in enumerate(by_cursor, start=1):
        offset_body, offset_queries = fetch(
            client, "/api/v1/organizations/", {**params, "page": number}
        )
        assert slugs(cursor_body) == slugs(offset_body), number
        assert cursor_body["count"] == offset_body["count"] == 14
        assert cursor_queries == offset_queries, number
        assert cursor_body["previous"] is None
    assert by_cursor[-1][0]["next"] is None
    assert len(slugs(by_cursor[-1][0])) == 2


def test_cursor_keeps_filters(
    client: Client, organizations: list[Organization], make_organization
) -> None:
    make_organization(name="Montréal Works")
    make_organization(name="Montreal Jobs")

    first, _ = fetch(
        client, "/api/v1/organizations/", {"search": "montreal", "cursor": "", "page_size": 1}
    )
    second, _ = fetch(client, first["next"])

    assert first["count"] == 2
    assert slugs(first) + slugs(second) == ["montreal-jobs", "montreal-works"]
    assert second["next"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "e30",
        "W10",
        "eyJvIjpbInNvcnRfbmFtZSIsImlkIl0sInYiOlsiYSJdfQ",
        "eyJvIjpbInNvcnRfbmFtZSIsImlkIl0sInYiOlsiYSIsInRlbiJdfQ",
    ],
    ids=["not-base64", "empty-object", "list", "too-few-values", "id-not-a-number"],
)
def test_bad_cursor_is_400_naming_parameter(
    client: Client, organizations: list[Organization], cursor: str
) -> None:
    response = client.get("/api/v1/organizations/", {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_cursor_from_other_ordering_is_400(
    client: Client, organizations: list[Organization]
) -> None:
    first, _ = fetch(client, "/api/v1/organizations/", {"cursor": "", "page_size": PAGE_SIZE})
    token = first["next"].split("cursor=")[1].split("&")[0]

    response = client.get("/api/v1/organizations/", {"cursor": token, "ordering": "-created"})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_with_page_is_400(client: Client, organizations: list[Organization]) -> None:
    response = client.get("/api/v1/organizations/", {"cursor": "", "page": "2"})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_numbers_unchanged(client: Client, organizations: list[Organization]) -> None:
    body, _ = fetch(client, "/api/v1/organizations/", {"page": 2, "page_size": PAGE_SIZE})

    assert body["count"] == 14
    assert "page=3" in body["next"]
    assert body["previous"] is not None
    assert "cursor" not in body["next"]


def test_initiatives_cursor_matches_pages(
    client: Client, organizations: list[Organization]
) -> None:
    theme = Theme.objects.get(number=1)
    for number in range(7):
        initiative = Initiative.objects.create(
            lead_organization=organizations[number], title_en=f"Hiring {number % 3}"
        )
        initiative.themes.set([theme])
    params = {"page_size": 2}

    fetch(client, "/api/v1/initiatives/", params)  # fills the reference-list cache
    by_cursor = walk_cursor(client, "/api/v1/initiatives/", params, 4)

    for number, (cursor_body, cursor_queries) in enumerate(by_cursor, start=1):
        offset_body, offset_queries = fetch(
            client, "/api/v1/initiatives/", {**params, "page": number}
        )
        assert [row["id"] for row in cursor_body["results"]] == [
            row["id"] for row in offset_body["results"]
        ]
        assert cursor_queries == offset_queries
    assert by_cursor[-1][0]["next"] is None


def test_nullable_ordering_rejects_cursor(client: Client, reference_data: None) -> None:
    # Practices are ordered by publication date, which may be null.
    response = client.get("/api/v1/practices/", {"cursor": ""})

    assert response.status_code == 400
    assert "cursor" in response.json()
