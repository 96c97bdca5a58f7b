"""The inbox: deliveries that arrive together are committed together, each told the outcome."""

from __future__ import annotations

import asyncio

import pytest

from messenger.inbox import Inbox
from models.events import InboundEvent

pytestmark = pytest.mark.anyio


def _event(key: str, payload: object = None) -> InboundEvent:
    return InboundEvent(dedup_key=key, sender_psid="100", kind="text", payload=payload or {"k": key})


async def test_concurrent_deliveries_are_all_stored_once(db: str) -> None:
    inbox = Inbox()
    await asyncio.gather(*(inbox.store([_event(f"m_{n}"), _event(f"m_{n % 10}")]) for n in range(40)))
    assert await InboundEvent.all().count() == 40


async def test_a_failing_delivery_fails_alone_and_the_inbox_goes_on(db: str) -> None:
    inbox = Inbox()
    broken = inbox.store([_event("m_bad_1"), _event("m_bad_2", {"not json": {1, 2}})])
    riding_along = inbox.store([_event("m_same_batch")])
    results = await asyncio.gather(broken, riding_along, return_exceptions=True)
    assert isinstance(results[0], TypeError) and results[1] is None
    await inbox.store([_event("m_later")])
    assert [event.dedup_key for event in await InboundEvent.all()] == ["m_same_batch", "m_later"]
