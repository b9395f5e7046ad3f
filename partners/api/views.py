"""Read-only API for the public directory."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from partners.api.serializers import OrganizationSerializer
from partners.filters import OrganizationFilterSet
from partners.models import Organization


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet[Organization]):
    """Verified organizations of the network, with the directory's search and filters."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Organization]:
        return Organization.objects.public().with_list_relations()
