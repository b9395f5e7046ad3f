"""Leadership declarations: who may declare, validation, supersession and history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from partners import services
from partners.models import LeadershipDeclaration, Organization, Role, ShareBand
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request to a /fr/ page leaves French active in the thread."""
    with translation.override("en"):
        yield


VALID = {
    "body_name": "Board of directors",
    "seats_total": "9",
    "seats_with_lived_experience": "5",
    "chief_executive_lived_experience": "yes",
    "run_by_and_for": "on",
    "consent_attested": "on",
}


def declaration_url(organization) -> str:
    return reverse("partners:declaration-create", kwargs={"slug": organization.slug})


def declare(administrator, organization, **fields) -> LeadershipDeclaration:
    values = {
        "body_name": "Board",
        "seats_total": 4,
        "seats_with_lived_experience": 1,
        "chief_executive_lived_experience": "not-shared",
        "run_by_and_for": False,
        "consent_attested": True,
        **fields,
    }
    return services.declare_leadership(administrator, organization, values)


# ---------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------


def test_declaration_visitor_redirected(client, organization_a, admin_a):
    response = client.get(declaration_url(organization_a))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "coordinator"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_declaration_forbidden(request, signed_in, organization_a, admin_a, persona, method):
    user = request.getfixturevalue(persona)

    response = getattr(signed_in(user), method)(declaration_url(organization_a), VALID)

    assert response.status_code == 403
    assert "Only the administrators of Organization A" in response.content.decode()
    assert not LeadershipDeclaration.objects.exists()
    organization_a.refresh_from_db()
    assert organization_a.disability_led is False


def test_declaration_visitor_post_saves_nothing(client, organization_a, admin_a):
    response = client.post(declaration_url(organization_a), VALID)

    assert response.status_code == 302
    assert not LeadershipDeclaration.objects.exists()


def test_declaration_unknown_organization(signed_in, admin_a):
    response = signed_in(admin_a).get("/en/organizations/no-such-organization/declaration/")

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------


def test_declaration_form_explains_privacy(signed_in, organization_a, admin_a):
    response = signed_in(admin_a).get(declaration_url(organization_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert "stores only numbers of seats" in content
    assert "fewer than five seats, pages show only a band" in content
    assert "No page ever shows whether a person has lived experience" in content
    assert "The declaration is recorded with your name" in content
    assert 'name="consent_attested"' in content
    assert "has not declared its leadership yet" in content


def test_declaration_radio_group_described(signed_in, organization_a, admin_a):
    response = signed_in(admin_a).get(declaration_url(organization_a))

    content = response.content.decode()
    assert "<legend>Does the chief executive" in content
    assert 'id="id_chief_executive_lived_experience_0-help"' in content
    assert 'aria-describedby="id_chief_executive_lived_experience_0-help"' in content
    assert 'value="not-shared"' in content


def test_declaration_saved(signed_in, organization_a, admin_a):
    response = signed_in(admin_a).post(declaration_url(organization_a), VALID)

    assert response.status_code == 302
    assert response["Location"] == declaration_url(organization_a)
    declaration = LeadershipDeclaration.objects.get()
    assert declaration.attested_by == admin_a
    assert declaration.body_name == "Board of directors"
    assert declaration.seats_total == 9
    assert declaration.seats_with_lived_experience == 5
    assert declaration.chief_executive_lived_experience == "yes"
    assert declaration.run_by_and_for is True
    assert declaration.consent_attested is True
    organization_a.refresh_from_db()
    assert organization_a.disability_led is True
    assert organization_a.leadership_band == ShareBand.MORE_THAN_HALF


def test_declaration_supersedes_and_keeps_history(signed_in, organization_a, admin_a):
    first = declare(admin_a, organization_a, seats_total=4, seats_with_lived_experience=3)
    client = signed_in(admin_a)

    client.post(declaration_url(organization_a), {**VALID, "seats_with_lived_experience": "1"})

    assert LeadershipDeclaration.objects.count() == 2
    first.refresh_from_db()
    assert first.superseded_at is not None
    current = LeadershipDeclaration.objects.current().get(organization=organization_a)
    assert current.seats_with_lived_experience == 1
    organization_a.refresh_from_db()
    assert organization_a.disability_led is False
    assert organization_a.leadership_band == ShareBand.UNDER_QUARTER


def test_declaration_history_shows_band_and_author(signed_in, organization_a, admin_a):
    declare(admin_a, organization_a, seats_total=4, seats_with_lived_experience=3)
    declare(admin_a, organization_a, seats_total=4, seats_with_lived_experience=1)

    response = signed_in(admin_a).get(declaration_url(organization_a))

    content = response.content.decode()
    history = content[content.index('id="history"') :]
    assert history.count('class="card"') == 2
    assert "More than half" in history
    assert "A quarter to a half" in history
    assert history.count("admin.a@example.org") == 2
    assert "(current)" in history
    assert "3 of 4" not in history


def test_declaration_history_author_deleted(signed_in, organization_a, admin_a):
    former = make_user("former@example.org")
    services.add_member(organization_a, former, Role.ADMINISTRATOR)
    declare(former, organization_a)
    former.delete()

    response = signed_in(admin_a).get(declaration_url(organization_a))

    assert response.status_code == 200
    assert "a former member" in response.content.decode()


def test_declaration_renewal_prefilled(signed_in, organization_a, admin_a):
    declare(admin_a, organization_a, body_name="Steering committee", seats_total=7)

    response = signed_in(admin_a).get(declaration_url(organization_a))

    form = response.context["form"]
    assert form.initial["body_name"] == "Steering committee"
    assert form.initial["seats_total"] == 7
    assert "consent_attested" not in form.initial


def test_declaration_out_of_date_flagged(signed_in, organization_a, admin_a):
    declaration = declare(admin_a, organization_a)
    LeadershipDeclaration.objects.filter(pk=declaration.pk).update(
        attested_at=timezone.now() - timedelta(days=400)
    )

    response = signed_in(admin_a).get(declaration_url(organization_a))

    assert "more than 12 months old" in response.content.decode()


def test_declaration_pending_organization(signed_in, make_organization):
    pending = make_organization(name="Pending Org", verification_status="pending")
    founder = make_user("founder@example.org")
    services.add_member(pending, founder, Role.ADMINISTRATOR)

    response = signed_in(founder).post(declaration_url(pending), VALID)

    assert response.status_code == 302
    assert LeadershipDeclaration.objects.filter(organization=pending).count() == 1


# ---------------------------------------------------------------------------
# Validation: a message on the field, status 400, nothing saved
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"seats_total": "4", "seats_with_lived_experience": "5"},
            "seats_with_lived_experience",
            "cannot be more than the number of seats",
        ),
        ({"seats_total": "0"}, "seats_total", "from 1 to 999"),
        ({"seats_total": "-3"}, "seats_total", "from 1 to 999"),
        ({"seats_total": "1000"}, "seats_total", "from 1 to 999"),
        ({"seats_total": "99999999999999999999"}, "seats_total", "from 1 to 999"),
        ({"seats_total": "nine"}, "seats_total", "whole number"),
        ({"seats_total": "4.5"}, "seats_total", "whole number"),
        ({"seats_total": ""}, "seats_total", "Enter the number of seats"),
        ({"seats_with_lived_experience": "-1"}, "seats_with_lived_experience", "from 0"),
        ({"seats_with_lived_experience": "5000"}, "seats_with_lived_experience", "from 0"),
        ({"seats_with_lived_experience": ""}, "seats_with_lived_experience", "or 0 if"),
        ({"consent_attested": ""}, "consent_attested", "agreed to share these counts"),
        ({"body_name": ""}, "body_name", "Enter the name of the governing body"),
        ({"body_name": "x" * 201}, "body_name", "200 characters or fewer"),
        (
            {"chief_executive_lived_experience": "maybe"},
            "chief_executive_lived_experience",
            "Choose yes, no or not shared",
        ),
    ],
    ids=[
        "more-than-seats",
        "zero-seats",
        "negative-seats",
        "too-many-seats",
        "huge-number",
        "words",
        "fraction",
        "missing-seats",
        "negative-experience",
        "too-many-experience",
        "missing-experience",
        "missing-attestation",
        "missing-body",
        "long-body",
        "unknown-chief-executive",
    ],
)
def test_declaration_bad_input(signed_in, organization_a, admin_a, changes, field, message):
    data = {key: value for key, value in {**VALID, **changes}.items() if value != ""}

    response = signed_in(admin_a).post(declaration_url(organization_a), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert f'href="#{form[field].id_for_label}"' in content
    assert f'id="{form[field].id_for_label}-error"' in content
    assert "<title>Error:" in content
    assert not LeadershipDeclaration.objects.exists()
    organization_a.refresh_from_db()
    assert organization_a.disability_led is False


def test_declaration_errors_in_french(signed_in, organization_a, admin_a):
    with translation.override("fr"):
        url = declaration_url(organization_a)

    response = signed_in(admin_a).post(url, {**VALID, "consent_attested": ""})

    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()
    assert not LeadershipDeclaration.objects.exists()


def test_declaration_service_rejects_more_than_seats(organization_a, admin_a):
    with pytest.raises(ValidationError) as raised:
        declare(admin_a, organization_a, seats_total=3, seats_with_lived_experience=4)

    assert list(raised.value.message_dict) == ["seats_with_lived_experience"]
    assert not LeadershipDeclaration.objects.exists()


def test_declaration_service_keeps_current_on_error(organization_a, admin_a):
    current = declare(admin_a, organization_a)

    with pytest.raises(ValidationError):
        declare(admin_a, organization_a, consent_attested=False)

    current.refresh_from_db()
    assert current.superseded_at is None
    assert Organization.objects.get(pk=organization_a.pk).leadership_band == current.band


def test_declaration_all_errors_at_once(signed_in, organization_a, admin_a):
    data = {**VALID, "seats_total": "3", "seats_with_lived_experience": "4"}
    del data["consent_attested"]

    response = signed_in(admin_a).post(declaration_url(organization_a), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "cannot be more than the number of seats" in errors["seats_with_lived_experience"][0]
    assert "agreed to share these counts" in errors["consent_attested"][0]
    assert not LeadershipDeclaration.objects.exists()
