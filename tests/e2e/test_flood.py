"""A sender who floods the bot gets one polite notice, and other senders are answered as usual."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e import queues
from tests.e2e.harness import (
    Burst,
    all_answered,
    conversations,
    eventually,
    expected_replies,
    fake_graph,
    learn_replies,
    replies_match,
    served_bots,
    wait_quiet,
    webhook,
)

pytestmark = pytest.mark.anyio

LIMIT = 5
FLOOD = 40
TEXTS = ["Добрий день"] + [f"покази {12340 + step}" for step in range(FLOOD - 1)]
NOTICE = "Забагато повідомлень"


async def test_a_flooding_sender_gets_one_notice_and_others_are_answered(db: str, tmp_path: Path) -> None:
    env = {"BOT_MESSAGES_PER_MINUTE": str(LIMIT)}
    async with fake_graph() as graph, served_bots(1, db, graph.url, tmp_path, env) as bots:
        async with webhook(bots) as hook:
            steps = await learn_replies(hook, graph, TEXTS[:LIMIT], "learner")
            flood = Burst(conversations(1, TEXTS, prefix="flooder"))
            calm = Burst(conversations(30, TEXTS[:1], prefix="calm"))
            await asyncio.gather(flood.run(hook, concurrency=1), calm.run(hook, concurrency=8))
        await eventually(lambda: all_answered(graph, calm, steps), 30.0, "the other senders answered")
        await wait_quiet(graph, lambda: True, quiet=1.0, timeout=20.0)

    assert flood.acknowledged_count == FLOOD, "deliveries over the limit must still be acknowledged"
    (flooder,) = flood.conversations
    got = graph.by_recipient()[flooder]
    assert got[:-1] == expected_replies(steps, LIMIT)
    assert NOTICE in got[-1]
    assert replies_match(graph, calm, steps, may_repeat=False) == ([], 0)
    assert await queues.pending() == {"events": 0, "messages": 0}
