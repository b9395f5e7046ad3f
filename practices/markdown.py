"""Render the Markdown that people write in practices and evidence gaps as safe HTML.

Python-Markdown passes raw HTML through, so its output goes through nh3 (the
Rust ammonia sanitizer) with an allow-list: no script or style element, no
event-handler attribute, and links only to http, https and mailto addresses.
"""

from __future__ import annotations

import markdown as markdown_library
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Convert Markdown `text` to HTML that keeps only allow-listed tags, attributes and links."""
    if not text:
        return mark_safe("")
    html = markdown_library.markdown(text, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308
