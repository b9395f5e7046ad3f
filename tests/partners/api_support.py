"""Helpers shared by the API tests: clients per persona and snapshots of stored records."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from partners.models import LeadershipDeclaration, Membership, Organization

# Every persona of tests/conftest.py, plus a visitor with no account.
PERSONAS = ["visitor", "member_a", "editor_a", "admin_a", "admin_b", "coordinator"]


def client_for(request: pytest.FixtureRequest, persona: str) -> APIClient:
    """Return a client signed in (by session) as the named persona fixture, or a visitor's."""
    client = APIClient()
    if persona != "visitor":
        client.force_login(request.getfixturevalue(persona))
    return client


def organization_state(organization: Organization) -> dict[str, Any]:
    """Snapshot an organization, its lists, members and declarations, to prove nothing changed."""
    fresh = Organization.objects.get(pk=organization.pk)
    fields = {
        field.name: getattr(fresh, field.attname)
        for field in Organization._meta.concrete_fields
        if field.name != "updated"
    }
    return {
        **fields,
        "regions_served": sorted(fresh.regions_served.values_list("code", flat=True)),
        "languages": sorted(fresh.languages.values_list("code", flat=True)),
        "memberships": sorted(
            Membership.objects.filter(organization=fresh).values_list("user__email", "role")
        ),
        "declarations": LeadershipDeclaration.objects.filter(organization=fresh).count(),
    }


def organization_url(organization: Organization, suffix: str = "") -> str:
    return f"/api/v1/organizations/{organization.slug}/{suffix}"
