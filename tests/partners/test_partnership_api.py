"""The partnerships API: reading, creating, the version check, members, goals and states."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from partners import partnerships as services
from partners.models import (
    BenefitArea,
    MemberStatus,
    Partnership,
    PartnershipMember,
    PartnershipState,
    User,
)
from tests.partners.partnership_support import Network, join, move_to


def api_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def base(network: Network) -> str:
    return f"/api/v1/partnerships/{network.partnership.slug}/"


def test_create_through_api(network: Network) -> None:
    response = api_for(network.admin_a).post(
        "/api/v1/partnerships/",
        {
            "name": "Réseau API",
            "lead_organization": network.organization_a.slug,
            "themes": [1, 4],
            "regions": ["CA-QC"],
            "benefit_areas": ["school-to-work"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "proposed"
    assert [theme["number"] for theme in body["themes"]] == [1, 4]
    assert [area["slug"] for area in body["benefit_areas"]] == ["school-to-work"]
    assert body["members"][0]["role"] == "lead"
    assert response["ETag"] == f'"{body["version"]}"'


def test_create_bad_input_names_field(network: Network) -> None:
    response = api_for(network.admin_a).post(
        "/api/v1/partnerships/",
        {"name": "X", "lead_organization": network.organization_a.slug, "themes": [42]},
        format="json",
    )

    assert response.status_code == 400
    assert "themes" in response.json()


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b"])
def test_create_for_other_organization_refused(network: Network, persona: str) -> None:
    response = api_for(getattr(network, persona)).post(
        "/api/v1/partnerships/",
        {"name": "X", "lead_organization": network.organization_a.slug},
        format="json",
    )

    assert response.status_code == 403
    assert not Partnership.objects.filter(name="X").exists()


def test_visitor_cannot_write(network: Network) -> None:
    visitor = api_for(None)

    assert visitor.post("/api/v1/partnerships/", {"name": "X"}, format="json").status_code == 403
    assert visitor.patch(base(network), {"name": "X"}, format="json").status_code in (403, 404)


def test_patch_with_if_match(network: Network) -> None:
    client = api_for(network.admin_a)
    etag = client.get(base(network))["ETag"]

    response = client.patch(base(network), {"name": "Renommée"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Renommée"
    assert response["ETag"] != etag


def test_stale_patch_is_412_naming_version(network: Network) -> None:
    client = api_for(network.admin_a)
    etag = client.get(base(network))["ETag"]
    assert client.patch(base(network), {"name": "First"}, format="json", HTTP_IF_MATCH=etag)

    response = client.patch(base(network), {"name": "Second"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    body = response.json()
    assert "version" in body
    network.partnership.refresh_from_db()
    assert body["current_version"] == network.partnership.version
    assert network.partnership.name == "First"


def test_stale_version_in_body(network: Network) -> None:
    client = api_for(network.admin_a)
    version = network.partnership.version
    services.change_state(network.coordinator, network.partnership, "under-assessment")

    response = client.patch(base(network), {"name": "Late", "version": version}, format="json")

    assert response.status_code == 412
    network.partnership.refresh_from_db()
    assert network.partnership.name == "Table régionale d'embauche"


def test_patch_without_version_is_400(network: Network) -> None:
    response = api_for(network.admin_a).patch(base(network), {"name": "X"}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()


def test_patch_unknown_field_is_400(network: Network) -> None:
    response = api_for(network.admin_a).patch(
        base(network), {"state": "active", "version": network.partnership.version}, format="json"
    )

    assert response.status_code == 400
    assert "state" in response.json()
    network.partnership.refresh_from_db()
    assert network.partnership.state == PartnershipState.PROPOSED


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "admin_c", "coordinator"])
def test_wrong_user_every_api_write(network: Network, persona: str) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)
    member_b = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    network.partnership.refresh_from_db()
    services.propose_goals(
        network.admin_a,
        network.partnership,
        [("Goal", "")],
        expected_version=network.partnership.version,
    )
    network.partnership.refresh_from_db()
    before = (network.partnership.name, network.partnership.version)
    client = api_for(getattr(network, persona))
    version = network.partnership.version

    assert (
        client.patch(
            base(network), {"name": "Hijack", "version": version}, format="json"
        ).status_code
        == 403
    )
    invite = {"organization": network.organization_c.slug}
    assert client.post(f"{base(network)}members/", invite, format="json").status_code == 403
    goals = {"goals": [{"text_en": "Hijack"}], "version": version}
    assert client.post(f"{base(network)}goals/", goals, format="json").status_code == 403
    if persona != "admin_b":
        leave = client.post(f"{base(network)}members/{member_b.pk}/leave/", {}, format="json")
        assert leave.status_code == 403
        agree = {"organization": network.organization_b.slug, "revision": 1}
        assert client.post(f"{base(network)}goals/agree/", agree, format="json").status_code == 403
    if persona != "coordinator":
        move = {"to_state": "ended", "reason": "Hijack"}
        assert client.post(f"{base(network)}transitions/", move, format="json").status_code == 403

    network.partnership.refresh_from_db()
    assert (network.partnership.name, network.partnership.version) == before
    assert network.partnership.state == PartnershipState.ACTIVE
    member_b.refresh_from_db()
    assert member_b.status == MemberStatus.ACCEPTED
    assert not member_b.goal_agreements.exists()
    assert not PartnershipMember.objects.filter(organization=network.organization_c).exists()


def test_invitation_flow_through_api(network: Network) -> None:
    move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)
    lead = api_for(network.admin_a)
    invited = lead.post(
        f"{base(network)}members/",
        {"organization": network.organization_b.slug, "role": "co-lead"},
        format="json",
    )
    assert invited.status_code == 201, invited.json()
    member_id = invited.json()["id"]

    public = api_for(None).get(base(network)).json()
    assert [m["organization"]["slug"] for m in public["members"]] == [network.organization_a.slug]
    outsider_members = api_for(network.admin_c).get(f"{base(network)}members/").json()
    assert [m["status"] for m in outsider_members] == ["accepted"]

    invitee = api_for(network.admin_b)
    no_reason = invitee.post(
        f"{base(network)}members/{member_id}/respond/", {"accept": False}, format="json"
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    accepted = invitee.post(
        f"{base(network)}members/{member_id}/respond/", {"accept": True}, format="json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    again = invitee.post(
        f"{base(network)}members/{member_id}/respond/", {"accept": True}, format="json"
    )
    assert again.status_code == 400

    left = invitee.post(
        f"{base(network)}members/{member_id}/leave/", {"reason": "Done"}, format="json"
    )
    assert left.status_code == 200
    assert left.json()["status"] == "left"


def test_goals_flow_through_api(network: Network) -> None:
    member = join(network.partnership, network.organization_b, network.admin_a, network.admin_b)
    lead = api_for(network.admin_a)
    etag = lead.get(base(network))["ETag"]

    proposed = lead.post(
        f"{base(network)}goals/",
        {"goals": [{"text_en": "Hire", "text_fr": "Embaucher"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert proposed.status_code == 201, proposed.json()
    assert proposed.json()["revision"] == 1
    assert proposed.json()["waiting_for"] == [network.organization_b.slug]

    stale = lead.post(
        f"{base(network)}goals/",
        {"goals": [{"text_en": "Other"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    assert "version" in stale.json()

    agreed = api_for(network.admin_b).post(
        f"{base(network)}goals/agree/",
        {"organization": network.organization_b.slug, "revision": 1},
        format="json",
    )
    assert agreed.status_code == 200
    assert agreed.json()["waiting_for"] == []
    assert {a["organization"] for a in agreed.json()["agreements"]} == {
        network.organization_a.slug,
        network.organization_b.slug,
    }
    members = api_for(network.admin_a).get(f"{base(network)}members/").json()
    assert all(m["agreed_to_current_goals"] for m in members)
    assert member.goal_agreements.count() == 1


def test_transitions_through_api(network: Network) -> None:
    coordinator = api_for(network.coordinator)

    moved = coordinator.post(
        f"{base(network)}transitions/",
        {"to_state": "under-assessment", "expected_state": "proposed"},
        format="json",
    )
    assert moved.status_code == 201, moved.json()
    repeated = coordinator.post(
        f"{base(network)}transitions/",
        {"to_state": "under-assessment", "expected_state": "proposed"},
        format="json",
    )
    assert repeated.status_code == 409
    assert "state" in repeated.json()
    no_reason = coordinator.post(
        f"{base(network)}transitions/", {"to_state": "declined"}, format="json"
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    refused = coordinator.post(
        f"{base(network)}transitions/", {"to_state": "renewed"}, format="json"
    )
    assert refused.status_code == 409

    history = api_for(network.admin_a).get(f"{base(network)}transitions/").json()
    assert [(t["from_state"], t["to_state"]) for t in history] == [("proposed", "under-assessment")]


def test_bad_filter_is_400_naming_field(network: Network) -> None:
    response = api_for(None).get("/api/v1/partnerships/?state=nonsense")

    assert response.status_code == 400
    assert "state" in response.json()


def test_benefit_areas_list(network: Network) -> None:
    response = api_for(None).get("/api/v1/benefit-areas/")

    assert response.status_code == 200
    assert "hiring" in [area["slug"] for area in response.json()]


def create_public_partnerships(network: Network, count: int, start: int) -> None:
    hiring = BenefitArea.objects.get(slug="hiring")
    for number in range(start, start + count):
        partnership = services.create_partnership(
            network.admin_a,
            network.organization_a,
            {"name": f"Partnership {number:03d}"},
            benefit_areas=[hiring],
        )
        join(partnership, network.organization_b, network.admin_a, network.admin_b)
        Partnership.objects.filter(pk=partnership.pk).update(state=PartnershipState.ACTIVE)


@pytest.mark.parametrize("persona", ["visitor", "admin_b", "coordinator"])
def test_api_list_query_count_is_constant(network: Network, persona: str) -> None:
    client = api_for(None if persona == "visitor" else getattr(network, persona))
    create_public_partnerships(network, 3, 1)
    client.get("/api/v1/partnerships/?page_size=100")  # fills the in-process reference-list cache
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/partnerships/?page_size=100").status_code == 200

    create_public_partnerships(network, 25, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/partnerships/?page_size=100")
        assert response.status_code == 200

    assert response.json()["count"] >= 28
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_schema_lists_partnership_routes(network: Network) -> None:
    response = api_for(None).get("/api/schema/?format=json")

    paths = response.json()["paths"]
    for path in (
        "/api/v1/partnerships/",
        "/api/v1/partnerships/{slug}/",
        "/api/v1/partnerships/{slug}/members/",
        "/api/v1/partnerships/{slug}/members/{member_id}/respond/",
        "/api/v1/partnerships/{slug}/goals/agree/",
        "/api/v1/partnerships/{slug}/transitions/",
        "/api/v1/benefit-areas/",
    ):
        assert path in paths, path
