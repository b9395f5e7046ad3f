"""Coordinators' verification queue: who may open it, approving, rejecting, emails and races."""

from __future__ import annotations

import threading

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from partners import permissions, services
from partners.models import Organization, User, VerificationDecision
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

QUEUE_URL = "/en/coordination/verification/"


def decide_url(organization: Organization, language: str = "en") -> str:
    return f"/{language}/coordination/verification/{organization.slug}/"


@pytest.fixture
def registrant(reference_data):
    return make_user("registrant@example.org")


@pytest.fixture
def french_registrant(reference_data):
    return make_user("inscription@example.org", preferred_language="fr")


@pytest.fixture
def pending(make_organization, registrant):
    return make_organization(
        name="Pending Org",
        verification_status="pending",
        registered_by=registrant,
        website="https://pending.example.org/",
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------------------
# Who may see the queue and decide
# ---------------------------------------------------------------------------


def test_queue_visitor_redirected(client, pending):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_a", "admin_b", "registrant"])
def test_queue_forbidden_to_non_coordinators(request, signed_in, pending, persona):
    user = request.getfixturevalue(persona)

    assert signed_in(user).get(QUEUE_URL).status_code == 403


@pytest.mark.parametrize("persona", ["member_a", "coordinator"])
def test_queue_post_not_allowed(request, signed_in, pending, persona):
    response = signed_in(request.getfixturevalue(persona)).post(QUEUE_URL, {"decision": "approve"})

    pending.refresh_from_db()
    assert response.status_code == 405
    assert pending.verification_status == "pending"


def test_decide_visitor_redirected(client, pending):
    response = client.post(decide_url(pending), {"decision": "approve"})

    pending.refresh_from_db()
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert pending.verification_status == "pending"


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_a", "admin_b", "registrant"])
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_decide_forbidden_to_non_coordinators(request, signed_in, pending, persona, decision):
    user = request.getfixturevalue(persona)

    response = signed_in(user).post(decide_url(pending), {"decision": decision, "reason": "No."})

    pending.refresh_from_db()
    assert response.status_code == 403
    assert pending.verification_status == "pending"
    assert not VerificationDecision.objects.exists()


def test_decide_forbidden_to_registrant_of_own(signed_in, registrant, pending):
    services.add_member(pending, registrant, "administrator")

    response = signed_in(registrant).post(decide_url(pending), {"decision": "approve"})

    assert response.status_code == 403
    assert not VerificationDecision.objects.exists()


def test_decide_get_not_allowed(signed_in, coordinator, pending):
    assert signed_in(coordinator).get(decide_url(pending)).status_code == 405


def test_decide_unknown_slug_404(signed_in, coordinator):
    response = signed_in(coordinator).post(
        "/en/coordination/verification/no-such-org/", {"decision": "approve"}
    )

    assert response.status_code == 404


def test_global_permission_is_not_coordinator(signed_in, admin_b, pending):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Verifiers")
    group.permissions.add(Permission.objects.get(codename="verify_organization"))
    admin_b.groups.add(group)

    assert signed_in(admin_b).get(QUEUE_URL).status_code == 403
    assert signed_in(admin_b).post(decide_url(pending), {"decision": "approve"}).status_code == 403


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


def test_queue_lists_pending_only(signed_in, coordinator, make_organization, pending):
    make_organization(name="Verified Org")
    make_organization(name="Rejected Org", verification_status="rejected")
    make_organization(name="Archived Org", verification_status="archived")

    response = signed_in(coordinator).get(QUEUE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert [row.organization for row in response.context["rows"]] == [pending]
    assert "1 organization waiting" in content
    assert "Verified Org" not in content
    assert "Rejected Org" not in content


def test_queue_shows_registrant_and_date(signed_in, coordinator, pending, registrant):
    registrant.first_name = "Aputi"
    registrant.last_name = "Kilabuk"
    registrant.save()

    content = signed_in(coordinator).get(QUEUE_URL).content.decode()

    assert "Aputi Kilabuk (registrant@example.org)" in content
    assert f'datetime="{localtime(pending.created).isoformat()}"' in content


def test_queue_oldest_first(signed_in, coordinator, make_organization):
    newer = make_organization(name="Newer", verification_status="pending")
    older = make_organization(name="Older", verification_status="pending")
    Organization.objects.filter(pk=older.pk).update(created="2024-01-01T00:00:00Z")

    response = signed_in(coordinator).get(QUEUE_URL)

    assert [row.organization for row in response.context["rows"]] == [older, newer]


def test_queue_shows_likely_duplicates(signed_in, coordinator, make_organization, pending):
    by_name = make_organization(name="PENDING-ORG")
    by_domain = make_organization(name="Elsewhere", website="http://www.pending.example.org")
    make_organization(name="Unrelated", website="https://other.example.org/")

    response = signed_in(coordinator).get(QUEUE_URL)

    row = response.context["rows"][0]
    content = response.content.decode()
    assert set(row.duplicates) == {by_name, by_domain}
    assert f'href="{by_name.get_absolute_url()}"' in content
    assert "Unrelated" not in content


def test_queue_without_duplicates_says_so(signed_in, coordinator, pending):
    content = signed_in(coordinator).get(QUEUE_URL).content.decode()

    assert "None found" in content


def test_queue_empty(signed_in, coordinator):
    content = signed_in(coordinator).get(QUEUE_URL).content.decode()

    assert "No organization is waiting for verification." in content


def test_queue_forms_have_unique_ids(signed_in, coordinator, make_organization):
    first = make_organization(name="First", verification_status="pending")
    second = make_organization(name="Second", verification_status="pending")

    content = signed_in(coordinator).get(QUEUE_URL).content.decode()

    assert f'id="id_{first.pk}_reason"' in content
    assert f'id="id_{second.pk}_reason"' in content
    assert "Reason for rejecting First" in content


def create_pending(make_organization, start: int, count: int) -> None:
    """Create pending organizations, each with its own registrant and a verified namesake."""
    for number in range(start, start + count):
        registrant = User.objects.create(email=f"registrant{number}@example.org")
        make_organization(
            name=f"Queued {number:03d}",
            verification_status="pending",
            registered_by=registrant,
            website=f"https://queued{number}.example.org/",
        )
        make_organization(name=f"Queued {number:03d}")


def test_queue_query_count_is_constant(signed_in, coordinator, make_organization):
    client = signed_in(coordinator)
    create_pending(make_organization, 0, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE_URL).status_code == 200

    create_pending(make_organization, 5, 45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE_URL)

    assert response.context["page"].paginator.count == 50
    assert len(response.context["rows"]) == 20
    assert all(len(row.duplicates) == 1 for row in response.context["rows"])
    assert len(many) == len(few)


# ---------------------------------------------------------------------------
# Approving
# ---------------------------------------------------------------------------


def test_approve_makes_public(
    client, signed_in, coordinator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator).post(decide_url(pending), {"decision": "approve"})

    pending.refresh_from_db()
    decision = VerificationDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert pending.verification_status == "verified"
    assert decision.decision == "approved"
    assert decision.decided_by == coordinator
    assert "Pending Org is verified" in messages_of(response)[0]
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_approve_emails_registrant_in_english(
    signed_in, coordinator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(coordinator).post(decide_url(pending), {"decision": "approve"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["registrant@example.org"]
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "Pending Org is now listed in the Partnership Network Hub"
    assert f"/en/organizations/{pending.slug}/" in message.body


def test_approve_emails_registrant_in_french(
    signed_in, coordinator, make_organization, french_registrant, django_capture_on_commit_callbacks
):
    organization = make_organization(
        name="Organisme en attente", verification_status="pending", registered_by=french_registrant
    )

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(coordinator).post(decide_url(organization), {"decision": "approve"})

    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert message.to == ["inscription@example.org"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert f"/fr/organizations/{organization.slug}/" in message.body


# ---------------------------------------------------------------------------
# Rejecting
# ---------------------------------------------------------------------------


def test_reject_needs_reason(signed_in, coordinator, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator).post(
            decide_url(pending), {"decision": "reject", "reason": "   "}
        )

    content = response.content.decode()
    pending.refresh_from_db()
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert f'id="id_{pending.pk}_reason-error"' in content
    assert f'<a href="#id_{pending.pk}_reason">' in content
    assert 'aria-invalid="true"' in content
    assert pending.verification_status == "pending"
    assert not VerificationDecision.objects.exists()
    assert mail.outbox == []


def test_reject_reason_too_long(signed_in, coordinator, pending):
    response = signed_in(coordinator).post(
        decide_url(pending), {"decision": "reject", "reason": "x" * 2001}
    )

    pending.refresh_from_db()
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert pending.verification_status == "pending"


@pytest.mark.parametrize("decision", ["", "maybe", "verified"])
def test_decide_bad_decision_400(signed_in, coordinator, pending, decision):
    response = signed_in(coordinator).post(decide_url(pending), {"decision": decision})

    pending.refresh_from_db()
    assert response.status_code == 400
    assert "decision" in response.context["form"].errors
    assert pending.verification_status == "pending"


def test_reject_saves_reason(signed_in, coordinator, pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(coordinator).post(
            decide_url(pending), {"decision": "reject", "reason": "  The website does not work.  "}
        )

    pending.refresh_from_db()
    decision = VerificationDecision.objects.get()
    assert response.status_code == 302
    assert pending.verification_status == "rejected"
    assert decision.reason == "The website does not work."
    assert decision.decided_by == coordinator
    assert "Pending Org is rejected" in messages_of(response)[0]


def test_reject_emails_reason_in_french(
    signed_in, coordinator, make_organization, french_registrant, django_capture_on_commit_callbacks
):
    organization = make_organization(
        name="Organisme refusé", verification_status="pending", registered_by=french_registrant
    )

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(coordinator).post(
            decide_url(organization), {"decision": "reject", "reason": "Le site ne répond pas."}
        )

    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == ["inscription@example.org"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Le site ne répond pas." in message.body
    assert '<html lang="fr">' in str(message.alternatives[0][0])


def test_reject_page_in_french(signed_in, coordinator, pending):
    response = signed_in(coordinator).post(
        decide_url(pending, "fr"), {"decision": "reject", "reason": ""}
    )

    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


# ---------------------------------------------------------------------------
# Deciding twice
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_decide_already_decided(signed_in, coordinator, pending, second):
    other = make_user("other.coordinator@example.org", is_staff=True)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={"secret": "x"})
    services.verify_organization(coordinator, pending)

    response = signed_in(other).post(decide_url(pending), {"decision": second, "reason": "No."})

    pending.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    assert "Another coordinator has already decided on Pending Org" in messages_of(response)[0]
    assert "verified" in messages_of(response)[0]
    assert pending.verification_status == "verified"
    assert VerificationDecision.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: SQLite locks the whole database for each writer, so two "
        "decisions cannot race there."
    ),
)
@pytest.mark.django_db(transaction=True)
def test_decide_concurrent_one_wins(make_organization):
    from allauth.mfa.models import Authenticator

    organization = make_organization(name="Raced Org", verification_status="pending")
    coordinators = []
    for number in range(2):
        user = make_user(f"coordinator{number}@example.org")
        user.groups.add(permissions.coordinators_group())
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
        coordinators.append(user)
    barrier = threading.Barrier(2)
    results: list[tuple[int, list[str]]] = []
    errors: list[BaseException] = []

    def decide(user, data) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            response = client.post(decide_url(organization), data)
            results.append((response.status_code, messages_of(response)))
        except BaseException as error:  # Reported by the assert on `errors`.
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(coordinators[0], {"decision": "approve"})),
        threading.Thread(
            target=decide, args=(coordinators[1], {"decision": "reject", "reason": "Duplicate."})
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    organization.refresh_from_db()
    all_messages = [message for _status, messages in results for message in messages]
    assert errors == []
    assert [status for status, _messages in results] == [302, 302]
    assert VerificationDecision.objects.filter(organization=organization).count() == 1
    assert organization.verification_status in {"verified", "rejected"}
    assert sum("already decided" in message for message in all_messages) == 1


# ---------------------------------------------------------------------------
# services.likely_duplicates_of
# ---------------------------------------------------------------------------


def test_likely_duplicates_of_matches_single_lookup(make_organization):
    first = make_organization(name="Alpha Emploi", verification_status="pending")
    second = make_organization(
        name="Beta", verification_status="pending", website="https://beta.example.org/"
    )
    alpha_twin = make_organization(name="ALPHA-EMPLOI")
    beta_twin = make_organization(name="Beta Jobs", website="https://www.beta.example.org/x")
    make_organization(name="Alpha Emploi", verification_status="archived")

    with CaptureQueriesContext(connection) as queries:
        found = services.likely_duplicates_of([first, second])

    assert len(queries) == 1
    assert found == {first.pk: [alpha_twin], second.pk: [beta_twin]}
    assert set(services.find_likely_duplicates(first.name)) == {first, alpha_twin}


def test_likely_duplicates_of_empty():
    assert services.likely_duplicates_of([]) == {}
