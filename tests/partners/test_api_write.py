"""Writes through the API: registration, profile changes, verification, declarations and /me."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from partners import services
from partners.models import (
    LeadershipDeclaration,
    Membership,
    Organization,
    Role,
    VerificationDecision,
)
from tests.conftest import make_user
from tests.partners.api_support import client_for, organization_state, organization_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hash the personas' passwords quickly: these tests never sign in with one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


NEW_ORGANIZATION = {
    "name": "Inclusive Futures Cooperative",
    "alternate_name": "Coopérative Avenirs inclusifs",
    "description_en": "Employment coaching.",
    "description_fr": "Accompagnement vers l'emploi.",
    "kind": "disability-organization",
    "city": "Halifax",
    "province": "CA-NS",
    "regions_served": ["CA-NS", "CA-PE"],
    "languages": ["en", "fr"],
    "website": "https://inclusive-futures.example.org",
    "email": "hello@inclusive-futures.example.org",
}


@pytest.fixture
def registrant(reference_data):
    return make_user("registrant@example.org", preferred_language="fr")


@pytest.fixture
def registrant_client(registrant) -> APIClient:
    client = APIClient()
    client.force_login(registrant)
    return client


@pytest.fixture
def pending_organization(registrant) -> Organization:
    fields = {"name": "Awaiting Review", "kind": services_kind("funder")}
    return services.register_organization(registrant, fields)


def services_kind(slug: str):
    from partners.models import StakeholderKind

    return StakeholderKind.objects.get(slug=slug)


def coordinator_client(coordinator) -> APIClient:
    client = APIClient()
    client.force_login(coordinator)
    return client


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------


def test_register_creates_pending_with_administrator(registrant_client, registrant):
    response = registrant_client.post("/api/v1/organizations/", NEW_ORGANIZATION, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    organization = Organization.objects.get(slug=body["slug"])
    assert organization.verification_status == "pending"
    assert organization.registered_by == registrant
    assert Membership.objects.get(organization=organization, user=registrant).role == (
        Role.ADMINISTRATOR
    )
    assert sorted(organization.regions_served.values_list("code", flat=True)) == [
        "CA-NS",
        "CA-PE",
    ]
    assert body["verification_status"] == "pending"
    assert body["kind"]["slug"] == "disability-organization"
    assert body["province"]["code"] == "CA-NS"
    assert response["Location"].endswith(f"/api/v1/organizations/{organization.slug}/")


def test_register_result_visible_to_registrant_only(registrant_client, client):
    slug = registrant_client.post("/api/v1/organizations/", NEW_ORGANIZATION, format="json").json()[
        "slug"
    ]

    assert registrant_client.get(f"/api/v1/organizations/{slug}/").status_code == 200
    assert client.get(f"/api/v1/organizations/{slug}/").status_code == 404


def test_register_twice_returns_the_pending_one(registrant_client):
    first = registrant_client.post("/api/v1/organizations/", NEW_ORGANIZATION, format="json")
    second = registrant_client.post("/api/v1/organizations/", NEW_ORGANIZATION, format="json")

    assert first.json()["slug"] == second.json()["slug"]
    assert Organization.objects.filter(name=NEW_ORGANIZATION["name"]).count() == 1


BAD_REGISTRATIONS = [
    ("website", "ftp://files.example.org"),
    ("website", "javascript:alert(1)"),
    ("website", "not a web address"),
    ("kind", "no-such-kind"),
    ("kind", None),
    ("province", "CA"),
    ("province", "CA-ZZ"),
    ("regions_served", ["CA-NS", "CA-XX"]),
    ("regions_served", "CA-NS"),
    ("languages", ["klingon"]),
    ("email", "not-an-email"),
    ("name", ""),
    ("name", "x" * 301),
    ("government_level", "galactic"),
    ("size_band", "huge"),
    ("indigenous_led", "perhaps"),
    ("verification_status", "verified"),
    ("disability_led", True),
    ("slug", "chosen-slug"),
]


@pytest.mark.parametrize(("field", "value"), BAD_REGISTRATIONS)
def test_register_bad_input_names_field(registrant_client, field, value):
    body = {**NEW_ORGANIZATION, field: value}

    response = registrant_client.post("/api/v1/organizations/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_register_missing_name_and_kind(registrant_client):
    response = registrant_client.post("/api/v1/organizations/", {"city": "Iqaluit"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"name", "kind"}


def test_register_unknown_codes_listed(registrant_client):
    body = {**NEW_ORGANIZATION, "regions_served": ["CA-XX", "CA-NS", "CA-YY"]}

    response = registrant_client.post("/api/v1/organizations/", body, format="json")

    assert "CA-XX, CA-YY" in response.json()["regions_served"][0]


def test_register_malformed_json_is_400(registrant_client):
    response = registrant_client.post(
        "/api/v1/organizations/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert not Organization.objects.exists()


# ---------------------------------------------------------------------------
# Profile changes
# ---------------------------------------------------------------------------


def test_patch_changes_fields_and_lists(signed_in, admin_a, organization_a):
    response = signed_in(admin_a).patch(
        organization_url(organization_a),
        {"description_fr": "Nouveau texte", "regions_served": ["CA-MB"], "sector": "62"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    organization = Organization.objects.get(pk=organization_a.pk)
    assert organization.description_fr == "Nouveau texte"
    assert list(organization.regions_served.values_list("code", flat=True)) == ["CA-MB"]
    assert organization.sector is not None
    assert organization.sector.code == "62"
    assert response.json()["sector"]["code"] == "62"


def test_patch_keeps_lists_left_out(signed_in, editor_a, organization_a):
    from partners.models import Region

    organization_a.regions_served.set(Region.objects.filter(code="CA-MB"))

    signed_in(editor_a).patch(
        organization_url(organization_a), {"city": "Brandon"}, content_type="application/json"
    )

    assert list(organization_a.regions_served.values_list("code", flat=True)) == ["CA-MB"]


def test_patch_records_history_user(signed_in, editor_a, organization_a):
    signed_in(editor_a).patch(
        organization_url(organization_a), {"city": "Brandon"}, content_type="application/json"
    )

    assert organization_a.history.latest().history_user == editor_a


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "ftp://files.example.org"),
        ("kind", "no-such-kind"),
        ("verification_status", "verified"),
        ("leadership_band", "all"),
        ("is_demo", True),
        ("name", ""),
        ("languages", ["xx"]),
    ],
)
def test_patch_bad_input_names_field(signed_in, admin_a, organization_a, field, value):
    before = organization_state(organization_a)

    response = signed_in(admin_a).patch(
        organization_url(organization_a), {field: value}, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert organization_state(organization_a) == before


def test_patch_bad_field_saves_nothing_else(signed_in, admin_a, organization_a):
    before = organization_state(organization_a)

    response = signed_in(admin_a).patch(
        organization_url(organization_a),
        {"city": "Brandon", "regions_served": ["CA-MB"], "website": "ftp://x.example.org"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert organization_state(organization_a) == before


def test_browsable_forms_render(signed_in, admin_a, organization_a):
    from partners.models import Region

    organization_a.regions_served.set(Region.objects.filter(code="CA-MB"))
    client = signed_in(admin_a)

    detail = client.get(organization_url(organization_a), HTTP_ACCEPT="text/html")
    listing = client.get("/api/v1/organizations/", HTTP_ACCEPT="text/html")

    assert detail.status_code == 200
    assert listing.status_code == 200
    assert "CA-MB" in detail.content.decode()


def test_put_requires_name_and_kind(signed_in, admin_a, organization_a):
    response = signed_in(admin_a).put(
        organization_url(organization_a), {"city": "Brandon"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"name", "kind"}


def test_update_service_rejects_protected_field(editor_a, organization_a):
    with pytest.raises(ValueError, match="verification_status"):
        services.update_organization(
            editor_a, organization_a, {"city": "Brandon", "verification_status": "verified"}
        )

    assert Organization.objects.get(pk=organization_a.pk).city == "Winnipeg"


def test_update_service_requires_change_permission(member_a, organization_a):
    with pytest.raises(PermissionDenied):
        services.update_organization(member_a, organization_a, {"city": "Brandon"})

    assert Organization.objects.get(pk=organization_a.pk).city == "Winnipeg"


def test_update_service_validates_fields(admin_a, organization_a):
    with pytest.raises(ValidationError) as error:
        services.update_organization(admin_a, organization_a, {"website": "ftp://x.example.org"})

    assert "website" in error.value.message_dict


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def test_verify_publishes_and_emails_registrant(
    coordinator, pending_organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client(coordinator).post(
            organization_url(pending_organization, "verify/")
        )

    assert response.status_code == 200
    assert response.json()["decision"] == "approved"
    assert response.json()["verification_status"] == "verified"
    assert Organization.objects.get(pk=pending_organization.pk).verification_status == "verified"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["registrant@example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"


def test_verify_twice_is_409(coordinator, pending_organization):
    client = coordinator_client(coordinator)
    client.post(organization_url(pending_organization, "verify/"))

    response = client.post(organization_url(pending_organization, "verify/"))

    assert response.status_code == 409
    assert response.json()["detail"] == "This organization has already been decided."
    assert VerificationDecision.objects.count() == 1


def test_verify_after_reject_is_409(coordinator, pending_organization):
    client = coordinator_client(coordinator)
    client.post(organization_url(pending_organization, "reject/"), {"reason": "Duplicate."})

    response = client.post(organization_url(pending_organization, "verify/"))

    assert response.status_code == 409
    assert Organization.objects.get(pk=pending_organization.pk).verification_status == "rejected"


def test_reject_emails_reason(
    coordinator, pending_organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client(coordinator).post(
            organization_url(pending_organization, "reject/"),
            {"reason": "This is a duplicate of an existing record."},
            format="json",
        )

    assert response.status_code == 200
    assert response.json()["reason"] == "This is a duplicate of an existing record."
    assert Organization.objects.get(pk=pending_organization.pk).verification_status == "rejected"
    assert len(mail.outbox) == 1
    assert "This is a duplicate of an existing record." in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 2001}])
def test_reject_needs_reason(coordinator, pending_organization, body):
    response = coordinator_client(coordinator).post(
        organization_url(pending_organization, "reject/"), body, format="json"
    )

    assert response.status_code == 400
    assert "reason" in response.json()
    assert Organization.objects.get(pk=pending_organization.pk).verification_status == "pending"
    assert not VerificationDecision.objects.exists()


def test_reject_twice_is_409(coordinator, pending_organization):
    client = coordinator_client(coordinator)
    client.post(organization_url(pending_organization, "reject/"), {"reason": "No."})

    response = client.post(organization_url(pending_organization, "reject/"), {"reason": "No."})

    assert response.status_code == 409
    assert VerificationDecision.objects.count() == 1


def test_verify_unknown_slug_is_404(coordinator, reference_data):
    response = coordinator_client(coordinator).post("/api/v1/organizations/nothing-here/verify/")

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Leadership declarations
# ---------------------------------------------------------------------------

DECLARATION = {
    "body_name": "Board of directors",
    "seats_total": 9,
    "seats_with_lived_experience": 6,
    "chief_executive_lived_experience": "yes",
    "run_by_and_for": True,
    "consent_attested": True,
}


def declarations_url(organization: Organization) -> str:
    return organization_url(organization, "declarations/")


def test_declare_updates_badge(signed_in, admin_a, organization_a):
    response = signed_in(admin_a).post(
        declarations_url(organization_a), DECLARATION, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["leadership_band"] == "more-than-half"
    assert body["disability_led"] is True
    assert body["private"]["chief_executive_lived_experience"] == "yes"
    assert body["private"]["attested_by"] == "admin.a@example.org"
    organization = Organization.objects.get(pk=organization_a.pk)
    assert organization.disability_led is True
    assert organization.leadership_band == "more-than-half"


def test_declare_supersedes_current(signed_in, admin_a, organization_a):
    client = signed_in(admin_a)
    client.post(declarations_url(organization_a), DECLARATION, content_type="application/json")

    client.post(
        declarations_url(organization_a),
        {**DECLARATION, "seats_with_lived_experience": 2},
        content_type="application/json",
    )

    assert LeadershipDeclaration.objects.filter(organization=organization_a).count() == 2
    assert LeadershipDeclaration.objects.current().get().seats_with_lived_experience == 2
    assert Organization.objects.get(pk=organization_a.pk).disability_led is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats_with_lived_experience": 10}, "seats_with_lived_experience"),
        ({"consent_attested": False}, "consent_attested"),
        ({"consent_attested": None}, "consent_attested"),
        ({"seats_total": 0}, "seats_total"),
        ({"seats_total": -3}, "seats_total"),
        ({"seats_total": "nine"}, "seats_total"),
        ({"chief_executive_lived_experience": "maybe"}, "chief_executive_lived_experience"),
        ({"body_name": ""}, "body_name"),
        ({"superseded_at": "2020-01-01T00:00:00Z"}, "superseded_at"),
    ],
)
def test_declare_bad_input_names_field(signed_in, admin_a, organization_a, changes, field):
    before = organization_state(organization_a)

    response = signed_in(admin_a).post(
        declarations_url(organization_a),
        {**DECLARATION, **changes},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert field in response.json()
    assert organization_state(organization_a) == before


def test_declare_without_consent_field(signed_in, admin_a, organization_a):
    body = {key: value for key, value in DECLARATION.items() if key != "consent_attested"}

    response = signed_in(admin_a).post(
        declarations_url(organization_a), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "consent_attested" in response.json()
    assert not LeadershipDeclaration.objects.exists()


def test_declaration_public_small_body_hides_counts(client, admin_a, organization_a):
    services.declare_leadership(
        admin_a,
        organization_a,
        {**DECLARATION, "seats_total": 4, "seats_with_lived_experience": 3},
    )

    rows = client.get(declarations_url(organization_a)).json()

    assert len(rows) == 1
    assert rows[0]["leadership_band"] == "more-than-half"
    assert rows[0]["disability_led"] is True
    assert rows[0]["is_out_of_date"] is False
    assert rows[0]["seats_total"] is None
    assert rows[0]["seats_with_lived_experience"] is None
    assert rows[0]["private"] is None
    assert "chief_executive" not in str(rows)
    assert "Board of directors" not in str(rows)


def test_declaration_public_large_body_shows_counts(client, admin_a, organization_a):
    services.declare_leadership(admin_a, organization_a, DECLARATION)

    row = client.get(declarations_url(organization_a)).json()[0]

    assert row["seats_total"] == 9
    assert row["seats_with_lived_experience"] == 6


def test_declaration_public_sees_current_only(client, signed_in, admin_a, member_a, organization_a):
    services.declare_leadership(admin_a, organization_a, DECLARATION)
    services.declare_leadership(admin_a, organization_a, {**DECLARATION, "seats_total": 12})

    public_rows = client.get(declarations_url(organization_a)).json()
    member_rows = signed_in(member_a).get(declarations_url(organization_a)).json()

    assert [row["seats_total"] for row in public_rows] == [12]
    assert [row["seats_total"] for row in member_rows] == [12, 9]
    assert [row["is_current"] for row in member_rows] == [True, False]


def test_declaration_member_sees_small_counts(signed_in, admin_a, member_a, organization_a):
    services.declare_leadership(
        admin_a, organization_a, {**DECLARATION, "seats_total": 3, "seats_with_lived_experience": 1}
    )

    row = signed_in(member_a).get(declarations_url(organization_a)).json()[0]

    assert row["seats_total"] == 3
    assert row["private"]["body_name"] == "Board of directors"


def test_declaration_out_of_date_flag(client, admin_a, organization_a):
    from datetime import timedelta

    from django.utils import timezone

    services.declare_leadership(admin_a, organization_a, DECLARATION)
    LeadershipDeclaration.objects.update(attested_at=timezone.now() - timedelta(days=400))

    row = client.get(declarations_url(organization_a)).json()[0]

    assert row["is_out_of_date"] is True


def test_declaration_none_is_empty_list(client, organization_a):
    assert client.get(declarations_url(organization_a)).json() == []


# ---------------------------------------------------------------------------
# /me
# ---------------------------------------------------------------------------


def test_me_shows_roles(request, admin_a, organization_a, organization_b):
    services.add_member(organization_b, admin_a, Role.VIEWER)

    body = client_for(request, "admin_a").get("/api/v1/me/").json()

    assert body["email"] == "admin.a@example.org"
    assert body["preferred_language"] == "en"
    assert body["is_coordinator"] is False
    assert [(row["organization"], row["role"]) for row in body["organizations"]] == [
        (organization_a.slug, "administrator"),
        (organization_b.slug, "viewer"),
    ]


def test_me_coordinator_flag(request, coordinator):
    body = client_for(request, "coordinator").get("/api/v1/me/").json()

    assert body["is_coordinator"] is True
    assert body["organizations"] == []


def test_me_patch_language(request, admin_a):
    response = client_for(request, "admin_a").patch(
        "/api/v1/me/", {"preferred_language": "fr"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["preferred_language"] == "fr"
    admin_a.refresh_from_db()
    assert admin_a.preferred_language == "fr"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"preferred_language": "de"}, "preferred_language"),
        ({"preferred_language": None}, "preferred_language"),
        ({"email": "someone.else@example.org"}, "email"),
        ({"is_coordinator": True}, "is_coordinator"),
        ({"is_staff": True}, "is_staff"),
    ],
)
def test_me_patch_bad_input_names_field(request, admin_a, body, field):
    response = client_for(request, "admin_a").patch("/api/v1/me/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    admin_a.refresh_from_db()
    assert admin_a.email == "admin.a@example.org"
    assert admin_a.preferred_language == "en"
    assert admin_a.is_staff is False


def test_me_put_not_allowed(request, admin_a):
    response = client_for(request, "admin_a").put(
        "/api/v1/me/", {"preferred_language": "fr"}, format="json"
    )

    assert response.status_code == 405


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------

EXPECTED_OPERATIONS = {
    "/api/v1/organizations/": {"get", "post"},
    "/api/v1/organizations/{slug}/": {"get", "put", "patch"},
    "/api/v1/organizations/{slug}/verify/": {"post"},
    "/api/v1/organizations/{slug}/reject/": {"post"},
    "/api/v1/organizations/{organization_slug}/memberships/": {"get"},
    "/api/v1/organizations/{organization_slug}/memberships/{id}/": {"get", "patch", "delete"},
    "/api/v1/organizations/{organization_slug}/invitations/": {"post"},
    "/api/v1/organizations/{organization_slug}/declarations/": {"get", "post"},
    "/api/v1/invitations/{token}/accept/": {"post"},
    "/api/v1/me/": {"get", "patch"},
}


def test_schema_lists_every_endpoint(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]

    operations = {
        path: {method for method in item if method in {"get", "post", "put", "patch", "delete"}}
        for path in EXPECTED_OPERATIONS
        if (item := paths.get(path)) is not None
    }
    assert operations == EXPECTED_OPERATIONS


def test_schema_documents_errors_and_token(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    organization = schema["paths"]["/api/v1/organizations/{slug}/"]["patch"]
    verify = schema["paths"]["/api/v1/organizations/{slug}/verify/"]["post"]
    assert {"400", "403", "404"} <= set(organization["responses"])
    assert {"403", "404", "409"} <= set(verify["responses"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert {"tokenAuth": []} in organization["security"]


def test_schema_request_bodies_name_codes(client):
    components = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]

    write = components["schemas"]["OrganizationWrite"]["properties"]
    assert write["kind"]["type"] == "string"
    assert write["regions_served"]["items"]["type"] == "string"
    assert "verification_status" not in write
