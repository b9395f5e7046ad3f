"""Rules a reported value must meet, shared by the form, the CSV upload and the API.

Every check returns Problem records rather than raising at the first one, so a
person sees every mistake of a report or a file at once. `row` is the row
number in an uploaded file (the header is row 1) and None for the form and
the API; `column` names the field or CSV column.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hubsite.quarters import Quarter, current_quarter
from metrics.models import DISAGGREGATION_CATEGORIES, Disaggregation, Indicator, Unit

MAX_VALUE = Decimal("9999999999")


@dataclass(frozen=True)
class Problem:
    """One invalid value: where it is and what is wrong with it."""

    column: str
    message: str
    row: int | None = None
    indicator: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}"
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ValueInput:
    """A value as entered, before it is saved, with its text already parsed into numbers."""

    indicator_code: str
    value: Decimal | None
    people: int | None = None
    disaggregation: str = ""
    category: str = ""
    unit: str = ""
    note: str = ""
    row: int | None = None


# Digits with an optional sign, thousands separated by spaces (including the
# no-break spaces French writing uses), and a decimal point or comma.
NUMBER_PATTERN = re.compile(r"^[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)([.,]\d+)?$")


def parse_number(text: str) -> Decimal:
    """Read "1234.5", "1 234,5" or "-3,5" as a Decimal; raise ValueError for anything else."""
    cleaned = text.strip()
    if not NUMBER_PATTERN.match(cleaned):
        raise ValueError(text)
    cleaned = re.sub(r"[ \u00a0\u202f]", "", cleaned).replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def check_quarter(quarter: Quarter | str) -> list[Problem]:
    """Reject a quarter that has not started yet, or a code that is not a quarter."""
    if isinstance(quarter, str):
        try:
            quarter = Quarter.parse(quarter)
        except ValueError:
            return [Problem("quarter", _("Enter a quarter such as 2026Q1."))]
    if quarter > current_quarter():
        return [
            Problem(
                "quarter",
                _("%(quarter)s has not started yet: report only on past and current quarters.")
                % {"quarter": quarter.code},
            )
        ]
    return []


def check_value(indicator: Indicator, item: ValueInput) -> list[Problem]:
    """Check one value against its indicator's unit and disaggregations."""
    problems: list[Problem] = []

    def add(column: str, message: str) -> None:
        problems.append(Problem(column, message, item.row, indicator.code))

    if indicator.retired:
        add(
            "indicator",
            _("%(code)s is retired and takes no new values.") % {"code": indicator.code},
        )
    if item.unit and item.unit != indicator.unit:
        add(
            "unit",
            _("The unit %(given)s does not match the indicator's unit, %(expected)s.")
            % {"given": item.unit, "expected": indicator.unit},
        )

    if item.disaggregation:
        if item.disaggregation not in indicator.disaggregations:
            add(
                "disaggregation",
                _("%(code)s cannot be broken down by %(disaggregation)s.")
                % {"code": indicator.code, "disaggregation": item.disaggregation},
            )
        elif item.category not in DISAGGREGATION_CATEGORIES.get(item.disaggregation, {}):
            add(
                "category",
                _("%(category)s is not a category of %(disaggregation)s: use one of %(choices)s.")
                % {
                    "category": item.category or "—",
                    "disaggregation": item.disaggregation,
                    "choices": ", ".join(DISAGGREGATION_CATEGORIES[item.disaggregation]),
                },
            )
    elif item.category:
        add("disaggregation", _("Enter the disaggregation that this category belongs to."))

    value = item.value
    if value is None:
        add("value", _("Enter a value."))
    elif abs(value) > MAX_VALUE:
        add("value", _("Enter a value of at most 9,999,999,999."))
    elif indicator.unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        add("value", _("A percent is between 0 and 100."))
    elif indicator.unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        add("value", _("A count is a whole number of 0 or more."))
    elif indicator.unit != Unit.PERCENT and value < 0:
        add("value", _("Enter a value of 0 or more."))

    if item.people is not None and item.people < 0:
        add("people", _("The number of people is a whole number of 0 or more."))
    elif item.people is None and needs_people(indicator):
        add(
            "people",
            _("Enter the number of people this value is based on, so it can be weighted."),
        )
    return problems


def needs_people(indicator: Indicator) -> bool:
    """Means need their number of people as weights; counts of people are their own weight."""
    return indicator.unit != Unit.COUNT


def check_values(
    items: Sequence[ValueInput], indicators: dict[str, Indicator], adopted_codes: Iterable[str]
) -> list[Problem]:
    """Check a report's values: each alone, then duplicates, then parts against totals."""
    adopted = set(adopted_codes)
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int | None] = {}
    valid: list[tuple[Indicator, ValueInput]] = []

    for item in items:
        indicator = indicators.get(item.indicator_code)
        if indicator is None:
            problems.append(
                Problem(
                    "indicator",
                    _("%(code)s is not an indicator of the library.")
                    % {"code": item.indicator_code or "—"},
                    item.row,
                )
            )
            continue
        if indicator.code not in adopted:
            problems.append(
                Problem(
                    "indicator",
                    _("%(code)s was not adopted for this initiative or partnership.")
                    % {"code": indicator.code},
                    item.row,
                    indicator.code,
                )
            )
            continue
        item_problems = check_value(indicator, item)
        key = (indicator.code, item.disaggregation, item.category)
        if key in seen:
            where = seen[key]
            item_problems.append(
                Problem(
                    "indicator",
                    _("This value repeats the one in row %(row)s.") % {"row": where}
                    if where is not None
                    else _("This value is given twice."),
                    item.row,
                    indicator.code,
                )
            )
        seen[key] = item.row
        problems.extend(item_problems)
        if not item_problems:
            valid.append((indicator, item))

    problems.extend(check_parts(valid))
    return problems


def check_parts(values: Sequence[tuple[Indicator, ValueInput]]) -> list[Problem]:
    """Check that each disaggregation's parts add up to no more than the total.

    Counts compare the values; other units compare the people the values rest on.
    """
    totals: dict[str, tuple[Indicator, ValueInput]] = {}
    parts: dict[tuple[str, str], list[ValueInput]] = defaultdict(list)
    for indicator, item in values:
        if item.disaggregation:
            parts[(indicator.code, item.disaggregation)].append(item)
        else:
            totals[indicator.code] = (indicator, item)

    problems: list[Problem] = []
    for (code, disaggregation), items in parts.items():
        if code not in totals:
            problems.append(
                Problem(
                    "disaggregation",
                    _("Enter the total of %(code)s as well as its breakdown.") % {"code": code},
                    items[0].row,
                    code,
                )
            )
            continue
        indicator, total = totals[code]
        if indicator.unit == Unit.COUNT:
            column = "value"
            part_sum = sum((item.value or Decimal(0) for item in items), Decimal(0))
            limit = total.value or Decimal(0)
        else:
            column = "people"
            part_sum = Decimal(sum(item.people or 0 for item in items))
            limit = Decimal(total.people or 0)
        if part_sum > limit:
            label = dict(Disaggregation.choices).get(disaggregation, disaggregation)
            problems.append(
                Problem(
                    column,
                    _(
                        "The parts by %(disaggregation)s add up to %(sum)s, more than the total "
                        "of %(total)s."
                    )
                    % {
                        "disaggregation": str(label).lower(),
                        "sum": format_number(part_sum),
                        "total": format_number(limit),
                    },
                    items[-1].row,
                    code,
                )
            )
    return problems


def format_number(value: Decimal) -> str:
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return str(normalized.quantize(Decimal(1)))
    return format(normalized, "f")
