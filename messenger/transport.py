"""An HTTP transport that spreads requests over several small connection pools.

httpcore matches every waiting request against every pooled connection whenever a request
starts or ends, so one pool of 32 busy connections costs more CPU than the requests
themselves. Eight pools of four connections each hold as many connections, at a small
fraction of that bookkeeping.
"""

from __future__ import annotations

import itertools

import httpx


class ShardedTransport(httpx.AsyncBaseTransport):
    """Round-robin over `shards` `httpx.AsyncHTTPTransport`s of `connections` connections each."""

    def __init__(self, shards: int = 8, connections: int = 4) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._shards = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(shards)]
        self._next = itertools.cycle(self._shards)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` through the next pool."""
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        """Close every pool."""
        for shard in self._shards:
            await shard.aclose()
