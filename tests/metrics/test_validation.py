"""Every rule a reported value must meet, as metrics.validation checks it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hubsite.quarters import current_quarter
from metrics.models import Indicator
from metrics.validation import ValueInput, check_quarter, check_values, parse_number

ADOPTED = ["participants-served", "employment-rate", "hourly-wage", "employers-engaged"]


def problems_for(
    library: dict[str, Indicator], *items: ValueInput, adopted: list[str] = ADOPTED
) -> list:
    return check_values(list(items), library, adopted)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Decimal("12")),
        ("12.5", Decimal("12.5")),
        ("12,5", Decimal("12.5")),
        ("-3,5", Decimal("-3.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234", Decimal("1234")),
        ("1\u202f234,75", Decimal("1234.75")),
        (" 7 ", Decimal("7")),
    ],
)
def test_parse_number_accepts(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12 5", "1.234,5", "=1+1", "1e3", "12%"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_percent_between_0_and_100(library: dict[str, Indicator]) -> None:
    for bad in ("-1", "100.01", "250"):
        problems = problems_for(library, ValueInput("employment-rate", Decimal(bad), people=40))
        assert [problem.column for problem in problems] == ["value"], bad
        assert "between 0 and 100" in problems[0].message
    for good in ("0", "62.5", "100"):
        assert (
            problems_for(library, ValueInput("employment-rate", Decimal(good), people=40)) == []
        ), good


def test_count_is_non_negative_integer(library: dict[str, Indicator]) -> None:
    negative = problems_for(library, ValueInput("participants-served", Decimal("-2")))
    fraction = problems_for(library, ValueInput("participants-served", Decimal("2.5")))
    assert [problem.column for problem in negative] == ["value"]
    assert [problem.column for problem in fraction] == ["value"]
    assert "whole number" in fraction[0].message
    assert problems_for(library, ValueInput("participants-served", Decimal("12.0"))) == []


def test_other_units_not_negative(library: dict[str, Indicator]) -> None:
    problems = problems_for(library, ValueInput("hourly-wage", Decimal("-1"), people=10))
    assert [problem.column for problem in problems] == ["value"]


def test_mean_needs_people(library: dict[str, Indicator]) -> None:
    problems = problems_for(library, ValueInput("employment-rate", Decimal("50")))
    assert [problem.column for problem in problems] == ["people"]


def test_negative_people_rejected(library: dict[str, Indicator]) -> None:
    problems = problems_for(library, ValueInput("employment-rate", Decimal("50"), people=-3))
    assert [problem.column for problem in problems] == ["people"]


def test_unit_must_match(library: dict[str, Indicator]) -> None:
    problems = problems_for(
        library, ValueInput("participants-served", Decimal("5"), unit="percent")
    )
    assert [problem.column for problem in problems] == ["unit"]
    assert "count" in problems[0].message
    assert (
        problems_for(library, ValueInput("participants-served", Decimal("5"), unit="count")) == []
    )


def test_parts_not_exceeding_total(library: dict[str, Indicator]) -> None:
    total = ValueInput("participants-served", Decimal("10"), row=2)
    women = ValueInput(
        "participants-served", Decimal("6"), disaggregation="gender", category="woman", row=3
    )
    men = ValueInput(
        "participants-served", Decimal("5"), disaggregation="gender", category="man", row=4
    )

    problems = problems_for(library, total, women, men)

    assert len(problems) == 1
    assert problems[0].row == 4
    assert problems[0].column == "value"
    assert "11" in problems[0].message and "10" in problems[0].message
    fewer = ValueInput(
        "participants-served", Decimal("4"), disaggregation="gender", category="man", row=4
    )
    assert problems_for(library, total, women, fewer) == []


def test_parts_of_a_mean_compare_people(library: dict[str, Indicator]) -> None:
    total = ValueInput("employment-rate", Decimal("50"), people=20)
    part = ValueInput(
        "employment-rate", Decimal("40"), people=25, disaggregation="gender", category="woman"
    )

    problems = problems_for(library, total, part)

    assert [problem.column for problem in problems] == ["people"]


def test_breakdown_needs_total(library: dict[str, Indicator]) -> None:
    part = ValueInput(
        "participants-served", Decimal("4"), disaggregation="gender", category="woman"
    )
    problems = problems_for(library, part)
    assert [problem.column for problem in problems] == ["disaggregation"]


def test_disaggregation_must_be_allowed(library: dict[str, Indicator]) -> None:
    # Employers engaged may be broken down by province only.
    total = ValueInput("employers-engaged", Decimal("4"))
    part = ValueInput("employers-engaged", Decimal("1"), disaggregation="gender", category="woman")
    problems = problems_for(library, total, part)
    assert [problem.column for problem in problems] == ["disaggregation"]


def test_category_must_exist(library: dict[str, Indicator]) -> None:
    total = ValueInput("participants-served", Decimal("4"))
    part = ValueInput(
        "participants-served", Decimal("1"), disaggregation="gender", category="female"
    )
    problems = problems_for(library, total, part)
    assert [problem.column for problem in problems] == ["category"]
    assert "woman" in problems[0].message


def test_indicator_must_be_adopted(library: dict[str, Indicator]) -> None:
    problems = problems_for(library, ValueInput("days-to-placement", Decimal("30"), people=5))
    assert [problem.column for problem in problems] == ["indicator"]
    assert "not adopted" in problems[0].message


def test_unknown_indicator(library: dict[str, Indicator]) -> None:
    problems = problems_for(library, ValueInput("no-such-code", Decimal("1")))
    assert [problem.column for problem in problems] == ["indicator"]


def test_retired_indicator(library: dict[str, Indicator]) -> None:
    Indicator.objects.filter(code="employers-engaged").update(retired=True)
    library["employers-engaged"].refresh_from_db()
    problems = problems_for(library, ValueInput("employers-engaged", Decimal("1")))
    assert [problem.column for problem in problems] == ["indicator"]


def test_duplicate_value(library: dict[str, Indicator]) -> None:
    first = ValueInput("participants-served", Decimal("4"), row=2)
    second = ValueInput("participants-served", Decimal("5"), row=3)
    problems = problems_for(library, first, second)
    assert [(problem.row, problem.column) for problem in problems] == [(3, "indicator")]
    assert "row 2" in problems[0].message


def test_no_future_quarter(db: None) -> None:
    future = current_quarter().next()
    assert [problem.column for problem in check_quarter(future)] == ["quarter"]
    assert check_quarter(current_quarter()) == []
    assert check_quarter(current_quarter().previous().code) == []
    assert [problem.column for problem in check_quarter("2026Q5")] == ["quarter"]


def test_problem_names_row_and_column(library: dict[str, Indicator]) -> None:
    problems = problems_for(
        library, ValueInput("employment-rate", Decimal("140"), people=10, row=7)
    )
    assert str(problems[0]).startswith("Row 7, column value:")
