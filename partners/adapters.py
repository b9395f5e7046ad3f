"""django-allauth hooks: email in the recipient's language, and the language chosen at sign-up."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmation
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _language_of(user: Any) -> str:
    """Return the user's preferred language, else the active one, as "en" or "fr"."""
    language = getattr(user, "preferred_language", None) or translation.get_language() or "en"
    return language[:2]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": _(
            "An account already uses this email address. Sign in with it, or reset "
            "your password if you have forgotten it."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Send allauth's emails in the recipient's preferred language, else the page's."""
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        with translation.override(_language_of(user)):
            super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        """Build the verification link under the recipient's language prefix, like the email."""
        user = emailconfirmation.email_address.user
        with translation.override(_language_of(user)):
            return super().get_email_confirmation_url(request, emailconfirmation)

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """Send the reset email with a link under the recipient's language prefix."""
        if "uid" in context and "key" in context:
            with translation.override(_language_of(user)):
                context["password_reset_url"] = self.get_reset_password_from_key_url(
                    f"{context['uid']}-{context['key']}"
                )
        super().send_password_reset_mail(user, email, context)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.strip()
        chosen = form.cleaned_data.get("preferred_language")
        user.preferred_language = chosen or (translation.get_language() or "en")[:2]
        if commit:
            user.save()
        return user
