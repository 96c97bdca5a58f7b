"""The sender worker: delivers the outbox through each message's channel, in order per recipient.

A transient failure keeps the message (and the recipient's later ones) waiting for a retry,
after the platform's own `retry_after` when it gave one, else after exponential backoff with
jitter; a permanent one is recorded with its reason and the next message goes on; when the
recipient cannot be reached (they blocked the bot), none of their pending messages is sent
until they write again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from delivery import handing_over
from delivery.addresses import external_id
from delivery.channel import Channel, Failure, SendError
from delivery.coalescing import Coalescer
from delivery.handing_over import is_hand_over
from delivery.leases import by_key
from delivery.polling import PollingWorker
from delivery.queues import (
    claim_recipients,
    claimed_messages,
    mark_sent,
    next_retry_at,
    release_recipient,
    stop_sending,
)
from delivery.timing import Clock, WorkerTiming
from models.latency import observe
from models.outbox import OutgoingMessage, OutgoingStatus

log = logging.getLogger(__name__)

_MIN_SLEEP = 0.01
_REFILL_SHARE = 4


class SendWorker(PollingWorker):
    """Sends pending outgoing messages; `wakeup` is set when new ones are stored.

    Up to `WorkerTiming.send_batch` recipients are served at once, each by its own task that
    sends their messages in order. A recipient is claimed as soon as a slot is free, so a slow
    call to one recipient holds up only that recipient's later messages. Slots are refilled
    once a quarter of them are free, so that a claim (a query and a transaction) serves many
    recipients under load.
    """

    def __init__(self, worker_id: str, channels: Mapping[str, Channel], clock: Clock, timing: WorkerTiming) -> None:
        super().__init__("sender worker", worker_id, clock, timing)
        self._channels = channels
        self._sent: Coalescer[OutgoingMessage] = Coalescer(self._record_sent)
        self._dry_run: Coalescer[int] = Coalescer(self._record_dry_run)
        self._alarmed: set[str] = set()
        self._serving: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Work until stopped, then finish the recipients in hand (cancelled if this is cancelled)."""
        try:
            await super().run()
            await asyncio.gather(*self._serving)
        finally:
            for task in self._serving:
                task.cancel()

    async def work_once(self) -> int:
        """Wait for enough free slots, claim recipients for them and start serving them;
        returns how many were claimed."""
        while self._timing.send_batch - len(self._serving) < max(1, self._timing.send_batch // _REFILL_SHARE):
            await asyncio.wait(self._serving, return_when=asyncio.FIRST_COMPLETED)
        free = self._timing.send_batch - len(self._serving)
        now = self._clock()
        recipients = await claim_recipients(self._id, now, now + self._timing.lease, free)
        if recipients:
            messages = await claimed_messages(self._id, recipients)
            until = now + self._timing.sending_window
            for queue in by_key(messages, "address"):
                self._serve(queue, until)
        return len(recipients)

    async def idle_timeout(self) -> float:
        """Until the next retry is due, but no longer than the idle poll."""
        retry_at = await next_retry_at()
        if retry_at is None:
            return self._timing.idle_poll
        wait = (retry_at - self._clock()).total_seconds()
        return min(self._timing.idle_poll, max(_MIN_SLEEP, wait))

    def _serve(self, messages: list[OutgoingMessage], until: datetime) -> None:
        task = asyncio.create_task(self._deliver_in_order(messages, until))
        self._serving.add(task)
        task.add_done_callback(self._served)

    def _served(self, task: asyncio.Task[None]) -> None:
        self._serving.discard(task)
        self.wakeup.set()

    async def _deliver_in_order(self, messages: list[OutgoingMessage], until: datetime) -> None:
        """Send one recipient's claimed `messages` in order; release what was not finished."""
        try:
            for message in messages:
                if self._stopping or self._clock() > until or not await self._deliver(message):
                    await release_recipient(self._id, message.address)
                    return
        except Exception:
            log.exception("sending to %s failed", messages[0].address)
            await release_recipient(self._id, messages[0].address)

    async def _deliver(self, message: OutgoingMessage) -> bool:
        """Deliver one message; False when the recipient's later messages must wait (or never go)."""
        channel = self._channels.get(message.channel)
        if channel is None:
            await self._finish(message, OutgoingStatus.FAILED, error=f"channel {message.channel} is off",
                               failed_at=self._clock())
            return True
        recipient = external_id(message.address)
        try:
            if is_hand_over(message.payload):
                await handing_over.perform(channel, recipient, message)
                self.wakeup.set()
                sent = True
            else:
                sent = await channel.send(recipient, message.payload)
        except SendError as error:
            return await self._failed(message, error)
        if sent:
            await self._sent.submit(message)
        else:
            await self._dry_run.submit(message.id)
        log.info("message %d %s to %s", message.id, "sent" if sent else "logged (dry run)", message.address)
        return True

    async def _finish(self, message: OutgoingMessage, status: str, **fields: object) -> None:
        await OutgoingMessage.filter(id=message.id).update(
            status=status, claimed_by=None, claimed_until=None, **fields
        )

    async def _failed(self, message: OutgoingMessage, error: SendError) -> bool:
        attempts = message.attempts + 1
        if error.alarm:
            self._alarm(message.channel, error)
        if error.failure is Failure.UNREACHABLE:
            log.info("%s cannot be reached (%s): their pending messages are dropped", message.address, error)
            await stop_sending(message.channel, external_id(message.address), str(error), self._clock())
            return False
        if error.failure is Failure.PERMANENT or attempts >= self._timing.max_send_attempts:
            if not error.alarm:
                log.warning("message %d to %s failed for good (attempt %d): %s",
                            message.id, message.address, attempts, error)
            await self._finish(message, OutgoingStatus.FAILED, attempts=attempts, error=str(error),
                               failed_at=self._clock())
            return True
        log.info("message %d to %s failed (attempt %d), will retry: %s", message.id, message.address, attempts, error)
        await OutgoingMessage.filter(id=message.id).update(
            attempts=attempts, error=str(error), claimed_by=None, claimed_until=None,
            next_attempt_at=self._clock() + self._retry_delay(attempts, error),
        )
        return False

    def _retry_delay(self, attempts: int, error: SendError) -> timedelta:
        if error.retry_after is not None:
            return timedelta(seconds=error.retry_after)
        return self._timing.backoff(attempts, self._jitter)

    def _alarm(self, channel: str, error: SendError) -> None:
        if channel not in self._alarmed:
            self._alarmed.add(channel)
            log.error("%s REFUSED THE BOT'S CREDENTIALS (%s): every reply fails until they are replaced "
                      "and the bot restarted", channel.upper(), error)

    async def _record_sent(self, messages: list[OutgoingMessage]) -> None:
        now = self._clock()
        await mark_sent([message.id for message in messages], now)
        await observe(max(0.0, (now - message.received_at).total_seconds()) for message in messages if message.received_at)

    async def _record_dry_run(self, ids: list[int]) -> None:
        await OutgoingMessage.filter(id__in=ids).update(
            status=OutgoingStatus.DRY_RUN, sent_at=self._clock(), claimed_by=None, claimed_until=None
        )
