"""hubsite.quarters: quarter boundaries in Canadian time zones, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import translation

from hubsite.quarters import Quarter, current_quarter, quarter_of

ZONES = ["America/Vancouver", "America/Toronto", "America/Halifax", "America/St_Johns"]


def local(zone: str, *parts: int) -> datetime:
    year, month, day, hour, minute = parts
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("last_moment", "first_moment", "before", "after"),
    [
        # April start: the fiscal year turns over on 1 April.
        ((2026, 3, 31, 23, 59), (2026, 4, 1, 0, 1), "2025Q4", "2026Q1"),
        ((2026, 6, 30, 23, 59), (2026, 7, 1, 0, 1), "2026Q1", "2026Q2"),
        ((2026, 9, 30, 23, 59), (2026, 10, 1, 0, 1), "2026Q2", "2026Q3"),
        ((2026, 12, 31, 23, 59), (2027, 1, 1, 0, 1), "2026Q3", "2026Q4"),
    ],
)
def test_april_boundaries_in_zone(
    zone: str, last_moment: tuple, first_moment: tuple, before: str, after: str
) -> None:
    with override_settings(TIME_ZONE=zone, HUB_QUARTER_START_MONTH=4):
        assert quarter_of(local(zone, *last_moment)).code == before
        assert quarter_of(local(zone, *first_moment)).code == after


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("last_moment", "first_moment", "before", "after"),
    [
        ((2026, 12, 31, 23, 59), (2027, 1, 1, 0, 1), "2026Q4", "2027Q1"),
        ((2026, 3, 31, 23, 59), (2026, 4, 1, 0, 1), "2026Q1", "2026Q2"),
        ((2026, 6, 30, 23, 59), (2026, 7, 1, 0, 1), "2026Q2", "2026Q3"),
    ],
)
def test_january_boundaries_in_zone(
    zone: str, last_moment: tuple, first_moment: tuple, before: str, after: str
) -> None:
    with override_settings(TIME_ZONE=zone, HUB_QUARTER_START_MONTH=1):
        assert quarter_of(local(zone, *last_moment)).code == before
        assert quarter_of(local(zone, *first_moment)).code == after


@pytest.mark.parametrize("zone", ZONES)
def test_start_is_local_midnight(zone: str) -> None:
    with override_settings(TIME_ZONE=zone, HUB_QUARTER_START_MONTH=4):
        quarter = Quarter(2026, 1)
        assert quarter.start == local(zone, 2026, 4, 1, 0, 0)
        assert quarter.start.hour == 0
        assert quarter.contains(quarter.start)
        assert not quarter.contains(quarter.start - timedelta(microseconds=1))
        assert not quarter.contains(quarter.end)
        assert quarter.contains(quarter.end - timedelta(microseconds=1))


def test_moment_read_in_hub_zone() -> None:
    """23:59 on 31 March in Vancouver is already 1 April in Toronto."""
    with override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4):
        assert quarter_of(local("America/Vancouver", 2026, 3, 31, 23, 59)).code == "2026Q1"
        assert quarter_of(local("America/Vancouver", 2026, 3, 31, 20, 59)).code == "2025Q4"
    with override_settings(TIME_ZONE="America/Vancouver", HUB_QUARTER_START_MONTH=4):
        # 00:30 on 1 April in St. John's is still 31 March in Vancouver.
        assert quarter_of(local("America/St_Johns", 2026, 4, 1, 0, 30)).code == "2025Q4"


def test_utc_moment_near_boundary() -> None:
    with override_settings(TIME_ZONE="America/Halifax", HUB_QUARTER_START_MONTH=4):
        # Halifax is UTC-3 in summer (ADT): 03:00 UTC on 1 July is 00:00 local.
        assert quarter_of(datetime(2026, 7, 1, 2, 59, tzinfo=UTC)).code == "2026Q1"
        assert quarter_of(datetime(2026, 7, 1, 3, 0, tzinfo=UTC)).code == "2026Q2"


@pytest.mark.parametrize(
    ("zone", "winter_offset", "summer_offset"),
    [
        ("America/Vancouver", -8.0, -7.0),
        ("America/Toronto", -5.0, -4.0),
        ("America/Halifax", -4.0, -3.0),
        ("America/St_Johns", -3.5, -2.5),
    ],
)
def test_quarter_spanning_dst(zone: str, winter_offset: float, summer_offset: float) -> None:
    """The January quarter contains the spring change: one hour shorter than its days."""
    with override_settings(TIME_ZONE=zone, HUB_QUARTER_START_MONTH=4):
        quarter = Quarter(2025, 4)
        assert quarter.first_day == date(2026, 1, 1)
        assert quarter.last_day == date(2026, 3, 31)
        assert quarter.start.utcoffset() == timedelta(hours=winter_offset)
        assert quarter.end.utcoffset() == timedelta(hours=summer_offset)
        length = quarter.end.astimezone(UTC) - quarter.start.astimezone(UTC)
        assert length == timedelta(days=90) - timedelta(hours=1)
        # The October quarter contains the autumn change: one hour longer.
        autumn = Quarter(2026, 3)
        autumn_length = autumn.end.astimezone(UTC) - autumn.start.astimezone(UTC)
        assert autumn_length == timedelta(days=92) + timedelta(hours=1)


def test_dst_change_days_stay_in_their_quarter() -> None:
    with override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4):
        # 8 March 2026, 02:30 does not exist in Toronto; 07:30 UTC is 03:30 EDT.
        assert quarter_of(datetime(2026, 3, 8, 7, 30, tzinfo=UTC)).code == "2025Q4"
        # 1 November 2026, 01:30 happens twice in Toronto.
        first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
        second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
        assert quarter_of(first).code == quarter_of(second).code == "2026Q3"


def test_current_quarter_frozen_time() -> None:
    with override_settings(TIME_ZONE="America/Toronto", HUB_QUARTER_START_MONTH=4):
        with time_machine.travel(datetime(2026, 4, 1, 3, 59, tzinfo=UTC), tick=False):
            # 23:59 on 31 March in Toronto.
            assert current_quarter().code == "2025Q4"
        with time_machine.travel(datetime(2026, 4, 1, 4, 1, tzinfo=UTC), tick=False):
            assert current_quarter().code == "2026Q1"


def test_dates_and_neighbours() -> None:
    with override_settings(HUB_QUARTER_START_MONTH=4):
        quarter = Quarter(2026, 4)
        assert quarter.first_day == date(2027, 1, 1)
        assert quarter.last_day == date(2027, 3, 31)
        assert quarter.next() == Quarter(2027, 1)
        assert Quarter(2027, 1).previous() == quarter
        assert [q.code for q in quarter.last(4)] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
        assert quarter_of(date(2027, 3, 31)) == quarter
        assert quarter_of(date(2027, 4, 1)) == Quarter(2027, 1)
    with override_settings(HUB_QUARTER_START_MONTH=1):
        assert Quarter(2026, 4).first_day == date(2026, 10, 1)
        assert Quarter(2026, 4).last_day == date(2026, 12, 31)
        assert Quarter(2026, 1).year_label == "2026"


def test_parse_and_labels() -> None:
    assert Quarter.parse("2026Q3") == Quarter(2026, 3)
    assert Quarter.parse(" 2026Q1 ") == Quarter(2026, 1)
    for bad in ["2026Q5", "2026Q0", "26Q1", "2026q1", "", "Q1 2026"]:
        with pytest.raises(ValueError):
            Quarter.parse(bad)
    with pytest.raises(ValueError):
        Quarter(2026, 5)
    with override_settings(HUB_QUARTER_START_MONTH=4):
        assert Quarter(2026, 1).label == "Q1 2026-2027"
        with translation.override("fr"):
            assert "2026-2027" in Quarter(2026, 1).label


def test_naive_datetime_rejected() -> None:
    with pytest.raises(ValueError):
        quarter_of(datetime(2026, 4, 1, 0, 0))
