"""The sender of every message and its links, read and stored with plain statements on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.senders import Link, Sender, conversation_of, links_with_accounts, save_conversation, sender_to_answer
from tests.conftest import requires_postgres

pytestmark = pytest.mark.anyio

BLOCKED_AT = datetime(2026, 11, 30, 8, 15, 30, 123456, tzinfo=UTC)


async def test_a_new_sender_is_created_with_an_idle_conversation_and_found_again(db: str) -> None:
    created = await sender_to_answer("telegram", "42")
    assert (created.channel, created.external_id, created.state, created.state_data) == ("telegram", "42", "idle", {})
    assert created.reminders is False and created.unreachable_since is None
    assert created.created_at.tzinfo is not None
    found = await sender_to_answer("telegram", "42")
    assert found.id == created.id and found.created_at == created.created_at
    assert await Sender.filter(external_id="42").count() == 1
    assert (await sender_to_answer("viber", "42")).id != created.id  # an id is unique within its channel only


async def test_the_conversation_is_stored_as_the_orm_reads_it(db: str) -> None:
    sender = await sender_to_answer("messenger", "100")
    as_read = conversation_of(sender)
    sender.state = "await_surname"
    sender.state_data = {"number": "1234567", "told": ["вікно-2026-11"], "pending": {"readings": [[None, 12345]]}}
    sender.unreachable_since = BLOCKED_AT
    sender.reminders = True
    await save_conversation(sender, as_read)

    stored = await Sender.get(id=sender.id)
    assert (stored.state, stored.state_data, stored.unreachable_since, stored.reminders) == (
        "await_surname", sender.state_data, BLOCKED_AT, True
    )
    again = await sender_to_answer("messenger", "100")
    assert conversation_of(again) == conversation_of(sender)


async def test_nothing_is_written_when_nothing_changed(db: str) -> None:
    sender = await sender_to_answer("messenger", "100")
    sender.state_data = {"told": ["a"]}
    await save_conversation(sender, conversation_of(await Sender.get(id=sender.id)))
    written_at = (await Sender.get(id=sender.id)).updated_at

    again = await sender_to_answer("messenger", "100")
    again.state_data = {"told": ["a"]}  # the same data, a new dict
    await save_conversation(again, conversation_of(await Sender.get(id=sender.id)))
    assert (await Sender.get(id=sender.id)).updated_at == written_at


async def test_a_sender_deleted_meanwhile_stays_deleted(db: str) -> None:
    sender = await sender_to_answer("messenger", "100")
    as_read = conversation_of(sender)
    await Sender.filter(id=sender.id).delete()
    sender.state = "idle_after_forgetting"
    await save_conversation(sender, as_read)
    assert not await Sender.exists(id=sender.id)


@requires_postgres
async def test_on_postgres_the_sender_is_locked_until_the_transaction_ends(db: str) -> None:
    await sender_to_answer("messenger", "100")
    order: list[str] = []
    first_has_it = asyncio.Event()

    async def first() -> None:
        async with in_transaction():
            await sender_to_answer("messenger", "100")
            first_has_it.set()
            await asyncio.sleep(0.2)
            order.append("first commits")

    async def second() -> None:
        await first_has_it.wait()
        async with in_transaction():
            await sender_to_answer("messenger", "100")
            order.append("second has it")

    await asyncio.gather(first(), second())
    assert order == ["first commits", "second has it"]


async def test_links_come_oldest_first_with_their_accounts_as_the_orm_reads_them(db: str) -> None:
    sender = await sender_to_answer("messenger", "100")
    other = await sender_to_answer("messenger", "200")
    second = await Account.create(number="2000002", surname="Коваленко", address="м. Лиман, вул. Миру 1", zones=3,
                                  digits=6, prev_date=date(2026, 10, 31), prev_peak=300, prev_half_peak=400,
                                  prev_night=500, closed_at=BLOCKED_AT)
    first = await Account.create(number="2000001", surname="Шевченко", address="", zones=1, digits=5, prev_total=1000)
    await Link.create(sender=sender, account=first)
    await Link.create(sender=other, account=first)
    await Link.create(sender=sender, account=second)

    links = await links_with_accounts(sender.id)
    assert [link.account.number for link in links] == ["2000001", "2000002"]
    by_orm = await Link.filter(sender_id=sender.id).select_related("account").order_by("id")
    for link, expected in zip(links, by_orm, strict=True):
        assert (link.id, link.created_at, link.sender_id, link.account_id) == (
            expected.id, expected.created_at, expected.sender_id, expected.account_id
        )
        fields = list(Account._meta.fields_db_projection)
        assert [getattr(link.account, name) for name in fields] == [getattr(expected.account, name) for name in fields]
    assert await links_with_accounts((await sender_to_answer("viber", "new")).id) == []
