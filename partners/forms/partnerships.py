"""Forms of the partnership pages: the partnership itself, invitations, answers, goals and states.

The forms check each value's format. The rules that involve the database
(who may act, the lifecycle, the version check) live in partners.partnerships,
and the views put its PartnershipError messages on these forms' fields.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partners.forms.members import RadioGroup
from partners.forms.registration import ChoiceListWidget
from partners.models import (
    BenefitArea,
    MemberRole,
    Organization,
    Partnership,
    PartnershipGoal,
    PartnershipState,
    Region,
    Theme,
)

REASON_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 4000

# Goal rows the goals form shows. A partnership with more goals than this
# keeps the first ones in the form and loses none silently: the form refuses
# to drop rows (see GoalsForm).
GOAL_ROWS = 8


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PartnershipForm(forms.ModelForm):
    """The description of a partnership, for its creation and its lead's later edits.

    `version` is the version the form was filled from; a save from an older
    version is refused by partners.partnerships.update_partnership.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Partnership
        fields = [
            "name",
            "name_fr",
            "purpose_en",
            "purpose_fr",
            "themes",
            "regions",
            "benefit_areas",
            "start_date",
            "end_date",
        ]
        widgets = {
            "purpose_en": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_LENGTH}),
            "purpose_fr": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_LENGTH}),
            "themes": ChoiceListWidget,
            "regions": ChoiceListWidget,
            "benefit_areas": ChoiceListWidget,
            "start_date": DateInput,
            "end_date": DateInput,
        }
        error_messages = {
            "name": {"required": _("Enter the partnership's name.")},
            "start_date": {"invalid": _("Enter a date such as 2026-04-01.")},
            "end_date": {"invalid": _("Enter a date such as 2027-03-31.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_lists: dict[str, QuerySet[Any]] = {
            "themes": Theme.objects.order_by("number"),
            "regions": Region.objects.all(),
            "benefit_areas": BenefitArea.objects.all(),
        }
        for name, queryset in choice_lists.items():
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = queryset
        self.fields["themes"].help_text = _("The themes of the national strategy it works on.")
        self.fields["regions"].help_text = _("Where it works. Choose Canada for the whole country.")
        for name in ("purpose_en", "purpose_fr"):
            # The validator, because a max_length set after construction checks nothing.
            purpose = cast(forms.CharField, self.fields[name])
            purpose.max_length = TEXT_MAX_LENGTH
            purpose.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own checks (the slug and the date constraint) run in the
        # service, which also owns the version, so the form does not run them.
        pass

    def partnership_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "name_fr", "purpose_en", "purpose_fr", "start_date", "end_date")
        }


class PartnershipCreateForm(PartnershipForm):
    """A new partnership: its description, its lead organization and what the lead brings."""

    lead_organization = forms.ModelChoiceField(
        label=_("Lead organization"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        help_text=_("A verified organization that you administer."),
        error_messages={"required": _("Choose the lead organization.")},
    )
    contribution = forms.CharField(
        label=_("What the lead organization contributes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    value_proposition = forms.CharField(
        label=_("Value the lead organization expects"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, lead_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.ModelChoiceField, self.fields["lead_organization"])
        lead.queryset = lead_choices
        lead.empty_label = _("Choose an organization")
        self.order_fields(["lead_organization"])


class InviteForm(forms.Form):
    """The lead's invitation of one organization, with its role and expected contribution."""

    organization = forms.ModelChoiceField(
        label=_("Organization to invite"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose an organization"),
        help_text=_("Verified organizations of the directory. Its administrators get an email."),
        error_messages={
            "required": _("Choose the organization to invite."),
            "invalid_choice": _("Choose a verified organization from the list."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role in the partnership"),
        choices=[
            (MemberRole.MEMBER, MemberRole.MEMBER.label),
            (MemberRole.CO_LEAD, MemberRole.CO_LEAD.label),
        ],
        initial=MemberRole.MEMBER,
        widget=RadioGroup,
        error_messages={"invalid_choice": _("Choose co-lead or member.")},
    )
    contribution = forms.CharField(
        label=_("What you hope it contributes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organization can change this when it accepts."),
    )
    value_proposition = forms.CharField(
        label=_("Value it could expect"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why joining is worth it for this organization."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations


class RespondForm(forms.Form):
    """An invited organization's answer: accept, or decline with a reason."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept and join")), ("decline", _("Decline"))],
        widget=RadioGroup,
        error_messages={"required": _("Choose whether to accept or decline.")},
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline. The lead organization reads it."),
    )
    contribution = forms.CharField(
        label=_("What your organization contributes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    value_proposition = forms.CharField(
        label=_("Value your organization expects"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason for declining, so the lead organization understands.")
            )
        return cleaned


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for leaving"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. The other members read it."),
    )


class GoalsForm(forms.Form):
    """A new revision of the shared goals: up to GOAL_ROWS goals, each in English and French."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, goals: list[PartnershipGoal] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for number in range(1, GOAL_ROWS + 1):
            goal = goals[number - 1] if number <= len(goals) else None
            self.fields[f"goal_{number}_en"] = forms.CharField(
                label=_("Goal %(number)d in English") % {"number": number},
                required=False,
                max_length=TEXT_MAX_LENGTH,
                initial=goal.text_en if goal else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"goal_{number}_fr"] = forms.CharField(
                label=_("Goal %(number)d in French") % {"number": number},
                required=False,
                max_length=TEXT_MAX_LENGTH,
                initial=goal.text_fr if goal else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"goal_{number}_en"], self[f"goal_{number}_fr"])
            for number in range(1, GOAL_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name, "").strip() for name in self.fields if name != "version"):
            self.add_error("goal_1_en", _("Write at least one goal."))
        return cleaned

    def goals(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"goal_{number}_en"], self.cleaned_data[f"goal_{number}_fr"])
            for number in range(1, GOAL_ROWS + 1)
        ]


class StateForm(forms.Form):
    """A move to another state, with the reason. `expected_state` is the state the person saw."""

    to_state = forms.ChoiceField(
        label=_("New state"),
        choices=PartnershipState.choices,
        widget=RadioGroup,
        error_messages={"required": _("Choose the new state.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to decline or end a partnership. Everyone who sees it reads it."),
    )
    expected_state = forms.ChoiceField(choices=PartnershipState.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_state"]).choices = [
            (state, PartnershipState(state).label) for state in states
        ]
