"""An HTTP transport that spreads requests over many small connection pools.

httpcore matches every waiting request against every pooled connection, and checks each
idle connection's socket, whenever a request starts or ends: one pool of 128 busy
connections costs more CPU than the requests themselves. Many pools of two connections
each hold as many connections at a small fraction of that bookkeeping. Each request goes
to the pool with the fewest requests waiting for their answer, so that a slow call holds up
no other while a pool has a connection free (a body still being read, a photo's say, is
not counted: the Send API's answers are short).
"""

from __future__ import annotations

import httpx


class ShardedTransport(httpx.AsyncBaseTransport):
    """`shards` `httpx.AsyncHTTPTransport`s of `connections` connections each; a request
    goes to the one with the fewest requests waiting for their answer."""

    def __init__(self, shards: int = 8, connections: int = 4) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        tls = httpx.create_ssl_context()  # one for all: each loads the CA certificates, about 1 MB
        self._shards = [httpx.AsyncHTTPTransport(verify=tls, limits=limits) for _ in range(shards)]
        self._in_flight = [0] * shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` through the least busy pool."""
        shard = self._in_flight.index(min(self._in_flight))
        self._in_flight[shard] += 1
        try:
            return await self._shards[shard].handle_async_request(request)
        finally:
            self._in_flight[shard] -= 1

    async def aclose(self) -> None:
        """Close every pool."""
        for shard in self._shards:
            await shard.aclose()
