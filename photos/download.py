"""Downloading a photo attachment from the URL a channel gives, within the byte cap."""

from __future__ import annotations

import asyncio
import logging

import httpx

from photos.limits import MAX_BYTES

log = logging.getLogger(__name__)

TIMEOUT = 20.0  # seconds for the whole download


async def download(client: httpx.AsyncClient, url: str, timeout: float = TIMEOUT) -> bytes | None:
    """The bytes at `url`, or `None` on any failure, a time-out, or more than `MAX_BYTES`.

    The body is streamed and dropped as soon as it passes the cap, whatever the
    Content-Length said.
    """
    try:
        if httpx.URL(url).scheme not in ("http", "https"):
            return None
        async with asyncio.timeout(timeout):
            return await _capped(client, url)
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, ValueError) as error:
        log.warning("downloading a photo failed: %s", type(error).__name__)
        return None


async def _capped(client: httpx.AsyncClient, url: str) -> bytes | None:
    async with client.stream("GET", url, follow_redirects=True) as response:
        if response.status_code != 200:
            return None
        if int(response.headers.get("content-length") or 0) > MAX_BYTES:
            return None
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > MAX_BYTES:
                return None
        return bytes(body)
