"""What every fake platform API of the tests shares: failures served on demand, in order, and two
ways to reach it (a transport without a socket, or a local server for a bot in another process)."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Generic, Protocol, TypeVar

import httpx

from tests.servers import RefusingTransport, serving


class _Failure(Protocol):
    @property
    def connection_error(self) -> bool: ...


F = TypeVar("F", bound=_Failure)


class FakeApi(Generic[F]):
    """A fake API served by the ASGI `app` under `base_path`; `calls` counts the calls it answered
    or refused."""

    def __init__(self, app: Any, base_path: str) -> None:
        self.app = app
        self.calls = 0
        self._base_path = base_path
        self._failures: deque[F] = deque()

    def fail_next(self, failure: F, times: int = 1) -> None:
        """Answer the next `times` calls with `failure`."""
        self._failures.extend([failure] * times)

    def transport(self) -> httpx.AsyncBaseTransport:
        """A transport that reaches this fake without a socket (a failure with `connection_error`
        refuses the connection)."""
        return RefusingTransport(self.app, self._refuses_connection)

    @asynccontextmanager
    async def serve(self) -> AsyncIterator[str]:
        """Run the fake on a free local port; yields its base URL."""
        async with serving(self.app) as port:
            yield f"http://127.0.0.1:{port}{self._base_path}"

    def take_failure(self) -> F | None:
        """The failure to serve now, if any is queued; counts the call."""
        self.calls += 1
        return self._failures.popleft() if self._failures else None

    def _refuses_connection(self) -> bool:
        if self._failures and self._failures[0].connection_error:
            self.take_failure()
            return True
        return False
