"""Partnership panels on other pages: an organization's partnerships and open invitations."""

from __future__ import annotations

from typing import Any

from django import template

from partners import partnerships as services
from partners.models import MemberStatus, Organization, Partnership

register = template.Library()


@register.inclusion_tag("partners/partnerships/organization_partnerships.html", takes_context=True)
def organization_partnerships(
    context: template.Context, organization: Organization
) -> dict[str, Any]:
    """List the partnerships the organization accepted to join that the reader may see."""
    request = context["request"]
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(
            members__organization=organization,
            members__status=MemberStatus.ACCEPTED,
        )
        .distinct()
        .order_by("sort_name", "id")
    )
    return {"partnerships": list(partnerships), "organization": organization}


@register.inclusion_tag("partners/partnerships/open_invitations.html", takes_context=True)
def partnership_invitations(context: template.Context) -> dict[str, Any]:
    """List the partnership invitations that wait for an answer from the reader's organizations."""
    request = context["request"]
    return {"invitations": list(services.open_invitations_for(request.user))}
