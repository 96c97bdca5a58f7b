"""Storing the events of deliveries durably, the deliveries that arrive together in one transaction.

Every channel's webhook stores its events here before it answers. On SQLite a commit costs
a disk sync, so under load this answers many deliveries per sync instead of one (see
`delivery.coalescing`). Each delivery is still acknowledged only after the transaction
holding its events has committed, and only a delivery that fails on its own is refused.
Events already stored (the same channel and dedup key) are skipped: a redelivery changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tortoise.transactions import in_transaction

from delivery.addresses import address
from delivery.coalescing import Coalescer
from models.inbox import EventStatus, InboundEvent

_INSERT_BATCH = 500


def inbound_event(
    channel: str, dedup_key: str, sender: str, kind: str, payload: dict[str, Any], *, answer: bool,
    standby: bool = False,
) -> InboundEvent:
    """An event of `channel` from `sender` to store; `answer` says whether the workers answer it."""
    return InboundEvent(
        channel=channel, dedup_key=dedup_key, address=address(channel, sender), kind=kind, standby=standby,
        payload=payload, status=EventStatus.PENDING if answer else EventStatus.IGNORED,
    )


class Inbox:
    """Stores deliveries' events; `store()` returns once they are committed, then wakes the workers."""

    def __init__(self, stored: Callable[[], None]) -> None:
        self._writes: Coalescer[Sequence[InboundEvent]] = Coalescer(_commit)
        self._stored = stored

    async def store(self, events: Sequence[InboundEvent]) -> None:
        """Store `events` (dedup keys seen before are skipped); raises what the database raised."""
        await self._writes.submit(events)
        self._stored()


async def _commit(deliveries: list[Sequence[InboundEvent]]) -> None:
    events = [event for events in deliveries for event in events]
    if not events:
        return
    async with in_transaction():
        await InboundEvent.bulk_create(events, batch_size=_INSERT_BATCH, ignore_conflicts=True)
