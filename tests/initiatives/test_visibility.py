"""Initiatives of unverified organizations stay hidden from all but members and coordinators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from initiatives import detection
from initiatives.models import Initiative
from partners.models import Organization, User

pytestmark = pytest.mark.django_db

SECRET_WORD = "zanzibarique"
TEXT = {
    "summary_en": "Peer mentoring for young job seekers with disabilities, with mentors.",
    "vision_en": "Every young person with a disability has a peer mentor.",
}


@pytest.fixture
def pair(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    hidden_organization: Organization,
) -> tuple[Initiative, Initiative]:
    public = make_initiative(organization_a, title_en="Public peer mentoring", themes=[1], **TEXT)
    hidden = make_initiative(
        hidden_organization,
        title_en=f"Hidden peer mentoring {SECRET_WORD}",
        themes=[5],
        regions=["CA-YT"],
        funding_program="BGO04",
        **TEXT,
    )
    detection.rebuild_similar_work()
    return public, hidden


def list_page(client: Client, query: str) -> str:
    response = client.get(f"/en/initiatives/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def api_ids(client: Client, query: str = "") -> list[int]:
    response = client.get(f"/api/v1/initiatives/?{query}")
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_hidden_initiative_is_really_similar(pair: tuple[Initiative, Initiative]) -> None:
    public, hidden = pair

    assert public.similar_work.filter(other=hidden).exists()


@pytest.mark.parametrize(
    "query",
    [
        f"search={SECRET_WORD}",
        "theme=5",
        "region=YT",
        "funding_program=BGO04",
        "status=planned&theme=5",
    ],
)
def test_filter_matching_only_hidden_equals_nothing(
    client: Client, pair: tuple[Initiative, Initiative], query: str
) -> None:
    nothing = list_page(client, "search=qqqqqqqqqq")
    hidden_only = list_page(client, query)

    assert "0 initiatives found" in nothing
    assert "0 initiatives found" in hidden_only
    assert "Hidden peer mentoring" not in hidden_only
    assert api_ids(client, query) == api_ids(client, "search=qqqqqqqqqq") == []


def test_list_count_excludes_hidden(client: Client, pair: tuple[Initiative, Initiative]) -> None:
    page = list_page(client, "")

    assert "1 initiative found" in page
    assert client.get("/api/v1/initiatives/").json()["count"] == 1


def test_detail_is_404_for_visitor_and_other_member(
    client: Client, pair: tuple[Initiative, Initiative], signed_in: Callable, admin_b: User
) -> None:
    _public, hidden = pair

    assert client.get(f"/en/initiatives/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/initiatives/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/initiatives/{hidden.pk}/similar/").status_code == 404
    assert signed_in(admin_b).get(f"/en/initiatives/{hidden.pk}/").status_code == 404


def test_similar_work_hides_hidden_initiative(
    client: Client, pair: tuple[Initiative, Initiative]
) -> None:
    public, _hidden = pair

    page = client.get(f"/en/initiatives/{public.pk}/").content.decode()
    similar = client.get(f"/api/v1/initiatives/{public.pk}/similar/").json()

    assert SECRET_WORD not in page
    assert "has found no other initiative" in page
    assert similar == []


def test_member_and_coordinator_see_hidden(
    client: Client,
    pair: tuple[Initiative, Initiative],
    signed_in: Callable,
    hidden_member: User,
    coordinator: User,
) -> None:
    public, hidden = pair

    member = signed_in(hidden_member)
    assert member.get(f"/en/initiatives/{hidden.pk}/").status_code == 200
    assert SECRET_WORD in member.get(f"/en/initiatives/{public.pk}/").content.decode()
    assert hidden.pk in api_ids(member, "theme=5")

    client.logout()
    staff = signed_in(coordinator)
    assert staff.get(f"/en/initiatives/{hidden.pk}/").status_code == 200


def test_province_view_hides_hidden(client: Client, pair: tuple[Initiative, Initiative]) -> None:
    page = client.get("/en/initiatives/provinces/CA-YT/").content.decode()

    assert SECRET_WORD not in page
    assert "No initiative under this theme yet." in page


def test_organization_page_lists_only_visible(
    client: Client,
    pair: tuple[Initiative, Initiative],
    organization_a: Organization,
    make_initiative: Callable[..., Initiative],
    hidden_organization: Organization,
) -> None:
    make_initiative(
        hidden_organization, title_en=f"Partnered {SECRET_WORD}", partners=[organization_a]
    )

    page = client.get(f"/en/organizations/{organization_a.slug}/").content.decode()

    assert "Public peer mentoring" in page
    assert SECRET_WORD not in page


def test_unverified_partner_name_not_shown(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    hidden_organization: Organization,
) -> None:
    initiative = make_initiative(
        organization_a, title_en="Shared work", partners=[hidden_organization]
    )

    page = client.get(f"/en/initiatives/{initiative.pk}/").content.decode()
    data = client.get(f"/api/v1/initiatives/{initiative.pk}/").json()

    assert hidden_organization.name not in page
    assert data["partner_organizations"] == []


def test_partnership_tag_lists_only_visible(
    rf: Any,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    hidden_organization: Organization,
) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    from partners.models import Partnership

    partnership = Partnership.objects.create(name="Shared partnership", slug="shared-partnership")
    make_initiative(organization_a, title_en="Visible in partnership", partnership=partnership)
    make_initiative(hidden_organization, title_en=f"Hidden {SECRET_WORD}", partnership=partnership)
    make_initiative(organization_a, title_en="Outside the partnership")
    request = rf.get("/en/")
    request.user = AnonymousUser()

    html = Template("{% load initiatives %}{% partnership_initiatives partnership %}").render(
        Context({"partnership": partnership, "request": request})
    )

    assert "Visible in partnership" in html
    assert SECRET_WORD not in html
    assert "Outside the partnership" not in html
