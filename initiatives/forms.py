"""Forms of the initiative pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.forms import describe_fields
from initiatives.models import HEADING_FIELDS, PROPOSABLE_FIELDS, Initiative, IntersectionalGroup
from partners.models import Organization, Region, Theme

RELATION_FIELDS = ("themes", "regions", "intersectional_groups", "partner_organizations")


class InitiativeForm(forms.ModelForm):
    """Every field an editor of the lead organization sets."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        error_messages={"required": _("Choose at least one theme.")},
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Regions covered"),
    )
    intersectional_groups = forms.ModelMultipleChoiceField(
        queryset=IntersectionalGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Intersectionality: groups the initiative focuses on"),
    )
    partner_organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.public(),
        required=False,
        label=_("Partner organizations"),
        help_text=_("Verified organizations only. Hold Ctrl or Command to choose several."),
    )
    # The version the editor read (hubsite.concurrency), so a save over someone
    # else's newer save is refused with 409.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Initiative
        fields = [
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "kind",
            "status",
            "start_date",
            "end_date",
            "funding_program",
            "links",
            "contact_name",
            "contact_email",
            *(f"{name}_{language}" for name, _label in HEADING_FIELDS for language in ("en", "fr")),
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        for name in RELATION_FIELDS:
            if self.instance.pk:
                self.initial[name] = list(getattr(self.instance, name).all())
        describe_fields(self)

    def model_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def relations(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RELATION_FIELDS}


class LeadOrganizationForm(forms.Form):
    lead_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Lead organization")
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = organizations  # type: ignore[attr-defined]
        describe_fields(self)


class ConnectForm(forms.Form):
    from_initiative = forms.ModelChoiceField(
        queryset=Initiative.objects.none(),
        label=_("Your initiative"),
        help_text=_("The lead receives its title, your organization's name and your message."),
    )
    message = forms.CharField(
        label=_("Message to the lead"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Do not include personal information: your contact is shared only if the lead accepts."
        ),
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_initiative"].queryset = initiatives  # type: ignore[attr-defined]
        describe_fields(self)


class ProposalForm(forms.Form):
    """Proposed text for each field a partner may change, filled with the current text."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("On behalf of")
    )
    message = forms.CharField(
        label=_("Message to the lead organization"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, initiative: Initiative, organizations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        for name in PROPOSABLE_FIELDS:
            model_field = Initiative._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            form_field = model_field.formfield(required=False)
            assert form_field is not None
            self.fields[name] = form_field
            self.initial[name] = getattr(initiative, name)
        describe_fields(self)

    def changes(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] or "" for name in PROPOSABLE_FIELDS}
