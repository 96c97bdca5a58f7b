"""Servers on loopback for tests and benchmarks: a free port, and waiting until one is healthy."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx


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
