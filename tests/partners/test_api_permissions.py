"""Who may read and write what through the API, and what a wrong user gets."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partners import services
from partners.models import (
    Invitation,
    Language,
    Membership,
    Organization,
    Region,
    Role,
    VerificationDecision,
)
from tests.conftest import make_user
from tests.partners.api_support import (
    PERSONAS,
    client_for,
    organization_state,
    organization_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hash the personas' passwords quickly: these tests never sign in with one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def everyone(admin_a, member_a, editor_a, admin_b, coordinator):
    """Create every persona, so each test runs with the whole cast in the database."""


@pytest.fixture
def pending_a(organization_a, everyone) -> Organization:
    """Organization A before verification: hidden from everyone but its members and coordinators."""
    Organization.objects.filter(pk=organization_a.pk).update(verification_status="pending")
    organization_a.refresh_from_db()
    return organization_a


def listed_slugs(client: APIClient, **params: str) -> set[str]:
    response = client.get("/api/v1/organizations/", params)
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


# ---------------------------------------------------------------------------
# Organizations: list, detail and filter
# ---------------------------------------------------------------------------

SEES_PENDING_A = {
    "visitor": False,
    "member_a": True,
    "editor_a": True,
    "admin_a": True,
    "admin_b": False,
    "coordinator": True,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_pending_visibility(request, persona, pending_a, organization_b):
    slugs = listed_slugs(client_for(request, persona))

    assert (pending_a.slug in slugs) is SEES_PENDING_A[persona]
    assert organization_b.slug in slugs


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_pending_visibility(request, persona, pending_a):
    response = client_for(request, persona).get(organization_url(pending_a))

    expected = 200 if SEES_PENDING_A[persona] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_status_filter_hides_hidden_rows(request, persona, pending_a, make_organization):
    other_pending = make_organization(name="Someone Else Pending", verification_status="pending")

    slugs = listed_slugs(client_for(request, persona), verification_status="pending")

    expected = {pending_a.slug} if SEES_PENDING_A[persona] else set()
    if persona == "coordinator":
        expected.add(other_pending.slug)
    assert slugs == expected


def test_status_filter_coordinator_rejected(request, everyone, make_organization):
    rejected = make_organization(name="Turned Down", verification_status="rejected")
    make_organization(name="Listed")

    assert listed_slugs(client_for(request, "coordinator"), verification_status="rejected") == {
        rejected.slug
    }
    assert listed_slugs(client_for(request, "admin_b"), verification_status="rejected") == set()


def test_status_filter_invalid_value(request, everyone):
    response = client_for(request, "coordinator").get(
        "/api/v1/organizations/", {"verification_status": "approved-ish"}
    )

    assert response.status_code == 400
    assert "verification_status" in response.json()


def test_list_rows_show_no_private_fields(request, everyone, organization_a):
    row = client_for(request, "coordinator").get(organization_url(organization_a)).json()

    assert "registered_by" not in row
    assert "hsds_id" not in row
    assert "search_document" not in row
    assert row["verification_status"] == "verified"
    assert row["disability_led"] is False
    assert row["leadership_band"] == ""


# ---------------------------------------------------------------------------
# Organizations: writes
# ---------------------------------------------------------------------------

CHANGE_STATUS = {
    "visitor": 403,
    "member_a": 403,
    "editor_a": 200,
    "admin_a": 200,
    "admin_b": 403,
    "coordinator": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_patch_organization_by_persona(request, persona, everyone, organization_a):
    before = organization_state(organization_a)

    response = client_for(request, persona).patch(
        organization_url(organization_a), {"city": "Brandon"}, format="json"
    )

    assert response.status_code == CHANGE_STATUS[persona], response.content
    if CHANGE_STATUS[persona] == 200:
        assert Organization.objects.get(pk=organization_a.pk).city == "Brandon"
    else:
        assert organization_state(organization_a) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_put_organization_by_persona(request, persona, everyone, organization_a):
    before = organization_state(organization_a)
    body = {"name": "Organization A renamed", "kind": "disability-organization"}

    response = client_for(request, persona).put(organization_url(organization_a), body, "json")

    assert response.status_code == CHANGE_STATUS[persona], response.content
    if CHANGE_STATUS[persona] != 200:
        assert organization_state(organization_a) == before


def test_patch_stranger_gets_403_before_validation(request, everyone, organization_a):
    response = client_for(request, "admin_b").patch(
        organization_url(organization_a), {"website": "not a url"}, format="json"
    )

    assert response.status_code == 403


def test_patch_hidden_organization_is_404(request, pending_a):
    before = organization_state(pending_a)

    response = client_for(request, "admin_b").patch(
        organization_url(pending_a), {"city": "Brandon"}, format="json"
    )

    assert response.status_code == 404
    assert organization_state(pending_a) == before


def test_global_change_permission_grants_nothing(request, everyone, organization_a, admin_b):
    group = Group.objects.create(name="Can change every organization")
    group.permissions.add(Permission.objects.get(codename="change_organization"))
    admin_b.groups.add(group)
    before = organization_state(organization_a)

    response = client_for(request, "admin_b").patch(
        organization_url(organization_a), {"city": "Halifax"}, format="json"
    )

    assert response.status_code == 403
    assert organization_state(organization_a) == before


def test_global_view_permission_shows_nothing(request, pending_a, admin_b):
    group = Group.objects.create(name="Can see every private record")
    group.permissions.add(Permission.objects.get(codename="view_private"))
    admin_b.groups.add(group)

    assert pending_a.slug not in listed_slugs(client_for(request, "admin_b"))
    assert client_for(request, "admin_b").get(organization_url(pending_a)).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_delete_organization_not_allowed(request, persona, everyone, organization_a):
    response = client_for(request, persona).delete(organization_url(organization_a))

    assert response.status_code == (403 if persona == "visitor" else 405)
    assert Organization.objects.filter(pk=organization_a.pk).exists()


def test_register_needs_sign_in(request, everyone, reference_data):
    response = client_for(request, "visitor").post(
        "/api/v1/organizations/",
        {"name": "Anonymous Org", "kind": "funder"},
        format="json",
    )

    assert response.status_code == 403
    assert not Organization.objects.filter(name="Anonymous Org").exists()


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "coordinator"])
@pytest.mark.parametrize("decision", ["verify", "reject"])
def test_decide_by_non_coordinator_is_403(request, persona, decision, pending_a):
    response = client_for(request, persona).post(
        organization_url(pending_a, f"{decision}/"), {"reason": "No."}, format="json"
    )

    assert response.status_code == 403
    assert Organization.objects.get(pk=pending_a.pk).verification_status == "pending"
    assert not VerificationDecision.objects.exists()


def test_decide_by_coordinator(request, pending_a):
    response = client_for(request, "coordinator").post(organization_url(pending_a, "verify/"))

    assert response.status_code == 200
    assert Organization.objects.get(pk=pending_a.pk).verification_status == "verified"


# ---------------------------------------------------------------------------
# Memberships and invitations
# ---------------------------------------------------------------------------

READ_MEMBERS_STATUS = {
    "visitor": 403,
    "member_a": 200,
    "editor_a": 200,
    "admin_a": 200,
    "admin_b": 403,
    "coordinator": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_membership_list_by_persona(request, persona, everyone, organization_a):
    response = client_for(request, persona).get(organization_url(organization_a, "memberships/"))

    assert response.status_code == READ_MEMBERS_STATUS[persona]
    if response.status_code == 200:
        emails = {row["email"] for row in response.json()["results"]}
        assert emails == {"admin.a@example.org", "member.a@example.org", "editor.a@example.org"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_membership_detail_by_persona(request, persona, everyone, organization_a, member_a):
    membership = Membership.objects.get(user=member_a)

    response = client_for(request, persona).get(
        organization_url(organization_a, f"memberships/{membership.pk}/")
    )

    assert response.status_code == READ_MEMBERS_STATUS[persona]


def test_membership_list_hidden_organization_is_404(request, pending_a):
    response = client_for(request, "admin_b").get(organization_url(pending_a, "memberships/"))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_membership_patch_by_persona(request, persona, everyone, organization_a, member_a):
    membership = Membership.objects.get(user=member_a)

    response = client_for(request, persona).patch(
        organization_url(organization_a, f"memberships/{membership.pk}/"),
        {"role": "administrator"},
        format="json",
    )

    expected = 200 if persona == "admin_a" else 403
    assert response.status_code == expected
    expected_role = Role.ADMINISTRATOR if persona == "admin_a" else Role.VIEWER
    assert Membership.objects.get(pk=membership.pk).role == expected_role


@pytest.mark.parametrize("persona", PERSONAS)
def test_membership_delete_by_persona(request, persona, everyone, organization_a, editor_a):
    membership = Membership.objects.get(user=editor_a)

    response = client_for(request, persona).delete(
        organization_url(organization_a, f"memberships/{membership.pk}/")
    )

    # The editor may leave; only administrators remove someone else.
    allowed = persona in {"admin_a", "editor_a"}
    assert response.status_code == (204 if allowed else 403)
    assert Membership.objects.filter(pk=membership.pk).exists() is not allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_by_persona(request, persona, everyone, organization_a):
    response = client_for(request, persona).post(
        organization_url(organization_a, "invitations/"),
        {"email": "new.person@example.org", "role": "editor"},
        format="json",
    )

    expected = 201 if persona == "admin_a" else 403
    assert response.status_code == expected
    assert Invitation.objects.exists() is (persona == "admin_a")


def test_invitation_stranger_gets_403_before_validation(request, everyone, organization_a):
    response = client_for(request, "admin_b").post(
        organization_url(organization_a, "invitations/"), {"email": "nope"}, format="json"
    )

    assert response.status_code == 403


def test_invitation_accept_needs_sign_in(request, everyone, organization_a, admin_a):
    invitation = services.invite_member(admin_a, organization_a, "new@example.org", "viewer")

    response = client_for(request, "visitor").post(
        f"/api/v1/invitations/{invitation.token}/accept/"
    )

    assert response.status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


# ---------------------------------------------------------------------------
# Declarations
# ---------------------------------------------------------------------------

DECLARATION = {
    "body_name": "Board of directors",
    "seats_total": 9,
    "seats_with_lived_experience": 6,
    "chief_executive_lived_experience": "yes",
    "run_by_and_for": True,
    "consent_attested": True,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_declaration_post_by_persona(request, persona, everyone, organization_a):
    before = organization_state(organization_a)

    response = client_for(request, persona).post(
        organization_url(organization_a, "declarations/"), DECLARATION, format="json"
    )

    expected = 201 if persona == "admin_a" else 403
    assert response.status_code == expected
    if expected == 403:
        assert organization_state(organization_a) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_declaration_list_private_by_persona(request, persona, everyone, organization_a, admin_a):
    services.declare_leadership(admin_a, organization_a, DECLARATION)

    rows = (
        client_for(request, persona).get(organization_url(organization_a, "declarations/")).json()
    )

    sees_private = persona in {"member_a", "editor_a", "admin_a", "coordinator"}
    assert (rows[0]["private"] is not None) is sees_private


def test_declaration_list_hidden_organization_is_404(request, pending_a):
    response = client_for(request, "admin_b").get(organization_url(pending_a, "declarations/"))

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# /me and authentication
# ---------------------------------------------------------------------------


def test_me_visitor_is_403(client):
    assert client.get("/api/v1/me/").status_code == 403
    assert client.patch("/api/v1/me/", {}, content_type="application/json").status_code == 403


def test_token_authenticates(everyone, organization_a, admin_a):
    token = Token.objects.create(user=admin_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    me = client.get("/api/v1/me/")
    patch = client.patch(organization_url(organization_a), {"city": "Selkirk"}, format="json")

    assert me.status_code == 200
    assert me.json()["email"] == "admin.a@example.org"
    assert patch.status_code == 200
    assert Organization.objects.get(pk=organization_a.pk).city == "Selkirk"


def test_token_keeps_object_permissions(everyone, organization_a, admin_b):
    token = Token.objects.create(user=admin_b)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.patch(organization_url(organization_a), {"city": "Selkirk"}, format="json")

    assert response.status_code == 403
    assert Organization.objects.get(pk=organization_a.pk).city == "Winnipeg"


def test_token_unknown_is_rejected(everyone):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert client.get("/api/v1/me/").status_code in {401, 403}
    assert client.get("/api/v1/organizations/").status_code in {401, 403}


def test_token_inactive_user_is_rejected(everyone, admin_a):
    token = Token.objects.create(user=admin_a)
    admin_a.is_active = False
    admin_a.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get("/api/v1/me/").status_code in {401, 403}


def test_token_coordinator_needs_two_factor(pending_a, coordinator):
    Authenticator.objects.filter(user=coordinator).delete()
    token = Token.objects.create(user=coordinator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post(organization_url(pending_a, "verify/"))

    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    assert Organization.objects.get(pk=pending_a.pk).verification_status == "pending"


def test_session_coordinator_needs_two_factor(request, pending_a, coordinator):
    Authenticator.objects.filter(user=coordinator).delete()

    response = client_for(request, "coordinator").get(organization_url(pending_a))

    assert response.status_code == 403


def test_staff_token_counts_as_coordinator(pending_a):
    staff = make_user("staff@example.org", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")

    assert client.get(organization_url(pending_a)).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_browsable_api_renders_for_persona(request, persona, everyone, organization_a, admin_a):
    services.declare_leadership(admin_a, organization_a, DECLARATION)
    invitation = services.invite_member(admin_a, organization_a, "new@example.org", "viewer")
    membership = Membership.objects.get(user=admin_a)
    client = client_for(request, persona)

    for url in [
        "/api/v1/organizations/",
        organization_url(organization_a),
        organization_url(organization_a, "memberships/"),
        organization_url(organization_a, f"memberships/{membership.pk}/"),
        organization_url(organization_a, "declarations/"),
        organization_url(organization_a, "invitations/"),
        organization_url(organization_a, "verify/"),
        f"/api/v1/invitations/{invitation.token}/accept/",
        "/api/v1/me/",
    ]:
        response = client.get(url, HTTP_ACCEPT="text/html")

        assert response.status_code in {200, 403, 405}, url
        assert response["Content-Type"].startswith("text/html"), url


# ---------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------


def count_list_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["visitor", "member_a", "coordinator"])
def test_organization_list_queries_constant(
    request, persona, everyone, organization_a, make_organization
):
    regions = list(Region.objects.all()[:3])
    languages = list(Language.objects.all()[:2])

    def add_rows(count: int) -> None:
        for _number in range(count):
            make_organization(
                kind=organization_a.kind,
                province=regions[1],
                regions_served=regions,
                languages=languages,
            )

    client = client_for(request, persona)
    add_rows(3)
    count_list_queries(client, "/api/v1/organizations/")  # fills the reference-list cache
    at_5 = count_list_queries(client, "/api/v1/organizations/")
    add_rows(45)
    at_50 = count_list_queries(client, "/api/v1/organizations/")

    assert Organization.objects.count() == 50
    assert at_5 == at_50
