"""The hub's quarters: the calendar of partnership reviews and reporting periods.

A year of quarters starts in the month set by HUB_QUARTER_START_MONTH (April by
default, like the Government of Canada's fiscal year). A quarter is the
half-open range from local midnight on its first day, in the hub's TIME_ZONE,
to local midnight on the first day of the next quarter.

Quarters are named after the year in which their year of quarters starts: with
April as the first month, 2026Q1 runs from 1 April to 30 June 2026 and 2026Q4
from 1 January to 31 March 2027.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

CODE_PATTERN = re.compile(r"^(?P<year>\d{4})Q(?P<number>[1-4])$")


def start_month() -> int:
    return int(getattr(settings, "HUB_QUARTER_START_MONTH", 4))


def hub_timezone() -> tzinfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter: `year` is the year its year of quarters starts in, `number` is 1 to 4."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter number is 1 to 4, not {self.number}.")

    # --- Names ---------------------------------------------------------------

    @property
    def code(self) -> str:
        """A stable name for URLs, the API and database keys, for example "2026Q1"."""
        return f"{self.year}Q{self.number}"

    @classmethod
    def parse(cls, code: str) -> Quarter:
        """Read a code like "2026Q1"; raise ValueError for anything else."""
        match = CODE_PATTERN.match(code.strip()) if isinstance(code, str) else None
        if match is None:
            raise ValueError(f"{code!r} is not a quarter such as 2026Q1.")
        return cls(int(match["year"]), int(match["number"]))

    @property
    def year_label(self) -> str:
        """The year of quarters: "2026" when it is the calendar year, else "2026-2027"."""
        if start_month() == 1:
            return str(self.year)
        return f"{self.year}-{self.year + 1}"

    @property
    def label(self) -> str:
        """A reader's name for the quarter in the active language, for example "Q1 2026-2027"."""
        return gettext("Q%(number)s %(year)s") % {"number": self.number, "year": self.year_label}

    def __str__(self) -> str:
        return self.code

    # --- Dates ----------------------------------------------------------------

    @property
    def first_day(self) -> date:
        month_index = start_month() - 1 + (self.number - 1) * 3
        return date(self.year + month_index // 12, month_index % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next().first_day.toordinal() - 1)

    @property
    def start(self) -> datetime:
        """Local midnight on the first day, as an aware datetime in the hub's time zone."""
        return datetime.combine(self.first_day, time.min, tzinfo=hub_timezone())

    @property
    def end(self) -> datetime:
        """The next quarter's start: the first moment not in this quarter."""
        return self.next().start

    def contains(self, moment: datetime | date) -> bool:
        return quarter_of(moment) == self

    # --- Neighbours ------------------------------------------------------------

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def last(self, count: int) -> list[Quarter]:
        """`count` quarters ending with this one, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters[::-1]


def quarter_of(moment: datetime | date) -> Quarter:
    """The quarter a moment falls in, read on the hub's local calendar.

    An aware datetime is converted to the hub's time zone first, so 23:59 on
    31 March in Vancouver (already 1 April in Toronto) belongs to the April
    quarter when the hub runs on Toronto time. A date is taken as a local date.
    """
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            raise ValueError("quarter_of needs an aware datetime or a date.")
        day = moment.astimezone(hub_timezone()).date()
    else:
        day = moment
    months_since_start = (day.month - start_month()) % 12
    year = day.year if day.month >= start_month() else day.year - 1
    return Quarter(year, months_since_start // 3 + 1)


def current_quarter(now: datetime | None = None) -> Quarter:
    return quarter_of(now or timezone.now())
