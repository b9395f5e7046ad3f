"""Send an email in its recipient's language from a subject, text and HTML template triplet."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = {"en", "fr"}


def send_email(
    *,
    to: str,
    language: str,
    template_prefix: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render `<prefix>_subject.txt`, `<prefix>_body.txt` and `<prefix>_body.html` in `language`.

    The language falls back to English when it is not one the hub supports.
    `headers` adds message headers, such as List-Unsubscribe, to Content-Language.
    """
    language = language if language in SUPPORTED_LANGUAGES else "en"
    with translation.override(language):
        full_context = {**context, "LANGUAGE_CODE": language, "site_url": settings.HUB_SITE_URL}
        subject = render_to_string(f"{template_prefix}_subject.txt", full_context)
        text = render_to_string(f"{template_prefix}_body.txt", full_context)
        html = render_to_string(f"{template_prefix}_body.html", full_context)

    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("Sent %s email in %s", template_prefix, language)
