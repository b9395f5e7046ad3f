"""Forms to register an organization, edit its profile and decide on a registration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from partners.models import GovernmentLevel, Organization, SizeBand, Unionized
from partners.models.organizations import website_validator

# Maximum length of an organization description, in characters.
DESCRIPTION_MAX_LENGTH = 10_000

# Fields that apply to one kind of organization only, by kind slug, with the
# message for a missing value and the one for a value given to another kind.
CONDITIONAL_FIELDS: dict[str, tuple[str, Any, Any]] = {
    "government_level": (
        "government",
        _("Choose the level of government."),
        _("The level of government applies only to governments. Choose “Not applicable”."),
    ),
    "size_band": (
        "business",
        _("Choose the size of the business."),
        _("The size applies only to businesses and employers. Choose “Not applicable”."),
    ),
    "unionized": (
        "business",
        _("Choose whether the workforce is unionized, or “Unknown”."),
        _("This applies only to businesses and employers. Choose “Not applicable”."),
    ),
    "sector": (
        "business",
        _("Choose the sector of the business."),
        _("The sector applies only to businesses and employers. Choose “Not applicable”."),
    ),
}

NOT_APPLICABLE = _("Not applicable")


class ChoiceListWidget(forms.CheckboxSelectMultiple):
    """Checkboxes whose group is identified by its first checkbox.

    Django's CheckboxSelectMultiple has no id for the group, so an error
    summary link could not point anywhere. This one returns the first
    checkbox's id, which the template also uses for help and error ids.
    """

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class OrganizationForm(forms.ModelForm):
    """The directory fields of an organization, for its registration and for later edits.

    Conditional fields are checked against the kind in clean(), with the
    message on the field, so the form works without JavaScript.
    """

    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[website_validator],
        help_text=_("An address that starts with https:// or http://."),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    # The version the editor read (hubsite.concurrency), so a save over someone
    # else's newer save is refused with 409.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Organization
        fields = [
            "name",
            "alternate_name",
            "description_en",
            "description_fr",
            "kind",
            "government_level",
            "size_band",
            "unionized",
            "sector",
            "city",
            "province",
            "regions_served",
            "languages",
            "other_languages",
            "indigenous_led",
            "website",
            "email",
            "phone",
        ]
        labels = {
            "kind": _("Kind of organization"),
        }
        help_texts = {
            "description_en": _("What the organization does, in English."),
            "description_fr": _("What the organization does, in French."),
            "regions_served": _(
                "Choose National for an organization that serves the whole country."
            ),
            "other_languages": _("For example: Cree, Inuktitut, Punjabi."),
            "indigenous_led": _("Check this only if the organization declares itself so."),
            "email": _("Shown to everyone in the directory."),
            "phone": _("Shown to everyone in the directory."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the organization.")},
            "kind": {"required": _("Choose the kind of organization.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "regions_served": ChoiceListWidget,
            "languages": ChoiceListWidget,
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        fields = self.fields
        fields["kind"].empty_label = _("Choose a kind")  # type: ignore[attr-defined]
        fields["sector"].empty_label = NOT_APPLICABLE  # type: ignore[attr-defined]
        fields["province"].empty_label = _("Not stated")  # type: ignore[attr-defined]
        for name, choices in [
            ("government_level", GovernmentLevel.choices),
            ("size_band", SizeBand.choices),
            ("unionized", Unionized.choices),
        ]:
            fields[name].choices = [("", NOT_APPLICABLE), *choices]  # type: ignore[attr-defined]
        for name in ("description_en", "description_fr"):
            # The model's TextField has no limit, so the form sets one, validator included.
            description = fields[name]
            description.max_length = DESCRIPTION_MAX_LENGTH  # type: ignore[attr-defined]
            description.validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))
            description.widget.attrs["maxlength"] = str(DESCRIPTION_MAX_LENGTH)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned_data = self.cleaned_data
        kind = cleaned_data.get("kind")
        if kind is None:
            return cleaned_data

        for name, (kind_slug, missing, not_applicable) in CONDITIONAL_FIELDS.items():
            if name in self.errors:
                continue
            value = cleaned_data.get(name)
            if kind.slug == kind_slug and not value:
                self.add_error(name, missing)
            elif kind.slug != kind_slug and value:
                self.add_error(name, not_applicable)
        return cleaned_data

    def service_arguments(self) -> dict[str, Any]:
        """Split the cleaned data into the keyword arguments of the organization services."""
        fields = dict(self.cleaned_data)
        regions_served = fields.pop("regions_served")
        languages = fields.pop("languages")
        fields.pop("version", None)
        return {"fields": fields, "regions_served": regions_served, "languages": languages}


class OrganizationLogoForm(forms.Form):
    """A new logo for an organization. partners.services.set_organization_logo checks the image."""

    logo = forms.FileField(
        label=_("Logo"),
        help_text=_(
            "A PNG, JPEG or WebP image of at most 1 MB. It is shown next to the "
            "organization's name."
        ),
        error_messages={"required": _("Choose an image file to upload.")},
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )


class VerificationDecisionForm(forms.Form):
    """A coordinator's approval or rejection of one pending organization.

    services.reject_organization() requires the reason, so the form leaves it optional.
    """

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The registrant receives it by email. Say what they can fix."),
    )
