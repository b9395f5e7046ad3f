"""Forms of the reporting pages; the rules live in metrics.validation and metrics.services."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hubsite.quarters import Quarter, current_quarter
from hubsite.uploads import check_file_size, check_text_file
from initiatives.models import Initiative
from metrics.models import Indicator, ReportValue, Unit
from metrics.validation import Problem, ValueInput, parse_number
from partners.models import Organization


def quarter_choices(count: int = 8) -> list[tuple[str, str]]:
    """Return the current quarter and the ones before it, newest first."""
    quarters = current_quarter().last(count)[::-1]
    return [(quarter.code, quarter.label) for quarter in quarters]


class OpenReportForm(forms.Form):
    """Choose the organization, the initiative or partnership, and the quarter of a report."""

    organization = forms.ModelChoiceField(
        label=_("Reporting organization"), queryset=Organization.objects.none()
    )
    target = forms.ChoiceField(label=_("Initiative or partnership"))
    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(
        self, *args: Any, organizations: Any, targets: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["target"].choices = targets  # type: ignore[attr-defined]
        self.fields["quarter"].choices = quarter_choices()  # type: ignore[attr-defined]
        self.fields["target"].help_text = _(
            "Initiatives and partnerships that adopted indicators and that your "
            "organization takes part in."
        )

    def clean_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["quarter"])


class AdoptForm(forms.Form):
    """Choose the initiative that adopts an indicator."""

    initiative = forms.ModelChoiceField(
        label=_("Initiative that adopts this indicator"), queryset=Initiative.objects.none()
    )

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]


class ReportValuesForm(forms.Form):
    """One value field, and a people field for means, per adopted indicator.

    Values accept a decimal comma. Breakdowns (by gender, age group and so on)
    are entered by CSV upload or the API; this form keeps them as they are.
    """

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[Indicator],
        current: Sequence[ReportValue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        totals = {value.indicator_id: value for value in current if value.is_total}
        for indicator in self.indicators:
            value = totals.get(indicator.pk)
            self.fields[f"value_{indicator.code}"] = forms.CharField(
                label=indicator.name,
                required=False,
                max_length=30,
                help_text=unit_help(indicator),
                initial=format_initial(value.value) if value else "",
            )
            if indicator.unit != Unit.COUNT:
                self.fields[f"people_{indicator.code}"] = forms.CharField(
                    label=_("People this value is based on: %(name)s") % {"name": indicator.name},
                    required=False,
                    max_length=12,
                    initial=value.people if value and value.people is not None else "",
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.items: list[ValueInput] = []
        self.removed: list[str] = []
        for indicator in self.indicators:
            text = (cleaned.get(f"value_{indicator.code}") or "").strip()
            people_text = (cleaned.get(f"people_{indicator.code}") or "").strip()
            if not text:
                self.removed.append(indicator.code)
                continue
            try:
                value = parse_number(text)
            except ValueError:
                self.add_error(f"value_{indicator.code}", _("Enter a number, such as 12 or 12,5."))
                continue
            people = None
            if people_text:
                try:
                    people_number = parse_number(people_text)
                except ValueError:
                    people_number = Decimal("0.5")
                if people_number != people_number.to_integral_value():
                    self.add_error(f"people_{indicator.code}", _("Enter a whole number."))
                    continue
                people = int(people_number)
            self.items.append(ValueInput(indicator.code, value, people))
        return cleaned

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Put each problem of the service's validation on its field."""
        for problem in problems:
            name = f"{problem.column}_{problem.indicator}"
            if name not in self.fields:
                name = f"value_{problem.indicator}"
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                self.add_error(None, str(problem))


def unit_help(indicator: Indicator) -> str:
    texts = {
        Unit.COUNT: _("A whole number of 0 or more."),
        Unit.PERCENT: _("A percent between 0 and 100."),
        Unit.CURRENCY: _("Canadian dollars."),
        Unit.DAYS: _("Days."),
        Unit.RATIO: _("A ratio or an average."),
    }
    return str(texts.get(Unit(indicator.unit), ""))


def format_initial(value: Decimal) -> str:
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return str(int(normalized))
    return format(normalized, "f")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with commas or semicolons between columns; decimal commas are accepted. "
            "Every row must be valid, or nothing is saved."
        ),
    )

    def clean_file(self) -> Any:
        """Check the file by its content, whatever its name and declared type.

        The file is only read, never stored, so the client's file name is not used.
        """
        upload = self.cleaned_data["file"]
        max_bytes = settings.METRICS_UPLOAD_MAX_BYTES
        check_file_size(upload.size, max_bytes)
        check_text_file(upload.read(), max_bytes)
        upload.seek(0)
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the organization fix?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
