"""The month at a glance: readings per day and channel, the share of accounts that have sent,
readings from photos, refusals by reason. Every figure is one SQL statement over indexed columns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.figures import counts_by
from handlers.window import Month, billing_month, local_date
from models.accounts import Account
from models.readings import Reading
from models.refusals import Refusal
from models.sql import execute

DAYS = 35
CHANNELS = ("messenger", "telegram", "viber", "web", "chat")
"""Every channel a reading can come from (CONTRACT section 5)."""
REASON_NAMES = {
    "zones": "не ті зони",
    "digits": "більше цифр, ніж на лічильнику",
    "below_last": "менше за попередні",
    "no_previous": "немає попередніх показників",
}
"""The console's words for `handlers.validation.Problem` values (the metric keeps the values)."""


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
    from_photos: dict[str, int]
    """Readings read from customers' photos (and confirmed by them), per channel."""
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
    dates = [first + timedelta(days=offset) for offset in range(DAYS)]
    starts = [datetime.combine(day, time(), timezone) for day in [*dates, dates[-1] + timedelta(days=1)]]
    per_day = await _readings_per_day(starts)
    days = [
        Day(day, per_day.get(index, {}), billing_month(starts[index], timezone) is not None)
        for index, day in enumerate(dates)
    ]
    period = current_period(now, timezone).period
    _, [sent] = await execute("SELECT COUNT(DISTINCT account_id) FROM reading WHERE period = $1", [period])
    return Glance(
        days=days,
        channels=[channel for channel in CHANNELS if any(channel in counts for counts in per_day.values())],
        period=period,
        accounts=await Account.all().count(),
        accounts_sent=int(sent[0]),
        from_photos=await counts_by(Reading.filter(from_photo=True, submitted_at__gte=starts[0]), "channel"),
        refusals=await counts_by(Refusal.filter(created_at__gte=starts[0]), "reason"),
    )


async def _readings_per_day(starts: list[datetime]) -> dict[int, dict[str, int]]:
    """Readings per day (by index into `starts`) and channel, in one statement of index range
    counts on (channel, submitted_at): no row is read, so it takes milliseconds at a million."""
    counts = [
        f"SELECT {index}, '{channel}', (SELECT COUNT(*) FROM reading WHERE channel = '{channel}' "
        f"AND submitted_at >= ${index + 1} AND submitted_at < ${index + 2})"
        for channel in CHANNELS for index in range(len(starts) - 1)
    ]
    _, rows = await execute(" UNION ALL ".join(counts), list(starts))
    days: dict[int, dict[str, int]] = defaultdict(dict)
    for index, channel, count in (tuple(row) for row in rows):
        if count:
            days[index][channel] = count
    return days
