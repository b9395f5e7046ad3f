"""Account forms: sign-up with a preferred language."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hubsite.locks import lock_for_transaction

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


class SignupForm(AllauthSignupForm):
    """Allauth's sign-up form with the preferred language, safe against double submission."""

    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of every email the hub sends you."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (translation.get_language() or "en")[:2]

    def clean_email(self) -> str:
        email = (self.data.get("email") or "").strip().lower()
        # Two submissions of the same address run one after the other, so the
        # second finds the first account and gets the "already registered" error.
        lock_for_transaction("signup", email)
        return super().clean_email()
