"""A person on a channel without thread routing: the request waits in the console, the bot keeps quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from delivery.answering import EventWorker
from delivery.receiving import inbound_event, insert_events
from handlers.conversation import respond
from models.handovers import Handover, close_handover
from models.outbox import OutgoingMessage
from settings import ConversationSettings
from tests.channels.clock import SetClock
from tests.delivery.fake_channel import FakeChannel
from tests.messenger.harness import FAST

pytestmark = pytest.mark.anyio

START = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


class Chat:
    """One sender writing to the event worker; `says` returns the texts queued in reply."""

    def __init__(self, clock: SetClock) -> None:
        responder = partial(respond, settings=ConversationSettings())
        self.worker = EventWorker("w", {"fake": FakeChannel()}, responder, 100, clock, FAST, lambda: None)
        self.count = 0

    async def says(self, *texts: str) -> list[str]:
        """`texts` stored together, then answered: one batch of the worker."""
        seen = await OutgoingMessage.all().count()
        events = []
        for text in texts:
            self.count += 1
            payload = {"sender": "42", "id": f"e{self.count}", "text": text}
            events.append(inbound_event("fake", f"e{self.count}", "42", "text", payload, answer=True))
        await insert_events(events)
        while await self.worker.work_once():
            pass
        return [row["text"] for row in await OutgoingMessage.all().order_by("id").offset(seen).values_list(
            "payload", flat=True)]


async def test_the_request_waits_in_the_console_and_the_bot_is_silent(db: str) -> None:
    clock = SetClock()
    clock.set(START)
    chat = Chat(clock)
    [handed] = await chat.says("оператор")
    assert "оператору" in handed
    handover = await Handover.get(channel="fake", external_id="42")
    assert handover.opened_at - START < timedelta(seconds=5) and handover.closed_at is None
    assert await chat.says("допомога") == []
    await close_handover(handover, "olena", START + timedelta(hours=1))
    assert len(await chat.says("допомога")) == 1


async def test_a_message_behind_the_request_in_the_same_batch_is_not_answered(db: str) -> None:
    clock = SetClock()
    clock.set(START)
    chat = Chat(clock)
    [handed] = await chat.says("оператор", "допомога")
    assert "оператору" in handed


async def test_the_bot_speaks_again_after_a_day_without_an_answer(db: str) -> None:
    clock = SetClock()
    clock.set(START)
    chat = Chat(clock)
    await chat.says("Зв'язатися з оператором")
    clock.set(START + timedelta(hours=23))
    assert await chat.says("допомога") == []
    clock.set(START + timedelta(hours=24, minutes=1))
    assert len(await chat.says("допомога")) == 1
    handover = await Handover.get(channel="fake", external_id="42")
    assert handover.closed_by == "timeout"
