"""django-allauth hooks: email in the recipient's language, and the language chosen at sign-up."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Send allauth's emails in the recipient's preferred language, else the page's."""
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language() or "en"
        with translation.override(language[:2]):
            super().send_mail(template_prefix, email, context)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.strip()
        chosen = form.cleaned_data.get("preferred_language")
        user.preferred_language = chosen or (translation.get_language() or "en")[:2]
        if commit:
            user.save()
        return user
