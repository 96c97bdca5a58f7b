"""The app's background workers, started and stopped together by the lifespan."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from delivery.answering import Deliveries, EventWorker, Responder
from delivery.channel import Channel
from delivery.photos import PhotoReading
from delivery.queues import pending_work, release_events, release_messages
from delivery.reminding import Reminders, ReminderWorker
from delivery.sending import SendWorker
from delivery.timing import Clock, WorkerTiming

log = logging.getLogger(__name__)

_IDLE_CHECK = 0.02
_GRACE = 10.0


class Workers:
    """The event worker, the sender worker and the reminder worker of one process, which share
    a worker id; reminders are counted in `timezone`; `photos` reads customers' photos (none
    are read without it); `deliveries` are the web process's, whose commits come first (see
    `delivery.answering`).

    The inbox calls `events_stored()` after it commits; tests and tools call `wait_idle()`
    to wait until every stored event is handled and every reply sent.
    """

    def __init__(
        self,
        channels: Mapping[str, Channel],
        responder: Responder,
        messages_per_minute: int,
        clock: Clock,
        timing: WorkerTiming,
        timezone: ZoneInfo,
        photos: PhotoReading | None = None,
        deliveries: Deliveries | None = None,
    ) -> None:
        self.worker_id = str(uuid.uuid4())
        self._sender = SendWorker(self.worker_id, channels, clock, timing)
        self._events = EventWorker(
            self.worker_id, channels, responder, messages_per_minute, clock, timing, self._sender.wakeup.set, photos,
            deliveries,
        )
        reminders = Reminders(channels, timing.reminders_per_second, self._sender.wakeup.set)
        self._reminders = ReminderWorker(self.worker_id, reminders, timezone, clock, timing)
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        """Start the workers as tasks of the running loop."""
        self._tasks = [
            asyncio.create_task(self._events.run(), name="event-worker"),
            asyncio.create_task(self._sender.run(), name="sender-worker"),
            asyncio.create_task(self._reminders.run(), name="reminder-worker"),
        ]
        log.info("workers started as %s", self.worker_id)

    def events_stored(self) -> None:
        """Wake the event worker: new events are stored."""
        self._events.wakeup.set()

    def replies_stored(self) -> None:
        """Wake the sender worker: new replies are in the outbox (an operator's, say)."""
        self._sender.wakeup.set()

    async def stop(self) -> None:
        """Stop the workers: sends in flight and the batch in hand are finished (for up to
        `_GRACE` seconds, then cancelled and rolled back); leases are released."""
        self._events.stop()
        self._sender.stop()
        self._reminders.stop()
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=_GRACE)
            for task in late:
                task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await release_events(self.worker_id)
        await release_messages(self.worker_id)
        log.info("workers stopped")

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Return once no stored event is pending and no reply waits to be sent.

        Raises `TimeoutError` after `timeout` seconds.
        """
        async with asyncio.timeout(timeout):
            while await pending_work():
                await asyncio.sleep(_IDLE_CHECK)
