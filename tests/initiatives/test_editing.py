"""Creating and editing initiatives, partners' proposals, and the history they keep."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from initiatives import services
from initiatives.models import ChangeProposal, Initiative
from partners.models import Organization, Theme, User

pytestmark = pytest.mark.django_db


def test_editor_creates_on_page(
    client: Client, editor_a: User, organization_a: Organization, reference_data: None
) -> None:
    client.force_login(editor_a)
    response = client.post(
        "/en/initiatives/new/",
        {
            "lead_organization": organization_a.pk,
            "title_fr": "Emploi et handicap",
            "kind": "project",
            "status": "planned",
            "themes": [Theme.objects.get(number=3).pk],
            "links": "https://example.org/report",
        },
    )

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.title_fr == "Emploi et handicap"
    assert initiative.history.filter(history_type="+").count() == 1


def test_form_errors_are_on_fields(
    client: Client, editor_a: User, organization_a: Organization, reference_data: None
) -> None:
    client.force_login(editor_a)
    response = client.post(
        "/en/initiatives/new/",
        {
            "lead_organization": organization_a.pk,
            "kind": "project",
            "status": "planned",
            "links": "javascript:alert(1)",
            "funding_program": "NOPE1",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "themes" in form.errors
    assert "links" in form.errors
    assert "funding_program" in form.errors
    assert Initiative.objects.count() == 0


def test_viewer_and_other_org_cannot_edit(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    member_a: User,
    admin_b: User,
    coordinator: User,
) -> None:
    initiative = make_initiative(organization_a)

    for user in (member_a, admin_b):
        client.force_login(user)
        assert client.get(f"/en/initiatives/{initiative.pk}/edit/").status_code == 403
        response = client.patch(
            f"/api/v1/initiatives/{initiative.pk}/",
            {"title_en": "x"},
            content_type="application/json",
        )
        assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_initiative(coordinator, initiative, {"title_en": "x"}, {})


def test_edit_keeps_history(
    make_initiative: Callable[..., Initiative], organization_a: Organization, admin_a: User
) -> None:
    initiative = make_initiative(organization_a, title_en="First")

    services.update_initiative(admin_a, initiative, {"title_en": "Second"}, {})

    titles = [row.title_en for row in initiative.history.order_by("history_id")]
    assert titles[0] == "First"
    assert titles[-1] == "Second"


def test_invalid_dates_rejected(
    make_initiative: Callable[..., Initiative], organization_a: Organization, admin_a: User
) -> None:
    import datetime

    initiative = make_initiative(organization_a)

    with pytest.raises(ValidationError) as error:
        services.update_initiative(
            admin_a,
            initiative,
            {"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 1, 1)},
            {},
        )
    assert "end_date" in error.value.message_dict


def test_partner_proposes_and_lead_accepts(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
) -> None:
    initiative = make_initiative(organization_a, title_en="Old title", partners=[organization_b])

    proposal = services.propose_change(
        admin_b, initiative, organization_b, {"title_en": "New title", "gaps_en": "No data."}
    )
    with pytest.raises(PermissionDenied):
        services.decide_proposal(admin_b, proposal, accept=True)
    services.decide_proposal(admin_a, proposal, accept=True)

    initiative.refresh_from_db()
    assert initiative.title_en == "New title"
    assert initiative.gaps_en == "No data."
    assert initiative.history.first().history_change_reason == f"proposal {proposal.pk} accepted"
    with pytest.raises(ValidationError):
        services.decide_proposal(admin_a, proposal, accept=False)


def test_non_partner_cannot_propose(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
    admin_b: User,
    client: Client,
) -> None:
    initiative = make_initiative(organization_a)

    with pytest.raises(PermissionDenied):
        services.propose_change(admin_b, initiative, organization_b, {"title_en": "Mine now"})
    client.force_login(admin_b)
    assert client.get(f"/en/initiatives/{initiative.pk}/propose/").status_code == 403


def test_proposal_rejects_unknown_fields(
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
    admin_b: User,
) -> None:
    initiative = make_initiative(organization_a, partners=[organization_b])

    with pytest.raises(ValidationError) as error:
        services.propose_change(admin_b, initiative, organization_b, {"lead_organization": "1"})
    assert "lead_organization" in error.value.message_dict
    assert ChangeProposal.objects.count() == 0


def test_declined_proposal_changes_nothing(
    client: Client,
    make_initiative: Callable[..., Initiative],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    admin_b: User,
) -> None:
    initiative = make_initiative(organization_a, title_en="Keep", partners=[organization_b])
    proposal = services.propose_change(admin_b, initiative, organization_b, {"title_en": "Drop"})

    client.force_login(admin_a)
    response = client.post(
        f"/en/initiatives/proposals/{proposal.pk}/decide/", {"decision": "decline"}
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title_en == "Keep"
    proposal.refresh_from_db()
    assert proposal.status == "declined"
