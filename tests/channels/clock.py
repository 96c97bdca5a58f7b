"""A clock the tests set: the app's one clock, moved to the time each message is sent at.

Between sets it runs on with real time, so that leases and retries dated by it still expire.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from tests.channels.dialogue import IN_WINDOW


class SetClock:
    """Callable like `delivery.timing.system_clock`; `set()` moves it."""

    def __init__(self, start: datetime = IN_WINDOW) -> None:
        self.set(start)

    def set(self, now: datetime) -> None:
        self._base, self._since = now, time.monotonic()

    def __call__(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._since)
