"""Object permissions: roles grant rights on their own organization only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from partners import permissions
from partners.models import Organization

pytestmark = pytest.mark.django_db


def test_administrator_rights_stay_on_own_organization(admin_a, organization_a, organization_b):
    assert permissions.has_object_permission(admin_a, permissions.CHANGE, organization_a)
    assert permissions.has_object_permission(admin_a, permissions.MANAGE_MEMBERS, organization_a)
    assert not permissions.has_object_permission(admin_a, permissions.CHANGE, organization_b)
    assert list(permissions.organizations_with_permission(admin_a, permissions.CHANGE)) == [
        organization_a
    ]


def test_viewer_cannot_change(member_a, organization_a):
    assert permissions.has_object_permission(member_a, permissions.VIEW_PRIVATE, organization_a)
    assert not permissions.has_object_permission(member_a, permissions.CHANGE, organization_a)


def test_global_permission_grants_no_object(admin_a, organization_a, organization_b):
    group = Group.objects.create(name="Everyone can change")
    group.permissions.add(Permission.objects.get(codename="change_organization"))
    admin_a.groups.add(group)
    admin_a = type(admin_a).objects.get(pk=admin_a.pk)

    assert admin_a.has_perm("partners.change_organization")
    assert not permissions.has_object_permission(admin_a, permissions.CHANGE, organization_b)
    assert list(permissions.organizations_with_permission(admin_a, permissions.CHANGE)) == [
        organization_a
    ]


def test_anonymous_has_nothing(client, organization_a):
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()

    assert not permissions.has_object_permission(visitor, permissions.CHANGE, organization_a)
    assert not permissions.organizations_with_permission(visitor, permissions.CHANGE).exists()
    assert not permissions.is_coordinator(visitor)


def test_coordinator_sees_pending(coordinator, make_organization):
    pending = make_organization(name="Pending", verification_status="pending")

    assert permissions.is_coordinator(coordinator)
    assert permissions.can_view_organization(coordinator, pending)
    assert Organization.objects.public().filter(pk=pending.pk).count() == 0
