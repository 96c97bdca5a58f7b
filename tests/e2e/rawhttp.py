"""A lean HTTP/1.1 client for load: keep-alive connections over asyncio streams, POST only.

httpx spends more CPU per request managing its pool than the bot spends storing a delivery,
so a load generator built on it measures itself. This client keeps a stack of idle
connections per origin and does nothing else: no redirects, no cookies, no TLS.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

_Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class RequestFailed(Exception):
    """The connection failed or closed before a whole response was read."""


class RawClient:
    """POSTs over pooled keep-alive connections; close it with `aclose()`."""

    def __init__(self, timeout: float = 30.0) -> None:
        self._timeout = timeout
        self._idle: dict[tuple[str, int], list[_Connection]] = {}

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """POST `body` to `url`; the status code. Raises `RequestFailed`."""
        parts = urlsplit(url)
        origin = (parts.hostname or "127.0.0.1", parts.port or 80)
        connection = await self._connection(origin)
        try:
            async with asyncio.timeout(self._timeout):
                status, keep = await _exchange(connection, _request(origin, parts.path or "/", body, headers))
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            connection[1].close()
            raise RequestFailed(f"{type(error).__name__}: {error}") from None
        if keep:
            self._idle.setdefault(origin, []).append(connection)
        else:
            connection[1].close()
        return status

    async def aclose(self) -> None:
        """Close every idle connection."""
        for connections in self._idle.values():
            for _, writer in connections:
                writer.close()
        self._idle.clear()

    async def _connection(self, origin: tuple[str, int]) -> _Connection:
        idle = self._idle.get(origin)
        if idle:
            return idle.pop()
        try:
            return await asyncio.wait_for(asyncio.open_connection(*origin), self._timeout)
        except (OSError, TimeoutError) as error:
            raise RequestFailed(f"{type(error).__name__}: {error}") from None


def _request(origin: tuple[str, int], path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {origin[0]}:{origin[1]}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _exchange(connection: _Connection, request: bytes) -> tuple[int, bool]:
    """Write `request`, read the whole response; (status, whether the connection may be reused)."""
    reader, writer = connection
    writer.write(request)
    await writer.drain()
    status_line = await reader.readuntil(b"\r\n")
    if not status_line:
        raise asyncio.IncompleteReadError(b"", None)
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        await _skip_chunks(reader)
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection", "").lower() != "close"


async def _skip_chunks(reader: asyncio.StreamReader) -> None:
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        await reader.readexactly(size + 2)
    await reader.readuntil(b"\r\n")
