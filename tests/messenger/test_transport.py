"""The sharded transport spreads requests over its pools, the least busy first, and answers like one transport."""

from __future__ import annotations

import asyncio
import ssl

import httpx
import pytest

from messenger.graph import GraphClient
from messenger.transport import ShardedTransport
from tests.e2e.harness import APP_SECRET, PAGE_TOKEN, fake_graph

pytestmark = pytest.mark.anyio


async def test_requests_through_every_shard_reach_the_server() -> None:
    async with fake_graph() as graph:
        transport = ShardedTransport(shards=3, connections=1)
        async with httpx.AsyncClient(transport=transport) as client:
            statuses = [(await client.post(graph.url + "/me/messages", json={})).status_code for _ in range(6)]

    assert statuses == [400] * 6, "the fake refuses a call without a token, from every shard alike"
    assert len(graph.violations) == 12


async def test_a_request_goes_to_a_pool_with_a_free_connection_not_behind_a_slow_call() -> None:
    async with fake_graph() as graph:
        graph.slow = {"slow": 1.0}
        transport = ShardedTransport(shards=2, connections=1)
        async with httpx.AsyncClient(transport=transport) as http:
            client = GraphClient(http, graph.url, PAGE_TOKEN, APP_SECRET)
            slow = asyncio.ensure_future(client.send({"recipient": {"id": "slow"}, "message": {"text": "a"}}))
            await asyncio.sleep(0.1)
            started = asyncio.get_running_loop().time()
            for n in range(3):  # round-robin would put the second behind the slow call
                await client.send({"recipient": {"id": f"fast-{n}"}, "message": {"text": "b"}})
            assert asyncio.get_running_loop().time() - started < 0.5 and not slow.done()
            await slow
    assert graph.violations == []


def test_the_ca_certificates_are_loaded_once_for_all_the_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each load holds the CA certificates in memory (about 1 MB): not once per pool."""
    loads: list[object] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(args)
        load(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    ShardedTransport(shards=4, connections=2)
    assert len(loads) == 1
