"""The leadership panel of a partnership page: its indicator, succession gaps and missing voices."""

from __future__ import annotations

from typing import Any

from django import template

from partners import leadership_roles as services
from partners import permissions
from partners.models import LeadershipRole, Partnership
from partners.network import missing_voices

register = template.Library()


@register.inclusion_tag("partners/leadership/panel.html", takes_context=True)
def partnership_leadership_panel(
    context: template.Context, partnership: Partnership
) -> dict[str, Any]:
    """Show the "nothing about us without us" indicator and the missing voices of `partnership`.

    Everyone sees the share band and the majority flag, or "fewer than five
    leaders". The lead organization's administrators and coordinators also
    see the counts, what would close the gap and the succession gaps. No
    individual's lived experience appears here.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    indicator = services.leadership_indicators([partnership.pk])[partnership.pk]
    is_lead_admin = user is not None and services.can_manage_partnership_roles(user, partnership)
    is_coordinator = user is not None and permissions.is_coordinator(user)
    insider = is_lead_admin or is_coordinator
    succession_gaps: list[LeadershipRole] = []
    if insider and indicator.succession_gaps:
        succession_gaps = list(
            LeadershipRole.objects.filter(partnership=partnership).succession_gaps()
        )
    return {
        "partnership": partnership,
        "indicator": indicator,
        "insider": insider,
        "is_lead_admin": is_lead_admin,
        "succession_gaps": succession_gaps,
        "missing_voices": missing_voices([partnership.pk])[partnership.pk],
    }
