"""The event worker reads a photo before answering it, outside any transaction: other senders
are answered meanwhile, the database stays free, and a reader that fails asks to type it."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tortoise.transactions import in_transaction

from delivery.photos import PhotoReading
from delivery.receiving import inbound_event, insert_events
from delivery.workers import Workers
from handlers.conversation import respond
from handlers.messages import Incoming, Reply
from models.accounts import Account
from models.handovers import Handover
from models.senders import Link, Sender
from photos.results import Outcome, PhotoResult
from settings import ConversationSettings
from tests.delivery.fake_channel import FakeChannel
from tests.messenger.harness import FAST

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
SETTINGS = ConversationSettings()


class GatedReader:
    """Reads every photo as `value` once `gate` opens; counts what it was asked to read."""

    def __init__(self, value: str | None = "012345", error: Exception | None = None) -> None:
        self.gate = asyncio.Event()
        self.asked: list[tuple[bytes, int, int | None]] = []
        self._value = value
        self._error = error

    async def read_photo(self, image: bytes, digits: int, last: int | None) -> PhotoResult:
        self.asked.append((image, digits, last))
        await self.gate.wait()
        if self._error is not None:
            raise self._error
        return PhotoResult(self._value, Outcome.READ if self._value else Outcome.NOT_FOUND)


async def converse(incoming: Incoming, now: datetime) -> list[Reply]:
    return await respond(incoming, now, SETTINGS)


async def _linked(external_id: str) -> None:
    account = await Account.create(number=f"12345{external_id}", surname="Шевченко", address="вул. Миру 5", zones=1,
                                   digits=6, prev_total=12210, prev_date=date(2026, 10, 31))
    await Link.create(sender=await Sender.create(channel="fake", external_id=external_id), account=account)


async def _store(sender: str, **event: Any) -> None:
    payload = {"sender": sender, "id": f"{sender}-{len(event)}-{sorted(event)}", **event}
    await insert_events([inbound_event("fake", payload["id"], sender, "text", payload, answer=True)])


def _workers(channel: FakeChannel, reader: GatedReader) -> Workers:
    reading = PhotoReading({channel.name: channel}, reader, SETTINGS)  # type: ignore[arg-type]
    return Workers({channel.name: channel}, converse, 20, lambda: NOW, FAST, ZoneInfo("Europe/Kyiv"), reading)


async def test_a_photo_being_read_holds_up_neither_other_senders_nor_the_database(db: str) -> None:
    channel, reader = FakeChannel(), GatedReader()
    channel.photos["p1"] = b"jpeg"
    await _linked("01")
    await _store("01", photo="p1")
    await _store("02", text="Дякую")
    workers = _workers(channel, reader)
    workers.start()
    try:
        async with asyncio.timeout(5):
            while not any(recipient == "02" for recipient, _ in channel.sent):
                await asyncio.sleep(0.01)
            async with in_transaction():
                await Sender.create(channel="fake", external_id="03")
        assert reader.asked == [(b"jpeg", 6, 12210)]
        assert not any(recipient == "01" for recipient, _ in channel.sent)
        reader.gate.set()
        await workers.wait_idle()
    finally:
        await workers.stop()
    assert ("01", "Я бачу 012345 — це ваші показники?") in channel.sent


@pytest.mark.parametrize("reader", [GatedReader(value=None), GatedReader(error=RuntimeError("native crash"))],
                         ids=["unread", "reader failed"])
async def test_a_photo_not_read_asks_to_type_it(db: str, reader: GatedReader) -> None:
    channel = FakeChannel()
    channel.photos["p1"] = b"jpeg"
    reader.gate.set()
    await _linked("01")
    await _store("01", photo="p1")
    await _answered(channel, reader)
    assert [text[:38] for _, text in channel.sent] == ["Не вдалося прочитати показники з фото."]


async def test_a_photo_that_cannot_be_fetched_or_of_a_stranger_is_not_read(db: str) -> None:
    channel, reader = FakeChannel(), GatedReader()
    reader.gate.set()
    await _linked("01")
    await _store("01", photo="missing")
    await _store("02", photo="missing")
    await _answered(channel, reader)
    assert reader.asked == []
    assert sorted(recipient for recipient, _ in channel.sent) == ["01", "02"]  # recipients are served concurrently


async def test_a_photo_sent_while_a_person_answers_is_not_read(db: str) -> None:
    channel, reader = FakeChannel(), GatedReader()
    channel.photos["p1"] = b"jpeg"
    await _linked("01")
    await Handover.create(channel="fake", external_id="01", opened_at=NOW)
    await _store("01", photo="p1")
    await _answered(channel, reader)
    assert reader.asked == [] and channel.sent == []


async def _answered(channel: FakeChannel, reader: GatedReader) -> None:
    workers = _workers(channel, reader)
    workers.start()
    try:
        await workers.wait_idle()
    finally:
        await workers.stop()
