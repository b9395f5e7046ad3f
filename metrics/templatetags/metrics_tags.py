"""Template filters for figures of the metrics pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from metrics.charts import format_value

register = template.Library()


@register.filter
def figure(value: Decimal | int | None) -> str:
    """Format a figure in the active language's style; a missing figure is a dash."""
    if value is None:
        return "—"
    return format_value(Decimal(value))
