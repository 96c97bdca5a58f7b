"""Storing the events of deliveries durably, the deliveries that arrive together in one transaction.

On SQLite a commit costs a disk sync, so under load this answers many deliveries per sync
instead of one (see `messenger.coalescing`). Each delivery is still acknowledged only after
the transaction holding its events has committed, and only a delivery that fails on its
own is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from messenger.coalescing import Coalescer
from models.events import InboundEvent, store_events


class Inbox:
    """Stores deliveries' events; `store()` returns once they are committed."""

    def __init__(self) -> None:
        self._writes: Coalescer[Sequence[InboundEvent]] = Coalescer(_commit)

    async def store(self, events: Sequence[InboundEvent]) -> None:
        """Store `events` (dedup keys seen before are skipped); raises what the database raised."""
        await self._writes.submit(events)


async def _commit(deliveries: list[Sequence[InboundEvent]]) -> None:
    async with in_transaction():
        await store_events([event for events in deliveries for event in events])
