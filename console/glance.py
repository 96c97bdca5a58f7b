"""The month at a glance: readings per day and channel, the share of accounts that have sent,
refusals by reason. Every figure is one SQL aggregate over indexed columns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from console.figures import counts_by
from handlers.window import Month, billing_month, local_date
from models.accounts import Account
from models.refusals import Refusal
from models.sql import execute, on_sqlite

DAYS = 35
# Readings are counted per UTC hour in SQL, then each hour goes to its day in BOT_TIMEZONE
# (which SQLite cannot do itself): at most 35 x 24 rows per channel reach Python.
_HOUR = {
    True: "strftime('%Y-%m-%d %H', submitted_at)",
    False: "to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
}


@dataclass(frozen=True)
class Day:
    """One day of the chart: readings per channel, and whether it is a window day."""

    day: date
    counts: dict[str, int]
    in_window: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Glance:
    """The console's summary of the last `DAYS` days."""

    days: list[Day]
    channels: list[str]
    period: str
    accounts: int
    accounts_sent: int
    refusals: dict[str, int]

    @property
    def share_sent(self) -> float:
        """The share of accounts with a reading for `period`, 0 to 1."""
        return self.accounts_sent / self.accounts if self.accounts else 0.0


def current_period(now: datetime, timezone: ZoneInfo) -> Month:
    """The month of the window open now, else of the last one that closed."""
    month = billing_month(now, timezone)
    if month is not None:
        return month
    today = local_date(now, timezone)
    return Month(today.year, today.month).previous()


async def glance(now: datetime, timezone: ZoneInfo) -> Glance:
    """The figures of the last `DAYS` days up to `now`, days counted in `timezone`."""
    first = local_date(now, timezone) - timedelta(days=DAYS - 1)
    since = datetime.combine(first, datetime.min.time(), timezone)
    per_day = await _readings_per_day(since, timezone)
    days = [
        Day(day, per_day.get(day, {}), billing_month(datetime.combine(day, datetime.min.time(), timezone), timezone)
            is not None)
        for day in (first + timedelta(days=offset) for offset in range(DAYS))
    ]
    period = current_period(now, timezone).period
    _, [sent] = await execute("SELECT COUNT(DISTINCT account_id) FROM reading WHERE period = $1", [period])
    return Glance(
        days=days,
        channels=sorted({channel for counts in per_day.values() for channel in counts}),
        period=period,
        accounts=await Account.all().count(),
        accounts_sent=int(sent[0]),
        refusals=await counts_by(Refusal.filter(created_at__gte=since), "reason"),
    )


async def _readings_per_day(since: datetime, timezone: ZoneInfo) -> dict[date, dict[str, int]]:
    truncated = _HOUR[on_sqlite()]
    _, rows = await execute(
        f"SELECT {truncated}, channel, COUNT(*) FROM reading WHERE submitted_at >= $1 GROUP BY 1, 2", [since]
    )
    days: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for hour, channel, count in (tuple(row) for row in rows):
        moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=ZoneInfo("UTC"))
        days[moment.astimezone(timezone).date()][channel] += count
    return days
