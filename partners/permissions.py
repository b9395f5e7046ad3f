"""Object permissions on organizations, granted per membership role through django-guardian.

Every check here looks at object permissions only. A model-level permission
such as a group-wide ``change_organization`` never makes every organization
editable: guardian's lookups run with ``accept_global_perms=False``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from partners.models import Organization, Role, User

COORDINATORS_GROUP = "Coordinators"

CHANGE = "partners.change_organization"
MANAGE_MEMBERS = "partners.manage_members"
DECLARE_LEADERSHIP = "partners.declare_leadership"
VIEW_PRIVATE = "partners.view_private"
VERIFY = "partners.verify_organization"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: [CHANGE, MANAGE_MEMBERS, DECLARE_LEADERSHIP, VIEW_PRIVATE],
    Role.EDITOR: [CHANGE, VIEW_PRIVATE],
    Role.VIEWER: [VIEW_PRIVATE],
}
ALL_ROLE_PERMISSIONS = sorted({perm for perms in ROLE_PERMISSIONS.values() for perm in perms})

AnyUser = User | AbstractBaseUser | AnonymousUser


def grant_role(user: User, organization: Organization, role: str) -> None:
    """Give `user` exactly the object permissions of `role` on `organization`."""
    for perm in ALL_ROLE_PERMISSIONS:
        if perm in ROLE_PERMISSIONS[role]:
            assign_perm(perm, user, organization)
        else:
            remove_perm(perm, user, organization)


def revoke_all(user: User, organization: Organization) -> None:
    for perm in ALL_ROLE_PERMISSIONS:
        remove_perm(perm, user, organization)


def has_object_permission(user: AnyUser, perm: str, organization: Organization) -> bool:
    """Check `perm` on this one organization, ignoring model-level grants."""
    if not user.is_authenticated or not user.is_active:
        return False
    checker = ObjectPermissionChecker(user)
    return checker.has_perm(perm.split(".", 1)[1], organization)


def organizations_with_permission(user: AnyUser, perm: str) -> QuerySet[Organization]:
    """Organizations on which `user` has `perm` as an object permission."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return get_objects_for_user(
        user,
        perm,
        klass=Organization.objects.all(),
        accept_global_perms=False,
        with_superuser=False,
    )


def coordinators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    return group


def is_coordinator(user: AnyUser) -> bool:
    """Coordinators verify organizations and, later, run reviews; staff count as coordinators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_staff", False):
        return True
    # Middleware, views and templates ask several times per request about the
    # same request.user, so the result is kept on the instance.
    # `forget_coordinator_flag` drops it when the user's groups change.
    cached = getattr(user, COORDINATOR_FLAG_ATTRIBUTE, None)
    if cached is None:
        cached = Group.objects.filter(name=COORDINATORS_GROUP, user=user.pk).exists()
        setattr(user, COORDINATOR_FLAG_ATTRIBUTE, cached)
    return cached


COORDINATOR_FLAG_ATTRIBUTE = "_hub_is_coordinator"


def forget_coordinator_flag(sender: type, instance: object, **kwargs: object) -> None:
    """Drop the flag `is_coordinator` kept on a user whose groups just changed.

    NOTE: a change made from the group's side (`group.user_set.add(user)`)
    reaches only the group instance, so a user instance that was already
    asked keeps its old result until it is loaded again.
    """
    if isinstance(instance, User) and hasattr(instance, COORDINATOR_FLAG_ATTRIBUTE):
        delattr(instance, COORDINATOR_FLAG_ATTRIBUTE)


m2m_changed.connect(
    forget_coordinator_flag, sender=User.groups.through, dispatch_uid="forget_coordinator_flag"
)


def can_view_organization(user: AnyUser, organization: Organization) -> bool:
    """Check whether `user` may see it: anyone once verified, else members and coordinators."""
    if organization.is_public:
        return True
    return is_coordinator(user) or has_object_permission(user, VIEW_PRIVATE, organization)
