"""Checking a reading for an account and storing it: one set of rules for every door.

The chat (`handlers.submission`) and the web form (`webform`) both call `check_reading`,
which checks the values against the account's meter and its last accepted reading
(`handlers.validation`), then `store_reading` once the reading passes, after the customer
confirmed it where the check had a doubt. A reading is checked against the last one accepted
*before* the current billing period, so a second reading in the same period replaces the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers import texts
from handlers.messages import Reply
from handlers.validation import Meter, Verdict, check, repeat_last
from handlers.window import Month, billing_month, local_date, next_window, whole_months
from models.accounts import Account
from models.readings import LastReading, Reading, has_reading_for, last_accepted
from models.senders import Sender
from settings import ConversationSettings


@dataclass(frozen=True)
class Checked:
    """A reading checked for `account`: `verdict` says whether to refuse, ask or store it;
    `last` is the reading it was checked against."""

    account: Account
    verdict: Verdict
    last: dict[str, int | None]

    def refusal(self) -> Reply:
        """Why the reading was refused and what to send instead (the verdict has a problem)."""
        assert self.verdict.problem is not None
        return texts.refusal(self.verdict.problem, self.verdict, self.account, self.last)


@dataclass(frozen=True)
class Stored:
    """An accepted reading: its values, the `month` it closes (None outside the window), whether
    it `replaced` one sent earlier for that month; outside the window, the next `window` and the
    month just closed when it is `estimated` (the account has no reading for it)."""

    account: Account
    values: dict[str, int]
    month: Month | None
    replaced: bool
    window: Month
    estimated: Month | None = None

    def confirmation(self, replaces: dict[str, int] | None = None) -> Reply:
        """The values with their zones, the period they close, and what they `replaces` (a
        withdrawn reading, when this one corrects it)."""
        return texts.accepted(self.account, self.values, self.month, self.replaced, replaces)

    def notice(self) -> str | None:
        """Outside the window: when it is, and which month is billed by estimate (if any)."""
        return None if self.month is not None else texts.window_notice(self.window, self.estimated)


async def check_reading(
    account: Account, readings: Sequence[tuple[str | None, int]], same_as_before: bool, now: datetime,
    settings: ConversationSettings,
) -> Checked:
    """Check `readings` (zone or None, value), or the last reading again when `same_as_before`."""
    last = await last_to_check(account, now, settings)
    months = whole_months(last.taken_on, local_date(now, settings.timezone)) if last.taken_on else 1
    meter = Meter(account.zone_names, account.digits, last.values, months)
    verdict = repeat_last(meter) if same_as_before else check(readings, meter, settings.max_monthly_kwh)
    return Checked(account, verdict, last.values)


async def last_to_check(account: Account, now: datetime, settings: ConversationSettings) -> LastReading:
    """The reading a new one sent at `now` is checked against: the last one accepted before the
    current billing period (one of this period is what the new one replaces)."""
    month = billing_month(now, settings.timezone)
    return await last_accepted(account, settings.timezone, before_period=month.period if month else None)


async def store_reading(
    account: Account, values: dict[str, int], now: datetime, settings: ConversationSettings, *,
    channel: str, sender: Sender | None = None, mid: str | None = None, photo: bool = False,
) -> Stored:
    """Store `values` as the account's reading sent at `now` on `channel` (by `sender`, if known);
    `photo` when the value was read from the customer's photo."""
    month = billing_month(now, settings.timezone)
    replaced = month is not None and await has_reading_for(account, month.period)
    reading = Reading(
        account=account, sender=sender, period=month.period if month else None,
        submitted_at=now, channel=channel, source_mid=mid, from_photo=photo,
    )
    for zone, value in values.items():
        setattr(reading, zone, value)
    await reading.save()
    window = next_window(now, settings.timezone)
    estimated = None
    if month is None and not await has_reading_for(account, window.previous().period):
        estimated = window.previous()
    return Stored(account, values, month, replaced, window, estimated)
