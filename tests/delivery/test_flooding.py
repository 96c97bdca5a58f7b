"""The per-sender limit: answered, then one notice, then silence, within a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest

from delivery.flooding import Admission, FloodGate, admission_of
from models.inbox import EventStatus, InboundEvent

pytestmark = pytest.mark.anyio


async def _event(key: str, sender: str = "flooder", status: str = EventStatus.PENDING) -> InboundEvent:
    return await InboundEvent.create(channel="telegram", dedup_key=key, address=f"telegram:{sender}", kind="text",
                                     payload={}, status=status)


async def test_the_limit_then_one_notice_then_silence(db: str) -> None:
    events = [await _event(f"m{index}") for index in range(6)]
    verdicts = [await admission_of(event, limit=3) for event in events]
    assert verdicts == [Admission.ANSWER] * 3 + [Admission.NOTICE, Admission.DROP, Admission.DROP]


async def test_ignored_events_and_other_senders_do_not_count(db: str) -> None:
    for index in range(5):
        await _event(f"echo{index}", status=EventStatus.IGNORED)
        await _event(f"other{index}", sender="someone else")
    assert await admission_of(await _event("mine"), limit=1) is Admission.ANSWER


async def test_events_older_than_a_minute_do_not_count(db: str) -> None:
    old = await _event("old")
    await InboundEvent.filter(id=old.id).update(received_at=old.received_at - timedelta(minutes=2))
    assert await admission_of(await _event("new"), limit=1) is Admission.ANSWER


async def test_one_read_gives_a_whole_batch_of_senders_the_same_verdicts(db: str) -> None:
    events = [await _event(f"m{index}", sender=f"sender {index % 2}") for index in range(8)]
    gate = await FloodGate.load(events, limit=2)
    assert [gate.admission(event) for event in events] == [await admission_of(event, limit=2) for event in events]
    assert [gate.admission(event) for event in events[::2]] == [Admission.ANSWER] * 2 + [Admission.NOTICE, Admission.DROP]
