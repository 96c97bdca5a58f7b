"""Three `serve` processes on one PostgreSQL database share the queues without doing anything twice."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.conftest import POSTGRES_URL, requires_postgres
from tests.e2e import queues
from tests.e2e.harness import (
    Burst,
    ServedBot,
    all_answered,
    conversations,
    eventually,
    fake_graph,
    learn_replies,
    replies_match,
    reply_counts,
    served_bots,
    wait_quiet,
    webhook,
)

pytestmark = pytest.mark.anyio

TEXTS = ("Добрий день", "покази 12345", "дякую", "покази 23456")
SENDERS = 150


@requires_postgres
async def test_three_instances_answer_each_message_once_and_in_order(db: str, tmp_path: Path) -> None:
    async with fake_graph() as graph, served_bots(3, db, graph.url, tmp_path) as bots:
        async with webhook(bots) as hook:
            steps = await learn_replies(hook, graph, TEXTS, "learner")
            burst = Burst(conversations(SENDERS, TEXTS))
            await burst.run(hook, concurrency=48)
        await eventually(lambda: all_answered(graph, burst, steps), 40.0, "every message answered")
        await wait_quiet(graph, lambda: True, quiet=1.0, timeout=10.0)

    assert burst.acknowledged_count == SENDERS * len(TEXTS)
    assert replies_match(graph, burst, steps, may_repeat=False) == ([], 0)
    assert await queues.stored_twice(reply_counts(burst, steps)) == []
    assert await queues.out_of_order_senders() == []
    assert await queues.pending() == {"events": 0, "messages": 0}
    assert graph.violations == []


@requires_postgres
async def test_instances_started_together_on_an_empty_database_all_come_up(tmp_path: Path) -> None:
    name = f"bot_e2e_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect("postgresql://" + POSTGRES_URL.split("://", 1)[1])
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        async with fake_graph() as graph:
            url = f"{POSTGRES_URL.rpartition('/')[0]}/{name}"
            bots = [ServedBot(url, graph.url, tmp_path / f"serve-{index}.log") for index in range(3)]
            try:
                await asyncio.gather(*(bot.start() for bot in bots))
                async with httpx.AsyncClient() as client:
                    statuses = [(await client.get(bot.url + "/healthz")).status_code for bot in bots]
            finally:
                await asyncio.gather(*(bot.close() for bot in bots))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

    assert statuses == [200, 200, 200]
