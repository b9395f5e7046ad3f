"""Forms of the practices pages: submission, moderation, evidence gaps and subscriptions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hubsite.forms import describe_fields
from initiatives.models import Initiative
from partners.models import Organization, Region, Sector, StakeholderKind, Theme, User
from practices import services
from practices.models import DigestKind, EvidenceGap, Frequency, Practice, PracticeStatus


class PracticeForm(forms.ModelForm):
    """A practice as its author writes it. Links are limited to records the author may see."""

    submitting_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Submitted for the organization"),
        empty_label=_("None: I write in my own name"),
        help_text=_("Coordinators see it. The public does not for an anonymous lesson."),
    )
    # The version the author read (hubsite.concurrency), so a save over a newer
    # save from another tab or device is refused with 409.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Practice
        fields = [
            "kind",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "what_was_done_en",
            "what_was_done_fr",
            "outcomes_en",
            "outcomes_fr",
            "evidence_en",
            "evidence_fr",
            "themes",
            "sectors",
            "regions",
            "stakeholder_kinds",
            "organizations",
            "partnerships",
            "initiatives",
            "is_anonymous",
        ]
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "stakeholder_kinds": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "what_was_done_en": _("Markdown: **bold**, *italics*, lists and links."),
            "what_was_done_fr": _("Markdown: **bold**, *italics*, lists and links."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        fields: Any = self.fields
        fields["submitting_organization"].queryset = services.submitting_organizations(user)
        fields["organizations"].queryset = Organization.objects.public()
        fields["partnerships"].queryset = services.linkable_partnerships(user)
        fields["initiatives"].queryset = services.linkable_initiatives(user).select_related(
            "lead_organization"
        )
        fields["themes"].queryset = Theme.objects.all()
        fields["sectors"].queryset = Sector.objects.all()
        fields["regions"].queryset = Region.objects.all()
        fields["stakeholder_kinds"].queryset = StakeholderKind.objects.all()
        if self.instance.pk:
            fields["submitting_organization"].initial = self.instance.submitting_organization_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not (cleaned.get("title_en") or "").strip()
            and not (cleaned.get("title_fr") or "").strip()
        ):
            self.add_error("title_en", _("Enter a title in English, in French or in both."))
        return cleaned

    def _post_clean(self) -> None:
        # The service validates the model; the form only checks its fields.
        pass

    def split(self) -> tuple[dict[str, Any], dict[str, Any], Organization | None]:
        data = self.cleaned_data
        fields = {name: data[name] for name in services.PRACTICE_TEXT_FIELDS if name in data}
        relations = {name: list(data[name]) for name in services.PRACTICE_RELATIONS}
        return fields, relations, data.get("submitting_organization")


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (PracticeStatus.PUBLISHED, _("Publish")),
            (PracticeStatus.RETURNED, _("Return to the author for changes")),
            (PracticeStatus.REJECTED, _("Reject")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return or reject: what to change, or the reason."),
    )


class EvidenceGapForm(forms.ModelForm):
    class Meta:
        model = EvidenceGap
        fields = [
            "question_en",
            "question_fr",
            "why_it_matters_en",
            "why_it_matters_fr",
            "what_is_known_en",
            "what_is_known_fr",
            "themes",
            "regions",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not (cleaned.get("question_en") or "").strip()
            and not (cleaned.get("question_fr") or "").strip()
        ):
            self.add_error("question_en", _("Enter the question in English, in French or in both."))
        return cleaned


class WorkForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Research organization")
    )
    initiative = forms.ModelChoiceField(
        queryset=Initiative.objects.none(),
        required=False,
        label=_("Initiative that works on it"),
        empty_label=_("No initiative yet"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from partners import permissions

        organizations = permissions.organizations_with_permission(user, permissions.CHANGE).filter(
            verification_status="verified"
        )
        fields: Any = self.fields
        fields["organization"].queryset = organizations
        fields["initiative"].queryset = Initiative.objects.public().filter(
            lead_organization__in=organizations
        )


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    kinds = forms.MultipleChoiceField(
        label=_("What to receive"),
        choices=DigestKind.choices,
        initial=DigestKind.values,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the digest"),
        choices=[("en", _("English")), ("fr", _("French"))],
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Themes"),
        help_text=_("Leave empty to receive every theme."),
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        required=False,
        label=_("Regions"),
        help_text=_("Leave empty to receive every region."),
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        label=_("Sectors"),
        help_text=_("Leave empty to receive every sector."),
    )
    consent = forms.BooleanField(
        label=_("I agree to receive these digests by email. I can unsubscribe at any time."),
        required=True,
    )


GROUP_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def describe_form(form: forms.BaseForm) -> None:
    """Tie help and errors to fields as hubsite.forms.describe_fields does, and fix choice groups.

    A group of checkboxes or radio buttons has no single id to label, so the
    fieldset that templates/practices/includes/form_field.html draws around it
    carries aria-describedby, and its inputs carry none.
    """
    describe_fields(form)
    for field in form.fields.values():
        if isinstance(field.widget, GROUP_WIDGETS):
            field.widget.attrs.pop("aria-describedby", None)
            field.widget.attrs.pop("aria-invalid", None)
