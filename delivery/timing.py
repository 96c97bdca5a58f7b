"""The one clock, and how long the background workers lease work, wait when idle, and back off.

Everything that needs the time (the workers' leases and retries, the conversation's window)
reads it from one `Clock` that the app is given; tests give it a clock they set.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""


@dataclass(frozen=True)
class WorkerTiming:
    """The workers' time settings; tests shorten them, production keeps the defaults.

    `lease` is how long a claim lasts: work left by a killed process is taken up again after
    it. A worker starts no new Send API call after a quarter of it, so that a claim outlives
    the calls made under it. `idle_poll` only bounds how long an idle worker sleeps between looks at the database
    (for leases left by a crashed process); new work wakes the workers at once. `batch`
    senders' events are handled at a time; `send_batch` recipients are sent to at once, enough
    to keep up with a Send API that takes a fraction of a second a call.
    A reply that fails transiently is retried `max_send_attempts` times, at most `retry_cap`
    seconds apart: about a day, Messenger's window for answering a user, so a Graph API
    outage of hours delays replies but loses none.
    `reminder_check` is how often the reminder worker looks whether a window's reminders are
    due; `reminders_per_second` bounds how fast they are queued (Telegram allows a bot about 30
    messages a second in all: the rest is room for replies).
    """

    lease: timedelta = timedelta(seconds=20)
    idle_poll: float = 1.0
    retry_base: float = 0.5
    retry_cap: float = 300.0
    max_event_attempts: int = 5
    max_send_attempts: int = 300
    batch: int = 64
    send_batch: int = 128
    reminder_check: float = 60.0
    reminders_per_second: float = 20.0

    @property
    def sending_window(self) -> timedelta:
        """How long after a claim the sender worker may still start a Send API call."""
        return self.lease / 4

    def backoff(self, attempts: int, jitter: random.Random) -> timedelta:
        """Exponential backoff after `attempts` failures (1 or more), less up to half by `jitter`."""
        delay = min(self.retry_cap, self.retry_base * 2 ** (attempts - 1))
        return timedelta(seconds=delay * jitter.uniform(0.5, 1.0))


def system_clock() -> datetime:
    """The current time, timezone-aware in UTC: the clock of a running service."""
    return datetime.now(UTC)


async def sleep_until(wakeup: asyncio.Event, timeout: float) -> None:
    """Sleep until `wakeup` is set or `timeout` seconds pass."""
    try:
        async with asyncio.timeout(timeout):
            await wakeup.wait()
    except TimeoutError:
        pass
