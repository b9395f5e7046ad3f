"""Live counts of the public directory for the home page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from partners.models import Organization, Region, StakeholderKind, VerificationStatus


def network_summary() -> dict[str, Any]:
    """Count public organizations in total, by kind, and the regions they serve."""
    public = Organization.objects.public()
    verified = Q(organizations__verification_status=VerificationStatus.VERIFIED)
    kinds = StakeholderKind.objects.annotate(public_count=Count("organizations", filter=verified))
    regions_served = (
        Region.objects.filter(
            organizations_serving__verification_status=VerificationStatus.VERIFIED
        )
        .distinct()
        .count()
    )
    return {
        "organization_count": public.count(),
        "region_count": regions_served,
        "kinds": list(kinds),
    }
