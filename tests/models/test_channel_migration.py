"""Migration 0002: a database made by the Messenger-only schema, with data in it, keeps its
senders' links, state and history, now as channel `messenger`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.migrations.api import migrate

from models.database import close_database, open_database, tortoise_config
from models.inbox import InboundEvent
from models.outbox import OutgoingMessage
from models.readings import Reading
from models.senders import Link, Sender
from tests.conftest import POSTGRES_URL, admin, with_database

pytestmark = pytest.mark.anyio

_OLD_ROWS = [
    "INSERT INTO account (id, number, surname, address, zones, digits, updated_at)"
    " VALUES (1, '1234567', 'Шевченко', 'вул. Миру 5', 1, 6, '2026-11-01 10:00:00+00:00')",
    "INSERT INTO sender (id, psid, state, state_data, created_at, updated_at)"
    " VALUES (1, '100200300', 'await_reading', '{\"link_id\": 1}', '2026-11-01 10:00:00+00:00',"
    " '2026-11-01 10:00:00+00:00')",
    "INSERT INTO link (id, sender_id, account_id, created_at) VALUES (1, 1, 1, '2026-11-01 10:00:00+00:00')",
    "INSERT INTO reading (id, account_id, sender_id, period, submitted_at, channel, source_mid, total)"
    " VALUES (1, 1, 1, '2026-10', '2026-11-01 10:00:00+00:00', 'messenger', 'm_1', 12345)",
    "INSERT INTO inbound_event (id, dedup_key, sender_psid, kind, standby, payload, status, attempts, received_at)"
    " VALUES (1, 'mid:m_1', '100200300', 'text', false, '{}', 'pending', 0, '2026-11-01 10:00:00+00:00')",
    "INSERT INTO outgoing_message (id, recipient_psid, payload, status, attempts, created_at)"
    " VALUES (1, '100200300', '{}', 'pending', 0, '2026-11-01 10:00:00+00:00')",
]


@pytest.fixture
async def old_database(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database migrated to 0001 only, as the previous release left it."""
    if not POSTGRES_URL:
        yield f"sqlite://{tmp_path / 'old.sqlite3'}"
        return
    name = f"bot_migration_{uuid.uuid4().hex[:12]}"
    await admin(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    try:
        yield with_database(POSTGRES_URL, name)
    finally:
        await close_database()
        await admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_messenger_data_is_carried_over(old_database: str) -> None:
    await migrate(config=tortoise_config(old_database), target="bot.0001_initial")
    connection = Tortoise.get_connection("default")
    for statement in _OLD_ROWS:
        await connection.execute_script(statement)
    await close_database()

    await migrate(config=tortoise_config(old_database))
    await close_database()
    await open_database(old_database)

    sender = await Sender.get(id=1)
    assert (sender.channel, sender.external_id, sender.state) == ("messenger", "100200300", "await_reading")
    assert sender.state_data == {"link_id": 1}
    assert await Link.filter(sender_id=1, account_id=1).exists()
    reading = await Reading.get(id=1)
    assert (reading.channel, reading.sender_id, reading.total, reading.from_photo) == ("messenger", 1, 12345, False)
    event = await InboundEvent.get(id=1)
    assert (event.channel, event.address, event.dedup_key) == ("messenger", "messenger:100200300", "mid:m_1")
    message = await OutgoingMessage.get(id=1)
    assert (message.channel, message.address) == ("messenger", "messenger:100200300")
    await Sender.create(id=2, channel="telegram", external_id="100200300")
    assert await Sender.filter(external_id="100200300").count() == 2
    await InboundEvent.create(id=2, channel="telegram", dedup_key="mid:m_1", address="telegram:1", kind="text",
                              payload={})
    await close_database()
