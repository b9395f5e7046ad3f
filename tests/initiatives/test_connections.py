"""The "Connect" flow: contacts go out only after acceptance, once, in each recipient's language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from initiatives import services
from initiatives.models import ConnectionEmail, ConnectionRequest, Initiative
from partners.models import Organization, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiatives_ab(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
) -> tuple[Initiative, Initiative]:
    mine = make_initiative(
        organization_a, title_en="Mentoring in Manitoba", title_fr="Mentorat au Manitoba"
    )
    theirs = make_initiative(
        organization_b,
        title_en="Mentoring in New Brunswick",
        title_fr="Mentorat au Nouveau-Brunswick",
        contact_name="Équipe NB",
        contact_email="public.nb@example.org",
    )
    return mine, theirs


def send_request(
    user: User, mine: Initiative, theirs: Initiative, capture: Callable
) -> ConnectionRequest:
    with capture(execute=True):
        return services.request_connection(user, mine, theirs, "We run the same program.")


def test_request_tells_lead_nothing_personal(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab

    send_request(member_a, mine, theirs, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [admin_b.email]
    assert (
        "Mentorat au Manitoba" in message.subject
        or "Mentorat au Nouveau-Brunswick" in message.subject
    )
    assert message.extra_headers["Content-Language"] == "fr"
    body = str(message.body) + str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert member_a.email not in body
    assert "Organization A" in body
    assert "We run the same program." in body


def test_accept_shares_contacts_once_each_language(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    connection = send_request(member_a, mine, theirs, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_connection(admin_b, connection, accept=True)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    assert admin_b.email in by_recipient[member_a.email].body
    assert "public.nb@example.org" in by_recipient[member_a.email].body
    assert by_recipient[member_a.email].extra_headers["Content-Language"] == "en"
    assert member_a.email in by_recipient[admin_b.email].body
    assert by_recipient[admin_b.email].extra_headers["Content-Language"] == "fr"

    assert services.send_connection_emails(connection.pk) == 0
    assert len(mail.outbox) == 2
    assert set(ConnectionEmail.objects.values_list("state", flat=True)) == {"sent"}


def test_decline_shares_no_contact(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    connection = send_request(member_a, mine, theirs, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_connection(admin_b, connection, accept=False)

    assert [message.to for message in mail.outbox] == [[member_a.email]]
    assert admin_b.email not in mail.outbox[0].body
    assert "public.nb@example.org" not in mail.outbox[0].body


def test_second_decision_is_rejected(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    connection = send_request(member_a, mine, theirs, django_capture_on_commit_callbacks)
    services.decide_connection(admin_b, connection, accept=True)

    with pytest.raises(ValidationError):
        services.decide_connection(admin_b, connection, accept=False)
    assert ConnectionEmail.objects.filter(kind="declined").count() == 0


def test_duplicate_pending_request_rejected(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    send_request(member_a, mine, theirs, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        services.request_connection(member_a, mine, theirs)


def test_claimed_email_is_not_sent_again(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
) -> None:
    mine, theirs = initiatives_ab
    connection = services.request_connection(member_a, mine, theirs)
    ConnectionEmail.objects.filter(connection=connection).update(state="sending")

    assert services.send_connection_emails(connection.pk) == 0
    assert mail.outbox == []


def test_failed_email_is_marked_not_retried(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, theirs = initiatives_ab
    connection = services.request_connection(member_a, mine, theirs)

    def fail(**kwargs: object) -> None:
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_email", fail)
    assert services.send_connection_emails(connection.pk) == 0
    monkeypatch.undo()
    assert services.send_connection_emails(connection.pk) == 0
    assert list(ConnectionEmail.objects.values_list("state", flat=True)) == ["failed"]


def test_wrong_people_cannot_request_or_decide(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    make_user_fixture: Callable[[str], User],
) -> None:
    mine, theirs = initiatives_ab
    stranger = make_user_fixture("stranger@example.org")

    with pytest.raises(PermissionDenied):
        services.request_connection(stranger, mine, theirs)
    with pytest.raises(PermissionDenied):
        services.request_connection(admin_b, mine, theirs)
    connection = services.request_connection(member_a, mine, theirs)
    with pytest.raises(PermissionDenied):
        services.decide_connection(member_a, connection, accept=True)
    with pytest.raises(PermissionDenied):
        services.decide_connection(stranger, connection, accept=True)


def test_cannot_connect_to_hidden_initiative(
    make_initiative: Callable[..., Initiative],
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    hidden_organization: Organization,
    signed_in: Callable,
) -> None:
    mine, _theirs = initiatives_ab
    hidden = make_initiative(hidden_organization, title_en="Hidden")

    with pytest.raises(PermissionDenied):
        services.request_connection(member_a, mine, hidden)
    client = signed_in(member_a)
    assert client.get(f"/en/initiatives/{hidden.pk}/connect/").status_code == 404
    response = client.post(
        "/api/v1/initiative-connections/",
        {"from_initiative": mine.pk, "to_initiative": hidden.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_pages_flow(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    client: Client,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/initiatives/{theirs.pk}/connect/",
            {"from_initiative": mine.pk, "message": "Hello"},
        )
    assert response.status_code == 302
    connection = ConnectionRequest.objects.get()

    client.force_login(admin_b)
    listing = client.get("/fr/initiatives/connections/").content.decode()
    assert "Organization A" in listing
    assert member_a.email not in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/initiatives/connections/{connection.pk}/decide/", {"decision": "accept"}
        )
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.status == "accepted"
    assert len(mail.outbox) == 3


def test_api_flow(
    initiatives_ab: tuple[Initiative, Initiative],
    member_a: User,
    admin_b: User,
    client: Client,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    mine, theirs = initiatives_ab
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/initiative-connections/",
            {"from_initiative": mine.pk, "to_initiative": theirs.pk, "message": "Hi"},
            content_type="application/json",
        )
    assert created.status_code == 201
    assert "requested_by" not in created.json()
    pk = created.json()["id"]

    forbidden = client.post(
        f"/api/v1/initiative-connections/{pk}/decide/",
        {"accept": True},
        content_type="application/json",
    )
    assert forbidden.status_code == 403

    client.force_login(admin_b)
    bad = client.post(
        f"/api/v1/initiative-connections/{pk}/decide/", {}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "accept" in bad.json()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            f"/api/v1/initiative-connections/{pk}/decide/",
            {"accept": True},
            content_type="application/json",
        )
    assert decided.status_code == 200
    assert decided.json()["status"] == "accepted"
    again = client.post(
        f"/api/v1/initiative-connections/{pk}/decide/",
        {"accept": False},
        content_type="application/json",
    )
    assert again.status_code == 400
