"""Deleting what is kept about one sender: in the chat, confirmed by a quick reply, and from the command line."""

from __future__ import annotations

import pytest

from delivery.addresses import address
from handlers import payloads
from models.inbox import InboundEvent
from models.outbox import OutgoingMessage
from models.readings import Reading
from models.senders import Link, Sender
from tests.channels.dialogue import Customer, load_registry
from tests.cli import run_cli
from tests.messenger.door import messenger_door

pytestmark = pytest.mark.anyio


async def test_delete_my_data_asks_then_deletes_and_keeps_readings(db: str) -> None:
    await load_registry()
    async with messenger_door(db) as door:
        customer = Customer(door, sender="5551")
        await customer.links("1234567", "Шевченко")
        await customer.says("12345")
        asked = await customer.says("Видалити мої дані")
        assert "Видалити ваші дані?" in asked and await Sender.filter(external_id="5551").exists()
        assert await customer.taps(payloads.CONFIRM_YES) == (
            "Ваші дані видалено. Щоб знову передавати показники, надішліть номер особового рахунку."
        )
    assert not await Sender.filter(external_id="5551").exists()
    assert await Link.all().count() == 0
    reading = await Reading.get()
    assert reading.total == 12345 and reading.sender_id is None  # type: ignore[attr-defined]
    events = await InboundEvent.all()
    assert len(events) == 5 and all(event.payload == {} for event in events)
    assert [event.address for event in events[:-1]] == [address("messenger", "-")] * 4
    replies = await OutgoingMessage.all().order_by("id").values_list("address", "payload")
    assert all(payload == {} and where == address("messenger", "-") for where, payload in replies[:-1])
    assert "видалено" in replies[-1][1]["message"]["text"]  # the last reply went after the deletion


async def test_a_redelivery_after_deletion_is_still_recognised(db: str) -> None:
    async with messenger_door(db) as door:
        customer = Customer(door, sender="5552")
        await customer.says("Привіт")
        await customer.says("видалити мої дані")
        await customer.taps(payloads.CONFIRM_YES)
        sent = len(door.graph.messages)
        from tests.messenger.harness import delivery, post_delivery, text_event

        first = await InboundEvent.filter(kind="text").order_by("id").first()
        assert first is not None
        mid = first.dedup_key.removeprefix("mid:")
        await post_delivery(door.client, "app-secret", delivery(text_event("5552", mid, "Привіт")))
        await door.wait_idle()
        assert len(door.graph.messages) == sent


async def test_senders_forget_on_the_command_line(db: str) -> None:
    await Sender.create(channel="telegram", external_id="77")
    forgotten = run_cli("senders", "forget", "telegram", "77", database_url=db)
    assert forgotten.returncode == 0 and forgotten.stdout.count("\n") == 1
    assert not await Sender.filter(external_id="77").exists()
    unknown = run_cli("senders", "forget", "telegram", "77", database_url=db)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines()[-1] == "error: no sender '77' on channel 'telegram'"
