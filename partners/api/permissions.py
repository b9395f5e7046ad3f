"""Request-level checks of the API. Object rules stay in partners.permissions and the services."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from partners import permissions
from partners.middleware import has_two_factor
from partners.models import Organization, OrganizationQuerySet, VerificationStatus


def is_coordinator(request: Request) -> bool:
    """Check partners.permissions.is_coordinator once per request and keep the result."""
    cached = getattr(request, "_hub_is_coordinator", None)
    if cached is None:
        cached = permissions.is_coordinator(request.user)
        request._hub_is_coordinator = cached  # type: ignore[attr-defined]
    return cached


def visible_organizations(request: Request) -> OrganizationQuerySet:
    """Select the organizations the requester may see.

    Visitors see verified ones, members also their own, and coordinators all of them.
    """
    if is_coordinator(request):
        return Organization.objects.all()
    public = Q(verification_status=VerificationStatus.VERIFIED)
    if not request.user.is_authenticated:
        return Organization.objects.filter(public)
    own = permissions.organizations_with_permission(request.user, permissions.VIEW_PRIVATE)
    return Organization.objects.filter(public | Q(pk__in=own.values("pk")))


def can_see_private(request: Request, organization: Organization) -> bool:
    """Tell whether the requester may see an organization's members and declaration history.

    Members of any role and coordinators may.
    """
    return is_coordinator(request) or permissions.has_object_permission(
        request.user, permissions.VIEW_PRIVATE, organization
    )


class CoordinatorsUseTwoFactor(BasePermission):
    """Reject coordinators and staff who have not turned on two-factor authentication.

    partners.middleware.RequireTwoFactorMiddleware applies the same rule to
    session requests, but it runs before DRF authenticates a token, so token
    requests are checked here.
    """

    message = _(
        "Coordinators and staff see sensitive information, so they must turn on "
        "two-factor authentication before they continue."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user.is_authenticated or not is_coordinator(request):
            return True
        return has_two_factor(request.user)


class IsCoordinator(BasePermission):
    """Coordinators only, checked before any lookup so others learn nothing about the record."""

    message = _("Only coordinators can verify organizations.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_coordinator(request)
