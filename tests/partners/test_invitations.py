"""Invitations: the email, its language and link, and accepting it once before it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation

from partners import permissions, services
from partners.models import Invitation, Membership, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request to a /fr/ page leaves French active in the thread."""
    with translation.override("en"):
        yield


def accept_url(invitation) -> str:
    return reverse("partners:invitation-accept", kwargs={"token": invitation.token})


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Return a function that invites through the service and sends the email it queues.

    The service sends the email once its transaction commits, and a test's
    transaction never commits, so the function runs the queued callbacks.
    """

    def send(administrator, organization, email: str, role: str = Role.VIEWER) -> Invitation:
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_member(administrator, organization, email, role)

    return send


def is_member(user, organization) -> bool:
    return Membership.objects.filter(user=user, organization=organization).exists()


# ---------------------------------------------------------------------------
# The email
# ---------------------------------------------------------------------------


def test_invitation_email_for_new_address(organization_a, admin_a, invite):
    invitation = invite(admin_a, organization_a, "new.person@example.org", Role.EDITOR)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new.person@example.org"]
    assert email.subject == "You are invited to join Organization A in the Partnership Network Hub"
    assert email.extra_headers["Content-Language"] == "en"
    assert "as Editor" in email.body
    assert "admin.a@example.org" in email.body
    assert f"http://127.0.0.1:8000/en/invitations/{invitation.token}/" in email.body
    assert isinstance(email, EmailMultiAlternatives)
    html = str(email.alternatives[0][0])
    assert f'href="http://127.0.0.1:8000/en/invitations/{invitation.token}/"' in html
    assert '<html lang="en">' in html


def test_invitation_expires_in_14_days(organization_a, admin_a, invite):
    before = timezone.now()

    invitation = invite(admin_a, organization_a, "new.person@example.org")

    assert before + timedelta(days=14) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + timedelta(days=14)


def test_invitation_email_in_invitee_language(organization_a, admin_a, admin_b, invite):
    invitation = invite(admin_a, organization_a, "Admin.B@example.org")

    email = mail.outbox[0]
    assert email.extra_headers["Content-Language"] == "fr"
    with translation.override("fr"):
        expected = translation.gettext(
            "You are invited to join %(name)s in the Partnership Network Hub"
        ) % {"name": "Organization A"}
    assert email.subject == expected
    assert f"/fr/invitations/{invitation.token}/" in email.body


def test_invitation_email_in_inviter_language(organization_b, admin_b, invite):
    invitation = invite(admin_b, organization_b, "nobody.yet@example.org")

    email = mail.outbox[0]
    assert email.extra_headers["Content-Language"] == "fr"
    assert f"/fr/invitations/{invitation.token}/" in email.body


def test_invitation_email_sent_only_on_commit(
    organization_a, admin_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_member(admin_a, organization_a, "new.person@example.org", Role.VIEWER)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_invitation_renewed_for_same_address(organization_a, admin_a, invite):
    first = invite(admin_a, organization_a, "new.person@example.org", Role.VIEWER)
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(days=1))

    second = invite(admin_a, organization_a, "NEW.PERSON@example.org", Role.EDITOR)

    assert second.pk == first.pk
    assert Invitation.objects.count() == 1
    second.refresh_from_db()
    assert second.role == Role.EDITOR
    assert not second.is_expired
    assert len(mail.outbox) == 2


def test_invitation_service_rejects_bad_input(organization_a, admin_a, invite):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as bad_role:
        invite(admin_a, organization_a, "new.person@example.org", "owner")
    with pytest.raises(ValidationError) as bad_email:
        invite(admin_a, organization_a, "not an address")

    assert "role" in bad_role.value.message_dict
    assert "email" in bad_email.value.message_dict
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# The invitation page
# ---------------------------------------------------------------------------


@pytest.fixture
def invitation(organization_a, admin_a, invite) -> Invitation:
    invitation = invite(admin_a, organization_a, "Marie.Cote@Example.org", Role.EDITOR)
    mail.outbox.clear()
    return invitation


@pytest.fixture
def marie(organization_a):
    return make_user("marie.cote@example.org")


def test_accept_visitor_redirected_to_sign_in(client, invitation):
    url = accept_url(invitation)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={url}"


def test_accept_page_shows_invitation(signed_in, invitation, marie):
    response = signed_in(marie).get(accept_url(invitation))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Invitation to join Organization A" in content
    assert "Editor" in content
    assert "admin.a@example.org" in content
    assert "Accept and join Organization A" in content
    assert not is_member(marie, invitation.organization)


def test_accept_ignores_email_capitalization(signed_in, invitation, marie, organization_a):
    response = signed_in(marie).post(accept_url(invitation))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "partners:member-list", kwargs={"slug": organization_a.slug}
    )
    membership = Membership.objects.get(user=marie, organization=organization_a)
    assert membership.role == Role.EDITOR
    assert permissions.has_object_permission(marie, permissions.CHANGE, organization_a)
    invitation.refresh_from_db()
    assert invitation.accepted_by == marie
    assert invitation.accepted_at is not None


def test_accept_twice_refused(signed_in, invitation, marie):
    client = signed_in(marie)
    client.post(accept_url(invitation))

    again = client.post(accept_url(invitation))
    page = client.get(accept_url(invitation))

    assert again.status_code == 400
    assert "already used" in again.content.decode()
    assert page.status_code == 400
    assert Membership.objects.filter(user=marie).count() == 1


def test_accept_used_link_other_account(signed_in, invitation, marie, member_a):
    signed_in(marie).post(accept_url(invitation))

    response = signed_in(member_a).post(accept_url(invitation))

    assert response.status_code == 400
    assert Membership.objects.get(user=member_a).role == Role.VIEWER


@pytest.mark.parametrize("method", ["get", "post"])
def test_accept_expired_refused(signed_in, invitation, marie, method):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = getattr(signed_in(marie), method)(accept_url(invitation))

    assert response.status_code == 400
    content = response.content.decode()
    assert "This invitation has expired. Ask the organization for a new one." in content
    assert "Accept and join" not in content
    assert not is_member(marie, invitation.organization)


def test_accept_just_before_expiry(signed_in, invitation, marie):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(seconds=30)
    )

    response = signed_in(marie).post(accept_url(invitation))

    assert response.status_code == 302
    assert is_member(marie, invitation.organization)


@pytest.mark.parametrize("method", ["get", "post"])
def test_accept_other_address_refused(signed_in, invitation, member_a, method):
    response = getattr(signed_in(member_a), method)(accept_url(invitation))

    assert response.status_code == 400
    content = response.content.decode()
    assert "sent to another email address" in content
    assert reverse("account_logout") in content
    assert Membership.objects.get(user=member_a).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accept_by_other_organization_admin_refused(signed_in, invitation, admin_b):
    response = signed_in(admin_b).post(accept_url(invitation))

    assert response.status_code == 400
    assert not is_member(admin_b, invitation.organization)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 500])
def test_accept_unknown_token(signed_in, marie, method, token):
    url = reverse("partners:invitation-accept", kwargs={"token": token})

    response = getattr(signed_in(marie), method)(url)

    assert response.status_code == 404
    assert "Invitation not found" in response.content.decode()
    assert not Membership.objects.filter(user=marie).exists()


def test_accept_keeps_role_of_existing_member(signed_in, organization_a, admin_a, invite):
    person = make_user("person@example.org")
    invitation = invite(admin_a, organization_a, "person@example.org", Role.VIEWER)
    services.add_member(organization_a, person, Role.ADMINISTRATOR)

    response = signed_in(person).post(accept_url(invitation))

    assert response.status_code == 302
    assert Membership.objects.get(user=person).role == Role.ADMINISTRATOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accept_page_in_french(signed_in, invitation, marie):
    url = f"/fr/invitations/{invitation.token}/"

    response = signed_in(marie).get(url)

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
