"""Forms of the leadership-role pages: a role, the person's own lived experience, an attestation.

The forms check the format of each value. Who may change what, and the
consent rule, live in partners.leadership_roles; the views attach its
ValidationError messages to these forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partners.forms.members import RadioGroup
from partners.models import LeadershipRole, RoleTitle, User, Visibility

YES_NO_NOT_SHARED = [
    ("yes", _("Yes, I have lived experience of disability")),
    ("no", _("No")),
    ("not-shared", _("I prefer not to share this")),
]
YES_NO = [
    ("yes", _("Yes, the person has lived experience of disability")),
    ("no", _("No")),
]
VISIBILITY_HELP = _(
    "Private: only you and the hub's coordinators. Network: people signed in to the hub. "
    "Public: everyone. Public pages of a partnership show only its share band, never "
    "individuals, unless the person chose “public”."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def find_account(email: str) -> User | None:
    """Return the active account whose email address is `email`, compared without case.

    NOTE: the "no account" error tells the administrator whether an address has
    an account. Only administrators who manage roles reach this check.
    """
    return (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .filter(is_active=True)
        .distinct()
        .first()
    )


class LeadershipRoleForm(forms.Form):
    """An administrator's form for one role of a partnership or organization."""

    person_name = forms.CharField(
        label=_("Name of the person"),
        max_length=200,
        error_messages={"required": _("Enter the name of the person who holds the role.")},
    )
    account_email = forms.EmailField(
        label=_("Email address of the person's hub account (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "With an account, the person can record their own lived experience and choose "
            "who sees it. Leave empty when the person has no account."
        ),
        error_messages={"invalid": _("Enter a valid email address, such as name@example.org.")},
    )
    title = forms.ChoiceField(
        label=_("Role"),
        choices=RoleTitle.choices,
        error_messages={
            "required": _("Choose a role from the list."),
            "invalid_choice": _("Choose a role from the list."),
        },
    )
    term_start = forms.DateField(
        label=_("Term starts"),
        widget=DateInput(),
        help_text=_("For example: 2026-04-01."),
        error_messages={
            "required": _("Enter the date the term starts."),
            "invalid": _("Enter a date such as 2026-04-01."),
        },
    )
    term_end = forms.DateField(
        label=_("Term ends (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty when the term has no set end."),
        error_messages={"invalid": _("Enter a date such as 2027-03-31.")},
    )
    emerging_leader = forms.BooleanField(
        label=_("Held by an emerging leader"),
        required=False,
        help_text=_("A person taking on leadership for the first time, with a mentor."),
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor's role (optional)"),
        queryset=LeadershipRole.objects.none(),
        required=False,
        empty_label=_("No mentor"),
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )
    successor = forms.ModelChoiceField(
        label=_("Successor's role (optional)"),
        queryset=LeadershipRole.objects.none(),
        required=False,
        empty_label=_("No successor named yet"),
        help_text=_("Name a successor before the term ends, so leadership passes on."),
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )

    def __init__(self, *args: Any, body_roles: QuerySet[LeadershipRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor = self.fields["mentor"]
        successor = self.fields["successor"]
        assert isinstance(mentor, forms.ModelChoiceField)
        assert isinstance(successor, forms.ModelChoiceField)
        mentor.queryset = body_roles
        successor.queryset = body_roles
        self.fields["account_email"].widget.attrs["autocomplete"] = "off"

    def clean_account_email(self) -> User | None:
        email = self.cleaned_data.get("account_email", "")
        if not email:
            return None
        account = find_account(email)
        if account is None:
            raise forms.ValidationError(
                _(
                    "No hub account uses this email address. Check the address, or leave "
                    "it empty and link the account later."
                )
            )
        return account

    def role_fields(self) -> dict[str, Any]:
        """Return the cleaned values in the form partners.leadership_roles expects."""
        data = dict(self.cleaned_data)
        data["user"] = data.pop("account_email")
        return data


class OwnLivedExperienceForm(forms.Form):
    """The person's own answer for one of their roles, and who may see it."""

    lived_experience = forms.ChoiceField(
        label=_("Do you have lived experience of disability?"),
        choices=YES_NO_NOT_SHARED,
        widget=RadioGroup,
        error_messages={"required": _("Choose an answer, or “I prefer not to share this”.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may see your answer"),
        choices=Visibility.choices,
        widget=RadioGroup,
        help_text=VISIBILITY_HELP,
        error_messages={"required": _("Choose who may see your answer.")},
    )

    def __init__(self, *args: Any, role: LeadershipRole, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"role-{role.pk}")
        if role.lived_experience is None:
            answer = "not-shared"
        else:
            answer = "yes" if role.lived_experience else "no"
        kwargs.setdefault("initial", {"lived_experience": answer, "visibility": role.visibility})
        super().__init__(*args, **kwargs)

    def value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["lived_experience"])


class AttestationForm(forms.Form):
    """An administrator's record of a role holder's lived experience, with consent attested.

    The consent box is not required here: partners.leadership_roles rejects
    the record without it, and the view shows that error on the box.
    """

    lived_experience = forms.ChoiceField(
        label=_("Does the person have lived experience of disability?"),
        choices=YES_NO,
        widget=RadioGroup,
        error_messages={"required": _("Choose yes or no.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it, as the person chose"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=RadioGroup,
        help_text=VISIBILITY_HELP,
        error_messages={"required": _("Choose who may see it.")},
    )
    consent_attested = forms.BooleanField(
        label=_(
            "The person agreed that I record this for them and that it is shown as chosen above."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "attest")
        super().__init__(*args, **kwargs)
