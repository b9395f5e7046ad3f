"""Template tags that show initiatives on other apps' pages, and initiative titles."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from initiatives.models import Initiative

register = template.Library()

# The organization and partnership pages list at most this many initiatives.
LISTED_INITIATIVES = 50


@register.simple_tag
def initiative_title(initiative: Initiative) -> SafeString:
    """Return the title in the page's language, or the other one marked with its `lang`."""
    page_language = (get_language() or "en")[:2]
    own = initiative.title_fr if page_language == "fr" else initiative.title_en
    if own:
        return format_html("{}", own)
    other_language = "en" if page_language == "fr" else "fr"
    other = initiative.title_en if page_language == "fr" else initiative.title_fr
    return format_html('<span lang="{}">{}</span>', other_language, other)


def _listing(context: template.Context, queryset: Any, heading_id: str) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = Initiative.objects.visible_to(user).values("pk")
    initiatives = queryset.filter(pk__in=visible).distinct().order_by("sort_title", "pk")
    return {
        "initiatives": list(initiatives[:LISTED_INITIATIVES]),
        "heading_id": heading_id,
        "request": request,
    }


@register.inclusion_tag("initiatives/_initiative_links.html", takes_context=True)
def organization_initiatives(context: template.Context, organization: Any) -> dict[str, Any]:
    """List the initiatives an organization leads or partners in that the reader may see."""
    from django.db.models import Q

    queryset = Initiative.objects.filter(
        Q(lead_organization=organization) | Q(partner_organizations=organization)
    )
    return _listing(context, queryset, "organization-initiatives-heading")


@register.inclusion_tag("initiatives/_initiative_links.html", takes_context=True)
def partnership_initiatives(context: template.Context, partnership: Any) -> dict[str, Any]:
    """List the initiatives of a partnership that the reader may see."""
    return _listing(
        context,
        Initiative.objects.filter(partnership=partnership),
        "partnership-initiatives-heading",
    )
