"""Writes that arrive together, done together: one transaction or statement for many callers.

While one write runs, the items that arrive queue up, and the next write takes all of them.
Under load one commit (a disk sync) serves many callers; a caller alone waits for nothing
but its own write. Each caller returns only once the write holding its item has committed.
When a shared write fails, its items are written one by one, so only an item that fails
on its own is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class Coalescer(Generic[Item]):
    """Calls `write` with every item submitted while the previous call ran; calls `on_busy`
    with True when it starts writing, with False once nothing is left to write."""

    def __init__(
        self, write: Callable[[list[Item]], Awaitable[None]], on_busy: Callable[[bool], None] = lambda _: None
    ) -> None:
        self._write = write
        self._on_busy = on_busy
        self._waiting: list[tuple[Item, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        """Whether a write is running or items wait for the next one."""
        return bool(self._waiting) or self._writing

    @property
    def _writing(self) -> bool:
        return self._writer is not None and not self._writer.done()

    async def idle(self, at_most: float) -> None:
        """Return once no write runs or waits, or after `at_most` seconds."""
        if self._writer is not None and self._writing:
            await asyncio.wait([self._writer], timeout=at_most)

    async def submit(self, item: Item) -> None:
        """Return once `item` is written; raises what its write raised."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if not self._writing:
            self._writer = asyncio.create_task(self._drain())
        await asyncio.shield(done)

    async def _drain(self) -> None:
        self._on_busy(True)
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                if len(batch) == 1:
                    await self._write_alone(*batch[0])
                    continue
                try:
                    await self._write([item for item, _ in batch])
                except Exception:
                    for item, done in batch:
                        await self._write_alone(item, done)
                else:
                    for _, done in batch:
                        done.set_result(None)
        finally:
            self._on_busy(False)

    async def _write_alone(self, item: Item, done: asyncio.Future[None]) -> None:
        try:
            await self._write([item])
        except Exception as error:
            done.set_exception(error)
        else:
            done.set_result(None)
