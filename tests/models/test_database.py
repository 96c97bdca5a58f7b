"""The migrations build a schema the models can use, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from models.accounts import Account
from models.inbox import InboundEvent
from models.senders import Link, Sender
from tests.conftest import requires_postgres

pytestmark = pytest.mark.anyio


async def test_account_number_is_unique(db: str) -> None:
    await Account.create(number="1234567", surname="Шевченко", address="вул. Миру 5", zones=1, digits=6)
    with pytest.raises(IntegrityError):
        await Account.create(number="1234567", surname="Інший", address="", zones=1, digits=6)


async def test_a_sender_links_an_account_once(db: str) -> None:
    account = await Account.create(number="7654321", surname="Коваленко", address="", zones=2, digits=5)
    sender = await Sender.create(channel="messenger", external_id="100")
    await Link.create(sender=sender, account=account)
    with pytest.raises(IntegrityError):
        await Link.create(sender=sender, account=account)


async def test_an_event_is_stored_once_per_dedup_key(db: str) -> None:
    await InboundEvent.create(channel="messenger", dedup_key="m_1", address="messenger:100", kind="text", payload={})
    with pytest.raises(IntegrityError):
        await InboundEvent.create(channel="messenger", dedup_key="m_1", address="messenger:100", kind="text", payload={})


async def test_migrations_apply_again_without_change(db: str) -> None:
    from models.database import apply_migrations

    await apply_migrations(db)
    assert await Account.all().count() == 0


@requires_postgres
async def test_postgres_enforces_the_unique_keys_in_its_schema(db: str) -> None:
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(
        "SELECT indexdef FROM pg_indexes WHERE tablename IN ('inbound_event', 'account', 'link', 'sender')"
    )
    unique = " ".join(row["indexdef"] for row in rows if "UNIQUE" in row["indexdef"])
    assert "(channel, dedup_key)" in unique and "(number)" in unique and "(sender_id, account_id)" in unique
    assert "(channel, external_id)" in unique and "(dedup_key)" not in unique


@requires_postgres
async def test_postgres_connections_go_back_to_the_pool_without_a_reset_and_roll_back_what_was_left(db: str) -> None:
    pool = Tortoise.get_connection("default")._pool
    async with pool.acquire() as connection:
        assert connection.get_reset_query() == ""
        await connection.execute("BEGIN")
        await connection.execute("INSERT INTO sender (channel, external_id, state, state_data, reminders, created_at, "
                                 "updated_at) VALUES ('test', 'left-open', 'new', '{}', false, now(), now())")
    assert not await Sender.filter(channel="test").exists()
