"""Directory pages: the list of partner organizations and one organization's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hubsite.forms import describe_fields
from partners.filters import OrganizationFilterSet
from partners.models import Organization
from partners.summary import network_summary

DIRECTORY_PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", network_summary())


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
    organization = get_object_or_404(Organization.objects.public().with_list_relations(), slug=slug)
    return render(request, "partners/organization_detail.html", {"organization": organization})
