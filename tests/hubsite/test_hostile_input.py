"""Hostile values through the forms, API endpoints and search boxes that take text.

Each value must end in a field error (a form error on the field, or a 400
whose body names the field) or in safe storage: escaped in the rendered page
and neutralized in CSV exports. It must never cause a 500.

One representative form and one API endpoint per app carry every value. The
checks they exercise are shared: Django's and DRF's CharField reject null
bytes, the max_length of each long text field rejects the 1 MB string, the
website validator rejects `javascript:` URLs, templates autoescape, and
`hubsite.exports.SafeDictWriter` writes every CSV export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from governance.forms import DecisionForm
from hubsite.exports import FORMULA_PREFIXES, SafeDictWriter
from initiatives.forms import InitiativeForm
from metrics.forms import ReturnForm
from partners.forms.partnerships import GoalsForm
from partners.forms.registration import OrganizationForm
from partners.models import Organization, StakeholderKind, Theme, User
from practices.forms import EvidenceGapForm, PracticeForm
from practices.models import Practice, PracticeStatus

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = 1_000_000

HOSTILE_VALUES: dict[str, str] = {
    "script-tag": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "javascript-url": "javascript:alert(1)",
    "sql": "'; DROP TABLE partners_organization; --",
    "null-byte": "before\x00after",
    "one-megabyte": "a" * ONE_MEGABYTE,
    # A woman with a white cane facing right (a ZWJ sequence), a rainbow flag and a family.
    "emoji": "Team 👩🏽‍🦯‍➡️ 🏳️‍🌈 👨‍👩‍👧",
    # Arabic, then Hebrew inside a right-to-left override.
    "right-to-left": "مرحبا \u202eשלום\u202c",
    "formula-equals": '=HYPERLINK("http://example.org","x")',
    "formula-plus": "+1+1",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(A1:A2)",
    "formula-tab": "\t=1+1",
    "formula-cr": "\r=1+1",
}

# Values that must be refused with a field error wherever they are sent.
REFUSED = {"null-byte", "one-megabyte"}


def check_form(form: Any, field: str, name: str) -> None:
    """Assert that a refused value is an error on `field` and that any other value is accepted.

    Plain text fields store markup, SQL and formulas as text: escaping on
    output and in exports keeps them harmless.
    """
    valid = form.is_valid()
    if name in REFUSED:
        assert not valid
        assert field in form.errors
    else:
        assert valid, form.errors


# ---------------------------------------------------------------------------
# Forms, one per app
# ---------------------------------------------------------------------------


@pytest.fixture
def kind(reference_data: None) -> StakeholderKind:
    return StakeholderKind.objects.get(slug="disability-organization")


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_organization_form_description(name: str, kind: StakeholderKind) -> None:
    form = OrganizationForm(
        data={"name": "Hostile Test Org", "kind": kind.pk, "description_en": HOSTILE_VALUES[name]}
    )

    check_form(form, "description_en", name)


def test_organization_form_rejects_javascript_website(kind: StakeholderKind) -> None:
    form = OrganizationForm(
        data={"name": "Hostile Test Org", "kind": kind.pk, "website": "javascript:alert(1)"}
    )

    assert not form.is_valid()
    assert "website" in form.errors


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_partnership_goals_form(name: str) -> None:
    form = GoalsForm(data={"goal_1_en": HOSTILE_VALUES[name], "version": 1})

    check_form(form, "goal_1_en", name)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_initiative_form_summary(name: str, reference_data: None) -> None:
    form = InitiativeForm(
        data={
            "title_en": "Hostile test initiative",
            "summary_en": HOSTILE_VALUES[name],
            "themes": [Theme.objects.get(number=1).pk],
            "status": "active",
            "kind": "program",
        }
    )

    check_form(form, "summary_en", name)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_practice_form_summary(name: str, admin_a: User) -> None:
    form = PracticeForm(
        data={
            "kind": "best-practice",
            "title_en": "Hostile test practice",
            "summary_en": HOSTILE_VALUES[name],
            "themes": [Theme.objects.get(number=1).pk],
        },
        user=admin_a,
    )

    check_form(form, "summary_en", name)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_evidence_gap_form_question(name: str, reference_data: None) -> None:
    form = EvidenceGapForm(
        data={
            "question_en": "What works?",
            "why_it_matters_en": HOSTILE_VALUES[name],
            "themes": [Theme.objects.get(number=1).pk],
        }
    )

    check_form(form, "why_it_matters_en", name)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_assessment_decision_form_reasons(name: str) -> None:
    form = DecisionForm(data={"decision": "accept", "reasons_en": HOSTILE_VALUES[name]})

    check_form(form, "reasons_en", name)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_report_return_form_comment(name: str) -> None:
    form = ReturnForm(data={"comment": HOSTILE_VALUES[name]})

    check_form(form, "comment", name)


# ---------------------------------------------------------------------------
# API endpoints
# ---------------------------------------------------------------------------


def check_api_response(response: Any, field: str, name: str, created: int) -> None:
    """Assert a 400 naming `field` for a refused value and `created` for any other."""
    assert response.status_code != 500
    if name in REFUSED:
        assert response.status_code == 400, response.content[:300]
        assert field in response.json()
    else:
        assert response.status_code == created, response.content[:300]


@pytest.fixture
def api_admin(admin_a: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin_a)
    return client


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_api_organization_description(name: str, api_admin: APIClient) -> None:
    response = api_admin.post(
        "/api/v1/organizations/",
        {
            "name": "Hostile Test Org",
            "kind": "disability-organization",
            "description_en": HOSTILE_VALUES[name],
        },
        format="json",
    )

    check_api_response(response, "description_en", name, created=201)


def test_api_organization_rejects_javascript_website(api_admin: APIClient) -> None:
    response = api_admin.post(
        "/api/v1/organizations/",
        {"name": "Hostile Test Org", "kind": "disability-organization", "website": "javascript:x"},
        format="json",
    )

    assert response.status_code == 400
    assert "website" in response.json()


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_api_practice_summary(name: str, api_admin: APIClient) -> None:
    response = api_admin.post(
        "/api/v1/practices/",
        {
            "kind": "best-practice",
            "title_en": "Hostile test practice",
            "summary_en": HOSTILE_VALUES[name],
            "themes": [Theme.objects.get(number=1).slug],
        },
        format="json",
    )

    check_api_response(response, "summary_en", name, created=201)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_api_evidence_gap_question(name: str, api_admin: APIClient) -> None:
    response = api_admin.post(
        "/api/v1/evidence-gaps/",
        {
            "question_en": "What works?",
            "why_it_matters_en": HOSTILE_VALUES[name],
            "themes": [Theme.objects.get(number=1).slug],
        },
        format="json",
    )

    check_api_response(response, "why_it_matters_en", name, created=201)


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
def test_api_initiative_summary(name: str, api_admin: APIClient, organization_a: Any) -> None:
    response = api_admin.post(
        "/api/v1/initiatives/",
        {
            "lead_organization": organization_a.slug,
            "title_en": "Hostile test initiative",
            "summary_en": HOSTILE_VALUES[name],
            "themes": [1],
        },
        format="json",
    )

    check_api_response(response, "summary_en", name, created=201)


# ---------------------------------------------------------------------------
# Escaped output and formula-safe exports
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["script-tag", "img-onerror"])
def test_organization_page_escapes_markup(
    name: str, client: Client, make_organization: Callable[..., Organization]
) -> None:
    value = HOSTILE_VALUES[name]
    organization = make_organization(name=f"Org {value}", description_en=value)

    page = client.get(f"/en/organizations/{organization.slug}/").content.decode()

    assert value not in page
    assert "&lt;" in page


@pytest.mark.parametrize("name", [name for name in HOSTILE_VALUES if name.startswith("formula")])
def test_practice_export_neutralizes_formulas(
    name: str, client: Client, reference_data: None
) -> None:
    value = HOSTILE_VALUES[name]
    practice = Practice.objects.create(
        kind="best-practice",
        title_en=value,
        summary_en="Summary.",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    practice.themes.set([Theme.objects.get(number=1)])

    response = client.get("/en/practices/export.csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert value not in cells
    assert "'" + value in cells


@pytest.mark.parametrize(
    "value", [value for name, value in HOSTILE_VALUES.items() if name != "one-megabyte"]
)
def test_safe_dict_writer_cells_never_start_with_formula(value: str) -> None:
    handle = io.StringIO()
    writer = SafeDictWriter(handle, ["cell"])
    writer.writerow({"cell": value})

    cell = next(csv.reader(io.StringIO(handle.getvalue())))[0]

    assert not cell.startswith(FORMULA_PREFIXES)


# ---------------------------------------------------------------------------
# Search boxes
# ---------------------------------------------------------------------------

SEARCH_PAGES = [
    "/en/organizations/",
    "/en/partnerships/",
    "/en/initiatives/",
    "/en/practices/",
    "/en/evidence-gaps/",
]


@pytest.mark.parametrize("name", list(HOSTILE_VALUES))
@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_search_box_survives(name: str, path: str, client: Client, reference_data: None) -> None:
    response = client.get(path, {"q": HOSTILE_VALUES[name]})

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "<script>alert(1)</script>" not in response.content.decode()
