"""Forms of the membership pages: invitations, roles, requests to join and leadership declarations.

The forms check the format of each value. The rules that involve the
database, such as "the last administrator stays", live in partners.services,
and the views attach the services' ValidationError messages to these forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import ChiefExecutive, JoinRequest, LeadershipDeclaration, Membership, Role

ROLE_HELP = _(
    "Viewers see the organization's private pages. Editors can also edit its profile, "
    "initiatives and reports. Administrators can also manage members and declare leadership."
)

# A plausibility bound well below the column's limit of 32,767: no governing
# body has a thousand seats, so a larger number is a typing mistake.
MAX_SEATS = 999


class RadioGroup(forms.RadioSelect):
    """Radio buttons whose field id is the first button's id.

    Django gives a radio field no id, because its page labels the group with a
    legend. hubsite.forms.describe_fields and the error summary need one, to
    tie the help and error text to the buttons and to link to the group.
    """

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class InvitationForm(forms.Form):
    """An administrator's invitation of one email address with a role."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The person signs in or creates an account with this address to accept."),
        error_messages={
            "required": _("Enter the email address of the person to invite."),
            "invalid": _("Enter a valid email address, such as name@example.org."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.VIEWER,
        help_text=ROLE_HELP,
        error_messages={"invalid_choice": _("Choose a role: administrator, editor or viewer.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "invite")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class MemberRoleForm(forms.Form):
    """The role of one member.

    The members page shows one of these forms per member, so the ids carry
    the membership id and the label names the member.
    """

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={
            "required": _("Choose a role: administrator, editor or viewer."),
            "invalid_choice": _("Choose a role: administrator, editor or viewer."),
        },
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_member-{membership.pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["role"].label = _("Role of %(member)s") % {"member": membership.user.email}


class JoinRequestForm(forms.Form):
    """A signed-in person's request to join, with an optional message."""

    message = forms.CharField(
        label=_("Message to the administrators (optional)"),
        required=False,
        max_length=JoinRequest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example, your role in the organization. Up to 2,000 characters. "
            "The organization's administrators read it."
        ),
        error_messages={
            "max_length": _(
                "Shorten the message to %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            ),
        },
    )


class LeadershipDeclarationForm(forms.Form):
    """The counts an administrator attests about the organization's governing body.

    The rule that the seats with lived experience fit within the seats lives in
    LeadershipDeclaration.clean, which partners.services.declare_leadership runs.
    """

    body_name = forms.CharField(
        label=_("Name of the governing body"),
        max_length=LeadershipDeclaration._meta.get_field("body_name").max_length,
        help_text=_("For example: board of directors, steering committee."),
        error_messages={
            "required": _("Enter the name of the governing body, such as board of directors."),
            "max_length": _(
                "Shorten the name to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
    )
    seats_total = forms.IntegerField(
        label=_("Number of seats"),
        min_value=1,
        max_value=MAX_SEATS,
        help_text=_("Count every seat, filled or not, as a whole number."),
        error_messages={
            "required": _("Enter the number of seats, from 1 to 999."),
            "invalid": _("Enter the number of seats as a whole number, such as 9."),
            "min_value": _("Enter the number of seats, from 1 to 999."),
            "max_value": _("Enter the number of seats, from 1 to 999."),
        },
    )
    seats_with_lived_experience = forms.IntegerField(
        label=_("Seats held by people who self-identify as having lived experience of disability"),
        min_value=0,
        max_value=MAX_SEATS,
        help_text=_(
            "Count only the people who told you themselves and agreed to be counted. "
            "Enter 0 if there are none."
        ),
        error_messages={
            "required": _("Enter the number of these seats, or 0 if there are none."),
            "invalid": _("Enter the number of these seats as a whole number, such as 5."),
            "min_value": _("Enter the number of these seats, from 0 to the number of seats."),
            "max_value": _("Enter the number of these seats, from 0 to the number of seats."),
        },
    )
    chief_executive_lived_experience = forms.ChoiceField(
        label=_("Does the chief executive, or equivalent, have lived experience of disability?"),
        choices=ChiefExecutive.choices,
        initial=ChiefExecutive.NOT_SHARED,
        widget=RadioGroup,
        help_text=_("Choose “Not shared” unless they agreed to share it."),
        error_messages={
            "required": _("Choose yes, no or not shared."),
            "invalid_choice": _("Choose yes, no or not shared."),
        },
    )
    run_by_and_for = forms.BooleanField(
        label=_("The organization is run by and for people with disabilities"),
        required=False,
    )
    consent_attested = forms.BooleanField(
        label=_("I confirm that the people counted agreed to share these counts with the hub"),
        error_messages={
            "required": _("Confirm that the people concerned agreed to share these counts."),
        },
    )

    def clean(self) -> dict[str, Any]:
        """Check the counts against each other now, so every error shows after one submission.

        Without this, a missing attestation would hide a count error until the
        next submission, because the service runs only on a valid form.
        """
        cleaned = super().clean() or {}
        seats_total = cleaned.get("seats_total")
        seats_with_experience = cleaned.get("seats_with_lived_experience")
        if seats_total is not None and seats_with_experience is not None:
            # consent_attested=True leaves the attestation to its own field.
            LeadershipDeclaration(
                seats_total=seats_total,
                seats_with_lived_experience=seats_with_experience,
                consent_attested=True,
            ).clean()
        return cleaned
