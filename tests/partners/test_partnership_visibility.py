"""Hidden partnerships (proposed, under assessment, declined) never leak to outsiders.

A filter or search that matches only a hidden partnership must give an
outsider exactly what a filter that matches nothing gives: same count, same
rows, same benefit-area counts, in the page and in the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from partners import partnerships as services
from partners.models import (
    BenefitArea,
    Organization,
    Partnership,
    PartnershipState,
    Region,
    StakeholderKind,
    Theme,
    User,
)
from tests.conftest import make_user
from tests.partners.partnership_support import Network, build_network, join, move_to

HIDDEN_STATES = [
    PartnershipState.PROPOSED,
    PartnershipState.UNDER_ASSESSMENT,
    PartnershipState.DECLINED,
]
PUBLIC_STATES = [
    PartnershipState.ACTIVE,
    PartnershipState.UNDER_REVIEW,
    PartnershipState.RENEWED,
    PartnershipState.ENDED,
]


@pytest.fixture
def network(
    make_organization: Callable[..., Organization],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    member_a: User,
    editor_a: User,
    admin_b: User,
    coordinator: User,
) -> Network:
    """A public partnership (Hiring, Manitoba) and a hidden one with unique values.

    The hidden one is led by organization B, has a research member, theme 5,
    Yukon, the data-and-evaluation area and the unique word "Zygomorphe".
    """
    network = build_network(
        make_organization,
        organization_a,
        organization_b,
        admin_a,
        member_a,
        editor_a,
        admin_b,
        coordinator,
    )
    move_to(network.partnership, PartnershipState.ACTIVE, coordinator)
    research = make_organization(
        name="Centre de recherche", kind=StakeholderKind.objects.get(slug="research")
    )
    research_admin = make_user("research.admin@example.org")
    from partners import services as organization_services

    organization_services.add_member(research, research_admin, "administrator")
    hidden = services.create_partnership(
        admin_b,
        organization_b,
        {"name": "Projet Zygomorphe", "purpose_fr": "Données confidentielles."},
        themes=[Theme.objects.get(number=5)],
        regions=[Region.objects.get(code="CA-YT")],
        benefit_areas=[BenefitArea.objects.get(slug="data-evaluation")],
    )
    join(hidden, research, admin_b, research_admin)
    return network


def hidden(network: Network) -> Partnership:
    return Partnership.objects.get(name="Projet Zygomorphe")


def set_state(partnership: Partnership, state: str) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(state=state)


# Filters that match only the hidden partnership, and ones that match nothing.
HIDDEN_ONLY = [
    "search=zygomorphe",
    "theme=5",
    "region=YT",
    "benefit_area=data-evaluation",
    "member_kind=research",
    "search=confidentielles",
]
NOTHING = [
    "search=qqqqqq",
    "theme=6",
    "region=NU",
    "benefit_area=policy",
    "member_kind=funder",
    "search=wwwwww",
]


def result_part(html: str) -> str:
    """The results part of the directory page: the count and the list, without the form."""
    start = html.index('<div role="status">')
    end = html.index('id="areas-heading"')
    return html[start:end]


def area_counts(html: str) -> str:
    return html[html.index('id="areas-heading"') :]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_directory_hidden_filter_same_as_nothing(
    network: Network, client: Client, state: str
) -> None:
    set_state(hidden(network), state)
    for persona in ("visitor", "admin_a", "member_a", "admin_c"):
        client.logout()
        if persona != "visitor":
            client.force_login(getattr(network, persona))
        for hidden_query, empty_query in zip(HIDDEN_ONLY, NOTHING, strict=True):
            matching_hidden = client.get(f"/en/partnerships/?{hidden_query}")
            matching_nothing = client.get(f"/en/partnerships/?{empty_query}")
            case = f"{persona}: {hidden_query} vs {empty_query}"

            assert matching_hidden.status_code == 200, case
            assert matching_nothing.status_code == 200, case
            hidden_html = matching_hidden.content.decode()
            assert result_part(hidden_html) == result_part(matching_nothing.content.decode()), case
            assert "Zygomorphe" not in hidden_html, case
            assert "0 partnerships found" in hidden_html, case


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_benefit_area_counts_skip_hidden(network: Network, client: Client, state: str) -> None:
    set_state(hidden(network), state)

    html = client.get("/en/partnerships/").content.decode()

    counts = area_counts(html)
    assert re.search(r"Data and evaluation</a>: 0 partnerships", counts)
    assert re.search(r"Hiring</a>: 1 partnership\b", counts)
    assert "1 partnership found" in html


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_api_hidden_filter_same_as_nothing(network: Network, state: str) -> None:
    set_state(hidden(network), state)
    for user in (None, network.admin_a, network.admin_c):
        api = APIClient()
        if user is not None:
            api.force_login(user)
        for hidden_query, empty_query in zip(HIDDEN_ONLY, NOTHING, strict=True):
            matching_hidden = api.get(f"/api/v1/partnerships/?{hidden_query}")
            matching_nothing = api.get(f"/api/v1/partnerships/?{empty_query}")
            case = f"{user}: {hidden_query} vs {empty_query}"

            assert matching_hidden.status_code == 200, case
            assert matching_hidden.json() == matching_nothing.json(), case
            assert matching_hidden.json()["count"] == 0, case


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_detail_is_404_for_outsiders(network: Network, client: Client, state: str) -> None:
    partnership = hidden(network)
    set_state(partnership, state)
    for persona in ("visitor", "admin_a", "member_a", "admin_c"):
        client.logout()
        api = APIClient()
        if persona != "visitor":
            client.force_login(getattr(network, persona))
            api.force_login(getattr(network, persona))

        assert client.get(f"/en/partnerships/{partnership.slug}/").status_code == 404
        assert api.get(f"/api/v1/partnerships/{partnership.slug}/").status_code == 404
        for suffix in ("members/", "goals/", "transitions/"):
            assert api.get(f"/api/v1/partnerships/{partnership.slug}/{suffix}").status_code == 404
        organization_page = client.get(f"/en/organizations/{network.organization_b.slug}/")
        assert "Zygomorphe" not in organization_page.content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_visible_to_members_and_coordinators(
    network: Network, client: Client, state: str
) -> None:
    partnership = hidden(network)
    set_state(partnership, state)
    research_admin = User.objects.get(email="research.admin@example.org")

    for user in (network.admin_b, research_admin, network.coordinator):
        client.force_login(user)
        assert client.get(f"/en/partnerships/{partnership.slug}/").status_code == 200
        assert "Projet Zygomorphe" in client.get("/en/partnerships/?search=zygo").content.decode()


def test_invited_organization_sees_hidden_partnership(network: Network, client: Client) -> None:
    partnership = hidden(network)
    services.invite_organization(network.admin_b, partnership, network.organization_c)

    client.force_login(network.admin_c)
    assert client.get(f"/en/partnerships/{partnership.slug}/").status_code == 200


@pytest.mark.parametrize("state", PUBLIC_STATES)
def test_public_states_are_listed(network: Network, client: Client, state: str) -> None:
    set_state(hidden(network), state)

    html = client.get("/en/partnerships/?search=zygomorphe").content.decode()

    assert "1 partnership found" in html
    assert APIClient().get("/api/v1/partnerships/?theme=5").json()["count"] == 1


def test_member_kind_ignores_open_invitations(network: Network, client: Client) -> None:
    """A business invited to the public partnership is not a member yet, so it does not match."""
    services.invite_organization(network.admin_a, network.partnership, network.organization_c)

    html = client.get("/en/partnerships/?member_kind=business").content.decode()

    assert "0 partnerships found" in html
    assert (
        "Entreprise Câble"
        not in client.get(network.partnership.get_absolute_url()).content.decode()
    )
