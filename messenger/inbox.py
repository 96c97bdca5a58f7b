"""Storing the events of deliveries durably, the deliveries that arrive together in one transaction.

While one transaction is being written, deliveries that arrive queue up, and the next
transaction stores all of them: on SQLite a commit costs a disk sync, so under load this
answers many deliveries per sync instead of one. Each delivery is still acknowledged only
after the transaction holding its events has committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tortoise.transactions import in_transaction

from models.events import InboundEvent, store_events

_Waiting = tuple[Sequence[InboundEvent], "asyncio.Future[None]"]


class Inbox:
    """Stores deliveries' events; `store()` returns once they are committed."""

    def __init__(self) -> None:
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(self, events: Sequence[InboundEvent]) -> None:
        """Store `events` (dedup keys seen before are skipped); raises what the database raised."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((events, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await asyncio.shield(done)

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with in_transaction():
                    await store_events([event for events, _ in batch for event in events])
            except Exception as error:
                for _, done in batch:
                    done.set_exception(error)
            else:
                for _, done in batch:
                    done.set_result(None)
