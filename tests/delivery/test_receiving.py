"""The inbox: deliveries that arrive together are committed together, each told the outcome."""

from __future__ import annotations

import asyncio

import pytest

from delivery.receiving import Inbox, NewEvent, inbound_event
from models.inbox import EventStatus, InboundEvent

pytestmark = pytest.mark.anyio


def _event(key: str, payload: object = None, channel: str = "messenger") -> NewEvent:
    return inbound_event(channel, key, "100", "text", payload or {"k": key}, answer=True)  # type: ignore[arg-type]


async def test_concurrent_deliveries_are_all_stored_once_and_wake_the_workers(db: str) -> None:
    woken: list[int] = []
    inbox = Inbox(lambda: woken.append(1))
    await asyncio.gather(*(inbox.store([_event(f"m_{n}"), _event(f"m_{n % 10}")]) for n in range(40)))
    assert await InboundEvent.all().count() == 40
    assert len(woken) == 40


async def test_the_same_dedup_key_on_two_channels_is_two_events(db: str) -> None:
    inbox = Inbox(lambda: None)
    await inbox.store([_event("1", channel="telegram"), _event("1", channel="viber"), _event("1", channel="viber")])
    stored = await InboundEvent.all().order_by("id").values_list("channel", "address", "status")
    assert stored == [("telegram", "telegram:100", EventStatus.PENDING), ("viber", "viber:100", EventStatus.PENDING)]


async def test_a_failing_delivery_fails_alone_and_the_inbox_goes_on(db: str) -> None:
    inbox = Inbox(lambda: None)
    broken = inbox.store([_event("m_bad_1"), _event("m_bad_2", {"not json": {1, 2}})])
    riding_along = inbox.store([_event("m_same_batch")])
    results = await asyncio.gather(broken, riding_along, return_exceptions=True)
    assert isinstance(results[0], TypeError) and results[1] is None
    await inbox.store([_event("m_later")])
    assert [event.dedup_key for event in await InboundEvent.all()] == ["m_same_batch", "m_later"]


async def test_the_inbox_says_it_is_committing_while_a_delivery_waits_for_its_commit(db: str) -> None:
    inbox = Inbox(lambda: None)
    assert not inbox.committing
    storing = asyncio.ensure_future(inbox.store([_event("m_waiting")]))
    await asyncio.sleep(0)
    assert inbox.committing
    await storing
    assert not inbox.committing


async def test_committed_returns_once_the_waiting_deliveries_are_committed(db: str) -> None:
    told: list[bool] = []
    inbox = Inbox(lambda: None, told.append)
    storing = asyncio.ensure_future(inbox.store([_event("m_waiting")]))
    await asyncio.sleep(0)
    await inbox.committed(at_most=5.0)
    assert not inbox.committing
    assert [event.dedup_key for event in await InboundEvent.all()] == ["m_waiting"]
    await storing
    assert told == [True, False]
