"""Property-based API tests: schemathesis generates requests from the OpenAPI schema.

Every operation of /api/schema/ is called with generated valid and invalid
requests, as a visitor with no account, as an organization administrator and
as a coordinator, both with API tokens. Each response must not be a server
error, must use a status code the schema declares and must match the schema
of that status code.

The requests go in-process through Django's test handler, inside the test's
transaction, and each generated request runs in a savepoint that is rolled
back, so examples cannot change the records the next example sees.
Hypothesis runs derandomized, so a run is repeatable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.db import transaction
from django.test.client import ClientHandler
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from partners import services as partner_services
from partners.models import (
    BenefitArea,
    MemberRole,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    Region,
    Role,
    Theme,
)
from tests.conftest import make_user

# The mark makes pytest-django create the test database, which the
# module-scoped `world` fixture needs before any test requests `db`.
pytestmark = pytest.mark.django_db

# Examples per operation and persona, split between valid and invalid requests.
# A visitor gets fewer: most operations return 403 before reading the request.
MAX_EXAMPLES = {"visitor": 5, "administrator": 12, "coordinator": 12}

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def django_wsgi_app() -> Callable[..., Iterable[bytes]]:
    """Wrap Django's test handler as a WSGI application.

    `ClientHandler` keeps the database connection open across the request,
    where the production handler closes it at `request_finished`, which would
    break the test transaction.
    """
    handler = ClientHandler(enforce_csrf_checks=True)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        # A WSGI server sets the client address, and werkzeug's test client does not.
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")
        response: Any = handler(environ)
        headers = list(response.items())
        headers += [
            ("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]

    return application


def load_schema() -> Any:
    """Load the schema that /api/schema/ serves, bound to the in-process application.

    The schema is generated without a request, because collection runs
    before any test may use the database, which the request middleware does.
    """
    generated = SchemaGenerator().get_schema(request=None, public=True)
    rendered = OpenApiJsonRenderer().render(generated, renderer_context={})
    schema = schemathesis.openapi.from_dict(json.loads(rendered))
    schema.app = django_wsgi_app()
    return schema


SCHEMA = load_schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@dataclass
class World:
    """The records the generated requests reach through known path parameters."""

    tokens: dict[str, str]
    path_parameters: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_world() -> World:
    """Create two organizations, a partnership, an initiative, a practice and a report."""
    from allauth.mfa.models import Authenticator

    from governance import services as governance_services
    from hubsite.quarters import current_quarter
    from initiatives import services as initiative_services
    from metrics import services as metric_services
    from metrics.library import load_indicator_library
    from metrics.models import Indicator, IndicatorAdoption
    from partners import leadership_roles as leadership_services
    from partners import partnerships as partnership_services
    from partners import permissions
    from partners.models import StakeholderKind
    from partners.reference_data import load_reference_data
    from practices import services as practice_services
    from practices.models import Subscription

    if not Region.objects.exists():
        load_reference_data()
    load_indicator_library()
    governance_services.seed_default_framework()
    kind = StakeholderKind.objects.get(slug="disability-organization")
    organization_a = Organization.objects.create(
        name="Fuzz Organization A", kind=kind, verification_status="verified", city="Winnipeg"
    )
    organization_b = Organization.objects.create(
        name="Fuzz Organization B", kind=kind, verification_status="verified", city="Moncton"
    )
    pending = Organization.objects.create(
        name="Fuzz Pending Organization", kind=kind, verification_status="pending"
    )
    administrator = make_user("fuzz.admin@example.org")
    partner_services.add_member(organization_a, administrator, Role.ADMINISTRATOR)
    viewer = make_user("fuzz.viewer@example.org")
    viewer_membership = partner_services.add_member(organization_a, viewer, Role.VIEWER)
    administrator_b = make_user("fuzz.admin.b@example.org")
    partner_services.add_member(organization_b, administrator_b, Role.ADMINISTRATOR)
    coordinator = make_user("fuzz.coordinator@example.org")
    coordinator.groups.add(permissions.coordinators_group())
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )

    partnership = partnership_services.create_partnership(
        administrator,
        organization_a,
        {"name": "Fuzz Hiring Table", "purpose_en": "Hiring in Manitoba."},
        themes=[Theme.objects.get(number=3)],
        regions=[Region.objects.get(code="CA-MB")],
        benefit_areas=[BenefitArea.objects.get(slug="hiring")],
    )
    invited = partnership_services.invite_organization(administrator, partnership, organization_b)
    partnership_services.propose_goals(
        administrator, partnership, [("Hire ten people.", "")], expected_version=partnership.version
    )
    invitation = partner_services.invite_member(
        administrator, organization_a, "fuzz.invitee@example.org", Role.EDITOR
    )
    initiative = initiative_services.create_initiative(
        administrator,
        organization_a,
        {"title_en": "Fuzz Initiative", "summary_en": "Supported hiring."},
        {"themes": [Theme.objects.get(number=1)], "partner_organizations": [organization_b]},
    )
    initiative_b = initiative_services.create_initiative(
        administrator_b,
        organization_b,
        {"title_en": "Fuzz Initiative B", "summary_en": "Job coaching."},
        {"themes": [Theme.objects.get(number=1)]},
    )
    proposal = initiative_services.propose_change(
        administrator_b, initiative, organization_b, {"summary_en": "Supported hiring in Manitoba."}
    )
    connection = initiative_services.request_connection(administrator_b, initiative_b, initiative)
    practice = practice_services.submit_practice(
        administrator,
        {"kind": "best-practice", "title_en": "Fuzz Practice", "summary_en": "Job carving."},
        {"themes": [Theme.objects.get(number=1)]},
        submitting_organization=organization_a,
    )
    gap = practice_services.record_evidence_gap(
        administrator,
        {"question_en": "What keeps people employed?"},
        themes=[Theme.objects.get(number=1)],
    )
    subscription = Subscription.objects.create(
        email=administrator.email, user=administrator, status="active", kinds=["lesson"]
    )
    indicator = Indicator.objects.get(code="participants-served")
    IndicatorAdoption.objects.create(indicator=indicator, initiative=initiative)
    report = metric_services.open_report(
        administrator, organization_a, initiative, current_quarter().previous()
    )
    role = leadership_services.create_role(
        administrator,
        {"person_name": "Fuzz Chair", "title": "chair", "term_start": date(2026, 1, 1)},
        organization=organization_a,
    )
    assessment = governance_services.start_assessment(coordinator, partnership, "proposal")
    running = Partnership.objects.create(name="Fuzz Running Table", state="active")
    PartnershipMember.objects.create(
        partnership=running,
        organization=organization_b,
        role=MemberRole.LEAD,
        status=MemberStatus.ACCEPTED,
    )
    PartnershipMember.objects.create(
        partnership=running,
        organization=organization_a,
        role=MemberRole.MEMBER,
        status=MemberStatus.ACCEPTED,
    )
    governance_services.open_quarterly_reviews()
    review = running.reviews.get()
    score = assessment.scores.select_related("criterion").first()
    assert score is not None and score.criterion is not None
    criterion = score.criterion

    tokens = {
        "administrator": partner_services.issue_api_token(administrator).key,
        "coordinator": partner_services.issue_api_token(coordinator).key,
    }
    path_parameters: dict[str, dict[str, Any]] = {
        "/organizations/{slug}/": {"slug": organization_a.slug},
        "/organizations/{slug}/reject/": {"slug": pending.slug},
        "/organizations/{slug}/verify/": {"slug": pending.slug},
        "/organizations/{organization_slug}/": {"organization_slug": organization_a.slug},
        "/memberships/{id}/": {"id": viewer_membership.pk},
        "/partnerships/{slug}/": {"slug": partnership.slug},
        "/members/{member_id}/": {"member_id": invited.pk},
        "/initiatives/{id}/": {"id": initiative.pk},
        "/initiative-proposals/{id}/": {"id": proposal.pk},
        "/initiative-connections/{id}/": {"id": connection.pk},
        "/invitations/{token}/": {"token": invitation.token},
        "/leadership-roles/{id}/": {"id": role.pk},
        "/practices/{slug}/": {"slug": practice.slug},
        "/evidence-gaps/{id}/": {"id": gap.pk},
        "/subscriptions/{id}/": {"id": subscription.pk},
        "/indicators/{code}/": {"code": indicator.code},
        "/reports/{id}/": {"id": report.pk},
        "/assessments/{id}/": {"id": assessment.pk},
        "/reviews/{id}/": {"id": review.pk},
        "/criteria/{id}/": {"id": criterion.pk},
        "/benefit-areas/{slug}/": {"slug": "hiring"},
    }
    return World(tokens=tokens, path_parameters=path_parameters)


PERSONAS = ["visitor", "administrator", "coordinator"]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Build the records once for the module, in a transaction rolled back at its end.

    Each example then runs in a savepoint inside it, so no test of this module
    changes what the next one sees, and nothing is left for other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def known_path_parameters(path: str, world: World) -> dict[str, Any]:
    """Return real records' path parameters for `path`, the most specific match winning."""
    parameters: dict[str, Any] = {}
    for template in sorted(world.path_parameters, key=len):
        if template in path:
            parameters.update(world.path_parameters[template])
    return parameters


def case_strategy(operation: Any, world: World) -> st.SearchStrategy[Any]:
    """Mix valid and invalid requests, to real records and to generated path parameters."""
    known = known_path_parameters(operation.path, world)
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if known:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=known))
    return st.one_of(strategies)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_api_operation_conforms(operation: Any, persona: str, world: World) -> None:
    headers = {}
    if persona in world.tokens:
        headers["Authorization"] = f"Token {world.tokens[persona]}"

    @settings(
        max_examples=MAX_EXAMPLES[persona],
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=case_strategy(operation, world))
    def run(case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
