"""hubsite.mail.send_email with and without extra headers."""

from __future__ import annotations

import pytest
from django.core import mail

from hubsite.mail import send_email

pytestmark = pytest.mark.django_db


def test_extra_headers_added(reference_data: None) -> None:
    send_email(
        to="person@example.org",
        language="fr",
        template_prefix="practices/email/practice_rejected",
        context={"practice": {"title": "Titre"}, "note": "Raison"},
        headers={"List-Unsubscribe": "<https://example.org/u/1/>"},
    )

    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"] == "<https://example.org/u/1/>"
    assert headers["Content-Language"] == "fr"


def test_no_headers_keeps_content_language_only(reference_data: None) -> None:
    send_email(
        to="person@example.org",
        language="xx",
        template_prefix="practices/email/practice_rejected",
        context={"practice": {"title": "Title"}, "note": "Reason"},
    )

    assert mail.outbox[0].extra_headers == {"Content-Language": "en"}
