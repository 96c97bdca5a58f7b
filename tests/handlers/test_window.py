"""The billing window in Europe/Kyiv: both sides of each boundary, month ends, leap years, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.window import Month, billing_month, next_window, whole_months

KYIV = ZoneInfo("Europe/Kyiv")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("instant", "period"),
    [
        ("2026-11-28T21:59:59", None),  # 23:59:59 on 28 November in Kyiv (UTC+2)
        ("2026-11-28T22:00:00", "2026-11"),  # 00:00 on 29 November
        ("2026-11-30T21:59:59", "2026-11"),
        ("2026-11-30T22:00:00", "2026-11"),  # 1 December
        ("2026-12-03T21:59:59", "2026-11"),  # the last second of 3 December
        ("2026-12-03T22:00:00", None),  # 4 December
        ("2026-12-30T22:00:00", "2026-12"),  # 31 December
        ("2027-01-02T10:00:00", "2026-12"),  # across the year end
        ("2027-02-26T21:59:59", None),  # 26 February 2027 (not a leap year)
        ("2027-02-26T22:00:00", "2027-02"),  # 27 February
        ("2028-02-27T21:59:59", None),  # 27 February 2028, a leap year
        ("2028-02-27T22:00:00", "2028-02"),  # 28 February 2028
        ("2028-03-03T21:00:00", "2028-02"),  # 23:00 on 3 March
        ("2026-03-29T20:59:59", None),  # 23:59:59 on 29 March, the first day of summer time (UTC+3)
        ("2026-03-29T21:00:00", "2026-03"),  # 00:00 on 30 March
        ("2026-10-25T21:59:59", None),  # 23:59:59 on 25 October, back to winter time (UTC+2)
        ("2026-10-29T21:59:59", None),  # 23:59:59 on 29 October
        ("2026-10-29T22:00:00", "2026-10"),  # 30 October: October has 31 days
        ("2026-11-03T21:59:59", "2026-10"),
        ("2026-11-03T22:00:00", None),
    ],
)
def test_the_period_a_reading_closes(instant: str, period: str | None) -> None:
    month = billing_month(_utc(instant), KYIV)
    assert (month.period if month else None) == period


def test_the_window_of_a_month() -> None:
    assert Month(2026, 11).window_opens() == date(2026, 11, 29)
    assert Month(2026, 12).window_closes() == date(2027, 1, 3)
    assert Month(2028, 2).window_opens() == date(2028, 2, 28)


def test_outside_the_window_the_next_one_is_this_month() -> None:
    assert next_window(_utc("2026-11-10T12:00:00"), KYIV) == Month(2026, 11)


def test_another_time_zone_counts_its_own_dates() -> None:
    instant = _utc("2026-11-28T23:30:00")  # 29 November in Kyiv, still 28 November in UTC
    assert billing_month(instant, KYIV) == Month(2026, 11)
    assert billing_month(instant, ZoneInfo("UTC")) is None


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [(date(2026, 10, 31), date(2026, 11, 29), 0), (date(2026, 10, 31), date(2026, 12, 31), 2),
     (date(2026, 1, 15), date(2026, 3, 15), 2), (date(2025, 12, 1), date(2026, 1, 1), 1)],
)
def test_whole_months_between_two_dates(start: date, end: date, months: int) -> None:
    assert whole_months(start, end) == months
