"""Self-registration of an organization: its form, checks, likely duplicates and double posts."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from partners import services
from partners.models import (
    Language,
    Membership,
    Organization,
    Region,
    Role,
    Sector,
    StakeholderKind,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

REGISTER_URL = "/en/organizations/register/"


def form_data(**overrides: object) -> dict[str, object]:
    """Return a valid registration POST for a disability organization, with keyword overrides."""
    data: dict[str, object] = {
        "name": "Accès Emploi Nord",
        "alternate_name": "Access Employment North",
        "description_en": "Job coaching for people with disabilities.",
        "description_fr": "Accompagnement vers l'emploi.\nEn français et en LSQ.",
        "kind": StakeholderKind.objects.get(slug="disability-organization").pk,
        "government_level": "",
        "size_band": "",
        "unionized": "",
        "sector": "",
        "city": "Sudbury",
        "province": Region.objects.get(code="CA-ON").pk,
        "regions_served": [Region.objects.get(code="CA-ON").pk, Region.objects.get(code="CA").pk],
        "languages": [Language.objects.get(code="fr").pk, Language.objects.get(code="fcs").pk],
        "other_languages": "Cree",
        "indigenous_led": "on",
        "website": "https://acces-emploi.example.org/",
        "email": "info@acces-emploi.example.org",
        "phone": "+1 705 555 0100",
    }
    data.update(overrides)
    return data


@pytest.fixture
def registrant(reference_data):
    return make_user("registrant@example.org")


# ---------------------------------------------------------------------------
# Who may register
# ---------------------------------------------------------------------------


def test_register_visitor_redirected_to_sign_in(client, reference_data):
    get = client.get(REGISTER_URL)
    post = client.post(REGISTER_URL, form_data())

    assert get.status_code == 302
    assert get["Location"].startswith("/en/accounts/login/?next=/en/organizations/register/")
    assert post.status_code == 302
    assert "/accounts/login/" in post["Location"]
    assert not Organization.objects.exists()


def test_register_form_renders(signed_in, registrant):
    response = signed_in(registrant).get(REGISTER_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1>") == 1
    assert "Register an organization" in content
    assert "novalidate" in content
    for name in form_data():
        assert f'name="{name}"' in content
    assert 'lang="fr"' in content  # the French description's textarea


def test_register_french_page(signed_in, registrant):
    response = signed_in(registrant).get("/fr/organizations/register/")

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


# ---------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------


def test_register_creates_pending_organization(signed_in, registrant):
    response = signed_in(registrant).post(REGISTER_URL, form_data())

    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.verification_status == "pending"
    assert organization.registered_by == registrant
    assert organization.name == "Accès Emploi Nord"
    assert organization.indigenous_led is True
    assert organization.description_fr == "Accompagnement vers l'emploi.\nEn français et en LSQ."
    assert {region.code for region in organization.regions_served.all()} == {"CA-ON", "CA"}
    assert {language.code for language in organization.languages.all()} == {"fr", "fcs"}


def test_register_makes_registrant_administrator(signed_in, registrant):
    signed_in(registrant).post(REGISTER_URL, form_data())

    membership = Membership.objects.get(user=registrant)
    assert membership.role == Role.ADMINISTRATOR
    assert membership.organization.name == "Accès Emploi Nord"


def test_register_keeps_organization_private(client, signed_in, registrant):
    signed_in(registrant).post(REGISTER_URL, form_data())
    organization = Organization.objects.get()
    client.logout()

    assert client.get(organization.get_absolute_url()).status_code == 404
    assert client.get("/en/organizations/").context["page"].paginator.count == 0
    assert client.get("/api/v1/organizations/").json()["count"] == 0


def test_register_redirect_page_guides_administrator(signed_in, registrant):
    response = signed_in(registrant).post(REGISTER_URL, form_data(), follow=True)

    content = response.content.decode()
    slug = Organization.objects.get().slug
    assert response.status_code == 200
    assert "Awaiting verification." in content
    assert "is registered. A coordinator will verify it" in content
    assert f'href="/en/organizations/{slug}/declaration/"' in content
    assert f'href="/en/organizations/{slug}/members/"' in content


def test_register_records_history(signed_in, registrant):
    signed_in(registrant).post(REGISTER_URL, form_data())

    record = Organization.objects.get().history.earliest()
    assert record.history_type == "+"
    assert record.history_user == registrant


def test_register_assumes_https(signed_in, registrant):
    signed_in(registrant).post(REGISTER_URL, form_data(website="acces-emploi.example.org"))

    assert Organization.objects.get().website == "https://acces-emploi.example.org"


# ---------------------------------------------------------------------------
# Bad input: a message on the field, status 400 and nothing saved
# ---------------------------------------------------------------------------


def assert_field_error(response, field: str, message: str | None = None) -> None:
    content = response.content.decode()
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    if message is not None:
        assert message in response.context["form"].errors[field][0]
    assert 'role="alert"' in content
    assert f'id="id_{field}-error"' in content or f'id="id_{field}_0-error"' in content
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 301),
        ("kind", ""),
        ("kind", "999999"),
        ("province", "999999"),
        ("regions_served", ["999999"]),
        ("languages", ["abc"]),
        ("email", "not-an-email"),
        ("website", "ftp://example.org/"),
        ("website", "javascript:alert(1)"),
        ("website", "https://"),
        ("phone", "5" * 51),
        ("government_level", "galactic"),
    ],
)
def test_register_bad_value_names_field(signed_in, registrant, field, value):
    response = signed_in(registrant).post(REGISTER_URL, form_data(**{field: value}))

    assert_field_error(response, field)


def test_register_error_marks_field_invalid(signed_in, registrant):
    response = signed_in(registrant).post(REGISTER_URL, form_data(name=""))

    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_name-error"' in content
    assert '<a href="#id_name">' in content
    assert "<title>Error:" in content


def test_register_error_keeps_typed_values(signed_in, registrant):
    response = signed_in(registrant).post(REGISTER_URL, form_data(name=""))

    content = response.content.decode()
    assert "Job coaching for people with disabilities." in content
    assert "https://acces-emploi.example.org/" in content


def test_register_website_error_explains_scheme(signed_in, registrant):
    response = signed_in(registrant).post(REGISTER_URL, form_data(website="ftp://example.org/"))

    assert_field_error(response, "website")


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "message"),
    [
        ("government", {}, "government_level", "Choose the level of government."),
        ("business", {"unionized": "no", "sector": "62"}, "size_band", "Choose the size"),
        ("business", {"size_band": "small", "sector": "62"}, "unionized", "unionized"),
        ("business", {"size_band": "small", "unionized": "yes"}, "sector", "sector"),
        ("funder", {"government_level": "federal"}, "government_level", "only to governments"),
        ("government", {"government_level": "federal", "size_band": "large"}, "size_band", "only"),
        ("university", {"unionized": "yes"}, "unionized", "applies only"),
        ("disability-organization", {"sector": "62"}, "sector", "applies only"),
    ],
)
def test_register_conditional_field_checked(signed_in, registrant, kind, overrides, field, message):
    if "sector" in overrides:
        overrides["sector"] = Sector.objects.get(code=overrides["sector"]).pk
    data = form_data(kind=StakeholderKind.objects.get(slug=kind).pk, **overrides)

    response = signed_in(registrant).post(REGISTER_URL, data)

    assert_field_error(response, field, message)


def test_register_business_with_its_fields(signed_in, registrant):
    data = form_data(
        kind=StakeholderKind.objects.get(slug="business").pk,
        size_band="medium",
        unionized="unknown",
        sector=Sector.objects.get(code="62").pk,
    )

    response = signed_in(registrant).post(REGISTER_URL, data)

    organization = Organization.objects.get()
    assert response.status_code == 302
    assert organization.size_band == "medium"
    assert organization.sector is not None
    assert organization.sector.code == "62"


def test_register_government_with_level(signed_in, registrant):
    data = form_data(
        kind=StakeholderKind.objects.get(slug="government").pk, government_level="first-nations"
    )

    response = signed_in(registrant).post(REGISTER_URL, data)

    assert response.status_code == 302
    assert Organization.objects.get().government_level == "first-nations"


# ---------------------------------------------------------------------------
# Likely duplicates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"name": "ACCES EMPLOI NORD"}, {}),
        ({"name": "Acces-Emploi, Nord!"}, {}),
        ({"name": "Other", "website": "https://www.acces-emploi.example.org/jobs"}, {}),
        ({"name": "Other", "website": "http://acces-emploi.example.org"}, {}),
        (
            {"name": "Other", "website": "https://jobs.example.org/"},
            {"website": "https://example.org/"},
        ),
    ],
)
def test_register_duplicate_asks_first(signed_in, registrant, make_organization, existing, typed):
    duplicate = make_organization(**existing)

    response = signed_in(registrant).post(REGISTER_URL, form_data(**typed))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Is the organization already in the hub?" in content
    assert f'href="/en/organizations/{duplicate.slug}/join/"' in content
    assert f"Ask to join {duplicate.name} instead" in content
    assert not Organization.objects.exclude(pk=duplicate.pk).exists()


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"name": "Acces Emploi Sud"}, {}),
        (
            {"name": "Other", "website": "https://example.org.evil.example/"},
            {"website": "https://example.org/"},
        ),
        ({"name": "Other", "website": "https://notacces-emploi.example.org/"}, {}),
        ({"name": "Acces Emploi Nord", "verification_status": "archived"}, {}),
    ],
)
def test_register_not_duplicate_saves(signed_in, registrant, make_organization, existing, typed):
    make_organization(**existing)

    response = signed_in(registrant).post(REGISTER_URL, form_data(**typed))

    assert response.status_code == 302
    assert Organization.objects.filter(registered_by=registrant).count() == 1


def test_duplicates_step_keeps_typed_values(signed_in, registrant, make_organization):
    make_organization(name="Acces Emploi Nord")

    content = signed_in(registrant).post(REGISTER_URL, form_data()).content.decode()

    assert 'type="hidden" name="name" value="Accès Emploi Nord"' in content
    assert 'name="description_en" value="Job coaching for people with disabilities."' in content
    assert 'name="other_languages" value="Cree"' in content
    assert content.count('type="hidden" name="regions_served"') == 2
    assert content.count('type="hidden" name="languages"') == 2
    assert 'name="register_anyway"' in content
    assert 'name="change_details"' in content


def test_register_anyway_saves_everything(signed_in, registrant, make_organization):
    make_organization(name="Acces Emploi Nord")
    client = signed_in(registrant)
    first = client.post(REGISTER_URL, form_data())
    typed = first.context["form"].cleaned_data

    response = client.post(REGISTER_URL, {**form_data(), "register_anyway": "1"})

    organization = Organization.objects.get(registered_by=registrant)
    assert typed["name"] == "Accès Emploi Nord"
    assert response.status_code == 302
    assert organization.name == "Accès Emploi Nord"
    assert organization.other_languages == "Cree"
    assert organization.indigenous_led is True
    assert organization.regions_served.count() == 2


def test_register_anyway_from_hidden_fields(signed_in, registrant, make_organization):
    """Post back exactly the hidden inputs that the duplicates step rendered."""
    make_organization(name="Acces Emploi Nord")
    client = signed_in(registrant)
    content = client.post(REGISTER_URL, form_data()).content.decode()

    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', content):
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value.replace("&#x27;", "'"))
    data["register_anyway"] = ["1"]
    response = client.post(REGISTER_URL, data)

    organization = Organization.objects.get(registered_by=registrant)
    assert response.status_code == 302
    assert organization.indigenous_led is True
    assert organization.description_en == "Job coaching for people with disabilities."
    assert {language.code for language in organization.languages.all()} == {"fr", "fcs"}


def test_duplicates_change_details_returns_filled_form(signed_in, registrant, make_organization):
    make_organization(name="Acces Emploi Nord")

    response = signed_in(registrant).post(REGISTER_URL, {**form_data(), "change_details": "1"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Register an organization" in content
    assert 'value="Accès Emploi Nord"' in content
    assert Organization.objects.count() == 1


def test_duplicate_pending_not_linked(signed_in, registrant, make_organization):
    pending = make_organization(name="Acces Emploi Nord", verification_status="pending")

    content = signed_in(registrant).post(REGISTER_URL, form_data()).content.decode()

    assert f'href="{pending.get_absolute_url()}"' not in content
    assert "Pending" in content
    assert f'href="/en/organizations/{pending.slug}/join/"' in content


def test_duplicate_already_member(signed_in, admin_a, organization_a):
    response = signed_in(admin_a).post(REGISTER_URL, form_data(name="organization a"))

    content = response.content.decode()
    assert "You are already a member of this organization." in content
    assert f'href="/en/organizations/{organization_a.slug}/join/"' not in content


# ---------------------------------------------------------------------------
# Double submission
# ---------------------------------------------------------------------------


def test_register_twice_makes_one(signed_in, registrant):
    client = signed_in(registrant)

    first = client.post(REGISTER_URL, form_data())
    second = client.post(REGISTER_URL, form_data())

    assert Organization.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Membership.objects.filter(user=registrant).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: SQLite locks the whole database for each writer, so two "
        "requests cannot race, and services.register_organization's advisory lock is "
        "PostgreSQL-only."
    ),
)
@pytest.mark.django_db(transaction=True)
def test_register_double_submit_concurrent(reference_data):
    registrant = make_user("registrant@example.org")
    data = form_data()
    barrier = threading.Barrier(2)
    responses = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            client = Client()
            client.force_login(registrant)
            barrier.wait(timeout=10)
            responses.append(client.post(REGISTER_URL, data))
        except BaseException as error:  # Reported by the assert on `errors`.
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert [response.status_code for response in responses] == [302, 302]
    assert Organization.objects.count() == 1
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Membership.objects.filter(user=registrant).count() == 1


# ---------------------------------------------------------------------------
# services.find_likely_duplicates
# ---------------------------------------------------------------------------


def test_find_duplicates_by_folded_name(make_organization):
    same = make_organization(name="Réseau-Emploi, Inc.")
    make_organization(name="Réseau Emploi Incorporated")

    found = services.find_likely_duplicates("RESEAU emploi inc")

    assert list(found) == [same]


def test_find_duplicates_by_domain(make_organization):
    parent = make_organization(name="A", website="https://www.example.org/")
    child = make_organization(name="B", website="https://jobs.example.org/about")
    make_organization(name="C", website="https://example.org.evil.example/")
    make_organization(name="D", website="https://myexample.org/")

    found = services.find_likely_duplicates("Z", "http://example.org")

    assert set(found) == {parent, child}


def test_find_duplicates_skips_archived(make_organization):
    make_organization(name="Gone", verification_status="archived")

    assert not services.find_likely_duplicates("Gone").exists()


def test_find_duplicates_ignores_bad_website(make_organization):
    make_organization(name="A", website="https://example.org/")

    assert not services.find_likely_duplicates("Z", "http://[broken").exists()
