"""A Graph API outage (5xx, refused connections, rate limiting) delays replies but loses none."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from delivery.timing import WorkerTiming
from tests.e2e import queues
from tests.e2e.harness import (
    Burst,
    Outage,
    all_answered,
    conversations,
    eventually,
    fake_graph,
    learn_replies,
    replies_match,
    served_bots,
    wait_quiet,
    webhook,
)

pytestmark = pytest.mark.anyio

TEXTS = ("Добрий день", "покази 12345", "дякую")
SENDERS = 40
PHASE = 3.0
"""Seconds of each kind of failure: server errors, then refused connections, then error 613."""
MAX_RSS_KIB = 300 * 1024
LONG_OUTAGE = timedelta(minutes=30)


async def test_replies_wait_out_an_outage_and_arrive_in_order(db: str, tmp_path: Path) -> None:
    async with fake_graph() as graph, served_bots(1, db, graph.url, tmp_path) as bots:
        async with webhook(bots) as hook:
            steps = await learn_replies(hook, graph, TEXTS, "learner")
            graph.outage = Outage.SERVER_ERROR
            burst = Burst(conversations(SENDERS, TEXTS))
            await burst.run(hook, concurrency=16)
        await asyncio.sleep(PHASE)
        await graph.stop()
        await asyncio.sleep(PHASE)
        graph.outage = Outage.RATE_LIMITED
        await graph.start()
        await asyncio.sleep(PHASE)
        refused_while_down = graph.refused_calls
        graph.outage = None
        await eventually(lambda: all_answered(graph, burst, steps), 45.0, "every message answered")
        await wait_quiet(graph, lambda: True, quiet=1.0, timeout=10.0)
        peak_kib = bots[0].peak_rss_kib()

    assert burst.acknowledged_count == SENDERS * len(TEXTS)
    assert refused_while_down > SENDERS, "the bot did not try during the outage"
    assert replies_match(graph, burst, steps, may_repeat=False) == ([], 0)
    assert await queues.pending() == {"events": 0, "messages": 0}
    assert peak_kib < MAX_RSS_KIB


def test_retries_outlast_an_outage_of_half_an_hour() -> None:
    """With the production timing, a reply is still being retried after 30 minutes of failures,
    however the jitter falls (each wait is at least half its nominal backoff)."""
    timing = WorkerTiming()
    nominal = [min(timing.retry_cap, timing.retry_base * 2 ** (n - 1)) for n in range(1, timing.max_send_attempts)]

    assert timedelta(seconds=sum(nominal) / 2) >= LONG_OUTAGE
