"""Fixtures of the initiatives tests: a factory of initiatives and a hidden organization."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hubsite.celery import app as celery_app
from initiatives.models import Initiative, IntersectionalGroup
from partners import services
from partners.models import Organization, Region, Role, Theme, User
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def eager_tasks() -> Iterator[None]:
    """Run Celery tasks in-process even when REDIS_URL is set, as it is in CI."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def make_initiative(reference_data: None) -> Callable[..., Initiative]:
    """Create an initiative; `themes` are numbers, `regions` codes, `groups` slugs."""

    def make(lead: Organization, **fields: Any) -> Initiative:
        themes = fields.pop("themes", [1])
        regions = fields.pop("regions", [])
        groups = fields.pop("groups", [])
        partners = fields.pop("partners", [])
        fields.setdefault("title_en", "An initiative")
        initiative = Initiative.objects.create(lead_organization=lead, **fields)
        initiative.themes.set(Theme.objects.filter(number__in=themes))
        initiative.regions.set(Region.objects.filter(code__in=regions))
        initiative.intersectional_groups.set(IntersectionalGroup.objects.filter(slug__in=groups))
        initiative.partner_organizations.set(partners)
        return initiative

    return make


@pytest.fixture
def hidden_organization(make_organization: Callable[..., Organization]) -> Organization:
    """An organization still awaiting verification, so its initiatives are not public."""
    return make_organization(name="Hidden Pending Org", verification_status="pending")


@pytest.fixture
def hidden_member(hidden_organization: Organization) -> User:
    user = make_user("hidden.member@example.org")
    services.add_member(hidden_organization, user, Role.EDITOR)
    return user


@pytest.fixture
def make_user_fixture(reference_data: None) -> Callable[[str], User]:
    return make_user
