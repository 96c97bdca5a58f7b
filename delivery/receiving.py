"""Storing the events of deliveries durably, the deliveries that arrive together in one transaction.

Every channel's webhook stores its events here before it answers. On SQLite a commit costs
a disk sync, so under load this answers many deliveries per sync instead of one (see
`delivery.coalescing`). Each delivery is still acknowledged only after the transaction
holding its events has committed, and only a delivery that fails on its own is refused.
Events already stored (the same channel and dedup key) are skipped: a redelivery changes
nothing.

The acknowledgement is the hot path of every webhook, so an event is a plain tuple written
by one prepared statement, not an ORM object: building a model and its insert costs more
than the rest of the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from delivery.addresses import address
from delivery.coalescing import Coalescer
from models.inbox import EventStatus
from models.sql import execute_many

_INSERT = (
    "INSERT INTO inbound_event (channel, dedup_key, address, kind, standby, payload, status, attempts, received_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT (channel, dedup_key) DO NOTHING"
)


class NewEvent(NamedTuple):
    """An event of a delivery, as the inbox stores it (`models.inbox.InboundEvent` once stored)."""

    channel: str
    dedup_key: str
    address: str
    kind: str
    standby: bool
    payload: dict[str, Any]
    status: str


def inbound_event(
    channel: str, dedup_key: str, sender: str, kind: str, payload: dict[str, Any], *, answer: bool,
    standby: bool = False,
) -> NewEvent:
    """An event of `channel` from `sender` to store; `answer` says whether the workers answer it."""
    status = EventStatus.PENDING if answer else EventStatus.IGNORED
    return NewEvent(channel, dedup_key, address(channel, sender), kind, standby, payload, status)


class Inbox:
    """Stores deliveries' events; `store()` returns once they are committed, then wakes the
    workers. `waiting` is told True when deliveries start waiting to be committed, False
    once none does (the workers' processes yield to them, `delivery.process`)."""

    def __init__(self, stored: Callable[[], None], waiting: Callable[[bool], None] = lambda _: None) -> None:
        self._writes: Coalescer[Sequence[NewEvent]] = Coalescer(_commit, waiting)
        self._stored = stored

    @property
    def committing(self) -> bool:
        """Whether deliveries are being committed or wait to be (their webhooks wait with them)."""
        return self._writes.busy

    async def committed(self, at_most: float) -> None:
        """Return once no delivery waits to be committed, or after `at_most` seconds."""
        await self._writes.idle(at_most)

    async def store(self, events: Sequence[NewEvent]) -> None:
        """Store `events` (dedup keys seen before are skipped); raises what the database raised."""
        await self._writes.submit(events)
        self._stored()


async def insert_events(events: Sequence[NewEvent]) -> None:
    """Insert `events` in one transaction, skipping those whose (channel, dedup key) is stored.

    Raises `TypeError` for a payload that is not JSON, and what the database raised.
    """
    if not events:
        return
    now = datetime.now(UTC)
    rows = [
        [event.channel, event.dedup_key, event.address, event.kind, event.standby,
         json.dumps(event.payload, separators=(",", ":")), event.status, now]
        for event in events
    ]
    await execute_many(_INSERT, rows)


async def _commit(deliveries: list[Sequence[NewEvent]]) -> None:
    await insert_events([event for events in deliveries for event in events])
