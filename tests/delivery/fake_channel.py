"""A channel for the delivery layer's tests: incoming events are `{"text": ...}` (or a `"photo"`
that `photos` holds), replies are recorded, and each send may fail with a `SendError` queued
beforehand."""

from __future__ import annotations

from collections import deque
from typing import Any

from starlette.routing import BaseRoute

from delivery.channel import SendError
from handlers.messages import Incoming, Reply


class FakeChannel:
    """Stored events are `{"sender": ..., "id": ..., "text": ...}`; sent bodies are kept in order."""

    name = "fake"
    reminders = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.attempts = 0
        self._failures: deque[SendError] = deque()
        self.photos: dict[str, bytes] = {}

    def fail_next(self, *failures: SendError) -> None:
        self._failures.extend(failures)

    def routes(self) -> list[BaseRoute]:
        return []

    def incoming(self, event: dict[str, Any]) -> Incoming | None:
        return Incoming(self.name, event["sender"], event["id"], event.get("text", ""), photo=event.get("photo"))

    def acknowledgements(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        return []

    def render(self, recipient: str, reply: Reply) -> list[dict[str, Any]]:
        return [{"to": recipient, "text": reply.text}]

    async def photo(self, reference: str) -> bytes | None:
        return self.photos.get(reference)

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        self.attempts += 1
        if self._failures:
            raise self._failures.popleft()
        self.sent.append((recipient, body["text"]))
        return True
