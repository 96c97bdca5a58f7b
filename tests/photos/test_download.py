"""Downloading an attachment: the cap holds while streaming, and every failure is `None`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from photos.download import download
from photos.limits import MAX_BYTES

pytestmark = pytest.mark.anyio

URL = "https://cdn.example.test/photo.jpg"


def _client(transport: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=transport)


async def test_a_photo_is_downloaded() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"\xff\xd8jpeg"))
    async with _client(transport) as client:
        assert await download(client, URL) == b"\xff\xd8jpeg"


async def test_a_body_past_the_cap_is_dropped_while_streaming_whatever_its_length_says() -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        while True:
            sent += 1 << 20
            yield b"\0" * (1 << 20)

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=endless()))
    async with _client(transport) as client:
        assert await download(client, URL) is None
    assert MAX_BYTES < sent <= MAX_BYTES + (2 << 20)


async def test_a_declared_length_past_the_cap_is_refused_unread() -> None:
    headers = {"content-length": str(MAX_BYTES + 1)}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, headers=headers, content=b""))
    async with _client(transport) as client:
        assert await download(client, URL) is None


@pytest.mark.parametrize("url", ["ftp://cdn.example.test/a.jpg", "file:///etc/passwd", "http://[::1"])
async def test_other_schemes_and_broken_urls_are_refused(url: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"x"))
    async with _client(transport) as client:
        assert await download(client, url) is None


async def test_errors_statuses_and_time_outs_give_none() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, content=b"late")

    for handler in (refused, lambda request: httpx.Response(404), slow):
        async with _client(httpx.MockTransport(handler)) as client:
            assert await download(client, URL, timeout=0.2) is None
