"""Template helpers for every page: language switching and bilingual text."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context: template.Context, language: str) -> str:
    """Return the current page's URL in `language`, keeping the query string."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    return url


@register.inclusion_tag("includes/bilingual_text.html", takes_context=True)
def bilingual_text(context: template.Context, english: str, french: str) -> dict[str, object]:
    """Show the text in the page's language, or the other one marked with its `lang`.

    A screen reader switches pronunciation on the `lang` attribute, so text
    that exists only in the other official language must carry it.
    """
    page_language = (get_language() or "en")[:2]
    texts = {"en": english, "fr": french}
    other = "fr" if page_language == "en" else "en"
    if texts[page_language]:
        return {"text": texts[page_language], "lang": None}
    if texts[other]:
        return {"text": texts[other], "lang": other}
    return {"text": "", "lang": None}


@register.simple_tag
def localized(record: object, field: str) -> str:
    """Return `record.<field>_fr` on French pages and `<field>_en` otherwise, falling back."""
    page_language = (get_language() or "en")[:2]
    other = "fr" if page_language == "en" else "en"
    return getattr(record, f"{field}_{page_language}", "") or getattr(
        record, f"{field}_{other}", ""
    )
