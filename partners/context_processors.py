"""Template context from the partners app that every page needs."""

from __future__ import annotations

from django.http import HttpRequest

from partners.models import Organization


def demo_notice(request: HttpRequest) -> dict[str, object]:
    """Tell the base template whether to label the network as fictional demo data."""
    return {"demo_network_loaded": Organization.objects.demo_loaded()}
