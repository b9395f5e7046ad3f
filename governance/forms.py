"""Forms of the governance pages. The services enforce the rules again when they save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import (
    MAX_SCORE,
    MIN_SCORE,
    SCALE_LEVELS,
    Assessment,
    AssessmentKind,
    Criterion,
    Outcome,
    Review,
    ReviewDecision,
)
from partners.forms.members import RadioGroup
from partners.models import PartnershipMember

# A review form offers this many empty action rows; leave the ones not needed blank.
ACTION_ROWS = 3

# Free-text notes, reasons and rationales: long enough for a page of text, and
# a bound on what one request can store.
LONG_TEXT_MAX_LENGTH = 10_000


class DateInput(forms.DateInput):
    input_type = "date"


class CriterionForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    guidance_en = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Guidance (English)"),
        widget=forms.Textarea,
        required=False,
    )
    guidance_fr = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Guidance (French)"),
        widget=forms.Textarea,
        required=False,
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=10,
        help_text=_("From 1 to 10: how much this criterion counts in the weighted total."),
    )
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=999)
    is_active = forms.BooleanField(
        label=_("In use: new assessments score this criterion"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in range(SCALE_LEVELS):
            self.fields[f"level_{level}_en"] = forms.CharField(
                label=_("Level %(level)d (English)") % {"level": level}, max_length=300
            )
            self.fields[f"level_{level}_fr"] = forms.CharField(
                label=_("Level %(level)d (French)") % {"level": level}, max_length=300
            )

    @classmethod
    def initial_for(cls, criterion: Criterion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            field: getattr(criterion, field)
            for field in (
                "name_en",
                "name_fr",
                "guidance_en",
                "guidance_fr",
                "weight",
                "position",
                "is_active",
            )
        }
        for level, text in enumerate(criterion.levels[:SCALE_LEVELS]):
            initial[f"level_{level}_en"] = text.get("en", "")
            initial[f"level_{level}_fr"] = text.get("fr", "")
        return initial

    def service_data(self) -> dict[str, Any]:
        data = {
            field: self.cleaned_data[field]
            for field in (
                "name_en",
                "name_fr",
                "guidance_en",
                "guidance_fr",
                "weight",
                "position",
                "is_active",
            )
        }
        data["levels"] = [
            {
                "en": self.cleaned_data[f"level_{level}_en"],
                "fr": self.cleaned_data[f"level_{level}_fr"],
            }
            for level in range(SCALE_LEVELS)
        ]
        return data

    def level_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (level, self[f"level_{level}_en"], self[f"level_{level}_fr"])
            for level in range(SCALE_LEVELS)
        ]


class StartAssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of assessment"), choices=AssessmentKind.choices)


class AssessmentForm(forms.Form):
    """Scores and rationales per criterion, members' positions, summary and recommendation."""

    summary_en = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Value proposition of the partnership (English)"),
        widget=forms.Textarea,
        required=False,
    )
    summary_fr = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Value proposition of the partnership (French)"),
        widget=forms.Textarea,
        required=False,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", _("No recommendation yet")), *Outcome.choices],
        required=False,
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.score_lines = list(assessment.scores.all())
        self.positions = list(assessment.member_positions.select_related("member__organization"))
        for line in self.score_lines:
            descriptors = line.level_descriptors()
            choices = [("", _("Not scored yet"))] + [
                (str(level), f"{level} – {descriptors[level] if level < len(descriptors) else ''}")
                for level in range(MIN_SCORE, MAX_SCORE + 1)
            ]
            self.fields[f"score_{line.criterion_key}"] = forms.ChoiceField(
                label=_("Score: %(criterion)s") % {"criterion": line.name},
                choices=choices,
                required=False,
                initial="" if line.score is None else str(line.score),
            )
            self.fields[f"rationale_{line.criterion_key}"] = forms.CharField(
                max_length=LONG_TEXT_MAX_LENGTH,
                label=_("Rationale: %(criterion)s") % {"criterion": line.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=line.rationale,
            )
        for position in self.positions:
            name = position.member.organization.name
            prefix = f"member_{position.member_id}"
            self.fields[f"{prefix}_value"] = forms.CharField(
                max_length=LONG_TEXT_MAX_LENGTH,
                label=_("Value proposition of %(name)s") % {"name": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=position.value_proposition,
            )
            self.fields[f"{prefix}_costs"] = forms.CharField(
                max_length=LONG_TEXT_MAX_LENGTH,
                label=_("Expected costs for %(name)s") % {"name": name},
                help_text=_("Money, staff time and accessibility resources."),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=position.expected_costs,
            )
            self.fields[f"{prefix}_benefits"] = forms.CharField(
                max_length=LONG_TEXT_MAX_LENGTH,
                label=_("Expected benefits for %(name)s") % {"name": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=position.expected_benefits,
            )
        self.fields["summary_en"].initial = assessment.summary_en
        self.fields["summary_fr"].initial = assessment.summary_fr
        self.fields["recommendation"].initial = assessment.recommendation

    def criterion_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (line, self[f"score_{line.criterion_key}"], self[f"rationale_{line.criterion_key}"])
            for line in self.score_lines
        ]

    def member_rows(self) -> list[tuple[PartnershipMember, list[forms.BoundField]]]:
        return [
            (
                position.member,
                [
                    self[f"member_{position.member_id}_{suffix}"]
                    for suffix in ("value", "costs", "benefits")
                ],
            )
            for position in self.positions
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=RadioGroup)
    reasons_en = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Reasons (English)"),
        widget=forms.Textarea,
        required=False,
    )
    reasons_fr = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Reasons (French)"),
        widget=forms.Textarea,
        required=False,
    )
    return_date = forms.DateField(
        label=_("Date to return to the assessment"),
        help_text=_("Needed when you defer the decision."),
        required=False,
        widget=DateInput,
    )


class MemberBenefitForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    benefit = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Benefit to the organization this quarter"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, members: list[PartnershipMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_field = self.fields["member"]
        assert isinstance(member_field, forms.TypedChoiceField)
        member_field.choices = [(member.pk, member.organization.name) for member in members]


class ReviewForm(forms.Form):
    accessibility_resources = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Accessibility and resources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    issues = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Issues"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=RadioGroup
    )
    reasons = forms.CharField(
        max_length=LONG_TEXT_MAX_LENGTH,
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.progress_rows = list(review.goal_progress.all())
        for row in self.progress_rows:
            self.fields[f"progress_{row.pk}"] = forms.CharField(
                max_length=LONG_TEXT_MAX_LENGTH,
                label=_("Progress: %(goal)s") % {"goal": row.goal_text},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=row.progress,
            )
        for number in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{number}_description"] = forms.CharField(
                label=_("Action %(number)d") % {"number": number}, max_length=500, required=False
            )
            self.fields[f"action_{number}_owner"] = forms.CharField(
                label=_("Owner of action %(number)d") % {"number": number},
                max_length=200,
                required=False,
            )
            self.fields[f"action_{number}_due"] = forms.DateField(
                label=_("Due date of action %(number)d") % {"number": number},
                required=False,
                widget=DateInput,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for number in range(1, ACTION_ROWS + 1):
            values = [
                cleaned.get(f"action_{number}_{part}") for part in ("description", "owner", "due")
            ]
            if any(values) and not all(values):
                for part, value in zip(("description", "owner", "due"), values, strict=True):
                    if not value:
                        self.add_error(
                            f"action_{number}_{part}",
                            _(
                                "Fill in the action, its owner and its due date, "
                                "or leave all three empty."
                            ),
                        )
        return cleaned

    def progress_fields(self) -> list[forms.BoundField]:
        return [self[f"progress_{row.pk}"] for row in self.progress_rows]

    def action_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"action_{number}_{part}"] for part in ("description", "owner", "due")]
            for number in range(1, ACTION_ROWS + 1)
        ]

    def action_inputs(self) -> list[tuple[str, str, Any]]:
        rows = []
        for number in range(1, ACTION_ROWS + 1):
            description = self.cleaned_data.get(f"action_{number}_description")
            if description:
                rows.append(
                    (
                        description,
                        self.cleaned_data[f"action_{number}_owner"],
                        self.cleaned_data[f"action_{number}_due"],
                    )
                )
        return rows

    def progress(self) -> dict[int, str]:
        return {
            row.pk: self.cleaned_data.get(f"progress_{row.pk}", "") for row in self.progress_rows
        }
