"""Servers on loopback for tests and benchmarks: a free port, and waiting until one is healthy."""

from __future__ import annotations

import asyncio
import socket
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Generic, Protocol, TypeVar

import httpx
import uvicorn


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _keep_waiting() -> None:
    """The default `still_starting` check: nothing stops the wait early."""


async def until_healthy(client: httpx.AsyncClient, url: str, timeout: float,
                        still_starting: Callable[[], None] = _keep_waiting) -> None:
    """Poll `GET {url}/healthz` until it answers 200; `TimeoutError` after `timeout` seconds.

    `still_starting` runs before each try and may raise to give up early (a server that exited).
    """
    async with asyncio.timeout(timeout):
        while True:
            still_starting()
            try:
                if (await client.get(url + "/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """Run the ASGI `app` with uvicorn on a free port of 127.0.0.1 in this loop; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class FlakyTransport(httpx.AsyncBaseTransport):
    """ASGI transport to a fake platform that fails at the connection, as a network would,
    whenever `refuse()` says so."""

    def __init__(self, app: Any, refuse: Callable[[], bool]) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._refuse = refuse

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._refuse():
            raise httpx.ConnectError("simulated connection error", request=request)
        return await self._asgi.handle_async_request(request)


class _Failure(Protocol):
    @property
    def connection_error(self) -> bool: ...


FailureT = TypeVar("FailureT", bound=_Failure)


class FailureQueue(Generic[FailureT]):
    """The failures a fake platform serves instead of successes, in order; `calls` counts every call."""

    def __init__(self) -> None:
        self._queued: deque[FailureT] = deque()
        self.calls = 0

    def add(self, failure: FailureT, times: int = 1) -> None:
        """Serve `failure` for the next `times` calls."""
        self._queued.extend([failure] * times)

    def take(self) -> FailureT | None:
        """The failure to serve now, if any is queued; counts the call."""
        self.calls += 1
        return self._queued.popleft() if self._queued else None

    def refuse_connection(self) -> bool:
        """Whether the next call fails at the connection (a `FlakyTransport`'s `refuse`); counts it if so."""
        if self._queued and self._queued[0].connection_error:
            self.take()
            return True
        return False
