"""Charts drawn on the server as SVG, so they show without JavaScript.

Each chart is an image with a title and a description for screen readers,
and the page puts a table with the same figures beside it. Lines and bars use
currentColor and the CSS classes in the metrics section of static/css/hub.css, so they follow
the page's colours and Windows high-contrast mode. Information never rests on
colour alone: the baseline is dashed and labelled, hidden figures are
labelled in text, and every point is marked with its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 56
MARGIN_RIGHT = 40
MARGIN_TOP = 24
MARGIN_BOTTOM = 48


@dataclass(frozen=True)
class Point:
    """One labelled figure; `value` is None when it is hidden or missing."""

    label: str
    value: Decimal | None


def format_value(value: Decimal | None) -> str:
    if value is None:
        return "—"
    decimals = 0 if value == value.to_integral_value() else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def nice_maximum(values: Sequence[Decimal]) -> Decimal:
    """Return a round number at or above the largest value, for the top of the axis."""
    largest = max(values, default=Decimal(0))
    if largest <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(largest))) - 1)
    for step in (1, 2, 5, 10):
        top = magnitude * step
        if top >= largest:
            return top
    return largest


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    chart_id: str,
    baseline: Decimal | None = None,
    baseline_label: str = "",
) -> SafeString:
    """Draw a trend: a marked point per quarter, gaps for hidden figures, a dashed baseline."""
    values = [point.value for point in points if point.value is not None]
    top = nice_maximum([*values, *([baseline] if baseline is not None else [])])
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_width / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return round(MARGIN_LEFT + index * step, 1)

    def y(value: Decimal) -> float:
        return round(MARGIN_TOP + plot_height - float(value / top) * plot_height, 1)

    parts: list[SafeString] = [axes(top, plot_height)]

    if baseline is not None:
        parts.append(
            format_html(
                '<line class="metric-chart__baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="metric-chart__baseline-label" x="{}" y="{}" '
                'text-anchor="end">{}</text>',
                MARGIN_LEFT,
                WIDTH - MARGIN_RIGHT,
                y(baseline),
                y(baseline),
                WIDTH - MARGIN_RIGHT,
                y(baseline) - 6,
                f"{baseline_label} {format_value(baseline)}".strip(),
            )
        )

    # Consecutive shown points are joined; a hidden point breaks the line.
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, point in enumerate(points):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(index)},{y(point.value)}")
    if segment:
        segments.append(segment)
    for line in segments:
        if len(line) > 1:
            parts.append(
                format_html('<polyline class="metric-chart__line" points="{}"/>', " ".join(line))
            )

    for index, point in enumerate(points):
        parts.append(
            format_html(
                '<text class="metric-chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                x(index),
                HEIGHT - MARGIN_BOTTOM + 18,
                point.label,
            )
        )
        if point.value is None:
            parts.append(
                format_html(
                    '<text class="metric-chart__hidden" x="{}" y="{}" '
                    'text-anchor="middle">{}</text>',
                    x(index),
                    MARGIN_TOP + plot_height - 6,
                    _("hidden"),
                )
            )
            continue
        parts.append(
            format_html(
                '<circle class="metric-chart__point" cx="{}" cy="{}" r="4"/>'
                '<text class="metric-chart__value" x="{}" y="{}" text-anchor="middle">{}</text>',
                x(index),
                y(point.value),
                x(index),
                y(point.value) - 9,
                format_value(point.value),
            )
        )
    return svg(parts, title=title, description=description, chart_id=chart_id)


def bar_chart(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    chart_id: str,
    baseline: Decimal | None = None,
) -> SafeString:
    """Draw horizontal bars, one per group, with "hidden" written where a figure is suppressed."""
    bar_height = 22
    gap = 8
    label_width = 200
    height = MARGIN_TOP + len(points) * (bar_height + gap) + 8
    values = [point.value for point in points if point.value is not None]
    top = nice_maximum([*values, *([baseline] if baseline is not None else [])])
    plot_width = WIDTH - label_width - MARGIN_RIGHT - 56

    parts: list[SafeString] = []
    for index, point in enumerate(points):
        top_y = MARGIN_TOP + index * (bar_height + gap)
        parts.append(
            format_html(
                '<text class="metric-chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 8,
                top_y + bar_height - 6,
                shorten(point.label, 28),
            )
        )
        if point.value is None:
            parts.append(
                format_html(
                    '<text class="metric-chart__hidden" x="{}" y="{}">{}</text>',
                    label_width + 4,
                    top_y + bar_height - 6,
                    _("hidden"),
                )
            )
            continue
        width = round(float(point.value / top) * plot_width, 1) if top else 0
        parts.append(
            format_html(
                '<rect class="metric-chart__bar" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="metric-chart__value" x="{}" y="{}">{}</text>',
                label_width,
                top_y,
                max(width, 1),
                bar_height,
                label_width + max(width, 1) + 6,
                top_y + bar_height - 6,
                format_value(point.value),
            )
        )
    if baseline is not None:
        baseline_x = label_width + round(float(baseline / top) * plot_width, 1)
        parts.append(
            format_html(
                '<line class="metric-chart__baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                baseline_x,
                baseline_x,
                MARGIN_TOP - 8,
                height - 4,
            )
        )
    return svg(parts, title=title, description=description, chart_id=chart_id, height=height)


def axes(top: Decimal, plot_height: int) -> SafeString:
    ticks = [top * Decimal(share) / 4 for share in range(5)]
    lines = format_html_join(
        "",
        '<line class="metric-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="metric-chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (
                MARGIN_LEFT,
                WIDTH - MARGIN_RIGHT,
                round(MARGIN_TOP + plot_height - plot_height * index / 4, 1),
                round(MARGIN_TOP + plot_height - plot_height * index / 4, 1),
                MARGIN_LEFT - 6,
                round(MARGIN_TOP + plot_height - plot_height * index / 4, 1) + 4,
                format_value(tick),
            )
            for index, tick in enumerate(ticks)
        ),
    )
    return lines


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def svg(
    parts: Sequence[SafeString],
    *,
    title: str,
    description: str,
    chart_id: str,
    height: int = HEIGHT,
) -> SafeString:
    body = mark_safe("".join(parts))  # noqa: S308 - every part was built with format_html
    return format_html(
        '<svg class="metric-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )
