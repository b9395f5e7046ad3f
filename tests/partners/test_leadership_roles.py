"""Leadership roles: who may write them, consent, visibility, the indicator and its pages."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from partners import leadership_roles as services
from partners.leadership_roles import Indicator, leadership_indicators
from partners.models import (
    LeadershipRole,
    LivedExperienceSource,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipState,
    RoleTitle,
    User,
    Visibility,
)
from tests.conftest import make_user

TODAY = date(2026, 6, 15)


def make_partnership(
    lead: Organization,
    *,
    name: str = "Inclusive Hiring Partnership",
    state: str = PartnershipState.ACTIVE,
    members: tuple[Organization, ...] = (),
) -> Partnership:
    partnership = Partnership.objects.create(name=name, state=state)
    PartnershipMember.objects.create(
        partnership=partnership,
        organization=lead,
        role=MemberRole.LEAD,
        status=MemberStatus.ACCEPTED,
    )
    for organization in members:
        PartnershipMember.objects.create(
            partnership=partnership,
            organization=organization,
            role=MemberRole.MEMBER,
            status=MemberStatus.ACCEPTED,
        )
    return partnership


def add_roles(
    partnership: Partnership,
    count: int,
    *,
    lived: int = 0,
    start: date | None = None,
    end: date | None = None,
    prefix: str = "Person",
) -> list[LeadershipRole]:
    roles = []
    for number in range(count):
        roles.append(
            LeadershipRole.objects.create(
                partnership=partnership,
                person_name=f"{prefix} {number}",
                title=RoleTitle.STEERING_MEMBER,
                term_start=start or date(2020, 1, 1),
                term_end=end,
                lived_experience=True if number < lived else None,
                lived_experience_source=LivedExperienceSource.SELF if number < lived else "",
            )
        )
    return roles


@pytest.fixture
def partnership(organization_a, organization_b, admin_a, admin_b) -> Partnership:
    return make_partnership(organization_a, members=(organization_b,))


@pytest.fixture
def holder(db) -> User:
    return make_user("holder@example.org")


@pytest.fixture
def role(partnership, holder) -> LeadershipRole:
    return LeadershipRole.objects.create(
        partnership=partnership,
        person_name="Rosalie Côté",
        user=holder,
        title=RoleTitle.CHAIR,
        term_start=date(2024, 1, 1),
    )


# ---------------------------------------------------------------------------
# Who may write
# ---------------------------------------------------------------------------


def test_lead_admin_creates_role(partnership, admin_a):
    role = services.create_role(
        admin_a,
        {"person_name": "  Amina Okafor ", "title": RoleTitle.CHAIR, "term_start": TODAY},
        partnership=partnership,
    )
    assert role.person_name == "Amina Okafor"
    assert role.visibility == Visibility.PRIVATE
    assert role.lived_experience is None


@pytest.mark.parametrize("persona", ["admin_b", "member_a", "editor_a", "coordinator"])
def test_others_cannot_create_partnership_role(request, partnership, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_role(
            user,
            {"person_name": "X", "title": RoleTitle.CHAIR, "term_start": TODAY},
            partnership=partnership,
        )
    assert not LeadershipRole.objects.exists()


def test_lead_that_left_cannot_manage(partnership, admin_a, organization_a):
    PartnershipMember.objects.filter(organization=organization_a).update(status=MemberStatus.LEFT)
    assert not services.can_manage_partnership_roles(admin_a, partnership)


def test_organization_roles_by_its_admins(organization_a, admin_a, admin_b, member_a):
    fields = {"person_name": "Owen MacLeod", "title": RoleTitle.ADVISOR, "term_start": TODAY}
    role = services.create_role(admin_a, fields, organization=organization_a)
    assert role.organization == organization_a
    for stranger in (admin_b, member_a):
        with pytest.raises(PermissionDenied):
            services.create_role(stranger, fields, organization=organization_a)
        with pytest.raises(PermissionDenied):
            services.update_role(stranger, role, {"person_name": "Changed"})
        with pytest.raises(PermissionDenied):
            services.end_role(stranger, role)


def test_wrong_user_cannot_edit_or_end(role, admin_b, holder, member_a):
    for stranger in (admin_b, holder, member_a):
        with pytest.raises(PermissionDenied):
            services.update_role(stranger, role, {"person_name": "Changed"})
        with pytest.raises(PermissionDenied):
            services.end_role(stranger, role)
    role.refresh_from_db()
    assert role.person_name == "Rosalie Côté"
    assert role.term_end is None


def test_end_role_sets_term_end(role, admin_a):
    services.end_role(admin_a, role, TODAY)
    role.refresh_from_db()
    assert role.term_end == TODAY


def test_end_before_start_is_rejected(role, admin_a):
    with pytest.raises(ValidationError) as error:
        services.end_role(admin_a, role, date(2023, 1, 1))
    assert "term_end" in error.value.message_dict


def test_mentor_from_other_body_rejected(role, admin_a, organization_a):
    other = LeadershipRole.objects.create(
        organization=organization_a,
        person_name="Elsewhere",
        title=RoleTitle.CHAIR,
        term_start=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        services.update_role(admin_a, role, {"emerging_leader": True, "mentor": other})
    assert "mentor" in error.value.message_dict


def test_mentor_needs_emerging_leader(partnership, role, admin_a):
    mentee = add_roles(partnership, 1)[0]
    with pytest.raises(ValidationError) as error:
        services.update_role(admin_a, mentee, {"mentor": role})
    assert "mentor" in error.value.message_dict
    services.update_role(admin_a, mentee, {"mentor": role, "emerging_leader": True})
    mentee.refresh_from_db()
    assert mentee.mentor == role


def test_role_cannot_succeed_itself(role, admin_a):
    with pytest.raises(ValidationError) as error:
        services.update_role(admin_a, role, {"successor": role})
    assert "successor" in error.value.message_dict


def test_changing_holder_clears_lived_experience(role, holder, admin_a):
    services.record_own_lived_experience(holder, role, True, Visibility.PUBLIC)
    services.update_role(admin_a, role, {"user": None, "person_name": "Someone Else"})
    role.refresh_from_db()
    assert role.lived_experience is None
    assert role.lived_experience_source == ""
    assert role.visibility == Visibility.PRIVATE


# ---------------------------------------------------------------------------
# Consent
# ---------------------------------------------------------------------------


def test_admin_cannot_record_without_attestation(role, admin_a):
    with pytest.raises(ValidationError) as error:
        services.attest_lived_experience(admin_a, role, True, Visibility.PUBLIC)
    assert "consent_attested" in error.value.message_dict
    role.refresh_from_db()
    assert role.lived_experience is None


def test_admin_records_with_attestation(role, admin_a):
    services.attest_lived_experience(admin_a, role, True, Visibility.NETWORK, consent_attested=True)
    role.refresh_from_db()
    assert role.lived_experience is True
    assert role.lived_experience_source == LivedExperienceSource.ATTESTED
    assert role.lived_experience_recorded_by == admin_a
    assert role.visibility == Visibility.NETWORK


@pytest.mark.parametrize("persona", ["admin_b", "member_a", "coordinator", "holder"])
def test_others_cannot_attest(request, role, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.attest_lived_experience(user, role, True, Visibility.PUBLIC, consent_attested=True)
    role.refresh_from_db()
    assert role.lived_experience is None


def test_admin_cannot_overwrite_own_record(role, holder, admin_a):
    services.record_own_lived_experience(holder, role, False, Visibility.PRIVATE)
    with pytest.raises(ValidationError):
        services.attest_lived_experience(
            admin_a, role, True, Visibility.PUBLIC, consent_attested=True
        )
    role.refresh_from_db()
    assert role.lived_experience is False
    assert role.lived_experience_source == LivedExperienceSource.SELF


@pytest.mark.parametrize("persona", ["admin_a", "admin_b", "member_a", "coordinator"])
def test_only_person_records_self(request, role, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.record_own_lived_experience(user, role, True, Visibility.PUBLIC)
    role.refresh_from_db()
    assert role.lived_experience is None
    assert role.lived_experience_source == ""


def test_person_records_and_withdraws(role, holder):
    services.record_own_lived_experience(holder, role, True, Visibility.PUBLIC)
    role.refresh_from_db()
    assert role.lived_experience is True
    assert role.lived_experience_source == LivedExperienceSource.SELF
    services.record_own_lived_experience(holder, role, None, Visibility.PRIVATE)
    role.refresh_from_db()
    assert role.lived_experience is None
    assert role.lived_experience_source == ""


def test_unknown_visibility_rejected(role, holder):
    with pytest.raises(ValidationError) as error:
        services.record_own_lived_experience(holder, role, True, "everyone")
    assert "visibility" in error.value.message_dict


# ---------------------------------------------------------------------------
# Visibility matrix: page and API
# ---------------------------------------------------------------------------

# Viewer -> visibility -> whether the viewer sees the lived experience.
VISIBILITY_MATRIX = {
    "visitor": {"private": False, "network": False, "public": True},
    "member_a": {"private": False, "network": True, "public": True},
    "holder": {"private": True, "network": True, "public": True},
    "coordinator": {"private": True, "network": True, "public": True},
}


@pytest.fixture
def roles_by_visibility(partnership, holder, member_a) -> dict[str, LeadershipRole]:
    roles = {}
    for visibility in Visibility.values:
        role = LeadershipRole.objects.create(
            partnership=partnership,
            person_name=f"Holder {visibility}",
            user=holder,
            title=RoleTitle.STEERING_MEMBER,
            term_start=date(2024, 1, 1),
        )
        services.record_own_lived_experience(holder, role, True, visibility)
        roles[visibility] = role
    return roles


def client_as(request, persona: str) -> APIClient:
    client = APIClient()
    if persona != "visitor":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", list(VISIBILITY_MATRIX))
def test_visibility_on_page(request, persona, partnership, roles_by_visibility):
    client = client_as(request, persona)
    url = reverse("partners:partnership-roles", kwargs={"slug": partnership.slug})
    html = client.get(url).content.decode()
    for visibility, role in roles_by_visibility.items():
        cell = re.search(rf'id="role-{role.pk}-lived-experience">\s*([^<]*?)\s*</td>', html)
        assert cell is not None, f"no cell for role {role.pk}"
        expected = "Yes" if VISIBILITY_MATRIX[persona][visibility] else "Not shown"
        assert cell.group(1) == expected, f"{persona} / {visibility}"


@pytest.mark.parametrize("persona", list(VISIBILITY_MATRIX))
def test_visibility_in_api(request, persona, partnership, roles_by_visibility):
    client = client_as(request, persona)
    response = client.get(reverse("api:leadership-role-list"), {"partnership": partnership.slug})
    assert response.status_code == 200
    by_id = {row["id"]: row for row in response.json()["results"]}
    for visibility, role in roles_by_visibility.items():
        row = by_id[role.pk]
        if VISIBILITY_MATRIX[persona][visibility]:
            assert row["lived_experience"] is True, f"{persona} / {visibility}"
            assert row["visibility"] == visibility
        else:
            assert row["lived_experience"] is None, f"{persona} / {visibility}"
            assert row["lived_experience_source"] is None
            assert row["visibility"] is None


@pytest.mark.parametrize("persona", list(VISIBILITY_MATRIX))
def test_visibility_in_api_detail(request, persona, roles_by_visibility):
    client = client_as(request, persona)
    role = roles_by_visibility["private"]
    response = client.get(reverse("api:leadership-role-detail", kwargs={"pk": role.pk}))
    assert response.status_code == 200
    expected = True if VISIBILITY_MATRIX[persona]["private"] else None
    assert response.json()["lived_experience"] is expected


def test_hidden_partnership_roles_not_listed(client, organization_a, admin_b, coordinator):
    hidden = make_partnership(organization_a, name="Hidden", state=PartnershipState.PROPOSED)
    role = add_roles(hidden, 1)[0]
    list_url = reverse("api:leadership-role-list")
    detail_url = reverse("api:leadership-role-detail", kwargs={"pk": role.pk})
    for user in (None, admin_b):
        api = APIClient()
        if user is not None:
            api.force_login(user)
        assert api.get(list_url).json()["count"] == 0
        assert api.get(list_url, {"partnership": hidden.slug}).json()["count"] == 0
        assert api.get(detail_url).status_code == 404
    page = reverse("partners:partnership-roles", kwargs={"slug": hidden.slug})
    assert client.get(page).status_code == 404
    coordinator_api = APIClient()
    coordinator_api.force_login(coordinator)
    assert coordinator_api.get(list_url).json()["count"] == 1


def test_api_bad_filter_names_field(db):
    response = APIClient().get(reverse("api:leadership-role-list"), {"current": "perhaps"})
    assert response.status_code == 400
    assert "current" in response.json()


# ---------------------------------------------------------------------------
# API writes
# ---------------------------------------------------------------------------


def test_api_create_by_lead_admin(partnership, admin_a, holder):
    api = APIClient()
    api.force_login(admin_a)
    response = api.post(
        reverse("api:leadership-role-list"),
        {
            "partnership": partnership.slug,
            "person_name": "Rosalie Côté",
            "account_email": "HOLDER@example.org",
            "title": "chair",
            "term_start": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    role = LeadershipRole.objects.get(pk=response.json()["id"])
    assert role.user == holder


@pytest.mark.parametrize("persona", ["visitor", "admin_b", "member_a", "holder", "coordinator"])
def test_api_writes_refused_for_others(request, persona, role):
    api = client_as(request, persona)
    create = api.post(
        reverse("api:leadership-role-list"),
        {
            "partnership": role.partnership.slug,
            "person_name": "Intruder",
            "title": "chair",
            "term_start": "2026-01-01",
        },
        format="json",
    )
    detail = reverse("api:leadership-role-detail", kwargs={"pk": role.pk})
    change = api.patch(detail, {"person_name": "Intruder"}, format="json")
    end = api.post(reverse("api:leadership-role-end", kwargs={"pk": role.pk}), {}, format="json")
    attest = api.post(
        reverse("api:leadership-role-attestation", kwargs={"pk": role.pk}),
        {"lived_experience": True, "visibility": "public", "consent_attested": True},
        format="json",
    )
    assert create.status_code == 403
    assert change.status_code == 403
    assert end.status_code == 403
    assert attest.status_code == 403
    role.refresh_from_db()
    assert role.person_name == "Rosalie Côté"
    assert role.term_end is None
    assert role.lived_experience is None
    assert LeadershipRole.objects.count() == 1


@pytest.mark.parametrize("persona", ["visitor", "admin_a", "admin_b", "member_a", "coordinator"])
def test_api_own_record_only_by_person(request, persona, role):
    api = client_as(request, persona)
    response = api.post(
        reverse("api:leadership-role-lived-experience", kwargs={"pk": role.pk}),
        {"lived_experience": True, "visibility": "public"},
        format="json",
    )
    assert response.status_code in (403, 404)
    role.refresh_from_db()
    assert role.lived_experience is None


def test_api_own_record_by_person(role, holder):
    api = APIClient()
    api.force_login(holder)
    response = api.post(
        reverse("api:leadership-role-lived-experience", kwargs={"pk": role.pk}),
        {"lived_experience": True, "visibility": "network"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["lived_experience"] is True
    assert response.json()["is_own"] is True


def test_api_attestation_needs_consent(role, admin_a):
    api = APIClient()
    api.force_login(admin_a)
    response = api.post(
        reverse("api:leadership-role-attestation", kwargs={"pk": role.pk}),
        {"lived_experience": True, "visibility": "public", "consent_attested": False},
        format="json",
    )
    assert response.status_code == 400
    assert "consent_attested" in response.json()
    role.refresh_from_db()
    assert role.lived_experience is None


def test_api_rejects_unknown_field(role, admin_a):
    api = APIClient()
    api.force_login(admin_a)
    response = api.patch(
        reverse("api:leadership-role-detail", kwargs={"pk": role.pk}),
        {"lived_experience": True},
        format="json",
    )
    assert response.status_code == 400
    assert "lived_experience" in response.json()


def test_api_mentor_of_other_body_rejected(role, admin_a, organization_a):
    other = LeadershipRole.objects.create(
        organization=organization_a, person_name="Other", title="chair", term_start=TODAY
    )
    api = APIClient()
    api.force_login(admin_a)
    response = api.patch(
        reverse("api:leadership-role-detail", kwargs={"pk": role.pk}),
        {"mentor": other.pk, "emerging_leader": True},
        format="json",
    )
    assert response.status_code == 400
    assert "mentor" in response.json()


# ---------------------------------------------------------------------------
# Page writes
# ---------------------------------------------------------------------------


def test_page_create_and_wrong_user(partnership, signed_in, admin_a, admin_b, client):
    url = reverse("partners:partnership-roles", kwargs={"slug": partnership.slug})
    data = {"person_name": "Maya Singh", "title": "chair", "term_start": "2026-01-01"}
    assert signed_in(admin_b).post(url, data).status_code == 403
    assert not LeadershipRole.objects.exists()
    client.logout()
    response = signed_in(admin_a).post(url, data)
    assert response.status_code == 302
    assert LeadershipRole.objects.get().person_name == "Maya Singh"


def test_page_create_errors_on_field(partnership, signed_in, admin_a):
    url = reverse("partners:partnership-roles", kwargs={"slug": partnership.slug})
    response = signed_in(admin_a).post(
        url, {"person_name": "", "title": "chair", "term_start": "2026-13-40"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "person_name" in form.errors
    assert "term_start" in form.errors


def test_page_attest_without_consent(role, signed_in, admin_a):
    url = reverse("partners:leadership-role-edit", kwargs={"role_id": role.pk})
    response = signed_in(admin_a).post(
        url,
        {"action": "attest", "attest-lived_experience": "yes", "attest-visibility": "public"},
    )
    assert response.status_code == 400
    assert "consent_attested" in response.context["attest_form"].errors
    role.refresh_from_db()
    assert role.lived_experience is None


def test_edit_page_hidden_from_others(role, signed_in, admin_b, client):
    url = reverse("partners:leadership-role-edit", kwargs={"role_id": role.pk})
    assert signed_in(admin_b).get(url).status_code == 404
    assert signed_in(admin_b).post(url, {"action": "edit"}).status_code == 404
    end = reverse("partners:leadership-role-end", kwargs={"role_id": role.pk})
    assert signed_in(admin_b).post(end).status_code == 404
    role.refresh_from_db()
    assert role.term_end is None


def test_my_roles_records_own(role, signed_in, holder):
    url = reverse("partners:my-leadership-roles")
    response = signed_in(holder).post(
        url,
        {
            "role": role.pk,
            f"role-{role.pk}-lived_experience": "yes",
            f"role-{role.pk}-visibility": "network",
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.lived_experience is True
    assert role.lived_experience_source == LivedExperienceSource.SELF
    assert role.visibility == Visibility.NETWORK


def test_my_roles_refuses_other_role(role, signed_in, admin_a):
    url = reverse("partners:my-leadership-roles")
    response = signed_in(admin_a).post(
        url,
        {
            "role": role.pk,
            f"role-{role.pk}-lived_experience": "yes",
            f"role-{role.pk}-visibility": "public",
        },
    )
    assert response.status_code == 404
    role.refresh_from_db()
    assert role.lived_experience is None


def test_my_roles_needs_sign_in(db, client):
    response = client.get(reverse("partners:my-leadership-roles"))
    assert response.status_code == 302


# ---------------------------------------------------------------------------
# The indicator
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "lived", "majority", "to_add", "to_fill"),
    [
        (6, 3, False, 1, 1),  # exactly half is not a majority
        (6, 4, True, 0, 0),
        (5, 2, False, 2, 1),
        (5, 3, True, 0, 0),
        (7, 0, False, 8, 4),
        (1, 1, True, 0, 0),
    ],
)
def test_majority_math(total, lived, majority, to_add, to_fill):
    indicator = Indicator(current_roles=total, with_lived_experience=lived, succession_gaps=0)
    assert indicator.is_majority is majority
    assert indicator.roles_to_add == to_add
    assert indicator.roles_to_fill == to_fill
    after_adding = Indicator(total + to_add, lived + to_add, 0)
    assert after_adding.is_majority


def test_under_five_suppressed(partnership):
    add_roles(partnership, 4, lived=4)
    assert leadership_indicators([partnership.pk])[partnership.pk].suppressed
    add_roles(partnership, 1, prefix="Fifth")
    indicator = leadership_indicators([partnership.pk])[partnership.pk]
    assert not indicator.suppressed
    assert indicator.current_roles == 5
    assert indicator.with_lived_experience == 4


def test_indicator_counts_only_current(partnership):
    today = timezone.localdate()
    add_roles(partnership, 5, lived=3)
    add_roles(partnership, 2, lived=2, end=today - timedelta(days=1), prefix="Past")
    add_roles(partnership, 2, lived=2, start=today + timedelta(days=1), prefix="Future")
    indicator = leadership_indicators([partnership.pk])[partnership.pk]
    assert indicator.current_roles == 5
    assert indicator.with_lived_experience == 3


def test_indicator_empty_partnership(partnership):
    indicator = leadership_indicators([partnership.pk])[partnership.pk]
    assert indicator.current_roles == 0
    assert indicator.suppressed
    assert not indicator.is_majority


def test_indicator_query_count(organization_a):
    partnerships = [make_partnership(organization_a, name=f"P{n}") for n in range(6)]
    for partnership in partnerships:
        add_roles(partnership, 5, lived=3)
    with CaptureQueriesContext(connection) as queries:
        result = leadership_indicators([p.pk for p in partnerships])
    assert len(queries) == 1
    assert all(indicator.is_majority for indicator in result.values())


# ---------------------------------------------------------------------------
# Succession gaps at the six-month boundary
# ---------------------------------------------------------------------------


def test_succession_gap_boundary(partnership):
    horizon = TODAY + services.SUCCESSION_HORIZON
    inside = add_roles(partnership, 1, end=horizon, prefix="Inside")[0]
    outside = add_roles(partnership, 1, end=horizon + timedelta(days=1), prefix="Outside")[0]
    with_successor = add_roles(partnership, 1, end=TODAY + timedelta(days=30), prefix="Named")[0]
    successor = add_roles(partnership, 1, prefix="Successor")[0]
    with_successor.successor = successor
    with_successor.save()
    ended = add_roles(partnership, 1, end=TODAY - timedelta(days=1), prefix="Ended")[0]

    gaps = set(LeadershipRole.objects.succession_gaps(TODAY))
    assert inside in gaps
    assert outside not in gaps
    assert with_successor not in gaps
    assert ended not in gaps
    assert leadership_indicators([partnership.pk], TODAY)[partnership.pk].succession_gaps == 1


# ---------------------------------------------------------------------------
# The panel on a partnership page
# ---------------------------------------------------------------------------


def render_panel(partnership: Partnership, user) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template("{% load leadership %}{% partnership_leadership_panel partnership %}")
    return template.render(Context({"partnership": partnership, "request": request}))


def test_panel_under_five_hidden_publicly(partnership, admin_a):
    add_roles(partnership, 4, lived=1)
    public = render_panel(partnership, None)
    assert "Fewer than five leaders" in public
    assert "Majority with lived experience" not in public
    lead = render_panel(partnership, admin_a)
    assert "What would close the gap" in lead


def test_panel_shows_band_not_people(partnership, admin_a, admin_b, holder):
    roles = add_roles(partnership, 5, lived=2, end=TODAY + timedelta(days=3650))
    roles[0].person_name = "Secret Person"
    roles[0].save()
    add_roles(partnership, 1, end=timezone.localdate() + timedelta(days=30), prefix="Leaving")
    public = render_panel(partnership, None)
    assert "A quarter to a half" in public
    assert "Secret Person" not in public
    assert "What would close the gap" not in public
    assert "Leaving 0" not in public
    other = render_panel(partnership, admin_b)
    assert "What would close the gap" not in other
    lead = render_panel(partnership, admin_a)
    assert "What would close the gap" in lead
    assert "Leaving 0" in lead
    assert "Adding 3 leadership roles" in lead


# ---------------------------------------------------------------------------
# Coordinators' list and indicator API
# ---------------------------------------------------------------------------


def test_without_majority_for_coordinators_only(signed_in, partnership, coordinator, admin_a):
    add_roles(partnership, 6, lived=3)
    majority = make_partnership(partnership.members.first().organization, name="Majority")
    add_roles(majority, 5, lived=3)
    url = reverse("partners:leadership-without-majority")
    assert signed_in(admin_a).get(url).status_code == 403
    response = signed_in(coordinator).get(url)
    assert response.status_code == 200
    listed = [row[0] for row in response.context["rows"]]
    assert partnership in listed
    assert majority not in listed


def test_indicator_api_suppression(request, partnership, admin_a, admin_b):
    add_roles(partnership, 4, lived=3)
    url = reverse("api:leadership-indicator-list")
    for persona, shown in (("visitor", False), ("admin_b", False), ("admin_a", True)):
        row = client_as(request, persona).get(url).json()["results"][0]
        assert row["suppressed"] is True
        if shown:
            assert row["current_roles"] == 4
            assert row["is_majority"] is True
        else:
            assert row["current_roles"] is None
            assert row["band"] is None
            assert row["is_majority"] is None
            assert row["succession_gaps"] is None


def test_indicator_api_hides_hidden_partnerships(organization_a):
    hidden = make_partnership(organization_a, name="Hidden", state=PartnershipState.DECLINED)
    add_roles(hidden, 6, lived=1)
    url = reverse("api:leadership-indicator-list")
    assert APIClient().get(url).json()["count"] == 0
    assert APIClient().get(url, {"partnership": hidden.slug}).json()["count"] == 0


# ---------------------------------------------------------------------------
# Query counts at two sizes
# ---------------------------------------------------------------------------


def grow(partnership: Partnership, count: int, offset: int) -> None:
    mentor = add_roles(partnership, 1, prefix=f"Mentor {offset}")[0]
    for number in range(count):
        LeadershipRole.objects.create(
            partnership=partnership,
            person_name=f"Grown {offset + number}",
            title=RoleTitle.ADVISOR,
            term_start=date(2024, 1, 1),
            emerging_leader=True,
            mentor=mentor,
            successor=mentor,
        )


@pytest.mark.parametrize("persona", ["visitor", "admin_a", "coordinator"])
def test_role_page_query_count(request, persona, partnership):
    client = client_as(request, persona)
    url = reverse("partners:partnership-roles", kwargs={"slug": partnership.slug})
    grow(partnership, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(partnership, 15, 100)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("persona", ["visitor", "member_a", "coordinator"])
def test_role_api_query_count(request, persona, partnership):
    client = client_as(request, persona)
    url = reverse("api:leadership-role-list")
    grow(partnership, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(partnership, 15, 100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.json()["count"] == 19
    assert len(many) == len(few)


@pytest.mark.parametrize("persona", ["visitor", "admin_a", "coordinator"])
def test_indicator_api_query_count(request, persona, organization_a, organization_b):
    client = client_as(request, persona)
    url = reverse("api:leadership-indicator-list")
    for number in range(2):
        add_roles(make_partnership(organization_a, name=f"Few {number}"), 5, lived=3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(12):
        p = make_partnership(organization_b, name=f"Many {number}", members=(organization_a,))
        add_roles(p, 6, lived=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.json()["count"] == 14
    assert len(many) == len(few)


def test_without_majority_query_count(signed_in, coordinator, organization_a):
    client = signed_in(coordinator)
    url = reverse("partners:leadership-without-majority")
    for number in range(2):
        add_roles(make_partnership(organization_a, name=f"Few {number}"), 6, lived=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(10):
        add_roles(make_partnership(organization_a, name=f"Many {number}"), 6, lived=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 12
    assert len(many) == len(few)


def test_my_roles_query_count(signed_in, partnership, holder):
    client = signed_in(holder)
    url = reverse("partners:my-leadership-roles")
    add_roles(partnership, 1)[0]
    LeadershipRole.objects.update(user=holder)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_roles(partnership, 10, prefix="More")
    LeadershipRole.objects.update(user=holder)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["forms"]) == 11
    assert len(many) == len(few)


def test_api_filters(request, partnership, roles_by_visibility, holder, admin_a):
    ended = add_roles(partnership, 1, end=date(2021, 1, 1), prefix="Ended")[0]
    url = reverse("api:leadership-role-list")
    api = client_as(request, "holder")
    mine = {row["id"] for row in api.get(url, {"mine": "true"}).json()["results"]}
    assert mine == {role.pk for role in roles_by_visibility.values()}
    past = {row["id"] for row in api.get(url, {"current": "false"}).json()["results"]}
    assert past == {ended.pk}
    assert APIClient().get(url, {"mine": "true"}).json()["count"] == 0
    assert APIClient().get(url, {"emerging_leader": "maybe"}).status_code == 400
