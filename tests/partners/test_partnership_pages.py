"""Partnership pages: directory, detail, create, edit with the stale-save check, and every form."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partners import partnerships as services
from partners.models import (
    BenefitArea,
    MemberStatus,
    Partnership,
    PartnershipMember,
    PartnershipState,
    Theme,
)
from tests.partners.partnership_support import Network, join, move_to


def url(network: Network, suffix: str = "") -> str:
    return f"/en/partnerships/{network.partnership.slug}/{suffix}"


def edit_data(network: Network, **changes: str) -> dict[str, object]:
    network.partnership.refresh_from_db()
    data: dict[str, object] = {
        "name": network.partnership.name,
        "name_fr": "",
        "purpose_en": network.partnership.purpose_en,
        "purpose_fr": "",
        "themes": [str(Theme.objects.get(number=3).pk)],
        "regions": [],
        "benefit_areas": [],
        "start_date": "",
        "end_date": "",
        "version": str(network.partnership.version),
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------------------
# Create and edit
# ---------------------------------------------------------------------------


def test_create_page_proposes_partnership(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    hiring = BenefitArea.objects.get(slug="hiring")

    response = client.post(
        "/en/partnerships/new/",
        {
            "lead_organization": network.organization_a.slug,
            "name": "Équipe d'accueil",
            "purpose_en": "Welcome new employees.",
            "themes": [],
            "regions": [],
            "benefit_areas": [str(hiring.pk)],
            "contribution": "Mentors",
        },
    )

    created = Partnership.objects.get(name="Équipe d'accueil")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.state == PartnershipState.PROPOSED
    assert list(created.benefit_areas.all()) == [hiring]
    lead = services.lead_member(created)
    assert lead is not None
    assert lead.contribution == "Mentors"


def test_create_errors_on_fields(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)

    response = client.post(
        "/en/partnerships/new/",
        {
            "lead_organization": network.organization_b.slug,
            "name": "",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"lead_organization", "name", "end_date"}
    assert 'href="#id_name"' in response.content.decode()


@pytest.mark.parametrize("persona", ["member_a", "editor_a"])
def test_create_page_refused_without_administration(
    network: Network, client: Client, persona: str
) -> None:
    client.force_login(getattr(network, persona))
    count = Partnership.objects.count()

    assert client.get("/en/partnerships/new/").status_code == 403
    assert client.post("/en/partnerships/new/", {"name": "x"}).status_code == 403
    assert Partnership.objects.count() == count


def test_create_page_needs_sign_in(client: Client, network: Network) -> None:
    response = client.get("/en/partnerships/new/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_edit_saves_and_raises_version(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    version = network.partnership.version

    response = client.post(url(network, "edit/"), edit_data(network, name="Nouvelle table"))

    assert response.status_code == 302
    network.partnership.refresh_from_db()
    assert network.partnership.name == "Nouvelle table"
    assert network.partnership.version == version + 1
    assert network.partnership.state == PartnershipState.PROPOSED


def test_stale_save_refused_with_changes_shown(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    first = edit_data(network, name="Version de Marie", purpose_en="Marie's purpose.")
    second = edit_data(network, name="Version de Jean", purpose_en="Jean's purpose.")

    assert client.post(url(network, "edit/"), first).status_code == 302
    response = client.post(url(network, "edit/"), second)

    assert response.status_code == 409
    network.partnership.refresh_from_db()
    assert network.partnership.name == "Version de Marie"
    assert network.partnership.purpose_en == "Marie's purpose."
    html = response.content.decode()
    assert "changed by someone else" in html
    assert "The partnership changed while you were editing" in html
    assert "Version de Marie" in html
    assert "Version de Jean" in html
    assert response.context["form"]["version"].value() == str(network.partnership.version)


def test_state_change_makes_edit_stale(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    data = edit_data(network, name="Renamed")
    services.change_state(network.coordinator, network.partnership, "under-assessment")

    response = client.post(url(network, "edit/"), data)

    assert response.status_code == 409
    network.partnership.refresh_from_db()
    assert network.partnership.name == "Table régionale d'embauche"
    assert network.partnership.state == PartnershipState.UNDER_ASSESSMENT


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "admin_c", "coordinator"])
def test_every_write_page_refuses_wrong_user(
    network: Network, client: Client, persona: str
) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)
    member_b = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    services.propose_goals(
        network.admin_a,
        network.partnership,
        [("Goal.", "")],
        expected_version=Partnership.objects.get(pk=network.partnership.pk).version,
    )
    network.partnership.refresh_from_db()
    before = (network.partnership.name, network.partnership.version, network.partnership.state)
    client.force_login(getattr(network, persona))
    user = getattr(network, persona)

    lead_pages = ["edit/", "members/invite/", "goals/"]
    for suffix in lead_pages:
        assert client.get(url(network, suffix)).status_code == 403, suffix
    assert client.post(url(network, "edit/"), edit_data(network, name="Hijack")).status_code == 403
    invite = {"organization": network.organization_c.slug, "role": "member"}
    assert client.post(url(network, "members/invite/"), invite).status_code == 403
    goals = {"version": str(network.partnership.version), "goal_1_en": "Hijack"}
    assert client.post(url(network, "goals/"), goals).status_code == 403

    state_status = client.post(
        url(network, "state/"),
        {"to_state": "ended", "reason": "Hijack", "expected_state": "active"},
    ).status_code
    if persona == "coordinator":
        assert state_status == 302
    else:
        assert state_status == 403

    # Answering, leaving and agreeing for organization B are for B's administrators only.
    if persona != "admin_b":
        assert client.post(url(network, "leave/"), {"reason": "x"}).status_code == 403
        agree = {"organization": network.organization_b.slug, "revision": "1"}
        client.post(url(network, "goals/agree/"), agree)
        assert not member_b.goal_agreements.exists()
        member_b.refresh_from_db()
        assert member_b.status == MemberStatus.ACCEPTED

    network.partnership.refresh_from_db()
    if persona != "coordinator":
        after = (network.partnership.name, network.partnership.version, network.partnership.state)
        assert after == before
    assert not PartnershipMember.objects.filter(organization=network.organization_c).exists()
    assert network.partnership.goals_revision == 1
    assert user is not None


# ---------------------------------------------------------------------------
# Invitations, answers and goals through the pages
# ---------------------------------------------------------------------------


def test_invite_accept_agree_leave_pages(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    response = client.post(
        url(network, "members/invite/"),
        {"organization": network.organization_b.slug, "role": "co-lead", "contribution": "Data"},
    )
    assert response.status_code == 302
    detail = client.get(url(network)).content.decode()
    assert "invited on" in detail

    client.force_login(network.admin_b)
    assert client.get(url(network, "invitation/")).status_code == 200
    refused = client.post(url(network, "invitation/"), {"decision": "decline", "reason": ""})
    assert refused.status_code == 400
    assert "reason" in refused.context["form"].errors
    accepted = client.post(url(network, "invitation/"), {"decision": "accept"})
    assert accepted.status_code == 302

    client.force_login(network.admin_a)
    network.partnership.refresh_from_db()
    goals = {"version": str(network.partnership.version), "goal_1_en": "Hire", "goal_1_fr": ""}
    assert client.post(url(network, "goals/"), goals).status_code == 302

    client.force_login(network.admin_b)
    page = client.get(url(network)).content.decode()
    assert "Not agreed yet" in page
    assert "Agree to these goals for Organization B" in page
    response = client.post(
        url(network, "goals/agree/"), {"organization": network.organization_b.slug, "revision": "1"}
    )
    assert response.status_code == 302
    page = client.get(url(network)).content.decode()
    assert "Not agreed yet" not in page
    assert "2 of 2 member organizations agreed." in page

    assert client.post(url(network, "leave/"), {"reason": "Done."}).status_code == 302
    member = PartnershipMember.objects.get(organization=network.organization_b)
    assert member.status == MemberStatus.LEFT


def test_stale_goals_page(network: Network, client: Client) -> None:
    client.force_login(network.admin_a)
    old_version = str(network.partnership.version)
    assert (
        client.post(
            url(network, "goals/"), {"version": old_version, "goal_1_en": "One"}
        ).status_code
        == 302
    )

    response = client.post(url(network, "goals/"), {"version": old_version, "goal_1_en": "Two"})

    assert response.status_code == 409
    network.partnership.refresh_from_db()
    assert network.partnership.goals_revision == 1
    assert [goal.text_en for goal in services.current_goals(network.partnership)] == ["One"]


def test_agree_to_old_revision_page(network: Network, client: Client) -> None:
    join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    for text in ("One", "Two"):
        network.partnership.refresh_from_db()
        services.propose_goals(
            network.admin_a,
            network.partnership,
            [(text, "")],
            expected_version=network.partnership.version,
        )
    client.force_login(network.admin_b)

    response = client.post(
        url(network, "goals/agree/"),
        {"organization": network.organization_b.slug, "revision": "1"},
        follow=True,
    )

    assert "revised after you read them" in response.content.decode()
    assert not PartnershipMember.objects.get(
        organization=network.organization_b
    ).goal_agreements.exists()


def test_state_page_decline_needs_reason(network: Network, client: Client) -> None:
    client.force_login(network.coordinator)

    response = client.post(
        url(network, "state/"),
        {"to_state": "declined", "reason": "", "expected_state": "proposed"},
    )

    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    network.partnership.refresh_from_db()
    assert network.partnership.state == PartnershipState.PROPOSED


def test_state_page_stale_expected_state(network: Network, client: Client) -> None:
    client.force_login(network.coordinator)
    services.change_state(network.coordinator, network.partnership, "under-assessment")

    response = client.post(
        url(network, "state/"),
        {"to_state": "declined", "reason": "No.", "expected_state": "proposed"},
    )

    assert response.status_code == 409
    assert "while you were deciding" in response.content.decode()
    network.partnership.refresh_from_db()
    assert network.partnership.state == PartnershipState.UNDER_ASSESSMENT


def test_detail_shows_transitions_to_insiders_only(network: Network, client: Client) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)

    public = client.get(url(network)).content.decode()
    client.force_login(network.admin_a)
    insider = client.get(url(network)).content.decode()

    assert "From Proposed to Under assessment" in public
    assert "coordinator@example.org" not in public
    assert "coordinator@example.org" in insider


def test_dashboard_lists_open_invitation(network: Network, client: Client) -> None:
    services.invite_organization(network.admin_a, network.partnership, network.organization_b)
    client.force_login(network.admin_b)

    html = client.get("/en/account/").content.decode()

    assert "Partnership invitations that wait for your answer" in html
    assert f"/en/partnerships/{network.partnership.slug}/invitation/" in html


def test_organization_page_lists_public_partnerships(network: Network, client: Client) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)

    html = client.get(f"/en/organizations/{network.organization_a.slug}/").content.decode()

    assert "Table régionale d&#x27;embauche" in html or "Table régionale d'embauche" in html


def test_french_page(network: Network, client: Client) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)

    response = client.get(f"/fr/partnerships/{network.partnership.slug}/")

    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_bad_filter_is_400_on_field(client: Client, network: Network) -> None:
    response = client.get("/en/partnerships/?state=nonsense&theme=99")

    assert response.status_code == 400
    assert set(response.context["filterset"].form.errors) == {"state", "theme"}


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------


def create_public_partnerships(network: Network, count: int, start: int) -> None:
    hiring = BenefitArea.objects.get(slug="hiring")
    for number in range(start, start + count):
        partnership = services.create_partnership(
            network.admin_a,
            network.organization_a,
            {"name": f"Partnership {number:03d}"},
            benefit_areas=[hiring],
        )
        services.invite_organization(network.admin_a, partnership, network.organization_b)
        Partnership.objects.filter(pk=partnership.pk).update(state=PartnershipState.ACTIVE)


@pytest.mark.parametrize("persona", ["visitor", "admin_b", "coordinator"])
def test_directory_query_count_is_constant(network: Network, client: Client, persona: str) -> None:
    if persona != "visitor":
        client.force_login(getattr(network, persona))
    create_public_partnerships(network, 3, 1)
    client.get("/en/partnerships/")  # fills the in-process reference-list cache
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/partnerships/").status_code == 200

    create_public_partnerships(network, 25, 100)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/en/partnerships/").status_code == 200

    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
