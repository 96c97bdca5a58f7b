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
