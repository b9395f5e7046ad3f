"""Directory pages: the list of partner organizations and one organization's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hubsite.forms import describe_fields
from partners import permissions
from partners.filters import OrganizationFilterSet
from partners.history import can_view_history, person_name
from partners.models import (
    LeadershipDeclaration,
    Organization,
    Partnership,
    ShareBand,
    VerificationDecision,
    VerificationStatus,
)
from partners.summary import network_summary

DIRECTORY_PAGE_SIZE = 20
HOME_EXEMPLARY_COUNT = 6


def home(request: HttpRequest) -> HttpResponse:
    context = network_summary()
    # Partnerships a quarterly review highlighted as exemplary, newest first.
    context["exemplary_partnerships"] = list(
        Partnership.objects.public()
        .filter(exemplary_since__isnull=False)
        .order_by("-exemplary_since", "id")[:HOME_EXEMPLARY_COUNT]
    )
    return render(request, "home.html", context)


def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilterSet(
        request.GET or None,
        queryset=Organization.objects.public().with_list_relations(),
        request=request,
    )
    status = 200
    describe_fields(filterset.form)
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        page = None
    else:
        paginator = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query_without_page": query.urlencode(),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "partners/organization_list.html", context, status=status)


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one organization to everyone once it is verified.

    Before that, and after a rejection or archiving, only its members and
    coordinators see it. Anyone else gets 404, so the registration stays private.
    """
    organization = get_object_or_404(Organization.objects.with_list_relations(), slug=slug)
    user = request.user
    if not permissions.can_view_organization(user, organization):
        raise Http404

    is_coordinator = permissions.is_coordinator(user)
    is_member = permissions.has_object_permission(user, permissions.VIEW_PRIVATE, organization)
    can_manage = {
        "edit": permissions.has_object_permission(user, permissions.CHANGE, organization),
        "members": is_member or is_coordinator,
        "declaration": permissions.has_object_permission(
            user, permissions.DECLARE_LEADERSHIP, organization
        ),
        "history": can_view_history(user, organization),
    }
    declaration = (
        LeadershipDeclaration.objects.current()
        .filter(organization=organization)
        .select_related("attested_by")
        .first()
    )
    rejection = None
    if organization.verification_status == VerificationStatus.REJECTED:
        rejection = organization.verification_decisions.filter(
            decision=VerificationDecision.Decision.REJECTED
        ).first()

    context = {
        "organization": organization,
        "declaration": declaration,
        "band_label": ShareBand(organization.leadership_band).label
        if organization.leadership_band in ShareBand.values
        else "",
        # Only the organization's members and coordinators see who declared;
        # everyone else reads "an administrator".
        "declarant_name": person_name(declaration.attested_by)
        if declaration is not None and (is_member or is_coordinator)
        else "",
        "can_manage": can_manage,
        "shows_management": any(can_manage.values()),
        "rejection": rejection,
    }
    return render(request, "partners/organization_detail.html", context)
