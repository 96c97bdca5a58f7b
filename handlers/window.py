"""The billing window (CONTRACT section 6): which month a reading closes, counted in `BOT_TIMEZONE`.

A reading sent on the last two days of month M or on days 1 to 3 of month M+1 (local dates)
closes month M, its *period*. At any other time a reading is still accepted, with no period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

LAST_DAYS_OF_MONTH = 2
FIRST_DAYS_OF_NEXT_MONTH = 3


@dataclass(frozen=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    @property
    def period(self) -> str:
        """The `YYYY-MM` form used in the database and the export."""
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def window_opens(self) -> date:
        """The first day on which readings for this month are taken."""
        last_day = calendar.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, last_day - LAST_DAYS_OF_MONTH + 1)

    def window_closes(self) -> date:
        """The last day on which readings for this month are taken."""
        following = self.next()
        return date(following.year, following.month, FIRST_DAYS_OF_NEXT_MONTH)


def local_date(now: datetime, timezone: ZoneInfo) -> date:
    """The calendar date of the aware instant `now` in `timezone`."""
    return now.astimezone(timezone).date()


def billing_month(now: datetime, timezone: ZoneInfo) -> Month | None:
    """The month a reading sent at `now` closes, or None outside the window."""
    today = local_date(now, timezone)
    current = Month(today.year, today.month)
    if today >= current.window_opens():
        return current
    if today.day <= FIRST_DAYS_OF_NEXT_MONTH:
        return current.previous()
    return None


def next_window(now: datetime, timezone: ZoneInfo) -> Month:
    """Outside the window: the month whose window comes next (the current month)."""
    today = local_date(now, timezone)
    return Month(today.year, today.month)


def whole_months(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (31 Oct to 30 Nov is 0, to 1 Dec is 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months
