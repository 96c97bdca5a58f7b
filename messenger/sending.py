"""The sender worker: delivers stored outgoing messages through the Send API, in order per recipient.

A transient failure keeps the message (and the recipient's later ones) waiting for a retry
with exponential backoff and jitter; a permanent one is recorded with its reason and the
next message goes on. Without a page token every message is logged as a dry run instead.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime
from typing import Any

from messenger.coalescing import Coalescer
from messenger.graph import GraphClient, GraphError
from messenger.polling import PollingWorker
from messenger.timing import WorkerTiming, utc_now
from models.leases import by_key
from models.outbox import (
    OutgoingMessage,
    OutgoingStatus,
    claim_recipients,
    claimed_messages,
    mark_sent,
    next_retry_at,
    release_messages,
)

log = logging.getLogger(__name__)

_LONG_NUMBER = re.compile(r"\d{5,}")
_MIN_SLEEP = 0.01


def masked(text: str) -> str:
    """`text` with runs of five or more digits hidden but their last two, fit for a log."""
    return _LONG_NUMBER.sub(lambda match: "*" * (len(match[0]) - 2) + match[0][-2:], text)


class SendWorker(PollingWorker):
    """Sends pending outgoing messages; `wakeup` is set when new ones are stored."""

    def __init__(self, worker_id: str, graph: GraphClient | None, timing: WorkerTiming) -> None:
        super().__init__("sender worker", timing)
        self._sent: Coalescer[int] = Coalescer(_record_sent)
        self._id = worker_id
        self._graph = graph
        self._token_rejected = False

    async def work_once(self) -> int:
        """Claim a batch of recipients and deliver their messages; returns how many recipients."""
        now = utc_now()
        recipients = await claim_recipients(self._id, now, now + self._timing.lease, self._timing.send_batch)
        if not recipients:
            return 0
        try:
            messages = await claimed_messages(self._id)
            graph = self._graph
            if graph is None:
                await self._dry_run(messages)
            else:
                until = now + self._timing.sending_window
                queues = by_key(messages, "recipient_psid")
                await asyncio.gather(*(self._deliver_in_order(graph, queue, until) for queue in queues))
        finally:
            await release_messages(self._id)
        return len(recipients)

    async def idle_timeout(self) -> float:
        """Until the next retry is due, but no longer than the idle poll."""
        retry_at = await next_retry_at()
        if retry_at is None:
            return self._timing.idle_poll
        wait = (retry_at - utc_now()).total_seconds()
        return min(self._timing.idle_poll, max(_MIN_SLEEP, wait))

    async def _dry_run(self, messages: list[OutgoingMessage]) -> None:
        for message in messages:
            log.info("dry run, message %d to %s: %s", message.id, message.recipient_psid,
                     masked(_text_of(message.payload)))
        await OutgoingMessage.filter(id__in=[message.id for message in messages]).update(
            status=OutgoingStatus.DRY_RUN, sent_at=utc_now(), claimed_by=None, claimed_until=None
        )

    async def _deliver_in_order(self, graph: GraphClient, messages: list[OutgoingMessage], until: datetime) -> None:
        for message in messages:
            if self._stopping or utc_now() > until or not await self._deliver(graph, message):
                break

    async def _deliver(self, graph: GraphClient, message: OutgoingMessage) -> bool:
        """Deliver one message; False when the recipient's later messages must wait for a retry."""
        try:
            await graph.send(message.payload)
        except GraphError as error:
            return await self._failed(message, error)
        await self._sent.submit(message.id)
        log.info("message %d sent to %s", message.id, message.recipient_psid)
        return True

    async def _finish(self, message: OutgoingMessage, status: str, **fields: Any) -> None:
        await OutgoingMessage.filter(id=message.id).update(
            status=status, claimed_by=None, claimed_until=None, **fields
        )

    async def _failed(self, message: OutgoingMessage, error: GraphError) -> bool:
        attempts = message.attempts + 1
        if error.invalid_token:
            self._alarm_invalid_token(error)
        if not error.transient or attempts >= self._timing.max_send_attempts:
            if not error.invalid_token:
                log.warning("message %d to %s failed for good (attempt %d): %s",
                            message.id, message.recipient_psid, attempts, error)
            await self._finish(message, OutgoingStatus.FAILED, attempts=attempts, error=str(error))
            return True
        log.info("message %d to %s failed (attempt %d), will retry: %s",
                 message.id, message.recipient_psid, attempts, error)
        await OutgoingMessage.filter(id=message.id).update(
            attempts=attempts, error=str(error), claimed_by=None, claimed_until=None,
            next_attempt_at=utc_now() + self._timing.backoff(attempts),
        )
        return False

    def _alarm_invalid_token(self, error: GraphError) -> None:
        if not self._token_rejected:
            self._token_rejected = True
            log.error("THE PAGE ACCESS TOKEN WAS REJECTED (%s): replies fail until "
                      "FB_PAGE_ACCESS_TOKEN is replaced and the bot restarted", error)


async def _record_sent(ids: list[int]) -> None:
    await mark_sent(ids, utc_now())


def _text_of(payload: dict[str, Any]) -> str:
    message = payload.get("message")
    text = message.get("text") if isinstance(message, dict) else None
    return text if isinstance(text, str) else str(payload.get("sender_action", ""))
