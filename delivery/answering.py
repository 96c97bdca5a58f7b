"""The event worker: hands each stored event to the conversation and stores its replies.

The event's channel translates it into the conversation's `Incoming` and renders the replies
into the outbox, addressed to the sender on the same channel.

Events are taken per sender in `id` order under a lease (see `delivery.leases`), a batch of
senders at a time. Each event is handled in its own (nested) transaction: the responder's
writes, the outgoing messages and the event marked done commit together or not at all.
Several events share one outer transaction: on SQLite (one connection) all the batch's
events, so it syncs to disk once per batch, not once per event; on PostgreSQL each
sender's, and senders are handled concurrently over the connection pool.

A webhook waits for the inbox's commit, so acknowledgements come first: on SQLite the
workers share the process, its event loop and its one connection with the webhooks; on
PostgreSQL, in processes of their own, the CPU and the database's. When the web process's
deliveries wait (`Deliveries.committing`), the transaction in hand commits after its current
event, and the next event waits until they are committed (at most `_DELIVERIES_FIRST`
seconds, so that answering goes on under any load). A responder that
raises is retried with backoff, up to `WorkerTiming.max_event_attempts`, and holds back only
its own sender's later events.

A photo is read before its sender's events are handled, outside any transaction
(`delivery.photos`): the other senders of the batch are answered meanwhile, and the photo's
sender once it is read.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from tortoise.transactions import in_transaction

from delivery import handing_over
from delivery.addresses import address, external_id
from delivery.channel import Channel
from delivery.flooding import Admission, FloodGate, admission_of
from delivery.leases import by_key
from delivery.photos import PhotoReading
from delivery.polling import PollingWorker
from delivery.queues import claim_senders, claimed_events, release_events
from delivery.timing import Clock, WorkerTiming
from handlers import texts
from handlers.messages import Incoming, Reply
from models.handovers import with_open_handover, with_person
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage
from models.sql import on_sqlite

log = logging.getLogger(__name__)

Responder = Callable[[Incoming, datetime], Awaitable[list[Reply]]]
"""The conversation: the replies to one message, given the time."""


_CONCURRENT = 8
"""Transactions a worker runs at once on PostgreSQL, each for a share of the claimed senders."""

_DELIVERIES_FIRST = 0.05
"""Seconds, at most, that the event worker waits for waiting deliveries to be committed
before it takes its next event."""


class Deliveries(Protocol):
    """The web process's deliveries, as the event worker sees them: its inbox
    (`delivery.receiving.Inbox`) in the same process, else `delivery.process.WaitingDeliveries`."""

    @property
    def committing(self) -> bool:
        """Whether deliveries are being committed or wait to be."""

    async def committed(self, at_most: float) -> None:
        """Return once no delivery waits to be committed, or after `at_most` seconds."""


class _LeaseLost(Exception):
    """Another worker took the event over after this worker's lease ran out."""


class _EventFailed(Exception):
    """Handling `event` raised `error`; the batch holding it was rolled back."""

    def __init__(self, event: InboundEvent, error: Exception) -> None:
        super().__init__(f"event {event.id} failed")
        self.event = event
        self.error = error


class EventWorker(PollingWorker):
    """Takes pending events from the database and answers them; `wakeup` is set when new ones arrive."""

    def __init__(
        self,
        worker_id: str,
        channels: Mapping[str, Channel],
        responder: Responder,
        messages_per_minute: int,
        clock: Clock,
        timing: WorkerTiming,
        replies_stored: Callable[[], None],
        photos: PhotoReading | None = None,
        deliveries: Deliveries | None = None,
    ) -> None:
        super().__init__("event worker", worker_id, clock, timing)
        self._deliveries = deliveries
        self._channels = channels
        self._responder = responder
        self._messages_per_minute = messages_per_minute
        self._replies_stored = replies_stored
        self._photos = photos
        self._incoming: dict[int, Incoming] = {}
        """The messages of the batch in hand, by event id: decoded once, their photos read."""

    async def work_once(self) -> int:
        """Claim a batch of senders and handle their events; returns how many senders."""
        now = self._clock()
        senders = await claim_senders(self._id, now, now + self._timing.lease, self._timing.batch)
        if not senders:
            return 0
        reading: dict[int, asyncio.Task[Incoming]] = {}
        try:
            events = await claimed_events(self._id)
            self._incoming = {event.id: incoming for event in events if (incoming := self._decoded(event))}
            reading = await self._start_reading(events, now)
            with_photos = {event.address for event in events if event.id in reading}
            await self._handle([event for event in events if event.address not in with_photos])
            self._incoming |= {event_id: await read for event_id, read in reading.items()}
            await self._handle([event for event in events if event.address in with_photos])
        finally:
            for read in reading.values():
                read.cancel()
            self._incoming = {}
            await release_events(self._id)
        return len(senders)

    async def _start_reading(self, events: Sequence[InboundEvent], now: datetime) -> dict[int, asyncio.Task[Incoming]]:
        """Start reading the photos of `events` that the conversation will answer, by event id."""
        if self._photos is None:
            return {}
        reading = {}
        for event in events:
            incoming = self._incoming.get(event.id)
            if incoming is None or not incoming.photo_alone:
                continue
            if await with_person(event.channel, incoming.sender, now):
                continue
            if await admission_of(event, self._messages_per_minute) is Admission.ANSWER:
                reading[event.id] = asyncio.create_task(self._photos.read(incoming, now))
        return reading

    def _decoded(self, event: InboundEvent) -> Incoming | None:
        """The message in `event`; None also when it cannot be decoded (answering it decodes it
        again and fails with the reason)."""
        try:
            return self._channels[event.channel].incoming(event.payload)
        except Exception:
            return None

    async def _handle(self, events: Sequence[InboundEvent]) -> None:
        if on_sqlite():  # one connection: one transaction at a time
            await self._handle_in_batches(events)
        else:
            await asyncio.gather(*(self._handle_in_batches(share) for share in _shares(events)))

    async def _handle_in_batches(self, events: Sequence[InboundEvent]) -> None:
        held_back: set[str] = set()
        for start in range(0, len(events), self._timing.batch):
            await self._handle_batch(events[start : start + self._timing.batch], held_back)

    async def _handle_batch(self, batch: Sequence[InboundEvent], held_back: set[str]) -> None:
        events = [event for event in batch if event.address not in held_back]
        stored = 0
        while events:
            try:
                more, handled = await self._answer_all(events)
            except _EventFailed as failure:
                if not await self._failed(failure.event, failure.error):
                    held_back.add(failure.event.address)
                stored += await self._answer_each([event for event in events if event is not failure.event], held_back)
                break
            except _LeaseLost:
                stored += await self._answer_each(events, held_back)
                break
            stored += more
            events = events[handled:]
        if stored:
            self._replies_stored()

    async def _answer_all(self, events: Sequence[InboundEvent]) -> tuple[int, int]:
        """Answer `events` in one transaction, all or none, or only the first ones when
        deliveries wait to be committed; returns how many messages were stored and how many
        of `events` were answered.

        The common case costs no savepoints. Raises `_EventFailed` for the first event whose
        handling raised, `_LeaseLost` when another worker took one over.
        """
        outgoing: list[OutgoingMessage] = []
        gate = await FloodGate.load(events, self._messages_per_minute)
        may_be_held = await _may_be_held(events)
        handled: list[int] = []
        async with in_transaction():
            for event in events:
                try:
                    outgoing += await self._answer_with(event, gate.admission(event), event.address in may_be_held)
                except Exception as error:
                    raise _EventFailed(event, error) from error
                handled.append(event.id)
                if self._deliveries is not None and self._deliveries.committing:
                    break
            await OutgoingMessage.bulk_create(outgoing)
            if await self._mark_done(handled) != len(handled):
                raise _LeaseLost
        log.info("%d events handled: %d messages to send", len(handled), len(outgoing))
        if self._deliveries is not None and len(handled) < len(events):
            await self._deliveries.committed(_DELIVERIES_FIRST)
        return len(outgoing), len(handled)

    async def _answer_each(self, events: Sequence[InboundEvent], held_back: set[str]) -> int:
        """Answer `events` one by one, each in a savepoint, after a batch failed as a whole."""
        stored = 0
        async with in_transaction():
            for event in events:
                if event.address in held_back:
                    continue
                try:
                    stored += await self._answer(event)
                except _LeaseLost:
                    held_back.add(event.address)
                except Exception as error:
                    if not await self._failed(event, error):
                        held_back.add(event.address)
        return stored

    async def _answer(self, event: InboundEvent) -> int:
        """Answer one event in its own transaction; returns how many messages were stored."""
        admission = await admission_of(event, self._messages_per_minute)
        async with in_transaction():
            outgoing = await self._answer_with(event, admission)
            await OutgoingMessage.bulk_create(outgoing)
            if not await self._mark_done([event.id]):
                raise _LeaseLost
        log.info("event %d (%s) handled: %d messages to send", event.id, event.kind, len(outgoing))
        return len(outgoing)

    async def _mark_done(self, ids: list[int]) -> int:
        """Mark the events `ids` handled, if this worker still holds them; how many it marked."""
        return await InboundEvent.filter(id__in=ids, status=EventStatus.PENDING, claimed_by=self._id).update(
            status=EventStatus.DONE, handled_at=self._clock(), claimed_by=None, claimed_until=None
        )

    async def _answer_with(
        self, event: InboundEvent, admission: Admission, may_be_held: bool = True
    ) -> list[OutgoingMessage]:
        """The outgoing messages that answer `event`, rendered by its channel; `may_be_held`
        False says that no person holds its sender's conversation (no need to look)."""
        channel = self._channels[event.channel]
        now = self._clock()
        recipient = external_id(event.address)
        replies = await self._replies(channel, event, admission, recipient, now, may_be_held)
        bodies = channel.acknowledgements(event.payload)
        bodies += [body for reply in replies for body in await handing_over.render(channel, recipient, reply, now)]
        return [
            OutgoingMessage(channel=event.channel, address=event.address, payload=body, received_at=event.received_at)
            for body in bodies
        ]

    async def _replies(
        self, channel: Channel, event: InboundEvent, admission: Admission, recipient: str, now: datetime,
        may_be_held: bool,
    ) -> list[Reply]:
        if admission is Admission.NOTICE:
            log.warning("sender of event %d is over the message limit: notice sent", event.id)
            return [texts.too_many_messages()]
        if admission is Admission.DROP or (may_be_held and await with_person(event.channel, recipient, now)):
            return []
        incoming = self._incoming.get(event.id) or channel.incoming(event.payload)
        return [] if incoming is None else await self._responder(incoming, now)

    async def _failed(self, event: InboundEvent, error: Exception) -> bool:
        """Record a failure; False when the sender's later events must wait for the retry."""
        attempts = event.attempts + 1
        given_up = attempts >= self._timing.max_event_attempts
        log.warning("event %d failed (attempt %d%s): %s", event.id, attempts,
                    ", given up" if given_up else "", type(error).__name__, exc_info=error)
        update = {"attempts": attempts, "error": f"{type(error).__name__}: {error}"[:1000], "claimed_by": None}
        if given_up:
            await InboundEvent.filter(id=event.id).update(
                **update, status=EventStatus.FAILED, handled_at=self._clock(), claimed_until=None
            )
            return True
        retry_at = self._clock() + self._timing.backoff(attempts, self._jitter)
        await InboundEvent.filter(id=event.id).update(**update, claimed_until=retry_at)
        return False


async def _may_be_held(events: Sequence[InboundEvent]) -> set[str]:
    """The addresses among `events` whose conversation a person may hold: those with an open
    hand-over, and those with several events here (an earlier one may ask for a person).
    One query for the batch instead of one an event."""
    several = {sender for sender, count in Counter(event.address for event in events).items() if count > 1}
    held = await with_open_handover((event.channel, external_id(event.address)) for event in events)
    return several | {address(channel, sender) for channel, sender in held}


def _shares(events: Sequence[InboundEvent]) -> list[list[InboundEvent]]:
    """`events` in up to `_CONCURRENT` shares, each sender's events whole and in order in one."""
    shares: list[list[InboundEvent]] = [[] for _ in range(_CONCURRENT)]
    for index, queue in enumerate(by_key(events, "address")):
        shares[index % _CONCURRENT].extend(queue)
    return [sorted(share, key=lambda event: event.id) for share in shares if share]
