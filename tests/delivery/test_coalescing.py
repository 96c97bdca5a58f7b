"""Writes submitted together are done together, and each caller learns how its own write went."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from delivery.coalescing import Coalescer

pytestmark = pytest.mark.anyio


async def _submit_during_a_write(write: Callable[[list[int]], Awaitable[None]]) -> list[BaseException | None]:
    """Submit 0, and 1 to 4 while the write of 0 runs."""
    coalescer = Coalescer(write)
    first = asyncio.ensure_future(coalescer.submit(0))
    await asyncio.sleep(0.002)
    rest = await asyncio.gather(*(coalescer.submit(number) for number in range(1, 5)), return_exceptions=True)
    return [*await asyncio.gather(first, return_exceptions=True), *rest]


async def test_items_submitted_while_a_write_runs_share_the_next_write() -> None:
    writes: list[list[int]] = []

    async def write(items: list[int]) -> None:
        writes.append(items)
        await asyncio.sleep(0.01)

    assert await _submit_during_a_write(write) == [None] * 5
    assert writes == [[0], [1, 2, 3, 4]]


async def test_a_failed_write_fails_its_own_callers_only() -> None:
    async def write(items: list[int]) -> None:
        await asyncio.sleep(0.01)
        if 0 in items:
            raise RuntimeError("disk full")

    results = await _submit_during_a_write(write)

    assert [type(result).__name__ for result in results] == ["RuntimeError"] + ["NoneType"] * 4


async def test_idle_returns_once_the_writes_in_hand_and_those_waiting_are_done() -> None:
    written: list[list[int]] = []

    async def write(items: list[int]) -> None:
        await asyncio.sleep(0.01)
        written.append(items)

    coalescer = Coalescer(write)
    await coalescer.idle(at_most=1.0)  # nothing to wait for
    first = asyncio.ensure_future(coalescer.submit(0))
    await asyncio.sleep(0)
    second = asyncio.ensure_future(coalescer.submit(1))
    await coalescer.idle(at_most=1.0)
    assert written == [[0], [1]] and not coalescer.busy
    await asyncio.gather(first, second)


async def test_idle_gives_up_after_at_most_seconds() -> None:
    release = asyncio.Event()

    async def write(items: list[int]) -> None:
        await release.wait()

    coalescer = Coalescer(write)
    storing = asyncio.ensure_future(coalescer.submit(0))
    await asyncio.sleep(0)
    async with asyncio.timeout(1.0):
        await coalescer.idle(at_most=0.01)
    assert coalescer.busy
    release.set()
    await storing


async def test_busy_is_told_when_writing_starts_and_once_nothing_is_left() -> None:
    told: list[bool] = []

    async def write(items: list[int]) -> None:
        await asyncio.sleep(0.01)

    coalescer = Coalescer(write, told.append)
    await asyncio.gather(*(coalescer.submit(number) for number in range(3)))
    await coalescer.idle(at_most=1.0)
    assert told == [True, False]
