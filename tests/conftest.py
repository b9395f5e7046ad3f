"""Shared fixtures: reference data, organizations and the personas of the hub."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from partners import permissions, services
from partners.models import Organization, Region, Role, StakeholderKind, User
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


# ---------------------------------------------------------------------------
# Personas: a visitor, a member and an administrator of one organization, an
# administrator of another organization, and a coordinator.
# ---------------------------------------------------------------------------

PASSWORD = "correct-horse-battery-staple-42"


def make_user(email: str, **fields: Any) -> User:
    """Create an active user whose email address is verified, as allauth requires."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=True)
    return user


@pytest.fixture
def organization_a(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(name="Organization A", city="Winnipeg")


@pytest.fixture
def organization_b(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(name="Organization B", city="Moncton")


@pytest.fixture
def admin_a(organization_a: Organization) -> User:
    user = make_user("admin.a@example.org")
    services.add_member(organization_a, user, Role.ADMINISTRATOR)
    return user


@pytest.fixture
def member_a(organization_a: Organization) -> User:
    user = make_user("member.a@example.org")
    services.add_member(organization_a, user, Role.VIEWER)
    return user


@pytest.fixture
def editor_a(organization_a: Organization) -> User:
    user = make_user("editor.a@example.org")
    services.add_member(organization_a, user, Role.EDITOR)
    return user


@pytest.fixture
def admin_b(organization_b: Organization) -> User:
    user = make_user("admin.b@example.org", preferred_language="fr")
    services.add_member(organization_b, user, Role.ADMINISTRATOR)
    return user


@pytest.fixture
def coordinator(reference_data: None) -> User:
    """A coordinator with two-factor authentication turned on, as the hub requires."""
    from allauth.mfa.models import Authenticator

    user = make_user("coordinator@example.org")
    user.groups.add(permissions.coordinators_group())
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    """Sign a persona in on the test client: `signed_in(admin_a).get(...)`."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """Switch back to English after a test, so a /fr/ request never leaks into the next one."""
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def empty_reference_cache() -> Iterator[None]:
    """Empty the in-process reference-list cache, whose rows a test's rollback may have removed."""
    from hubsite import reference_cache

    reference_cache.clear()
    yield
    reference_cache.clear()


@pytest.fixture(autouse=True, scope="session")
def cache_per_worker(worker_id: str) -> Iterator[None]:
    """Give each xdist worker its own Redis database for the cache.

    Rate-limit tests clear the cache, and on a shared Redis database one
    worker's clear would wipe the counters another worker's test just built.
    """
    from django.conf import settings
    from django.test.utils import override_settings

    if not settings.REDIS_URL:
        yield
        return
    number = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    location = f"{base}/{max(1, 14 - number)}"
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
            }
        }
    ):
        yield


@pytest.fixture(autouse=True)
def cache_key_prefix_per_test(cache_per_worker: None) -> Iterator[None]:
    """Give each test its own cache key prefix, so rate-limit counts start at zero.

    Every test client comes from 127.0.0.1, so without this, tests that send
    forms would add up towards one shared per-address limit. A prefix, unlike
    cache.clear(), leaves other workers' and other processes' keys alone.
    """
    import copy
    import uuid

    from django.conf import settings
    from django.test.utils import override_settings

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture
def network(
    make_organization: Callable[..., Organization],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
    member_a: User,
    editor_a: User,
    admin_b: User,
    coordinator: User,
) -> Any:
    """Build the partnership test network of tests/partners/partnership_support.py."""
    # Imported here because partnership_support imports this module.
    from tests.partners.partnership_support import build_network

    return build_network(
        make_organization,
        organization_a,
        organization_b,
        admin_a,
        member_a,
        editor_a,
        admin_b,
        coordinator,
    )
