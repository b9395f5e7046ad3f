"""The members page: listing, roles, removal, leaving, and requests to join."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners import services
from partners.models import Invitation, JoinRequest, Membership, Role, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request to a /fr/ page leaves French active in the thread."""
    with translation.override("en"):
        yield


def members_url(organization) -> str:
    return reverse("partners:member-list", kwargs={"slug": organization.slug})


def invite_url(organization) -> str:
    return reverse("partners:member-invite", kwargs={"slug": organization.slug})


def change_url(membership) -> str:
    return reverse(
        "partners:member-change",
        kwargs={"slug": membership.organization.slug, "membership_id": membership.pk},
    )


def join_url(organization) -> str:
    return reverse("partners:join-request", kwargs={"slug": organization.slug})


def decide_url(join_request) -> str:
    return reverse(
        "partners:join-request-decide",
        kwargs={"slug": join_request.organization.slug, "request_id": join_request.pk},
    )


def membership_of(user, organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


def role_of(user, organization) -> str:
    return membership_of(user, organization).role


def add_members(organization, count: int, prefix: str = "person") -> None:
    """Add `count` viewers, `count` open invitations and `count` pending requests to join."""
    # Users without a password: hashing one per user would make this setup slow.
    for number in range(count):
        person = User.objects.create(email=f"{prefix}{number:03d}@example.org")
        services.add_member(organization, person, Role.VIEWER)
        Invitation.objects.create(
            organization=organization,
            email=f"{prefix}-invitee{number:03d}@example.org",
            role=Role.EDITOR,
        )
        asker = User.objects.create(email=f"{prefix}-asker{number:03d}@example.org")
        JoinRequest.objects.create(organization=organization, user=asker, message="Bonjour")


# ---------------------------------------------------------------------------
# Members page
# ---------------------------------------------------------------------------


def test_member_list_visitor_redirected_to_sign_in(client, organization_a, admin_a):
    response = client.get(members_url(organization_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_member_list_viewer_reads_only(signed_in, organization_a, admin_a, member_a):
    response = signed_in(member_a).get(members_url(organization_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert "admin.a@example.org" in content
    assert "member.a@example.org" in content
    assert "Administrator" in content
    assert "Member since" in content
    assert response.context["can_manage"] is False
    assert 'name="role"' not in content
    assert invite_url(organization_a) not in content
    assert "Leave Organization A" in content


def test_member_list_administrator_gets_forms(signed_in, organization_a, admin_a, member_a):
    response = signed_in(admin_a).get(members_url(organization_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    assert invite_url(organization_a) in content
    assert change_url(membership_of(member_a, organization_a)) in content
    assert 'id="id_member-' in content
    assert "Role of member.a@example.org" in content


def test_member_list_coordinator_reads_only(signed_in, organization_a, admin_a, coordinator):
    response = signed_in(coordinator).get(members_url(organization_a))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert "admin.a@example.org" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin_b", "stranger"])
def test_member_list_forbidden_to_outsiders(
    request, signed_in, organization_a, admin_a, admin_b, persona
):
    user = admin_b if persona == "admin_b" else make_user("stranger@example.org")

    response = signed_in(user).get(members_url(organization_a))

    assert response.status_code == 403
    assert "admin.a@example.org" not in response.content.decode()
    assert "Only the members of Organization A" in response.content.decode()


def test_member_list_unknown_organization(signed_in, admin_a):
    response = signed_in(admin_a).get("/en/organizations/no-such-organization/members/")

    assert response.status_code == 404


def test_member_list_pending_organization(signed_in, make_organization):
    pending = make_organization(name="Pending Org", verification_status="pending")
    registrant = make_user("registrant@example.org")
    services.add_member(pending, registrant, Role.ADMINISTRATOR)

    response = signed_in(registrant).get(members_url(pending))

    assert response.status_code == 200
    assert f'href="{pending.get_absolute_url()}"' not in response.content.decode()


def test_member_list_shows_invitations_and_requests(signed_in, organization_a, admin_a):
    services.invite_member(admin_a, organization_a, "new.person@example.org", Role.EDITOR)
    asker = make_user("asker@example.org")
    services.request_to_join(asker, organization_a, "I coordinate the employment program.")

    response = signed_in(admin_a).get(members_url(organization_a))

    content = response.content.decode()
    assert "new.person@example.org" in content
    assert "Valid until" in content
    assert "asker@example.org" in content
    assert "I coordinate the employment program." in content
    join_request = JoinRequest.objects.get(user=asker)
    assert decide_url(join_request) in content


def test_member_list_in_french(signed_in, organization_a, admin_a, member_a):
    response = signed_in(member_a).get(f"/fr/organizations/{organization_a.slug}/members/")

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_member_list_query_count_is_constant(signed_in, organization_a, admin_a):
    client = signed_in(admin_a)
    url = members_url(organization_a)
    add_members(organization_a, 4, prefix="few")
    with CaptureQueriesContext(connection) as few:
        few_response = client.get(url)

    add_members(organization_a, 45, prefix="many")
    with CaptureQueriesContext(connection) as many:
        many_response = client.get(url)

    assert few_response.status_code == 200
    assert many_response.status_code == 200
    assert len(few_response.context["rows"]) == 5
    assert len(many_response.context["rows"]) == 50
    assert len(many_response.context["join_requests"]) == 49
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


# ---------------------------------------------------------------------------
# Inviting: permissions and bad input (emails are in test_invitations.py)
# ---------------------------------------------------------------------------


def test_invite_by_administrator(
    signed_in, organization_a, admin_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admin_a).post(
            invite_url(organization_a),
            {"invite-email": "new@example.org", "invite-role": "editor"},
        )

    assert response.status_code == 302
    assert response["Location"] == members_url(organization_a)
    invitation = Invitation.objects.get()
    assert invitation.email == "new@example.org"
    assert invitation.role == Role.EDITOR
    assert invitation.invited_by == admin_a
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "coordinator"])
def test_invite_forbidden(
    request, signed_in, organization_a, admin_a, persona, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(persona)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(user).post(
            invite_url(organization_a),
            {"invite-email": "new@example.org", "invite-role": "viewer"},
        )

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_visitor_redirected(client, organization_a, admin_a):
    response = client.post(
        invite_url(organization_a), {"invite-email": "new@example.org", "invite-role": "viewer"}
    )

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Invitation.objects.exists()


def test_invite_get_not_allowed(signed_in, organization_a, admin_a):
    response = signed_in(admin_a).get(invite_url(organization_a))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"invite-email": "", "invite-role": "viewer"}, "email", "Enter the email address"),
        ({"invite-email": "not-an-address", "invite-role": "viewer"}, "email", "valid email"),
        ({"invite-email": "a@example.org", "invite-role": "owner"}, "role", "Choose a role"),
        ({"invite-email": "a@example.org"}, "role", "This field is required"),
        (
            {"invite-email": "MEMBER.A@example.org", "invite-role": "viewer"},
            "email",
            "already a member",
        ),
    ],
    ids=["missing-email", "invalid-email", "unknown-role", "missing-role", "existing-member"],
)
def test_invite_bad_input(
    signed_in,
    organization_a,
    admin_a,
    member_a,
    data,
    field,
    message,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admin_a).post(invite_url(organization_a), data)

    assert response.status_code == 400
    form = response.context["invite_form"]
    assert message in " ".join(form.errors[field])
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert f'href="#id_invite-{field}"' in content
    assert 'aria-invalid="true"' in content
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Changing roles
# ---------------------------------------------------------------------------


def test_change_role_by_administrator(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(member_a, organization_a)

    response = signed_in(admin_a).post(change_url(membership), {"action": "role", "role": "editor"})

    assert response.status_code == 302
    assert role_of(member_a, organization_a) == Role.EDITOR
    follow = signed_in(admin_a).get(members_url(organization_a))
    assert "member.a@example.org is now Editor." in follow.content.decode()


def test_change_role_grants_permissions(signed_in, organization_a, admin_a, member_a):
    from partners import permissions

    membership = membership_of(member_a, organization_a)

    signed_in(admin_a).post(change_url(membership), {"action": "role", "role": "administrator"})

    assert permissions.has_object_permission(member_a, permissions.MANAGE_MEMBERS, organization_a)


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "coordinator"])
def test_change_role_forbidden(request, signed_in, organization_a, admin_a, member_a, persona):
    user = request.getfixturevalue(persona)
    membership = membership_of(member_a, organization_a)

    response = signed_in(user).post(
        change_url(membership), {"action": "role", "role": "administrator"}
    )

    assert response.status_code == 403
    assert role_of(member_a, organization_a) == Role.VIEWER


def test_change_role_visitor_redirected(client, organization_a, admin_a, member_a):
    membership = membership_of(member_a, organization_a)

    response = client.post(change_url(membership), {"action": "role", "role": "administrator"})

    assert response.status_code == 302
    assert role_of(member_a, organization_a) == Role.VIEWER


def test_change_role_own_role_needs_manage(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(member_a, organization_a)

    response = signed_in(member_a).post(
        change_url(membership), {"action": "role", "role": "administrator"}
    )

    assert response.status_code == 403
    assert role_of(member_a, organization_a) == Role.VIEWER


def test_change_role_last_administrator_refused(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(admin_a, organization_a)

    response = signed_in(admin_a).post(change_url(membership), {"action": "role", "role": "viewer"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "needs at least one administrator" in content
    assert f'href="#id_member-{membership.pk}-role"' in content
    assert f'id="id_member-{membership.pk}-role-error"' in content
    assert role_of(admin_a, organization_a) == Role.ADMINISTRATOR


def test_change_role_administrator_steps_down(signed_in, organization_a, admin_a):
    second = make_user("second.admin@example.org")
    services.add_member(organization_a, second, Role.ADMINISTRATOR)
    membership = membership_of(admin_a, organization_a)

    response = signed_in(admin_a).post(change_url(membership), {"action": "role", "role": "viewer"})

    assert response.status_code == 302
    assert role_of(admin_a, organization_a) == Role.VIEWER


@pytest.mark.parametrize("role", ["", "owner", "ADMINISTRATOR"])
def test_change_role_invalid_value(signed_in, organization_a, admin_a, member_a, role):
    membership = membership_of(member_a, organization_a)

    response = signed_in(admin_a).post(change_url(membership), {"action": "role", "role": role})

    assert response.status_code == 400
    assert "Choose a role" in response.content.decode()
    assert role_of(member_a, organization_a) == Role.VIEWER


def test_change_role_service_rejects_unknown_role(organization_a, admin_a, member_a):
    with pytest.raises(ValidationError) as raised:
        services.change_role(admin_a, membership_of(member_a, organization_a), "owner")

    assert "role" in raised.value.message_dict
    assert role_of(member_a, organization_a) == Role.VIEWER


def test_change_role_membership_of_other_organization(
    signed_in, organization_a, admin_a, admin_b, organization_b
):
    membership = membership_of(admin_b, organization_b)
    url = reverse(
        "partners:member-change",
        kwargs={"slug": organization_a.slug, "membership_id": membership.pk},
    )

    response = signed_in(admin_a).post(url, {"action": "role", "role": "viewer"})

    assert response.status_code == 404
    assert role_of(admin_b, organization_b) == Role.ADMINISTRATOR


@pytest.mark.parametrize(("persona", "status"), [("admin_a", 400), ("member_a", 403)])
def test_member_change_unknown_action(
    request, signed_in, organization_a, admin_a, member_a, persona, status
):
    user = request.getfixturevalue(persona)
    membership = membership_of(member_a, organization_a)

    response = signed_in(user).post(change_url(membership), {"action": "promote"})

    assert response.status_code == status
    assert role_of(member_a, organization_a) == Role.VIEWER


# ---------------------------------------------------------------------------
# Removing and leaving
# ---------------------------------------------------------------------------


def test_remove_asks_for_confirmation(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(member_a, organization_a)

    response = signed_in(admin_a).post(change_url(membership), {"action": "remove"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Remove member.a@example.org?" in content
    assert 'name="confirm" value="yes"' in content
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_confirmed(signed_in, organization_a, admin_a, member_a):
    from partners import permissions

    membership = membership_of(member_a, organization_a)

    response = signed_in(admin_a).post(
        change_url(membership), {"action": "remove", "confirm": "yes"}
    )

    assert response.status_code == 302
    assert response["Location"] == members_url(organization_a)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not permissions.has_object_permission(member_a, permissions.VIEW_PRIVATE, organization_a)


@pytest.mark.parametrize("persona", ["member_a", "admin_b", "coordinator"])
def test_remove_forbidden(request, signed_in, organization_a, admin_a, editor_a, persona):
    user = request.getfixturevalue(persona)
    membership = membership_of(editor_a, organization_a)

    response = signed_in(user).post(change_url(membership), {"action": "remove", "confirm": "yes"})

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_remove_last_administrator_refused(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(admin_a, organization_a)

    response = signed_in(admin_a).post(
        change_url(membership), {"action": "remove", "confirm": "yes"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "needs at least one administrator" in content
    assert f'href="#remove-{membership.pk}"' in content
    assert f'aria-describedby="remove-{membership.pk}-error"' in content
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_leaves(signed_in, organization_a, admin_a, member_a):
    membership = membership_of(member_a, organization_a)
    client = signed_in(member_a)

    confirm = client.post(change_url(membership), {"action": "remove"})
    response = client.post(change_url(membership), {"action": "remove", "confirm": "yes"})

    assert "Leave Organization A?" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == organization_a.get_absolute_url()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client.get(members_url(organization_a)).status_code == 403


def test_last_administrator_cannot_leave(signed_in, organization_a, admin_a):
    membership = membership_of(admin_a, organization_a)

    response = signed_in(admin_a).post(
        change_url(membership), {"action": "remove", "confirm": "yes"}
    )

    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_leave_with_another_administrator(signed_in, organization_a, admin_a):
    services.add_member(organization_a, make_user("second.admin@example.org"), Role.ADMINISTRATOR)
    membership = membership_of(admin_a, organization_a)

    response = signed_in(admin_a).post(
        change_url(membership), {"action": "remove", "confirm": "yes"}
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_leave_pending_organization_goes_home(signed_in, make_organization):
    pending = make_organization(name="Pending Org", verification_status="pending")
    founder = make_user("founder@example.org")
    services.add_member(pending, founder, Role.ADMINISTRATOR)
    viewer = make_user("viewer@example.org")
    services.add_member(pending, viewer, Role.VIEWER)

    response = signed_in(viewer).post(
        change_url(membership_of(viewer, pending)), {"action": "remove", "confirm": "yes"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/"


# ---------------------------------------------------------------------------
# Deciding requests to join
# ---------------------------------------------------------------------------


@pytest.fixture
def asker(organization_a):
    return make_user("asker@example.org", preferred_language="fr")


@pytest.fixture
def pending_request(asker, organization_a) -> JoinRequest:
    return services.request_to_join(asker, organization_a, "Bonjour")


def test_approve_join_request(signed_in, organization_a, admin_a, asker, pending_request):
    response = signed_in(admin_a).post(decide_url(pending_request), {"decision": "approve"})

    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.APPROVED
    assert pending_request.decided_by == admin_a
    assert role_of(asker, organization_a) == Role.VIEWER


def test_decline_join_request(signed_in, organization_a, admin_a, asker, pending_request):
    response = signed_in(admin_a).post(decide_url(pending_request), {"decision": "decline"})

    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=asker).exists()


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "coordinator"])
def test_decide_join_request_forbidden(
    request, signed_in, organization_a, admin_a, asker, pending_request, persona
):
    user = request.getfixturevalue(persona)

    response = signed_in(user).post(decide_url(pending_request), {"decision": "approve"})

    assert response.status_code == 403
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(user=asker).exists()


def test_decide_join_request_visitor_redirected(client, admin_a, pending_request):
    response = client.post(decide_url(pending_request), {"decision": "approve"})

    assert response.status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.PENDING


def test_decide_join_request_twice(signed_in, organization_a, admin_a, pending_request):
    client = signed_in(admin_a)
    client.post(decide_url(pending_request), {"decision": "decline"})

    response = client.post(decide_url(pending_request), {"decision": "approve"})

    assert response.status_code == 400
    assert "already been decided" in response.content.decode()
    assert 'href="#join-requests"' in response.content.decode()
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.DECLINED


@pytest.mark.parametrize("decision", ["", "maybe"])
def test_decide_join_request_unknown_decision(signed_in, admin_a, pending_request, decision):
    response = signed_in(admin_a).post(decide_url(pending_request), {"decision": decision})

    assert response.status_code == 400
    assert "approve" in response.content.decode()
    pending_request.refresh_from_db()
    assert pending_request.status == JoinRequest.Status.PENDING


def test_decide_join_request_of_other_organization(
    signed_in, admin_a, organization_a, admin_b, organization_b
):
    other_request = services.request_to_join(make_user("x@example.org"), organization_b)
    url = reverse(
        "partners:join-request-decide",
        kwargs={"slug": organization_a.slug, "request_id": other_request.pk},
    )

    response = signed_in(admin_a).post(url, {"decision": "approve"})

    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.status == JoinRequest.Status.PENDING


def test_approve_keeps_role_of_existing_member(organization_a, admin_a, asker, pending_request):
    services.add_member(organization_a, asker, Role.ADMINISTRATOR)

    services.decide_join_request(admin_a, pending_request, approve=True)

    assert role_of(asker, organization_a) == Role.ADMINISTRATOR


# ---------------------------------------------------------------------------
# Asking to join
# ---------------------------------------------------------------------------


def test_join_visitor_redirected(client, organization_a):
    response = client.get(join_url(organization_a))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_join_form_shown(signed_in, organization_a, asker):
    response = signed_in(asker).get(join_url(organization_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="message"' in content
    assert 'maxlength="2000"' in content
    assert 'aria-describedby="id_message-help"' in content


def test_join_request_created(signed_in, organization_a, admin_a, asker):
    client = signed_in(asker)

    response = client.post(join_url(organization_a), {"message": "  I run the job fair.  "})

    assert response.status_code == 302
    join_request = JoinRequest.objects.get(user=asker)
    assert join_request.message == "I run the job fair."
    assert join_request.status == JoinRequest.Status.PENDING
    page = client.get(join_url(organization_a)).content.decode()
    assert "have not decided yet" in page
    assert "I run the job fair." in page
    assert 'name="message"' not in page


def test_join_request_without_message(signed_in, organization_a, asker):
    response = signed_in(asker).post(join_url(organization_a), {})

    assert response.status_code == 302
    assert JoinRequest.objects.get(user=asker).message == ""


def test_join_second_request_shows_first(signed_in, organization_a, asker, pending_request):
    response = signed_in(asker).post(join_url(organization_a), {"message": "Second"})

    assert response.status_code == 200
    assert response.context["pending"] == pending_request
    assert JoinRequest.objects.filter(user=asker).count() == 1
    assert JoinRequest.objects.get(user=asker).message == "Bonjour"


def test_join_after_decline_allowed(signed_in, organization_a, admin_a, asker, pending_request):
    services.decide_join_request(admin_a, pending_request, approve=False)

    response = signed_in(asker).post(join_url(organization_a), {"message": "Again"})

    assert response.status_code == 302
    assert JoinRequest.objects.filter(user=asker).count() == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_join_member_told_already_member(signed_in, organization_a, member_a, method):
    response = getattr(signed_in(member_a), method)(join_url(organization_a), {"message": "Hi"})

    assert response.status_code == (200 if method == "get" else 400)
    assert "already a member" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_message_too_long(signed_in, organization_a, asker):
    response = signed_in(asker).post(join_url(organization_a), {"message": "x" * 2001})

    assert response.status_code == 400
    errors = response.context["form"].errors["message"]
    assert "2000 characters or fewer (it has 2001)" in errors[0]
    assert 'href="#id_message"' in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_message_at_limit(signed_in, organization_a, asker):
    response = signed_in(asker).post(join_url(organization_a), {"message": "x" * 2000})

    assert response.status_code == 302
    assert len(JoinRequest.objects.get(user=asker).message) == 2000


def test_join_service_rejects_long_message(organization_a, asker):
    with pytest.raises(ValidationError) as raised:
        services.request_to_join(asker, organization_a, "x" * 2001)

    assert "message" in raised.value.message_dict
    assert not JoinRequest.objects.exists()


def test_join_hidden_organization_not_found(signed_in, make_organization, asker):
    pending = make_organization(name="Pending Org", verification_status="pending")

    response = signed_in(asker).post(join_url(pending), {"message": "Hi"})

    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_join_page_in_french(signed_in, organization_a, asker):
    with translation.override("fr"):
        url = join_url(organization_a)

    response = signed_in(asker).get(url)

    assert url.startswith("/fr/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
