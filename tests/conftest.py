"""Shared fixtures: reference data and organizations built with factory_boy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partners.models import Organization, Region, StakeholderKind
from partners.reference_data import load_reference_data


@pytest.fixture
def reference_data(db: None) -> None:
    """Load the reference lists unless an earlier test in this database already did.

    Transactional tests (live_server) empty every table when they end, so the
    check runs per test rather than once per session.
    """
    if not Region.objects.exists():
        load_reference_data()


@pytest.fixture
def make_organization(reference_data: None) -> Callable[..., Organization]:
    """Create a verified organization; keyword arguments override fields."""
    counter = {"n": 0}

    def make(**fields: Any) -> Organization:
        counter["n"] += 1
        regions = fields.pop("regions_served", [])
        languages = fields.pop("languages", [])
        fields.setdefault("name", f"Organization {counter['n']:04d}")
        fields.setdefault("kind", StakeholderKind.objects.get(slug="disability-organization"))
        fields.setdefault("verification_status", "verified")
        organization = Organization.objects.create(**fields)
        if regions:
            organization.regions_served.set(regions)
        if languages:
            organization.languages.set(languages)
        return organization

    return make
