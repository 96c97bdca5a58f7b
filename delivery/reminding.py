"""The monthly reminder of the submission window, queued in the outbox (CONTRACT section 6).

When the window of month M opens (its first day, the day before the last day of M, at 10:00
`BOT_TIMEZONE`) every subscribed, reachable sender on a channel that allows reminders
(`Channel.reminders`) gets one reminder for M. A sender's reminder is claimed by inserting its
(sender, period) row with conflicts ignored, in the transaction that queues the message: with
several instances on one database each reminder is still queued once. Reminders are queued at
a bounded rate, so that the sender worker stays within the platforms' limits (Telegram: about
30 messages a second per bot) with room left for replies; retries, order and unreachable
recipients are the outbox's as for any reply.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import TextIO
from zoneinfo import ZoneInfo

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from delivery.addresses import address
from delivery.channel import Channel
from delivery.polling import PollingWorker
from delivery.timing import Clock, WorkerTiming
from handlers import texts
from handlers.window import Month, billing_month, next_window
from models.outbox import OutgoingMessage
from models.reminders import Reminder
from models.senders import Sender

log = logging.getLogger(__name__)

REMINDER_TIME = time(10, 0)
"""The local time on the window's first day at which its reminder is due."""
_PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Summary:
    """What one run queued for `month`: `queued` by this process, `skipped` already reminded."""

    month: Month
    queued: int
    skipped: int


def due_month(now: datetime, timezone: ZoneInfo) -> Month | None:
    """The month whose window is open at `now` with its reminder due, or None."""
    month = billing_month(now, timezone)
    if month is None:
        return None
    opens = datetime.combine(month.window_opens(), REMINDER_TIME, tzinfo=timezone)
    return month if now >= opens else None


def current_or_next_month(now: datetime, timezone: ZoneInfo) -> Month:
    """The month of the window open at `now`; between windows, of the next one."""
    return billing_month(now, timezone) or next_window(now, timezone)


class Reminders:
    """Queues one month's reminders for the channels that allow them, `per_second` at most."""

    def __init__(self, channels: Mapping[str, Channel], per_second: float, queued: Callable[[], None]) -> None:
        self._channels = {name: channel for name, channel in channels.items() if channel.reminders}
        self._per_second = per_second
        self._queued = queued

    async def send(self, month: Month, keep_going: Callable[[], bool] = lambda: True) -> Summary:
        """Queue every reminder of `month` not queued yet, at the set pace, while `keep_going()`."""
        taken = queued = 0
        started = asyncio.get_running_loop().time()
        while self._channels and keep_going():
            batch = await _unreminded(list(self._channels), month.period, max(1, int(self._per_second)))
            if not batch:
                break
            queued += await self._queue(batch, month)
            taken += len(batch)
            if taken // _PROGRESS_EVERY != (taken - len(batch)) // _PROGRESS_EVERY:
                log.info("reminders for %s: %d queued so far", month.period, queued)
            await asyncio.sleep(max(0.0, started + taken / self._per_second - asyncio.get_running_loop().time()))
        skipped = await Reminder.filter(period=month.period).count() - queued
        return Summary(month, queued, skipped)

    async def _queue(self, senders: list[Sender], month: Month) -> int:
        """Claim the reminders of `senders` and queue those this call claimed; how many it queued."""
        claim = str(uuid.uuid4())
        reply = texts.reminder(month)
        async with in_transaction():
            rows = [Reminder(sender_id=sender.id, period=month.period, claim=claim) for sender in senders]
            await Reminder.bulk_create(rows, ignore_conflicts=True)
            mine = {row["sender_id"] for row in await Reminder.filter(claim=claim).values("sender_id")}
            outgoing = [
                OutgoingMessage(channel=sender.channel, address=address(sender.channel, sender.external_id),
                                payload=body)
                for sender in senders if sender.id in mine
                for body in self._channels[sender.channel].render(sender.external_id, reply)
            ]
            await OutgoingMessage.bulk_create(outgoing)
        if outgoing:
            self._queued()
        return len(mine)


async def _unreminded(channels: list[str], period: str, limit: int) -> list[Sender]:
    """Subscribed, reachable senders on `channels` with no reminder row for `period` yet."""
    reminded = Subquery(Reminder.filter(period=period).values("sender_id"))
    return (
        await Sender.filter(channel__in=channels, reminders=True, unreachable_since__isnull=True)
        .exclude(id__in=reminded)
        .order_by("id")
        .limit(limit)
    )


class ReminderWorker(PollingWorker):
    """Looks every `WorkerTiming.reminder_check` seconds whether a window's reminders are due."""

    def __init__(
        self, worker_id: str, reminders: Reminders, timezone: ZoneInfo, clock: Clock, timing: WorkerTiming
    ) -> None:
        super().__init__("reminder worker", worker_id, clock, timing)
        self._reminders = reminders
        self._timezone = timezone

    async def work_once(self) -> int:
        """Queue the due month's reminders not queued yet; returns how many senders it took."""
        month = due_month(self._clock(), self._timezone)
        if month is None:
            return 0
        summary = await self._reminders.send(month, keep_going=lambda: not self._stopping)
        if summary.queued:
            log.info("reminders for %s queued: %d", month.period, summary.queued)
        return summary.queued

    async def idle_timeout(self) -> float:
        """The reminder check interval."""
        return self._timing.reminder_check


async def send_reminders(
    channels: Sequence[Channel], timezone: ZoneInfo, clock: Clock, *, out: TextIO, err: TextIO
) -> int:
    """`reminders send`: queue the reminders of the window open now (else of the next one); the exit code.

    The messages go out through the outbox, sent by the running service's sender worker.
    """
    if not any(channel.reminders for channel in channels):
        print("error: no channel that allows reminders is on (Telegram needs TG_BOT_TOKEN)", file=err)
        return 1
    month = current_or_next_month(clock(), timezone)
    reminders = Reminders({channel.name: channel for channel in channels}, WorkerTiming().reminders_per_second,
                          lambda: None)
    summary = await reminders.send(month)
    print(f"reminders of the window {texts.day_name(month.window_opens())} – {texts.day_name(month.window_closes())} "
          f"({month.period}): {summary.queued} queued, {summary.skipped} reminded before", file=out)
    return 0
