"""Account forms: sign-up with a preferred language, the profile and account deletion."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hubsite.locks import lock_for_transaction
from partners.forms.members import RadioGroup

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


class SignupForm(AllauthSignupForm):
    """Allauth's sign-up form with the preferred language, safe against double submission."""

    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of every email the hub sends you."),
    )

    field_order = ["email", "password1", "password2", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (translation.get_language() or "en")[:2]

    def clean_email(self) -> str:
        email = (self.data.get("email") or "").strip().lower()
        # Two submissions of the same address run one after the other, so the
        # second finds the first account and gets the "email_taken" error.
        lock_for_transaction("signup", email)
        return super().clean_email()


class ProfileForm(forms.Form):
    """Preferences of the signed-in person, for now the language of the hub's emails to them."""

    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        widget=RadioGroup,
        help_text=_("The language of every email the hub sends you."),
    )


class AccountDeleteForm(forms.Form):
    """Confirmation that the person understands what deleting their account removes."""

    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
        error_messages={
            "required": _("Tick this box to confirm, or leave the page to keep your account.")
        },
    )
