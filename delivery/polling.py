"""The loop both background workers share: work while there is work, else sleep until woken."""

from __future__ import annotations

import asyncio
import logging
import random
from abc import ABC, abstractmethod

from delivery.timing import Clock, WorkerTiming, sleep_until

log = logging.getLogger(__name__)


class PollingWorker(ABC):
    """A worker that passes over its queue in the database until stopped.

    `wakeup` is set when new work is stored; without it an idle worker still looks again
    after `idle_timeout()` seconds, for leases left by a crashed process or retries due.
    `worker_id` names its leases; `clock` dates them; `jitter` spreads its retries.
    """

    def __init__(self, name: str, worker_id: str, clock: Clock, timing: WorkerTiming) -> None:
        self.wakeup = asyncio.Event()
        self._name = name
        self._id = worker_id
        self._clock = clock
        self._timing = timing
        self._jitter = random.Random()
        self._stopping = False

    async def run(self) -> None:
        """Work until stopped; a failed pass (a database error, say) is logged and the loop goes on."""
        while not self._stopping:
            self.wakeup.clear()
            try:
                if await self.work_once():
                    continue
                timeout = await self.idle_timeout()
            except Exception:
                log.exception("%s: a pass failed", self._name)
                timeout = self._timing.idle_poll
            await sleep_until(self.wakeup, timeout)

    def stop(self) -> None:
        """Finish the work in hand, take no more, and let `run()` return."""
        self._stopping = True
        self.wakeup.set()

    @abstractmethod
    async def work_once(self) -> int:
        """One pass over the queue; returns how much it found to do (0 when idle)."""

    async def idle_timeout(self) -> float:
        """Seconds to sleep after a pass that found nothing to do."""
        return self._timing.idle_poll
