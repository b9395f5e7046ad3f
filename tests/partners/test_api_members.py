"""Memberships and invitations through the API: roles, removal, the last administrator, emails."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from partners import permissions, services
from partners.models import Invitation, Membership, Role
from tests.conftest import make_user
from tests.partners.api_support import client_for, organization_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hash the personas' passwords quickly: these tests never sign in with one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def membership_url(membership: Membership) -> str:
    return organization_url(membership.organization, f"memberships/{membership.pk}/")


def membership_of(user, organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


def signed_in_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------


def test_membership_list_rows(request, admin_a, member_a, organization_a):
    body = client_for(request, "member_a").get(organization_url(organization_a, "memberships/"))

    rows = body.json()["results"]
    assert [(row["email"], row["role"]) for row in rows] == [
        ("admin.a@example.org", "administrator"),
        ("member.a@example.org", "viewer"),
    ]
    assert set(rows[0]) == {"id", "email", "role", "created"}


def test_membership_of_other_organization_is_404(request, admin_a, admin_b, organization_a):
    other = membership_of(admin_b, admin_b.memberships.get().organization)

    response = client_for(request, "admin_a").patch(
        organization_url(organization_a, f"memberships/{other.pk}/"),
        {"role": "viewer"},
        format="json",
    )

    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).role == Role.ADMINISTRATOR


def test_membership_list_unknown_organization_is_404(request, admin_a):
    response = client_for(request, "admin_a").get("/api/v1/organizations/nowhere/memberships/")

    assert response.status_code == 404


def test_membership_list_queries_same_at_5_and_50(request, admin_a, organization_a):
    client = client_for(request, "admin_a")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                organization_url(organization_a, "memberships/"), {"page_size": 100}
            )
        assert response.status_code == 200
        return len(queries)

    for index in range(4):
        services.add_member(organization_a, make_user(f"q{index:03d}@example.org"), "viewer")
    at_5 = count_queries()
    for index in range(4, 49):
        services.add_member(organization_a, make_user(f"q{index:03d}@example.org"), "viewer")
    at_50 = count_queries()

    assert Membership.objects.filter(organization=organization_a).count() == 50
    assert at_5 == at_50


# ---------------------------------------------------------------------------
# Roles and removal
# ---------------------------------------------------------------------------


def test_change_role_grants_permissions(request, admin_a, member_a, organization_a):
    membership = membership_of(member_a, organization_a)

    response = client_for(request, "admin_a").patch(
        membership_url(membership), {"role": "editor"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    assert permissions.has_object_permission(member_a, permissions.CHANGE, organization_a)


def test_change_role_invalid_names_field(request, admin_a, member_a, organization_a):
    membership = membership_of(member_a, organization_a)

    for body in [{"role": "owner"}, {}, {"role": None}, {"role": "editor", "user": 1}]:
        response = client_for(request, "admin_a").patch(membership_url(membership), body, "json")

        assert response.status_code == 400
        assert set(response.json()) <= {"role", "user"}
        assert membership_of(member_a, organization_a).role == Role.VIEWER


def test_last_administrator_cannot_step_down(request, admin_a, organization_a):
    membership = membership_of(admin_a, organization_a)

    response = client_for(request, "admin_a").patch(
        membership_url(membership), {"role": "viewer"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "role": ["An organization needs at least one administrator. Name another first."]
    }
    assert membership_of(admin_a, organization_a).role == Role.ADMINISTRATOR
    assert permissions.has_object_permission(admin_a, permissions.MANAGE_MEMBERS, organization_a)


def test_administrator_steps_down_when_another_exists(request, admin_a, editor_a, organization_a):
    services.change_role(admin_a, membership_of(editor_a, organization_a), Role.ADMINISTRATOR)

    response = client_for(request, "admin_a").patch(
        membership_url(membership_of(admin_a, organization_a)), {"role": "viewer"}, format="json"
    )

    assert response.status_code == 200
    assert not permissions.has_object_permission(admin_a, permissions.CHANGE, organization_a)


def test_remove_member_revokes_permissions(request, admin_a, member_a, organization_a):
    response = client_for(request, "admin_a").delete(
        membership_url(membership_of(member_a, organization_a))
    )

    assert response.status_code == 204
    assert not Membership.objects.filter(user=member_a).exists()
    assert not permissions.has_object_permission(member_a, permissions.VIEW_PRIVATE, organization_a)


def test_remove_last_administrator_is_400(request, admin_a, organization_a):
    response = client_for(request, "admin_a").delete(
        membership_url(membership_of(admin_a, organization_a))
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "An organization needs at least one administrator. Name another first."
        ]
    }
    assert Membership.objects.filter(user=admin_a).exists()


def test_member_leaves(request, admin_a, member_a, organization_a):
    response = client_for(request, "member_a").delete(
        membership_url(membership_of(member_a, organization_a))
    )

    assert response.status_code == 204
    assert not Membership.objects.filter(user=member_a).exists()


def test_member_cannot_remove_another(request, admin_a, member_a, organization_a):
    response = client_for(request, "member_a").delete(
        membership_url(membership_of(admin_a, organization_a))
    )

    assert response.status_code == 403
    assert Membership.objects.filter(user=admin_a).exists()


def test_messages_follow_accept_language(request, admin_a, organization_a):
    response = client_for(request, "admin_a").patch(
        membership_url(membership_of(admin_a, organization_a)),
        {"role": "viewer"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "fr"


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def invite(client: APIClient, organization, body) -> Any:
    return client.post(organization_url(organization, "invitations/"), body, format="json")


def test_invite_emails_in_inviter_language(
    request, admin_a, organization_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client_for(request, "admin_a"),
            organization_a,
            {"email": "new.person@example.org", "role": "editor"},
        )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new.person@example.org"
    assert body["role"] == "editor"
    assert "token" not in body
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    assert invitation.token in mail.outbox[0].body


def test_invite_emails_in_invitee_language(
    request, admin_a, organization_a, django_capture_on_commit_callbacks
):
    make_user("francophone@example.org", preferred_language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(request, "admin_a"), organization_a, {"email": "francophone@example.org"})

    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    assert "/fr/invitations/" in mail.outbox[0].body


def test_invite_default_role_is_viewer(request, admin_a, organization_a):
    response = invite(client_for(request, "admin_a"), organization_a, {"email": "v@example.org"})

    assert response.json()["role"] == "viewer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "role": "viewer"}, "email"),
        ({"role": "viewer"}, "email"),
        ({"email": "x@example.org", "role": "owner"}, "role"),
        ({"email": "member.a@example.org", "role": "viewer"}, "email"),
        ({"email": "MEMBER.A@example.org", "role": "viewer"}, "email"),
        ({"email": "x@example.org", "token": "mine"}, "token"),
    ],
)
def test_invite_bad_input_names_field(request, admin_a, member_a, organization_a, body, field):
    response = invite(client_for(request, "admin_a"), organization_a, body)

    assert response.status_code == 400
    assert field in response.json()
    assert not Invitation.objects.exists()


def test_invite_again_renews(request, admin_a, organization_a):
    client = client_for(request, "admin_a")
    invite(client, organization_a, {"email": "again@example.org", "role": "viewer"})

    invite(client, organization_a, {"email": "Again@example.org", "role": "editor"})

    invitation = Invitation.objects.get()
    assert invitation.role == Role.EDITOR


def test_accept_invitation_joins(admin_a, organization_a):
    invitation = services.invite_member(admin_a, organization_a, "Joiner@example.org", "editor")
    joiner = make_user("joiner@example.org")

    response = signed_in_client(joiner).post(f"/api/v1/invitations/{invitation.token}/accept/")

    assert response.status_code == 200
    assert response.json()["organization"] == organization_a.slug
    assert response.json()["role"] == "editor"
    assert membership_of(joiner, organization_a).role == Role.EDITOR
    assert Invitation.objects.get(pk=invitation.pk).accepted_by == joiner


def test_accept_invitation_twice_is_400(admin_a, organization_a):
    invitation = services.invite_member(admin_a, organization_a, "joiner@example.org", "viewer")
    client = signed_in_client(make_user("joiner@example.org"))
    client.post(f"/api/v1/invitations/{invitation.token}/accept/")

    response = client.post(f"/api/v1/invitations/{invitation.token}/accept/")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This invitation link is not valid or was already used."]
    }


def test_accept_invitation_other_address_is_400(admin_a, admin_b, organization_a):
    invitation = services.invite_member(admin_a, organization_a, "joiner@example.org", "editor")

    response = signed_in_client(admin_b).post(f"/api/v1/invitations/{invitation.token}/accept/")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Membership.objects.filter(user=admin_b, organization=organization_a).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_accept_expired_invitation_is_400(admin_a, organization_a):
    invitation = services.invite_member(admin_a, organization_a, "late@example.org", "viewer")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    late = make_user("late@example.org")

    response = signed_in_client(late).post(f"/api/v1/invitations/{invitation.token}/accept/")

    assert response.status_code == 400
    assert not Membership.objects.filter(user=late).exists()


def test_accept_unknown_token_is_400(admin_a):
    response = signed_in_client(admin_a).post("/api/v1/invitations/no-such-token/accept/")

    assert response.status_code == 400


def test_accept_keeps_existing_role(admin_a, member_a, organization_a):
    invitation = Invitation.objects.create(
        organization=organization_a, email="admin.a@example.org", role=Role.VIEWER
    )

    response = signed_in_client(admin_a).post(f"/api/v1/invitations/{invitation.token}/accept/")

    assert response.status_code == 200
    assert membership_of(admin_a, organization_a).role == Role.ADMINISTRATOR
