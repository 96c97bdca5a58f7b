"""The sharded transport spreads requests over its pools and answers like one transport."""

from __future__ import annotations

import httpx
import pytest

from messenger.transport import ShardedTransport
from tests.e2e.harness import fake_graph

pytestmark = pytest.mark.anyio


async def test_requests_through_every_shard_reach_the_server() -> None:
    async with fake_graph() as graph:
        transport = ShardedTransport(shards=3, connections=1)
        async with httpx.AsyncClient(transport=transport) as client:
            statuses = [(await client.post(graph.url + "/me/messages", json={})).status_code for _ in range(6)]

    assert statuses == [400] * 6, "the fake refuses a call without a token, from every shard alike"
    assert len(graph.violations) == 12
