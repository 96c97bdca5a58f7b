"""Storing the events of deliveries durably, the deliveries that arrive together in one transaction.

While one transaction is being written, deliveries that arrive queue up, and the next
transaction stores all of them: on SQLite a commit costs a disk sync, so under load this
answers many deliveries per sync instead of one. Each delivery is still acknowledged only
after the transaction holding its events has committed; when a shared transaction fails,
its deliveries are written one by one, so only a delivery that fails alone is refused.
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
                await _commit([event for events, _ in batch for event in events])
            except Exception as error:
                if len(batch) == 1:
                    batch[0][1].set_exception(error)
                    continue
                await self._write_one_by_one(batch)
            else:
                for _, done in batch:
                    done.set_result(None)

    @staticmethod
    async def _write_one_by_one(batch: list[_Waiting]) -> None:
        """After a failed transaction, find which deliveries fail on their own."""
        for events, done in batch:
            try:
                await _commit(events)
            except Exception as error:
                done.set_exception(error)
            else:
                done.set_result(None)


async def _commit(events: Sequence[InboundEvent]) -> None:
    async with in_transaction():
        await store_events(events)
