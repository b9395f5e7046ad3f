"""An organization's page, profile form and history; the disability-led badge and filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners import services
from partners.models import (
    LeadershipDeclaration,
    Organization,
    Region,
    Sector,
    StakeholderKind,
    VerificationDecision,
)

pytestmark = pytest.mark.django_db

PERSONAS = ["member_a", "editor_a", "admin_a", "admin_b", "coordinator"]


def edit_url(organization: Organization) -> str:
    return f"/en/organizations/{organization.slug}/edit/"


def history_url(organization: Organization) -> str:
    return f"/en/organizations/{organization.slug}/history/"


def declare(
    administrator, organization, seats_total: int = 6, seats_with_lived_experience: int = 4
) -> LeadershipDeclaration:
    return services.declare_leadership(
        administrator,
        organization,
        {
            "body_name": "board of directors",
            "seats_total": seats_total,
            "seats_with_lived_experience": seats_with_lived_experience,
            "chief_executive_lived_experience": "yes",
            "run_by_and_for": True,
            "consent_attested": True,
        },
    )


def profile_data(organization: Organization, **overrides: object) -> dict[str, object]:
    """Return the profile form's POST for `organization` as saved, with keyword overrides."""
    data: dict[str, object] = {
        "name": organization.name,
        "alternate_name": organization.alternate_name,
        "description_en": organization.description_en,
        "description_fr": organization.description_fr,
        "kind": organization.kind_id,
        "government_level": organization.government_level,
        "size_band": organization.size_band,
        "unionized": organization.unionized,
        "sector": organization.sector_id or "",
        "city": organization.city,
        "province": organization.province_id or "",
        "regions_served": [region.pk for region in organization.regions_served.all()],
        "languages": [language.pk for language in organization.languages.all()],
        "other_languages": organization.other_languages,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
    }
    if organization.indigenous_led:
        data["indigenous_led"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def pending_a(organization_a):
    Organization.objects.filter(pk=organization_a.pk).update(verification_status="pending")
    organization_a.refresh_from_db()
    return organization_a


# ---------------------------------------------------------------------------
# The organization page: who may view a non-public organization
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_detail_hidden_from_visitor_and_strangers(
    client, signed_in, organization_a, admin_b, status
):
    Organization.objects.filter(pk=organization_a.pk).update(verification_status=status)

    assert client.get(organization_a.get_absolute_url()).status_code == 404
    assert signed_in(admin_b).get(organization_a.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_a", "coordinator"])
def test_detail_pending_seen_by_members_and_coordinators(request, signed_in, pending_a, persona):
    response = signed_in(request.getfixturevalue(persona)).get(pending_a.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Awaiting verification." in content
    assert 'role="note"' in content


def test_detail_rejected_shows_reason_to_member(signed_in, member_a, organization_a, coordinator):
    Organization.objects.filter(pk=organization_a.pk).update(verification_status="rejected")
    VerificationDecision.objects.create(
        organization=organization_a,
        decision="rejected",
        reason="The website does not mention employment.",
        decided_by=coordinator,
    )

    content = signed_in(member_a).get(organization_a.get_absolute_url()).content.decode()

    assert "Registration rejected." in content
    assert "The website does not mention employment." in content


def test_detail_archived_note(signed_in, coordinator, organization_a):
    Organization.objects.filter(pk=organization_a.pk).update(verification_status="archived")

    content = signed_in(coordinator).get(organization_a.get_absolute_url()).content.decode()

    assert "Archived." in content


def test_detail_verified_has_no_status_note(client, organization_a):
    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "Awaiting verification." not in content
    assert 'class="status-note"' not in content


def test_detail_pending_links_for_administrator(signed_in, admin_a, pending_a):
    content = signed_in(admin_a).get(pending_a.get_absolute_url()).content.decode()

    assert f'href="/en/organizations/{pending_a.slug}/declaration/"' in content
    assert f'href="/en/organizations/{pending_a.slug}/members/"' in content


# ---------------------------------------------------------------------------
# The organization page: action links
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("visitor", set()),
        ("admin_b", set()),
        ("member_a", {"members"}),
        ("editor_a", {"edit", "members"}),
        ("admin_a", {"edit", "members", "declaration", "history"}),
        ("coordinator", {"members", "history"}),
    ],
)
def test_detail_action_links_by_persona(request, client, signed_in, organization_a, persona, links):
    viewer = client if persona == "visitor" else signed_in(request.getfixturevalue(persona))

    content = viewer.get(organization_a.get_absolute_url()).content.decode()

    slug = organization_a.slug
    hrefs = {
        "edit": f'href="/en/organizations/{slug}/edit/"',
        "members": f'href="/en/organizations/{slug}/members/"',
        "declaration": f'href="/en/organizations/{slug}/declaration/"',
        "history": f'href="/en/organizations/{slug}/history/"',
    }
    for name, href in hrefs.items():
        assert (href in content) == (name in links), name
    assert ("Manage this organization" in content) == bool(links)


# ---------------------------------------------------------------------------
# The organization page: leadership declaration
# ---------------------------------------------------------------------------


def test_detail_without_declaration(client, organization_a):
    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "has not declared its leadership yet" in content
    assert 'class="badge"' not in content


def test_detail_shows_badge_and_band(client, admin_a, organization_a):
    declare(admin_a, organization_a, seats_total=6, seats_with_lived_experience=4)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert '<strong class="badge">Disability-led</strong>' in content
    assert "More than half" in content
    assert "Run by and for people with disabilities" in content


def test_detail_not_disability_led(client, admin_a, organization_a):
    declare(admin_a, organization_a, seats_total=8, seats_with_lived_experience=4)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert 'class="badge"' not in content
    assert "A quarter to a half" in content


def test_detail_small_body_band_only(client, admin_a, organization_a):
    declare(admin_a, organization_a, seats_total=4, seats_with_lived_experience=3)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "More than half" in content
    assert "3 of 4" not in content
    assert "Seats held by people" not in content
    assert "fewer than 5 seats" in content


def test_detail_six_seats_shows_counts(client, admin_a, organization_a):
    declare(admin_a, organization_a, seats_total=6, seats_with_lived_experience=4)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "<dd>4 of 6</dd>" in content
    assert "board of directors" in content
    assert "fewer than 5 seats" not in content


@pytest.mark.parametrize("persona", ["visitor", "admin_a", "coordinator"])
def test_detail_never_shows_chief_executive(
    request, client, signed_in, admin_a, organization_a, persona
):
    declare(admin_a, organization_a)
    viewer = client if persona == "visitor" else signed_in(request.getfixturevalue(persona))

    content = viewer.get(organization_a.get_absolute_url()).content.decode()

    assert "chief executive" not in content.lower()


@pytest.mark.parametrize(
    ("persona", "shows_name"),
    [
        ("visitor", False),
        ("admin_b", False),
        ("member_a", True),
        ("editor_a", True),
        ("coordinator", True),
    ],
)
def test_detail_declarant_name_for_insiders(
    request, client, signed_in, admin_a, organization_a, persona, shows_name
):
    admin_a.first_name = "Nadia"
    admin_a.last_name = "Tremblay"
    admin_a.save()
    declare(admin_a, organization_a)
    viewer = client if persona == "visitor" else signed_in(request.getfixturevalue(persona))

    content = viewer.get(organization_a.get_absolute_url()).content.decode()

    assert ("Nadia Tremblay" in content) == shows_name
    assert ("admin.a@example.org" in content) is False
    assert "an administrator" in content


def test_detail_declaration_date(client, admin_a, organization_a):
    declaration = declare(admin_a, organization_a)
    LeadershipDeclaration.objects.filter(pk=declaration.pk).update(
        attested_at="2025-03-14T15:00:00Z"
    )

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "By an administrator of the organization, on March 14, 2025" in content


@pytest.mark.parametrize(
    ("age", "out_of_date"),
    [
        (timedelta(days=364), False),
        (timedelta(days=365, seconds=1), True),
        (timedelta(days=800), True),
    ],
)
def test_detail_out_of_date_marker(client, admin_a, organization_a, age, out_of_date):
    declaration = declare(admin_a, organization_a)
    LeadershipDeclaration.objects.filter(pk=declaration.pk).update(attested_at=timezone.now() - age)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert ("Out of date:" in content) == out_of_date


def test_detail_shows_current_declaration_only(client, admin_a, organization_a):
    declare(admin_a, organization_a, seats_total=10, seats_with_lived_experience=2)
    declare(admin_a, organization_a, seats_total=10, seats_with_lived_experience=7)

    content = client.get(organization_a.get_absolute_url()).content.decode()

    assert "<dd>7 of 10</dd>" in content
    assert "2 of 10" not in content


def test_detail_other_language_marked(client, make_organization):
    organization = make_organization(name="Org", description_fr="Nous aidons les gens.")

    content = client.get(organization.get_absolute_url()).content.decode()

    assert '<div class="prose" lang="fr">' in content


# ---------------------------------------------------------------------------
# The profile form
# ---------------------------------------------------------------------------


def test_edit_visitor_redirected(client, organization_a):
    get = client.get(edit_url(organization_a))
    post = client.post(edit_url(organization_a), profile_data(organization_a, name="Changed"))

    organization_a.refresh_from_db()
    assert get.status_code == 302
    assert get["Location"].startswith("/en/accounts/login/?next=")
    assert post.status_code == 302
    assert organization_a.name == "Organization A"


@pytest.mark.parametrize("persona", ["member_a", "admin_b", "coordinator"])
def test_edit_forbidden_to_others(request, signed_in, organization_a, persona):
    client = signed_in(request.getfixturevalue(persona))

    get = client.get(edit_url(organization_a))
    post = client.post(edit_url(organization_a), profile_data(organization_a, name="Changed"))

    organization_a.refresh_from_db()
    assert get.status_code == 403
    assert post.status_code == 403
    assert organization_a.name == "Organization A"
    assert organization_a.history.count() == 1


def test_edit_global_permission_grants_nothing(signed_in, admin_b, organization_a):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Everyone can change")
    group.permissions.add(Permission.objects.get(codename="change_organization"))
    admin_b.groups.add(group)

    response = signed_in(admin_b).post(
        edit_url(organization_a), profile_data(organization_a, name="Hijacked")
    )

    organization_a.refresh_from_db()
    assert response.status_code == 403
    assert organization_a.name == "Organization A"


def test_edit_unknown_slug_404(signed_in, admin_a):
    assert signed_in(admin_a).get("/en/organizations/no-such-org/edit/").status_code == 404


@pytest.mark.parametrize("persona", ["admin_a", "editor_a"])
def test_edit_form_prefilled(request, signed_in, organization_a, persona):
    response = signed_in(request.getfixturevalue(persona)).get(edit_url(organization_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Edit the profile of Organization A" in content
    assert 'value="Winnipeg"' in content
    assert content.count("<h1>") == 1


@pytest.mark.parametrize("persona", ["admin_a", "editor_a"])
def test_edit_saves_changes(request, signed_in, organization_a, persona):
    user = request.getfixturevalue(persona)
    ontario = Region.objects.get(code="CA-ON")

    response = signed_in(user).post(
        edit_url(organization_a),
        profile_data(organization_a, city="Brandon", regions_served=[ontario.pk]),
    )

    organization_a.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == organization_a.get_absolute_url()
    assert organization_a.city == "Brandon"
    assert list(organization_a.regions_served.all()) == [ontario]
    assert organization_a.verification_status == "verified"


def test_edit_writes_one_history_record(signed_in, editor_a, organization_a):
    ontario = Region.objects.get(code="CA-ON")

    signed_in(editor_a).post(
        edit_url(organization_a),
        profile_data(organization_a, city="Brandon", regions_served=[ontario.pk]),
    )

    latest = organization_a.history.latest()
    assert organization_a.history.count() == 2
    assert latest.history_user == editor_a
    assert latest.history_change_reason == services.PROFILE_EDIT_REASON
    assert latest.city == "Brandon"
    assert [row.region_id for row in latest.regions_served.all()] == [ontario.pk]


def test_edit_pending_by_its_administrator(signed_in, admin_a, pending_a):
    response = signed_in(admin_a).post(edit_url(pending_a), profile_data(pending_a, city="Selkirk"))

    pending_a.refresh_from_db()
    assert response.status_code == 302
    assert pending_a.city == "Selkirk"
    assert pending_a.verification_status == "pending"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("kind", ""),
        ("website", "ftp://example.org/"),
        ("email", "nope"),
        ("regions_served", ["999999"]),
        ("government_level", "federal"),
    ],
)
def test_edit_bad_value_saves_nothing(signed_in, admin_a, organization_a, field, value):
    data = profile_data(organization_a, city="Brandon", **{field: value})

    response = signed_in(admin_a).post(edit_url(organization_a), data)

    organization_a.refresh_from_db()
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert organization_a.city == "Winnipeg"
    assert organization_a.history.count() == 1


def test_edit_error_page_keeps_saved_name(signed_in, admin_a, organization_a):
    response = signed_in(admin_a).post(
        edit_url(organization_a), profile_data(organization_a, name="")
    )

    content = response.content.decode()
    assert "Edit the profile of Organization A" in content
    assert "<title>Error:" in content


def test_edit_business_needs_its_fields(signed_in, admin_a, organization_a):
    business = StakeholderKind.objects.get(slug="business")

    response = signed_in(admin_a).post(
        edit_url(organization_a), profile_data(organization_a, kind=business.pk)
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) == {"size_band", "unionized", "sector"}


def test_update_service_records_author(admin_a, organization_a):
    services.update_organization(
        admin_a, organization_a, {"name": "Renamed"}, regions_served=[], languages=[]
    )

    latest = organization_a.history.latest()
    assert organization_a.history.count() == 2
    assert latest.history_user == admin_a
    assert latest.name == "Renamed"


def test_update_service_rejects_member(member_a, organization_a):
    with pytest.raises(PermissionDenied):
        services.update_organization(member_a, organization_a, {"name": "Renamed"})

    organization_a.refresh_from_db()
    assert organization_a.name == "Organization A"
    assert organization_a.history.count() == 1


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


def test_history_visitor_redirected(client, organization_a):
    response = client.get(history_url(organization_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b"])
def test_history_forbidden_to_others(request, signed_in, organization_a, persona):
    response = signed_in(request.getfixturevalue(persona)).get(history_url(organization_a))

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["admin_a", "coordinator"])
def test_history_seen_by_administrator_and_coordinator(request, signed_in, organization_a, persona):
    response = signed_in(request.getfixturevalue(persona)).get(history_url(organization_a))

    assert response.status_code == 200
    assert "History of Organization A" in response.content.decode()


@pytest.mark.parametrize("persona", ["member_a", "admin_a", "coordinator"])
def test_history_post_not_allowed(request, signed_in, organization_a, persona):
    response = signed_in(request.getfixturevalue(persona)).post(history_url(organization_a))

    assert response.status_code == 405


def test_history_pending_seen_by_coordinator(signed_in, coordinator, pending_a):
    assert signed_in(coordinator).get(history_url(pending_a)).status_code == 200


def test_history_unknown_slug_404(signed_in, coordinator):
    assert signed_in(coordinator).get("/en/organizations/nope/history/").status_code == 404


def test_history_shows_field_changes(signed_in, admin_a, editor_a, organization_a):
    editor_a.first_name = "Émile"
    editor_a.last_name = "Roy"
    editor_a.save()
    business = StakeholderKind.objects.get(slug="business")
    signed_in(editor_a).post(
        edit_url(organization_a),
        profile_data(
            organization_a,
            name="Organization A Renamed",
            kind=business.pk,
            size_band="small",
            unionized="no",
            sector=Sector.objects.get(code="62").pk,
            languages=[],
        ),
    )

    response = signed_in(admin_a).get(history_url(organization_a))

    content = response.content.decode()
    entry = response.context["page"].object_list[0]
    changes = {change.label: (change.old, change.new) for change in entry.changes}
    assert entry.kind == "changed"
    assert entry.actor == editor_a
    assert changes["Name"] == ("Organization A", "Organization A Renamed")
    assert changes["Kind"] == (
        "Disability-led or disability-serving organization",
        "Business or employer",
    )
    assert changes["Size"] == ("(empty)", "Small (1 to 99 employees)")
    assert "Head-office city" not in changes
    assert "By Émile Roy" in content
    assert "Changed after verification:" in content
    assert '<th scope="row">Name</th>' in content


def test_history_change_of_pending_not_material(signed_in, admin_a, pending_a):
    signed_in(admin_a).post(edit_url(pending_a), profile_data(pending_a, name="New Name"))

    response = signed_in(admin_a).get(history_url(pending_a))

    entry = response.context["page"].object_list[0]
    assert entry.kind == "changed"
    assert entry.is_material is False


def test_history_registration_is_one_entry(signed_in, reference_data):
    from tests.conftest import make_user
    from tests.partners.test_registration import REGISTER_URL, form_data

    registrant = make_user("registrant@example.org")
    client = signed_in(registrant)
    client.post(REGISTER_URL, form_data())
    organization = Organization.objects.get()

    response = client.get(history_url(organization))

    entries = response.context["page"].object_list
    assert [entry.kind for entry in entries] == ["registered"]
    assert entries[0].actor == registrant


def test_history_shows_decisions_and_declarations(signed_in, admin_a, coordinator, pending_a):
    services.reject_organization(coordinator, pending_a, "Missing website.")
    declare(admin_a, pending_a, seats_total=4, seats_with_lived_experience=3)

    response = signed_in(admin_a).get(history_url(pending_a))

    content = response.content.decode()
    kinds = [entry.kind for entry in response.context["page"].object_list]
    assert "rejected" in kinds
    assert "declared" in kinds
    assert "changed" not in kinds  # the badge that the declaration copies is not a profile change
    assert "Missing website." in content
    assert "Rejected by a coordinator" in content
    assert "Leadership declared" in content
    assert "More than half" in content
    assert "3 of 4" not in content
    assert "chief executive" not in content.lower()


def test_history_newest_first(signed_in, admin_a, coordinator, pending_a):
    services.verify_organization(coordinator, pending_a)
    VerificationDecision.objects.update(decided_at=timezone.now() + timedelta(minutes=5))

    response = signed_in(admin_a).get(history_url(pending_a))

    entries = response.context["page"].object_list
    assert entries[0].kind == "verified"
    assert entries[0].actor == coordinator
    assert [entry.when for entry in entries] == sorted(
        (entry.when for entry in entries), reverse=True
    )


def test_history_query_count_is_constant(signed_in, admin_a, coordinator, organization_a):
    client = signed_in(coordinator)

    def edit(count: int) -> None:
        for number in range(count):
            services.update_organization(
                admin_a,
                organization_a,
                {"city": f"City {number}"},
                regions_served=[Region.objects.get(code="CA-MB")],
            )
            declare(admin_a, organization_a)
        # Days apart, so that no two saves count as one (partners.history.SAME_SAVE_WINDOW).
        for offset, record in enumerate(organization_a.history.order_by("history_id")):
            organization_a.history.filter(pk=record.pk).update(
                history_date=timezone.now() - timedelta(days=1000 - offset)
            )

    edit(5)
    client.get(history_url(organization_a))  # fills the in-process reference-list cache
    with CaptureQueriesContext(connection) as few:
        first = client.get(history_url(organization_a))
    edit(45)
    with CaptureQueriesContext(connection) as many:
        second = client.get(history_url(organization_a))

    assert len(first.context["page"].object_list) >= 5
    assert second.context["page"].paginator.count > 50
    assert len(many) == len(few)


# ---------------------------------------------------------------------------
# Directory: the disability-led badge and filter
# ---------------------------------------------------------------------------


@pytest.fixture
def led_and_not(make_organization):
    led = make_organization(name="Led Org", disability_led=True, leadership_band="more-than-half")
    not_led = make_organization(name="Other Org", disability_led=False)
    return led, not_led


def test_directory_row_badge(client, led_and_not):
    content = client.get("/en/organizations/").content.decode()

    assert content.count('<strong class="badge">Disability-led</strong>') == 1


@pytest.mark.parametrize(
    ("value", "expected"), [("true", ["Led Org"]), ("false", ["Other Org"]), ("", None)]
)
def test_disability_led_filter(client, led_and_not, value, expected):
    expected = expected or ["Led Org", "Other Org"]

    page = client.get("/en/organizations/", {"disability_led": value})
    api = client.get("/api/v1/organizations/", {"disability_led": value})

    assert [organization.name for organization in page.context["page"].object_list] == expected
    assert [result["name"] for result in api.json()["results"]] == expected


def test_disability_led_filter_bad_value(client, led_and_not):
    page = client.get("/en/organizations/", {"disability_led": "maybe"})
    api = client.get("/api/v1/organizations/", {"disability_led": "maybe"})

    assert page.status_code == 400
    assert "disability_led" in page.context["filterset"].form.errors
    assert api.status_code == 400
    assert "disability_led" in api.json()


def test_disability_led_filter_in_form(client, led_and_not):
    content = client.get("/en/organizations/").content.decode()

    assert '<select name="disability_led"' in content
    assert '<label for="id_disability_led">Disability-led</label>' in content
